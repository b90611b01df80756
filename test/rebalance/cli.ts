/** Run the real `abm` CLI as a child process (compiled, test/abm-cli.ts), for the rebalance end-to-end tests. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { abmArgv } from '../abm-cli';

export const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

export async function abm(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
        const { stdout, stderr } = await run(process.execPath, abmArgv(args), {
            cwd: ROOT,
            env: env ?? process.env,
            maxBuffer: 64 * 1024 * 1024
        });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
}
