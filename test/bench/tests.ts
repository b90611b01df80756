/**
 * Benchmark: the whole `npm test` (every check, Jest included), as CI runs it after `npm ci`. Prints the wall time, the
 * CPU time of every process it started (Linux: the children's user + system time from /proc/self/stat), the per-check
 * lines of the run, and the machine with its load before and after: on a shared machine the CPU time is the figure to
 * compare. Long (minutes) and it uses both cores, so it runs only when asked: `npm run bench -- tests`
 * (`ABM_BENCH_TESTS_ARGS="--skip jest"` passes arguments to npm test).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from './machine';

const ROOT = join(__dirname, '..', '..');

/** User + system CPU seconds of this process's waited-for children (and theirs), or undefined off Linux. */
function childrenCpuSeconds(): number | undefined {
    try {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
        const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
        const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime (fields 16 and 17 of proc(5))
        return ticks / 100; // USER_HZ is 100 on Linux
    } catch {
        return undefined;
    }
}

export async function run(): Promise<void> {
    if (process.argv[2] !== 'tests') {
        process.stdout.write('skipped: the whole npm test takes minutes; run it alone with `npm run bench -- tests`\n');
        return;
    }
    const before = machine();
    const cpu0 = childrenCpuSeconds();
    const started = Date.now();
    const args = (process.env.ABM_BENCH_TESTS_ARGS ?? '').split(' ').filter((a) => a !== '');
    let out = '';
    const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [require.resolve('tsx/cli'), join(ROOT, 'scripts', 'check', 'run-all.ts'), ...args], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe']
        });
        child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
        child.stderr.resume();
        child.on('error', reject);
        child.on('close', resolve);
    });
    const wall = (Date.now() - started) / 1000;
    const cpu1 = childrenCpuSeconds();
    const lines = out
        .split('\n')
        .filter((l) => /^(PASS|FAIL|SKIP) {2}/.test(l) || /^(Tests|Test Suites):/.test(l) || l.startsWith('checks:'));
    process.stdout.write(
        `${lines.join('\n')}\n` +
            `npm test${args.length > 0 ? ` ${args.join(' ')}` : ''}: exit ${code}, ${wall.toFixed(1)} s wall, CPU ${cpu0 === undefined || cpu1 === undefined ? 'n/a' : `${(cpu1 - cpu0).toFixed(1)} s`} (all processes)\n` +
            `(machine before: ${before}; after: ${machine()})\n`
    );
}
