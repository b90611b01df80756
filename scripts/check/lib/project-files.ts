/**
 * The project's own configuration files, checked the way `sf` and `abm setup` will read them:
 *
 * - sfdx-project.json against Salesforce's published schema (@salesforce/schemas, what the CLI and VS Code use), and
 *   the packaging rules a first `sf package version create` would otherwise reveal: no namespace, every package has a
 *   versionName, a `major.minor.patch.NEXT` versionNumber and an existing definitionFile, dependencies name packages of
 *   this project (listed before their dependants) or aliases, aliases look like package (0Ho) or version (04t) Ids;
 * - config/project-scratch-def.json against its schema;
 * - package boundaries: custom metadata records (an org's settings) live only in the settings package directory, with
 *   their type, so an upgrade of the app package can never overwrite an admin's values;
 * - config/scheduled-jobs.json: its shape and cron syntax, and every job's class is a Schedulable class of the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { parseScheduledJobs } from '../../core/setup.js';
import { listFiles, rel, toolRequire, type Finding } from './tools-common.js';
import { pushAll } from '../../core/arrays.js';

/** The package directory that holds the org's settings (custom metadata types and their records). */
export const SETTINGS_DIR = 'force-app-settings';
const SCHEDULED_JOBS = join('config', 'scheduled-jobs.json');

type PackageDir = {
    path: string;
    package?: string;
    versionName?: string;
    versionNumber?: string;
    definitionFile?: string;
    dependencies?: { package: string; versionNumber?: string }[];
};
type Project = {
    packageDirectories?: PackageDir[];
    namespace?: string;
    packageAliases?: Record<string, string>;
    sourceApiVersion?: string;
};

/** Line of a JSON path (`['packageDirectories', 1, 'versionNumber']`) in `text`: the value's line, else its parent's. */
export function jsonLine(text: string, path: (string | number)[]): number {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter });
    for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
}

type Validator = ((data: unknown) => boolean) & {
    errors?: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null;
};

function validators(): { project: Validator; packageDir: Validator; scratch: Validator } {
    const require = toolRequire();
    const Ajv = require('ajv') as new (options: object) => {
        compile(schema: object): Validator;
        getSchema(ref: string): Validator | undefined;
    };
    const ajv = new Ajv({ allErrors: true, strict: false });
    const projectSchema = require('@salesforce/schemas/sfdx-project.schema.json') as { $id: string };
    const project = ajv.compile(projectSchema);
    const packageDir = ajv.getSchema(`${projectSchema.$id}#/definitions/PackagePackageDir`);
    if (!packageDir) throw new Error('@salesforce/schemas has no PackagePackageDir definition: has the schema changed?');
    const scratch = ajv.compile(require('@salesforce/schemas/project-scratch-def.schema.json') as object);
    return { project, packageDir, scratch };
}

/** Schema errors as findings; a failing packageDirectories entry is re-checked against the packaging definition for precise messages. */
function schemaFindings(file: string, text: string, data: unknown, validate: Validator, packageDir?: Validator): Finding[] {
    if (validate(data)) return [];
    const findings: Finding[] = [];
    const seenDirs = new Set<number>();
    for (const e of validate.errors ?? []) {
        const path = e.instancePath
            .split('/')
            .slice(1)
            .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
        const dirIndex = path[0] === 'packageDirectories' && typeof path[1] === 'number' ? path[1] : undefined;
        const entry = dirIndex === undefined ? undefined : (data as Project).packageDirectories?.[dirIndex];
        if (packageDir && dirIndex !== undefined && entry && 'package' in entry) {
            if (seenDirs.has(dirIndex)) continue;
            seenDirs.add(dirIndex);
            if (!packageDir(entry)) {
                for (const inner of packageDir.errors ?? []) {
                    const sub = inner.instancePath.split('/').slice(1);
                    const extra = inner.params.additionalProperty as string | undefined;
                    const at = ['packageDirectories', dirIndex, ...sub, ...(extra ? [extra] : [])];
                    findings.push({
                        file,
                        line: jsonLine(text, at),
                        message: `${at.join('.')}: ${inner.message ?? 'invalid'}${extra ? ` ("${extra}")` : ''}`
                    });
                }
            }
            continue;
        }
        const extra = e.params.additionalProperty as string | undefined;
        const at = [...path, ...(extra ? [extra] : [])];
        findings.push({
            file,
            line: jsonLine(text, at),
            message: `${at.join('.') || '(root)'}: ${e.message ?? 'invalid'}${extra ? ` ("${extra}")` : ''}`
        });
    }
    return findings;
}

export function checkProjectFiles(projectDir: string): { findings: Finding[]; checked: string[] } {
    const findings: Finding[] = [];
    const checked: string[] = [];
    const { project: validateProject, packageDir, scratch } = validators();

    // sfdx-project.json
    const projectFile = 'sfdx-project.json';
    const projectText = readFileSync(join(projectDir, projectFile), 'utf8');
    let project: Project;
    try {
        project = JSON.parse(projectText) as Project;
    } catch (error) {
        return {
            findings: [{ file: projectFile, line: 1, message: `not valid JSON: ${(error as Error).message}` }],
            checked: [projectFile]
        };
    }
    checked.push(projectFile);
    pushAll(findings, schemaFindings(projectFile, projectText, project, validateProject, packageDir));
    const at = (path: (string | number)[], message: string) =>
        findings.push({ file: projectFile, line: jsonLine(projectText, path), message });
    if (project.namespace)
        at(['namespace'], `namespace "${project.namespace}": this project ships unlocked packages without a namespace (STYLE.md §2)`);
    const dirs = project.packageDirectories ?? [];
    const names = dirs.map((d) => d.package).filter((n): n is string => Boolean(n));
    dirs.forEach((dir, i) => {
        const base = ['packageDirectories', i];
        if (!existsSync(join(projectDir, dir.path))) at([...base, 'path'], `path "${dir.path}" does not exist`);
        if (!dir.package) return;
        if (!dir.versionName) at(base, `package "${dir.package}" has no versionName`);
        if (!/^\d+\.\d+\.\d+\.NEXT$/.test(dir.versionNumber ?? ''))
            at(
                [...base, 'versionNumber'],
                `package "${dir.package}": versionNumber "${dir.versionNumber ?? ''}" must be major.minor.patch.NEXT`
            );
        if (!dir.definitionFile) at(base, `package "${dir.package}" has no definitionFile (the scratch org shape its version is built in)`);
        else if (!existsSync(join(projectDir, dir.definitionFile)))
            at([...base, 'definitionFile'], `definitionFile "${dir.definitionFile}" does not exist`);
        (dir.dependencies ?? []).forEach((dep, j) => {
            const where = [...base, 'dependencies', j, 'package'];
            const own = names.indexOf(dep.package);
            if (own === -1 && !project.packageAliases?.[dep.package])
                at(where, `dependency "${dep.package}" is neither a package of this project nor an alias`);
            else if (own !== -1 && dirs.findIndex((d) => d.package === dep.package) > i)
                at(
                    where,
                    `dependency "${dep.package}" is listed after "${dir.package}": list it first (deploys and version creates follow this order)`
                );
            if (own !== -1 && !/^\d+\.\d+\.\d+\.(LATEST|\d+)$/.test(dep.versionNumber ?? ''))
                at(
                    [...base, 'dependencies', j, 'versionNumber'],
                    `dependency "${dep.package}": versionNumber "${dep.versionNumber ?? ''}" must be major.minor.patch.LATEST or a build number`
                );
        });
    });
    for (const [alias, id] of Object.entries(project.packageAliases ?? {})) {
        if (!/^(0Ho|04t)[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$/.test(id))
            at(['packageAliases', alias], `alias "${alias}": "${id}" is not a package (0Ho…) or package version (04t…) Id`);
    }

    // config/project-scratch-def.json (and any other definitionFile)
    for (const file of new Set(
        dirs.map((d) => d.definitionFile).filter((f): f is string => Boolean(f) && existsSync(join(projectDir, f!)))
    )) {
        const text = readFileSync(join(projectDir, file), 'utf8');
        checked.push(file);
        pushAll(findings, schemaFindings(file, text, JSON.parse(text), scratch));
    }

    // Package boundaries: custom metadata records and their types live in the settings directory only.
    for (const dir of dirs) {
        const root = join(projectDir, dir.path);
        const settingsFiles = listFiles(root, (n) => n.endsWith('-meta.xml')).filter(
            (f) => f.endsWith('.md-meta.xml') || /[\\/]objects[\\/][^\\/]+__mdt[\\/]/.test(f)
        );
        for (const file of settingsFiles) {
            const path = rel(projectDir, file);
            if (dir.path === SETTINGS_DIR) {
                if (file.endsWith('.md-meta.xml')) {
                    const type = `${basename(file).split('.')[0]}__mdt`;
                    const typeFile = join(root, 'main', 'default', 'objects', type, `${type}.object-meta.xml`);
                    if (!existsSync(typeFile))
                        findings.push({
                            file: path,
                            line: 1,
                            message: `its type ${type} is not in ${SETTINGS_DIR}: a record must travel with its type`
                        });
                }
                continue;
            }
            findings.push({
                file: path,
                line: 1,
                message: `custom metadata belongs in ${SETTINGS_DIR}: in ${dir.path} (package "${dir.package ?? 'none'}") an upgrade would overwrite the values an admin set`
            });
        }
    }

    // config/scheduled-jobs.json
    const jobsPath = join(projectDir, SCHEDULED_JOBS);
    if (existsSync(jobsPath)) {
        const file = SCHEDULED_JOBS.split('\\').join('/');
        const text = readFileSync(jobsPath, 'utf8');
        checked.push(file);
        try {
            const jobs = parseScheduledJobs(JSON.parse(text), file);
            const classes = new Map<string, string>();
            for (const dir of dirs)
                for (const cls of listFiles(join(projectDir, dir.path), (n) => n.endsWith('.cls')))
                    classes.set(basename(cls, '.cls').toLowerCase(), cls);
            jobs.forEach((job, i) => {
                const source = classes.get(job.class.toLowerCase());
                const line = jsonLine(text, [i, 'class']);
                if (!source)
                    findings.push({ file, line, message: `job "${job.name}": class ${job.class} is not in the package directories` });
                else {
                    const code = readFileSync(source, 'utf8')
                        .replace(/\/\*[\s\S]*?\*\//g, '')
                        .replace(/\/\/.*$/gm, '');
                    if (!new RegExp(`\\bclass\\s+${job.class}\\b[^{]*\\bimplements\\b[^{]*\\bSchedulable\\b`, 'i').test(code))
                        findings.push({ file, line, message: `job "${job.name}": class ${job.class} does not implement Schedulable` });
                }
            });
        } catch (error) {
            for (const problem of (error as Error).message.split('\n')) {
                const m = /job (\d+)(?: field "([^"]+)")?/.exec(problem);
                findings.push({
                    file,
                    line: m ? jsonLine(text, [Number(m[1]), ...(m[2] ? [m[2]] : [])]) : 1,
                    message: problem.replace(`${file}: `, '')
                });
            }
        }
    }
    return { findings, checked };
}
