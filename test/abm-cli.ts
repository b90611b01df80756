/**
 * The `abm` CLI as the end-to-end tests run it, two ways with one result shape (`{ code, stdout, stderr }`):
 *
 * - `abmProcess`: a child process, `node lib/cli/abm.js …`, the compiled CLI (what `npm run build` makes and a user
 *   runs). test/global-setup.js rebuilds lib/ before a Jest run when scripts/ is newer (test/lib-build.js). For what is
 *   about the process boundary: exit codes as the shell sees them, stdout and stderr as separate pipes, signals.
 * - `abmInProcess`: the same dispatcher (scripts/cli/dispatch.ts `runAbm`, the body of lib/cli/abm.js) in the test's own
 *   process. A child process loads Node, @salesforce/core and jsforce afresh for every command (about 1–2 s of CPU
 *   each); in-process they load once per test file. What a process would give each command, the runner gives each
 *   call: its own stdout and stderr (captured), the exit code (`process.exitCode`, reset after), the env (`env`: the
 *   process env is replaced for the call, HOME included: `os.homedir()` follows it, which is where @salesforce/core keeps
 *   its auth files), the working folder, no terminal on stderr, fresh @salesforce/core state (its aliases, config and
 *   project caches are dropped after each call), and no signal handler left behind. Calls run one at a time.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { runAbm } from '../scripts/cli/dispatch';
import './error-realm';

export const ROOT = join(__dirname, '..');
export const ABM_JS = join(ROOT, 'lib', 'cli', 'abm.js');

/** argv for `process.execPath`: `[ABM_JS, ...args]`. */
export const abmArgv = (args: string[]): string[] => [ABM_JS, ...args];

export type CliResult = { code: number; stdout: string; stderr: string };
export type CliOptions = {
    /** The environment of the command (default: this process's). */
    env?: NodeJS.ProcessEnv;
    /** The working folder (default: the repository root). */
    cwd?: string;
};

/** Run the compiled `abm` CLI as a child process. */
export function abmProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            abmArgv(args),
            { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
            (error, stdout, stderr) => {
                const code = error ? (error as { code?: unknown }).code : 0;
                resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
            }
        );
    });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
let queue: Promise<unknown> = Promise.resolve();

/** Run one `abm` command line in this process, isolated as a child process would be (see the file comment). */
export async function abmInProcess(args: string[], options: CliOptions = {}): Promise<CliResult> {
    const { code, stdout, stderr } = await inProcess(options, () => runAbm(args));
    return { code, stdout, stderr };
}

/**
 * Run `fn` in this process as a child process with `options` would run: with that env (HOME included, for
 * `os.homedir()`) and working folder, its stdout and stderr captured (no terminal), the exit code it sets returned and
 * reset; afterwards this process's env, folder, streams and signal handlers are put back and @salesforce/core's caches
 * of that HOME and project dropped. One call at a time (they share the process). Used for a command
 * (`abmInProcess`) and for storing an sf auth in a temp HOME (test/sfdouble/harness.ts).
 */
export function inProcess<T>(options: CliOptions, fn: () => Promise<T>): Promise<CliResult & { value: T }> {
    const next = queue.then(() => isolated(options, fn));
    queue = next.catch(() => undefined);
    return next;
}

async function isolated<T>(options: CliOptions, fn: () => Promise<T>): Promise<CliResult & { value: T }> {
    const env = { ...(options.env ?? process.env) };
    const saved = {
        env: { ...process.env },
        cwd: process.cwd(),
        homedir: os.homedir,
        exitCode: process.exitCode,
        stdoutWrite: process.stdout.write,
        stderrWrite: process.stderr.write,
        stderrTTY: Object.getOwnPropertyDescriptor(process.stderr, 'isTTY'),
        stdoutTTY: Object.getOwnPropertyDescriptor(process.stdout, 'isTTY'),
        listeners: new Map(SIGNALS.map((s) => [s, process.listeners(s)]))
    };
    const out = { stdout: '', stderr: '' };
    const capture = (key: 'stdout' | 'stderr') =>
        function write(chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean {
            out[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
            const done = typeof encoding === 'function' ? encoding : callback;
            if (typeof done === 'function') process.nextTick(done as () => void);
            return true;
        } as typeof process.stdout.write;
    replaceEnv(env);
    // os.homedir() reads the real environment (libuv), which Jest's sandboxed process.env does not reach.
    os.homedir = () => env.HOME ?? saved.homedir();
    process.chdir(options.cwd ?? ROOT);
    process.exitCode = undefined;
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true, writable: true });
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true, writable: true });
    try {
        const value = await fn();
        return { value, code: Number(process.exitCode ?? 0), ...out };
    } finally {
        process.stdout.write = saved.stdoutWrite;
        process.stderr.write = saved.stderrWrite;
        restoreProperty(process.stdout, 'isTTY', saved.stdoutTTY);
        restoreProperty(process.stderr, 'isTTY', saved.stderrTTY);
        for (const signal of SIGNALS)
            for (const listener of process.listeners(signal))
                if (!saved.listeners.get(signal)!.includes(listener)) process.removeListener(signal, listener);
        process.exitCode = saved.exitCode;
        await resetSalesforceCore();
        process.chdir(saved.cwd);
        os.homedir = saved.homedir;
        replaceEnv(saved.env);
    }
}

/** Make process.env exactly `env` (in place: modules hold the object). */
function replaceEnv(env: NodeJS.ProcessEnv): void {
    for (const key of Object.keys(process.env)) if (!(key in env)) Reflect.deleteProperty(process.env, key);
    for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
}

function restoreProperty(target: object, key: string, descriptor: PropertyDescriptor | undefined): void {
    if (descriptor) Object.defineProperty(target, key, descriptor);
    else Reflect.deleteProperty(target, key);
}

/**
 * Forget what @salesforce/core cached about the command's HOME and project (aliases and auth files, config, the project),
 * as a new process would; called while the command's HOME and working folder are still in place. Only when a command
 * loaded it (Jest's `require.cache` is its module registry): a test file that never talks to an org never pays for it.
 */
async function resetSalesforceCore(): Promise<void> {
    if (!(require.resolve('@salesforce/core') in require.cache)) return;
    const core = await import('@salesforce/core');
    await core.StateAggregator.clearInstanceAsync();
    await core.ConfigAggregator.clearInstance();
    core.SfProject.clearInstances();
}
