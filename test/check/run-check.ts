/**
 * A check's CLI (scripts/check/lib/check-cli.ts; validate-metadata's validateCli) run in this process, as its process
 * would run in `cwd`: the same flag parsing, package directories, output lines, summary and exit code (runCheck is the
 * body of runCheckCli), printed into strings. Each CLI test keeps one real process of the check (tsx), which proves the entry and the exit code as the
 * shell sees them.
 */
import { runCheck, type CheckCli, type CheckIo } from '../../scripts/check/lib/check-cli';

export type CheckRun = { status: number; stdout: string; stderr: string };

export async function checkInProcess(cli: CheckCli, argv: string[], cwd: string): Promise<CheckRun> {
    return inFolder(cwd, (io) => runCheck(cli, argv, io));
}

/** `run` (a CLI's body: prints to io, returns the exit code) in the folder `cwd`, its output captured. */
export async function inFolder(cwd: string, run: (io: CheckIo) => Promise<number>): Promise<CheckRun> {
    const saved = process.cwd();
    const out = { stdout: '', stderr: '' };
    process.chdir(cwd);
    try {
        const status = await run({ stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) });
        return { status, ...out };
    } finally {
        process.chdir(saved);
    }
}
