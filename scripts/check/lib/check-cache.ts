/**
 * The result cache of `npm test` (scripts/check/run-all.ts) for the checks of the package directories (Code Analyzer,
 * ApexLink, sf convert, the Apex parser, Flow Scanner, names, cross-references, formulas, text, formatting, platform
 * rules), of the project files, the CLI's flags (scripts/cli) and the GitHub Actions files; not `validate`, whose --wsdl
 * file lies outside the project, nor doc-links (docs/): a check that passed is not run again while none of its inputs
 * changed, and its line says `cached (…)`. The key is a SHA-256 over
 *   - the check's name and command line, and the Node version;
 *   - the content and path of every file of the project's package directories (sfdx-project.json), of config/, of
 *     .github/ and templates/ (the workflows check's files) and of the project's root files (sfdx-project.json, .forceignore, code-analyzer.yml, .flow-scanner.json, package-lock.json, …);
 *   - the content of every file under scripts/ of the repository that runs them: the checks' own code and what it imports
 *     (scripts/org, scripts/core, scripts/cli/shared …), so a change there re-runs them.
 * The tools themselves are in node_modules: the cache folder is named after package-lock.json (run-all's cacheDir), and
 * `npm ci` empties node_modules, so a clean CI run checks everything. Only a PASS is kept: a failing or skipped check
 * always runs again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageDirectories } from '../../org/project.js';

/** Folders never part of a check's inputs. */
const SKIP = new Set(['node_modules', '.git', '.sf', '.sfdx', '.localdevserver', 'coverage', 'out', 'lib', 'test-results']);

function filesUnder(dir: string): string[] {
    if (!existsSync(dir)) return [];
    if (statSync(dir).isFile()) return [dir];
    return readdirSync(dir, { withFileTypes: true })
        .filter((e) => !SKIP.has(e.name))
        .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** The files a cached check's result depends on: see the module comment. */
export function checkInputs(projectDir: string, repo: string): string[] {
    const rootFiles = readdirSync(projectDir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(projectDir, e.name));
    const dirs = [
        ...packageDirectories(projectDir),
        ...['config', '.github', 'templates'].map((dir) => join(projectDir, dir)),
        join(repo, 'scripts')
    ];
    return [...new Set([...rootFiles, ...dirs.flatMap(filesUnder)])].sort();
}

/** One digest of the content and paths of `checkInputs` (computed once per `npm test`, before any check runs). */
export function inputsDigest(projectDir: string, repo: string): string {
    const hash = createHash('sha256');
    for (const file of checkInputs(projectDir, repo)) {
        hash.update(`\0${relative(projectDir, file)}\0`);
        hash.update(readFileSync(file));
    }
    return hash.digest('hex');
}

/** The cache key of one check: its name, command line and the Node version, over the inputs' digest. */
export function checkKey(name: string, cmd: readonly string[], digest: string): string {
    return createHash('sha256')
        .update(JSON.stringify([name, cmd, process.version, digest]))
        .digest('hex');
}

type Entry = { key: string; line: string; at: string };

/** Where the last PASS of `name` run in `projectDir` is kept. */
function entryFile(cacheDir: string, name: string, projectDir: string): string {
    return join(cacheDir, 'results', `${name}-${createHash('sha256').update(projectDir).digest('hex').slice(0, 12)}.json`);
}

/** The summary line of the last PASS under this key, with when it ran; undefined when the inputs changed since. */
export function cachedPass(cacheDir: string, name: string, projectDir: string, key: string): Entry | undefined {
    const file = entryFile(cacheDir, name, projectDir);
    if (!existsSync(file)) return undefined;
    try {
        const entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
        return entry.key === key ? entry : undefined;
    } catch {
        return undefined;
    }
}

export function rememberPass(cacheDir: string, name: string, projectDir: string, key: string, line: string): void {
    const file = entryFile(cacheDir, name, projectDir);
    mkdirSync(join(cacheDir, 'results'), { recursive: true });
    writeFileSync(file, JSON.stringify({ key, line, at: new Date().toISOString() } satisfies Entry));
}
