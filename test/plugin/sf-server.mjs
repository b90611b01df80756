// One Node process that runs many `sf …` and `abm …` command lines, each as its own process would: the modules of the
// sf CLI (node_modules/@salesforce/cli), its plugins and the `abm` commands are imported once (Node keeps them); each
// call then does what the bin does after its imports: bin/run.js + dist/cli.js `run()` (a fresh oclif Config of the sf
// CLI, with the plugins linked in HOME, then oclif `execute`), or bin/abm.mjs (`execute({ dir, args: ['abm', …] })`).
// Started by test/plugin/sf-cli.ts with `fork` (IPC), the env of the test's sf HOME, and `--no-deprecation` as the sf
// bin has it.
//
// Per call, what a process would have: the call's env (in place of this process's), `process.argv` of that bin, the
// exit code (process.exitCode, or the code given to process.exit, after which nothing more is printed), stdout and stderr
// captured apart (pipes, no terminal), and afterwards @salesforce/core's per-process state dropped (config, aliases and
// auth, projects, the Lifecycle event bus with the listeners the command added) and the process listeners it added
// removed. A call that prints after it returned is not waited for (the real process would not wait for it either).
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// What node_modules/.bin/sf starts: <sf CLI>/bin/run.js.
const SF_BIN = realpathSync(join(ROOT, 'node_modules', '.bin', 'sf'));
const SF_ROOT = dirname(dirname(SF_BIN));
const ABM_BIN = join(ROOT, 'bin', 'abm.mjs');
const fromSf = createRequire(join(SF_ROOT, 'dist', 'cli.js'));
const importFromSf = (id) => import(pathToFileURL(fromSf.resolve(id)).href);

// What the sf bin (bin/run.js) does before it loads the CLI.
const { preprocessCliFlags } = await import(pathToFileURL(join(SF_ROOT, 'dist', 'flags.js')).href);
process.setMaxListeners(parseInt(process.env.SF_MAX_EVENT_LISTENERS ?? '', 10) || 1000);
process.setMaxListeners = () => {};
const { configureAutoUpdate } = await import(pathToFileURL(join(SF_ROOT, 'dist', 'cli.js')).href);
const { default: NodeEnv } = await import(pathToFileURL(join(SF_ROOT, 'dist', 'util', 'env.js')).href);
const { logger } = await import(pathToFileURL(join(SF_ROOT, 'dist', 'logger.js')).href);
const { Config } = await importFromSf('@oclif/core/config');
const { execute } = await importFromSf('@oclif/core/execute');
const core = await import(pathToFileURL(fromSf.resolve('@salesforce/core')).href);

const IPC_EVENTS = new Set(['message', 'disconnect', 'internalMessage', 'newListener', 'removeListener']);

/** Make process.env exactly `env` (in place: modules hold the object). */
function replaceEnv(env) {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;
}

class ProcessExit extends Error {}

async function call({ bin, args, env }) {
    const saved = {
        env: { ...process.env },
        argv: process.argv,
        exit: process.exit,
        stdoutWrite: process.stdout.write,
        stderrWrite: process.stderr.write,
        listeners: new Map(process.eventNames().map((e) => [e, process.listeners(e)]))
    };
    const out = { stdout: '', stderr: '' };
    let exited;
    const capture = (key) =>
        function write(chunk, encoding, callback) {
            if (exited === undefined) out[key] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
            const done = typeof encoding === 'function' ? encoding : callback;
            if (typeof done === 'function') process.nextTick(done);
            return true;
        };
    replaceEnv(env);
    process.argv = [process.execPath, bin === 'sf' ? SF_BIN : ABM_BIN, ...args];
    process.exitCode = undefined;
    process.exit = (code) => {
        exited ??= Number(code ?? process.exitCode ?? 0);
        throw new ProcessExit(`process.exit(${String(code)})`);
    };
    process.stdout.write = capture('stdout');
    process.stderr.write = capture('stderr');
    try {
        if (bin === 'sf') {
            // bin/run.js, then dist/cli.js `run()`.
            preprocessCliFlags(process);
            configureAutoUpdate(NodeEnv);
            const config = await Config.load({ root: join(SF_ROOT, 'dist'), logger, enablePerf: true });
            await execute({ loadOptions: config, args: process.argv.slice(2) });
        } else {
            // bin/abm.mjs.
            await execute({ dir: pathToFileURL(ABM_BIN).href, args: ['abm', ...args] });
        }
    } catch (error) {
        if (!(error instanceof ProcessExit)) throw error;
    } finally {
        process.stdout.write = saved.stdoutWrite;
        process.stderr.write = saved.stderrWrite;
        process.exit = saved.exit;
        process.argv = saved.argv;
    }
    const code = exited ?? Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    for (const event of process.eventNames()) {
        if (IPC_EVENTS.has(event)) continue;
        const before = saved.listeners.get(event) ?? [];
        for (const listener of process.listeners(event)) if (!before.includes(listener)) process.removeListener(event, listener);
    }
    await core.StateAggregator.clearInstanceAsync();
    core.ConfigAggregator.clearInstance();
    core.SfProject.clearInstances();
    globalThis.salesforceCoreLifecycle = undefined;
    replaceEnv(saved.env);
    return { code, ...out };
}

let queue = Promise.resolve();
process.on('message', (message) => {
    queue = queue.then(async () => {
        try {
            process.send({ id: message.id, ...(await call(message)) });
        } catch (error) {
            process.send({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        }
    });
});
process.send({ ready: true });
