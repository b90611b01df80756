/**
 * `sf …` and `abm …` for the plugin tests, two ways with one result shape (`{ code, stdout, stderr }`):
 *
 * - `runProcess`: a child process of the real bin (node_modules/.bin/sf, bin/abm.mjs). For what is about the process:
 *   that the installed sf CLI finds the linked plugin and runs it, exit codes as the shell sees them, what a fresh
 *   process prints on its pipes.
 * - `CommandServer`: test/plugin/sf-server.mjs, one Node process that loads the sf CLI's oclif Config and the `abm`
 *   bin's once and runs each command line through the same oclif `execute` the bins call, with that call's env, its
 *   stdout, stderr and exit code captured, and @salesforce/core's per-process state dropped after it (see that file).
 *   A real sf start costs ~2.5 s of CPU, mostly loading the sf CLI's plugins; here that is paid once.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(__dirname, '..', '..');
export const SF = join(ROOT, 'node_modules', '.bin', 'sf');
export const ABM = join(ROOT, 'bin', 'abm.mjs');

export type Run = { code: number; stdout: string; stderr: string };

/** Run `cmd args` as a child process in the repository root. */
export async function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
    try {
        const { stdout, stderr } = await promisify(execFile)(cmd, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
}

type Reply = Run & { id: number; error?: string };

/** The command server (test/plugin/sf-server.mjs), started with `env` (its HOME decides which plugins the sf CLI links). */
export class CommandServer {
    private readonly child: ChildProcess;
    private readonly ready: Promise<void>;
    private readonly pending = new Map<number, (reply: Reply) => void>();
    private next = 0;
    private output = '';

    constructor(env: NodeJS.ProcessEnv) {
        this.child = fork(join(__dirname, 'sf-server.mjs'), [], {
            cwd: ROOT,
            env,
            execArgv: ['--no-deprecation'],
            stdio: ['ignore', 'pipe', 'pipe', 'ipc']
        });
        // Anything the server prints outside a call (it should print nothing) is kept for the failure message.
        this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
        this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
        this.ready = new Promise((resolve, reject) => {
            this.child.on('message', (m: Reply | { ready: true }) => {
                if ('ready' in m) resolve();
                else this.pending.get(m.id)?.(m);
            });
            this.child.on('exit', (code) => {
                const error = new Error(`sf-server.mjs exited (${String(code)}):\n${this.output}`);
                reject(error);
                for (const settle of this.pending.values()) settle({ id: -1, code: -1, stdout: '', stderr: '', error: error.message });
            });
        });
        this.ready.catch(() => undefined); // a call reports it
    }

    /** `sf args` with `env`. */
    sf(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
        return this.call('sf', args, env);
    }

    /** `abm args` (bin/abm.mjs) with `env`. */
    abm(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
        return this.call('abm', args, env);
    }

    private async call(bin: 'sf' | 'abm', args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
        await this.ready;
        const id = this.next++;
        const reply = await new Promise<Reply>((resolve) => {
            this.pending.set(id, resolve);
            this.child.send({ id, bin, args, env });
        });
        this.pending.delete(id);
        if (reply.error !== undefined) throw new Error(`${bin} ${args.join(' ')}: ${reply.error}`);
        return { code: reply.code, stdout: reply.stdout, stderr: reply.stderr };
    }

    stop(): Promise<void> {
        if (this.child.exitCode !== null) return Promise.resolve();
        return new Promise((resolve) => {
            this.child.once('exit', () => resolve());
            this.child.disconnect();
            this.child.kill();
        });
    }
}
