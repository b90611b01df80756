/**
 * `sf project convert source` plus the checks convert misses (shared TOOLCHAIN-NOTES §1): convert silently drops a
 * `.cls`/`.trigger` without its `-meta.xml` and a flow named `X.flow.xml`, so this module
 *   1. runs the real CLI from node_modules with HOME in a temp dir (sf writes ~/.sf logs) and no update check,
 *   2. checks its exit code and JSON result,
 *   3. reports every .cls/.trigger without its meta file, every `*.xml` that is not a source-format `*-meta.xml` name,
 *   4. reports every component found in the package directories that is missing from the generated package.xml.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { ForceIgnore } from '@salesforce/source-deploy-retrieve';
import { expectedType } from './suffixes.js';
import { lineOf, listFiles, rel, toolRoot, type Finding } from './tools-common.js';

/** Folders whose non-meta files belong to a bundle (LWC, Aura, static resource) and are not components of their own. */
const BUNDLE_FOLDERS = new Set(['lwc', 'aura', 'staticresources', 'waveTemplates', 'experiences', 'digitalExperiences']);

/** Metadata types whose members are `Folder/Name`. */
const IN_FOLDERS = new Set(['Report', 'Dashboard', 'EmailTemplate', 'Document']);

/** Folder types: package.xml lists a folder as a `<Folder>/`-style member of its content type (e.g. Report `ABM_Reports`). */
const FOLDER_CONTENT: Record<string, string> = {
    ReportFolder: 'Report',
    DashboardFolder: 'Dashboard',
    EmailFolder: 'EmailTemplate',
    EmailTemplateFolder: 'EmailTemplate',
    DocumentFolder: 'Document'
};

export type ConvertRun = { ok: boolean; status: number | null; message?: string; packageXml?: string; outDir: string; seconds: number };

/** Environment for a quiet, side-effect-free sf run (no update check, no telemetry, HOME in a temp dir). */
export function sfEnv(home: string): NodeJS.ProcessEnv {
    return {
        ...process.env,
        HOME: home,
        USERPROFILE: home,
        SF_SKIP_NEW_VERSION_CHECK: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_AUTOUPDATE_DISABLE: 'true',
        SF_DISABLE_AUTOUPDATE: 'true',
        SFDX_DISABLE_AUTOUPDATE: 'true',
        SF_DISABLE_LOG_FILE: 'true',
        SF_USE_PROGRESS_BAR: 'false',
        NO_COLOR: '1',
        FORCE_COLOR: '0'
    };
}

/** The project's own `sf` (node_modules/.bin/sf), run with the current node. */
function sfBin(): string {
    return join(toolRoot(), 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');
}

/** Run `sf project convert source --root-dir <rootDir> --output-dir <tmp>/out --json` in `projectDir`. */
export function runConvert(projectDir: string, rootDir: string): ConvertRun {
    const tmp = mkdtempSync(join(tmpdir(), 'abm-convert-'));
    const home = join(tmp, 'home');
    const outDir = join(tmp, 'out');
    const start = performance.now();
    const r = spawnSync(
        process.execPath,
        [sfBin(), 'project', 'convert', 'source', '--root-dir', rootDir, '--output-dir', outDir, '--json'],
        {
            cwd: projectDir,
            env: sfEnv(home),
            encoding: 'utf8',
            timeout: 180_000
        }
    );
    const seconds = (performance.now() - start) / 1000;
    if (r.error !== undefined) return { ok: false, status: null, message: `could not start sf: ${r.error.message}`, outDir, seconds };
    let json: { status?: number; name?: string; message?: string; result?: { location?: string } } | undefined;
    try {
        json = JSON.parse(r.stdout) as typeof json;
    } catch {
        json = undefined;
    }
    if (r.status !== 0 || json?.status !== 0) {
        const message =
            json?.message !== undefined
                ? `${json.name ?? 'Error'}: ${json.message}`
                : `${r.stdout}${r.stderr}`.trim() || `exit ${r.status}`;
        return { ok: false, status: r.status, message, outDir, seconds };
    }
    const pkg = join(json.result?.location ?? outDir, 'package.xml');
    if (!existsSync(pkg)) return { ok: false, status: r.status, message: `sf reported success but wrote no ${pkg}`, outDir, seconds };
    return { ok: true, status: 0, packageXml: readFileSync(pkg, 'utf8'), outDir, seconds };
}

export function cleanupConvert(run: ConvertRun): void {
    rmSync(dirname(run.outDir), { recursive: true, force: true });
}

/** package.xml → type name → members. */
export function parsePackageXml(xml: string): Map<string, Set<string>> {
    const types = new Map<string, Set<string>>();
    for (const block of xml.matchAll(/<types>([\s\S]*?)<\/types>/g)) {
        const body = block[1] ?? '';
        const name = /<name>([^<]*)<\/name>/.exec(body)?.[1]?.trim();
        if (name === undefined) continue;
        const members = types.get(name) ?? new Set<string>();
        for (const m of body.matchAll(/<members>([^<]*)<\/members>/g)) members.add((m[1] ?? '').trim());
        types.set(name, members);
    }
    return types;
}

type Expected = { file: string; line: number; type: string; name: string };

/** The components the source files under `root` define, as (type, member name), plus misnamed-file findings. */
export function expectedComponents(root: string, base: string): { expected: Expected[]; findings: Finding[] } {
    const ignore = ForceIgnore.findAndCreate(root);
    const expected: Expected[] = [];
    const findings: Finding[] = [];
    const files = listFiles(root, () => true).filter((f) => ignore.accepts(f));
    const present = new Set(files);
    for (const file of files) {
        const name = basename(file);
        const shown = rel(base, file);
        const parts = file.split(sep);
        const inBundle = parts.slice(0, -1).some((p) => BUNDLE_FOLDERS.has(p));

        if (name.endsWith('.cls') || name.endsWith('.trigger')) {
            if (!present.has(`${file}-meta.xml`)) {
                findings.push({
                    file: shown,
                    line: 1,
                    message: `${name} has no ${name}-meta.xml: sf project convert/deploy silently leaves the ${name.endsWith('.cls') ? 'class' : 'trigger'} out`
                });
            }
            continue;
        }
        if (!name.endsWith('.xml')) continue;
        if (!name.endsWith('-meta.xml')) {
            if (inBundle) continue;
            const fixed = name.replace(/\.xml$/, '-meta.xml');
            findings.push({
                file: shown,
                line: 1,
                message: `${name} is not a source-format file name (expected ${fixed}): sf project convert/deploy silently leaves it out`
            });
            continue;
        }
        const type = expectedType(file, root);
        if (type === undefined) continue; // validate reports unknown suffixes
        if (type === 'CustomLabels') {
            const text = readFileSync(file, 'utf8');
            for (const m of text.matchAll(/<labels>\s*<fullName>([^<]*)<\/fullName>/g)) {
                expected.push({ file: shown, line: lineOf(text, m[0]) ?? 1, type: 'CustomLabel', name: (m[1] ?? '').trim() });
            }
            continue;
        }
        let member: string;
        if (type === 'LightningComponentBundle' || type === 'AuraDefinitionBundle') {
            member = parts[parts.length - 2] ?? name;
        } else {
            member = name.replace(/\.[A-Za-z0-9]+-meta\.xml$/, '');
            const parent = parts[parts.length - 2] ?? '';
            const object = parts[parts.length - 3] ?? '';
            if (parts[parts.length - 4] === 'objects' && parent !== object) member = `${object}.${member}`;
            else if (IN_FOLDERS.has(type)) member = `${parent}/${member}`;
        }
        const content = FOLDER_CONTENT[type];
        if (content) expected.push({ file: shown, line: 1, type: content, name: `${member}/` });
        else expected.push({ file: shown, line: 1, type, name: member });
    }
    return { expected, findings };
}

/** Components expected from the source but absent from the generated package.xml. */
export function missingFromPackage(expected: Expected[], pkg: Map<string, Set<string>>): Finding[] {
    const findings: Finding[] = [];
    for (const e of expected) {
        const members = pkg.get(e.type);
        if (members?.has(e.name) === true || members?.has('*') === true) continue;
        findings.push({
            file: e.file,
            line: e.line,
            message: `${e.type} ${e.name} is missing from the package.xml that sf project convert generated`
        });
    }
    return findings;
}
