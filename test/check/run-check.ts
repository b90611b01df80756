/**
 * A check's CLI (scripts/check/lib/check-cli.ts) run in this process, as its process would run in `cwd`: the same flag
 * parsing, package directories, output lines, summary and exit code (runCheck is the body of runCheckCli), printed into
 * strings. Each CLI test keeps one real process of the check (tsx), which proves the entry and the exit code as the
 * shell sees them.
 */
import { runCheck, type CheckCli } from '../../scripts/check/lib/check-cli';

export type CheckRun = { status: number; stdout: string; stderr: string };

export async function checkInProcess(cli: CheckCli, argv: string[], cwd: string): Promise<CheckRun> {
    const saved = process.cwd();
    const out = { stdout: '', stderr: '' };
    process.chdir(cwd);
    try {
        const status = await runCheck(cli, argv, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) });
        return { status, ...out };
    } finally {
        process.chdir(saved);
    }
}
