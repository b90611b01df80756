/**
 * The project-files check: the real files pass; each kind of mistake planted into a copy is caught with its file and line.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProjectFiles, jsonLine } from '../../scripts/check/lib/project-files';

const ROOT = join(__dirname, '..', '..');

/** A copy of the project's configuration and the two package directories' relevant parts. */
function copyProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-project-files-'));
    cpSync(join(ROOT, 'sfdx-project.json'), join(dir, 'sfdx-project.json'));
    cpSync(join(ROOT, 'config'), join(dir, 'config'), { recursive: true });
    cpSync(join(ROOT, 'force-app-settings'), join(dir, 'force-app-settings'), { recursive: true });
    mkdirSync(join(dir, 'force-app', 'main', 'default', 'classes'), { recursive: true });
    // Every class a scheduled job names (the jobs file is checked against the package directories).
    const jobs = JSON.parse(readFileSync(join(ROOT, 'config', 'scheduled-jobs.json'), 'utf8')) as { class: string }[];
    for (const job of jobs)
        cpSync(
            join(ROOT, 'force-app', 'main', 'default', 'classes', `${job.class}.cls`),
            join(dir, 'force-app', 'main', 'default', 'classes', `${job.class}.cls`)
        );
    return dir;
}

function edit(dir: string, file: string, change: (json: Record<string, unknown>) => void): void {
    const path = join(dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    change(json);
    writeFileSync(path, `${JSON.stringify(json, null, 4)}\n`);
}

type Dir = {
    path: string;
    package?: string;
    versionNumber?: string;
    dependencies?: { package: string; versionNumber?: string }[];
    [k: string]: unknown;
};
const dirs = (json: Record<string, unknown>) => json.packageDirectories as Dir[];

it('passes on the project as it is', () => {
    const { findings, checked } = checkProjectFiles(ROOT);
    expect(findings).toEqual([]);
    expect(checked).toEqual(['sfdx-project.json', 'config/project-scratch-def.json', 'config/scheduled-jobs.json']);
});

it('catches schema violations with the property and its line', () => {
    const dir = copyProject();
    edit(dir, 'sfdx-project.json', (json) => {
        dirs(json)[1]!.versionNumbr = '1.0.0.NEXT';
        json.packageAliases = { 'ABM RevOps': 42 };
    });
    const { findings } = checkProjectFiles(dir);
    const text = readFileSync(join(dir, 'sfdx-project.json'), 'utf8');
    expect(findings).toContainEqual({
        file: 'sfdx-project.json',
        line: jsonLine(text, ['packageDirectories', 1, 'versionNumbr']),
        message: 'packageDirectories.1.versionNumbr: must NOT have additional properties ("versionNumbr")'
    });
    expect(findings.map((f) => f.message)).toContain('packageAliases.ABM RevOps: must be string');
});

it('catches packaging mistakes a first sf package version create would hit', () => {
    const dir = copyProject();
    edit(dir, 'sfdx-project.json', (json) => {
        json.namespace = 'abm';
        dirs(json)[1]!.versionNumber = '0.1.0.1';
        dirs(json)[1]!.definitionFile = 'config/missing.json';
        dirs(json)[1]!.dependencies = [{ package: 'ABM Settngs', versionNumber: '0.1.0.LATEST' }];
        json.packageAliases = { 'ABM RevOps': '0HoFAKE' };
    });
    const messages = checkProjectFiles(dir).findings.map((f) => f.message);
    expect(messages).toEqual(
        expect.arrayContaining([
            expect.stringContaining('namespace "abm"'),
            'package "ABM RevOps": versionNumber "0.1.0.1" must be major.minor.patch.NEXT',
            'definitionFile "config/missing.json" does not exist',
            'dependency "ABM Settngs" is neither a package of this project nor an alias',
            'alias "ABM RevOps": "0HoFAKE" is not a package (0Ho…) or package version (04t…) Id'
        ])
    );
});

it('requires a dependency to be listed before its dependant', () => {
    const dir = copyProject();
    edit(dir, 'sfdx-project.json', (json) => {
        json.packageDirectories = [...dirs(json)].reverse();
        dirs(json)[0]!.default = true;
        dirs(json)[1]!.default = false;
    });
    expect(checkProjectFiles(dir).findings.map((f) => f.message)).toContain(
        'dependency "ABM RevOps Settings" is listed after "ABM RevOps": list it first (deploys and version creates follow this order)'
    );
});

it('keeps custom metadata records out of the app package, and with their type', () => {
    const dir = copyProject();
    const record = readFileSync(join(ROOT, 'force-app-settings', 'main', 'default', 'customMetadata', 'ABM_Setting.Default.md-meta.xml'));
    mkdirSync(join(dir, 'force-app', 'main', 'default', 'customMetadata'), { recursive: true });
    writeFileSync(join(dir, 'force-app', 'main', 'default', 'customMetadata', 'ABM_Setting.Emea.md-meta.xml'), record);
    writeFileSync(join(dir, 'force-app-settings', 'main', 'default', 'customMetadata', 'ABM_Routing.Default.md-meta.xml'), record);
    const field = join(dir, 'force-app', 'main', 'default', 'objects', 'ABM_Setting__mdt', 'fields');
    mkdirSync(field, { recursive: true });
    writeFileSync(join(field, 'NewSetting__c.field-meta.xml'), '<CustomField/>');
    const findings = checkProjectFiles(dir).findings;
    expect(findings.map((f) => f.file)).toContain('force-app/main/default/objects/ABM_Setting__mdt/fields/NewSetting__c.field-meta.xml');
    expect(findings).toContainEqual({
        file: 'force-app/main/default/customMetadata/ABM_Setting.Emea.md-meta.xml',
        line: 1,
        message:
            'custom metadata belongs in force-app-settings: in force-app (package "ABM RevOps") an upgrade would overwrite the values an admin set'
    });
    expect(findings).toContainEqual({
        file: 'force-app-settings/main/default/customMetadata/ABM_Routing.Default.md-meta.xml',
        line: 1,
        message: 'its type ABM_Routing__mdt is not in force-app-settings: a record must travel with its type'
    });
});

it('checks scheduled jobs: shape, cron, and a Schedulable class of the project', () => {
    const dir = copyProject();
    const jobs = JSON.parse(readFileSync(join(dir, 'config', 'scheduled-jobs.json'), 'utf8')) as Record<string, string>[];
    jobs.push({ name: 'Nightly rollup', class: 'AbmTerritoryRollupBatch', cron: '0 0 2 * * ?', description: 'x' });
    jobs.push({ name: 'Not schedulable', class: 'AbmNotSchedulable', cron: '0 0 2 * * ?', description: 'x' });
    writeFileSync(join(dir, 'config', 'scheduled-jobs.json'), JSON.stringify(jobs, null, 4));
    writeFileSync(
        join(dir, 'force-app', 'main', 'default', 'classes', 'AbmNotSchedulable.cls'),
        'public with sharing class AbmNotSchedulable { /* implements Schedulable */ }'
    );
    const text = readFileSync(join(dir, 'config', 'scheduled-jobs.json'), 'utf8');
    const lineOfClass = (name: string) => text.slice(0, text.indexOf(`"class": "${name}"`)).split('\n').length;
    expect(checkProjectFiles(dir).findings).toEqual([
        {
            file: 'config/scheduled-jobs.json',
            line: lineOfClass('AbmTerritoryRollupBatch'),
            message: 'job "Nightly rollup": class AbmTerritoryRollupBatch is not in the package directories'
        },
        {
            file: 'config/scheduled-jobs.json',
            line: lineOfClass('AbmNotSchedulable'),
            message: 'job "Not schedulable": class AbmNotSchedulable does not implement Schedulable'
        }
    ]);
    jobs[1]!.cron = '0 0 2 * * MON';
    writeFileSync(join(dir, 'config', 'scheduled-jobs.json'), JSON.stringify(jobs, null, 4));
    expect(checkProjectFiles(dir).findings).toContainEqual({
        file: 'config/scheduled-jobs.json',
        line: 11,
        message: 'job 1 field "cron": cron exactly one of Day_of_month and Day_of_week must be "?"'
    });
});
