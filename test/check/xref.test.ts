/**
 * The cross-reference checker bites: the good fixture project is clean, and each dangling reference planted in
 * test/fixtures/metadata/xref-broken (an overlay of broken copies over the good project) is reported at its file and line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInventory, XrefChecker, type XrefFinding } from '../../scripts/check/lib/xref';
import { lineOf } from './line-of';
import { xrefCli } from '../../scripts/check/xref';
import { inFolder } from './run-check';

const ROOT = join(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'metadata');
const STANDARD = readFileSync(join(ROOT, 'config', 'standard-fields.txt'), 'utf8');
const SRC = join('force-app', 'main', 'default');

function xref(project: string, standard = STANDARD): XrefFinding[] {
    return new XrefChecker(buildInventory([join(project, 'force-app')], standard, 'standard-fields.txt', project)).run();
}

/** A temp copy of the good project, optionally with the broken overlay on top. */
function project(overlay: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-xref-'));
    cpSync(join(FIX, 'good'), dir, { recursive: true });
    if (overlay) cpSync(join(FIX, 'xref-broken'), dir, { recursive: true });
    return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('xref on the good project', () => {
    it('finds no dangling reference', () => {
        const dir = project(false);
        dirs.push(dir);
        expect(xref(dir)).toEqual([]);
    });
});

describe('xref on the broken overlay', () => {
    const dir = project(true);
    dirs.push(dir);
    const findings = xref(dir);
    const expectAt = (rel: string, needle: string, message: RegExp): void => {
        const file = join(SRC, rel);
        const line = lineOf(join(dir, file), needle);
        const hit = findings.find((f) => f.file === file && f.line === line && message.test(f.message));
        if (hit === undefined)
            throw new Error(
                `no ${String(message)} at ${file}:${line}; got:\n${findings.map((f) => `${f.file}:${f.line}: ${f.message}`).join('\n')}`
            );
    };

    it('flow: dangling record-update field, connector and $Permission', () => {
        const flow = 'flows/ABM_Account_AfterSave_Notify.flow-meta.xml';
        expectAt(
            flow,
            'ABM_HealthScor__c',
            /^flow recordUpdates Update_Account inputAssignments: field Account.ABM_HealthScor__c does not exist \(did you mean 'ABM_HealthScore__c'\?\)$/
        );
        expectAt(flow, 'Update_Acount', /^flow connector targets Update_Acount, which is not an element of this flow/);
        expectAt(flow, 'ABM_BypassAutomaton', /custom permission ABM_BypassAutomaton does not exist/);
    });

    it('permission set: dangling field, editable formula field, missing class', () => {
        const ps = 'permissionsets/ABM_Seller.permissionset-meta.xml';
        expectAt(
            ps,
            'Account.ABM_Teir__c',
            /^fieldPermissions: field Account.ABM_Teir__c does not exist \(did you mean 'ABM_Tier__c'\?\)$/
        );
        const text = readFileSync(join(dir, SRC, ps), 'utf8');
        const editable = text.lastIndexOf('<editable>true</editable>', text.indexOf('Account.ABM_HealthBand__c'));
        const line = text.slice(0, editable).split('\n').length;
        expect(findings).toContainEqual({
            file: join(SRC, ps),
            line,
            message: 'fieldPermissions Account.ABM_HealthBand__c: formula field cannot be editable'
        });
        expectAt(ps, 'AbmHealthControler', /^classAccesses: Apex class AbmHealthControler does not exist$/);
    });

    it('LWC: dangling schema import and a method that is not @AuraEnabled static', () => {
        const js = 'lwc/abmHealthScorecard/abmHealthScorecard.js';
        expectAt(js, 'ABM_HealthScre__c', /field Account.ABM_HealthScre__c does not exist/);
        expectAt(
            js,
            "AbmHealthController.getScore'",
            /AbmHealthController.getScore is not an @AuraEnabled static method \(did you mean 'getScores'\?\)/
        );
    });

    it('Apex: inline SOQL on a missing field', () => {
        expectAt('classes/AbmHealthController.cls', 'ABM_Teir__c', /^SOQL: field Account.ABM_Teir__c does not exist/);
    });

    it('validation rule: formula token that does not exist', () => {
        expectAt(
            'objects/Account/validationRules/ABM_ScoreRange.validationRule-meta.xml',
            'ABM_HealthScor__c',
            /^validation rule ABM_ScoreRange: field Account.ABM_HealthScor__c does not exist/
        );
    });

    it('FlexiPage: LWC not exposed for the page target', () => {
        const fp = 'flexipages/ABM_Account_Record_Page.flexipage-meta.xml';
        expectAt(fp, '<componentName>abmScoreRow', /LWC abmScoreRow is not exposed/);
        expectAt(fp, '<componentName>abmScoreRow', /LWC abmScoreRow does not list target lightning__RecordPage \(needed on a RecordPage\)/);
    });

    it('reports the planted mistakes and nothing else', () => {
        expect(findings).toHaveLength(12);
    });
});

describe('xref standard objects and the CLI', () => {
    it('Apex: SObjectType.X.fields.getMap() is the field map, not a field; SObjectType.X.fields.Typo__c still bites', () => {
        const dir = project(false);
        dirs.push(dir);
        const cls = join(dir, SRC, 'classes', 'AbmFieldMapProbe.cls');
        writeFileSync(
            cls,
            'public with sharing class AbmFieldMapProbe {\n' +
                '    public static Integer count() {\n' +
                '        return Schema.SObjectType.Account.fields.getMap().size() + SObjectType.Account.fields.getMap ().size();\n' +
                '    }\n' +
                '    public static Boolean typo() {\n' +
                '        return Schema.SObjectType.Account.fields.ABM_Teir__c.isAccessible();\n' +
                '    }\n' +
                '}\n'
        );
        writeFileSync(`${cls}-meta.xml`, readFileSync(join(dir, SRC, 'classes', 'AbmHealthController.cls-meta.xml'), 'utf8'));
        expect(xref(dir).map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([
            `${join(SRC, 'classes', 'AbmFieldMapProbe.cls')}:6: Apex SObjectType field: field Account.ABM_Teir__c does not exist (did you mean 'ABM_Tier__c'?)`
        ]);
    });

    it('flags unknown standard fields and objects (typos bite), accepts listed ones', () => {
        const dir = project(false);
        dirs.push(dir);
        const js = join(dir, SRC, 'lwc', 'abmHealthScorecard', 'abmHealthScorecard.js');
        writeFileSync(
            js,
            `${readFileSync(js, 'utf8')}import A from '@salesforce/schema/Account.Industy';\nimport B from '@salesforce/schema/Acount.Name';\nimport C from '@salesforce/schema/Account.BillingLatitude';\n`
        );
        const found = xref(dir).map((f) => `${f.line}: ${f.message}`);
        const base = readFileSync(join(FIX, 'good', SRC, 'lwc', 'abmHealthScorecard', 'abmHealthScorecard.js'), 'utf8').split('\n').length;
        expect(found).toEqual([
            `${base}: import @salesforce/schema/Account.Industy: field Account.Industy does not exist (did you mean 'Industry'?)`,
            `${base + 1}: import @salesforce/schema/Acount.Name: object Acount does not exist (did you mean 'Account'?)`
        ]);
        // With an org's own describe list that lacks Account.BillingLatitude, that import is flagged too.
        const orgList = 'Account.Id\nAccount.Name\nAccount.OwnerId -> User\nUser.Name\nUser.LastName\n';
        expect(xref(dir, orgList).some((f) => f.message.includes('Account.BillingLatitude does not exist'))).toBe(true);
    });

    it('rejects a malformed standard list line', () => {
        expect(() => buildInventory([], 'Account Name\n', 'std.txt')).toThrow(/std.txt:1: expected "Object.Field"/);
    });

    it('CLI: file:line output, exit 1 on findings, 0 when clean', async () => {
        const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
        const broken = project(true);
        const good = project(false);
        dirs.push(broken, good);
        const run = (cwd: string) =>
            spawnSync(tsx, [join(ROOT, 'scripts', 'check', 'xref.ts'), '--standard', join(ROOT, 'config', 'standard-fields.txt')], {
                cwd,
                encoding: 'utf8'
            });
        const bad = run(broken);
        expect(bad.status).toBe(1);
        expect(bad.stdout).toContain(
            `${join(SRC, 'classes', 'AbmHealthController.cls')}:15: SOQL: field Account.ABM_Teir__c does not exist`
        );
        expect(bad.stdout).toMatch(/: 12 dangling references\n$/);
        // The clean project in-process (test/check/run-check.ts), the findings above as the real process.
        const ok = await inFolder(good, (io) => Promise.resolve(xrefCli(['--standard', join(ROOT, 'config', 'standard-fields.txt')], io)));
        expect(ok.status).toBe(0);
        expect(existsSync(join(good, 'sfdx-project.json'))).toBe(true);
    });
});
