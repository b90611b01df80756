/** The machine a benchmark ran on, printed with its figures (numbers only mean something next to it). */
import { cpus, loadavg, totalmem } from 'node:os';

export function machine(): string {
    const cores = cpus();
    return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`;
}

/** Run a bench child (`test/bench/measure/<name>.ts`) in its own Node process and return its JSON report. */
export async function measureInChild<T>(name: string, args: string[]): Promise<T> {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'measure', `${name}.ts`), ...args], {
        stdio: ['ignore', 'pipe', 'inherit']
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`bench child ${name} exited with ${code}`);
    return JSON.parse(out) as T;
}
