/**
 * The measured half of `npm run bench -- reconcile`, in its own process (so its peak RSS is the reading and
 * reconciling's own, not the generator's): runs what `abm load accounts` runs, from the compiled CLI (lib/, rebuilt by
 * the parent when stale): its read step (`readSources`: the three lists at once, the workbook in a worker thread, with
 * the org's book, here read from org.json before the clock starts as if the org had answered at once, indexed and the
 * rows resolved against it meanwhile) and `reconcile`, and prints one JSON report on stdout.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reconcileReference } from '../../load/reconcile-reference';

type LoadRead = typeof import('../../../scripts/cli/commands/load-read');
type Reconcile = typeof import('../../../scripts/core/reconcile');
type Shared = typeof import('../../../scripts/cli/shared');

const LIB = join(__dirname, '..', '..', '..', 'lib');
const lib = <T>(path: string): Promise<T> => import(pathToFileURL(join(LIB, path)).href) as Promise<T>;

const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
    const { readSources } = await lib<LoadRead>('cli/commands/load-read.js');
    const { parsePrecedence, reconcile } = await lib<Reconcile>('core/reconcile.js');
    const { Ux } = await lib<Shared>('cli/shared.js');
    // File names relative to the inputs' folder: rows carry their file name, and the digest must not depend on it.
    process.chdir(process.argv[2]!);
    const org = JSON.parse(readFileSync('org.json', 'utf8'));
    // ABM_BENCH_RECONCILE=reference runs the pre-optimisation implementation (its digest must be the same).
    const run = process.env.ABM_BENCH_RECONCILE === 'reference' ? reconcileReference : reconcile;
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const loaded = await readSources(
        new Map([
            ['marketing', 'marketing.csv'],
            ['sales', 'sales.csv'],
            ['finance', 'finance.xlsx']
        ]),
        new Map(),
        new Ux(true),
        'auto',
        Promise.resolve({ accounts: org.accounts, aliases: org.aliases, users: org.users })
    );
    const readMs = performance.now() - start;
    const readCpuMs = cpuMs(startCpu);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const result = run({
        sources: ['marketing', 'sales', 'finance'],
        rows: loaded.rows,
        accounts: org.accounts,
        aliases: org.aliases,
        users: org.users,
        precedence: parsePrecedence('tier=finance,sales;owner=sales'),
        asOf: '2026-10-01',
        index: loaded.index
    });
    const reconcileMs = performance.now() - t1;
    const reconcileCpuMs = cpuMs(c1);
    const totalMs = performance.now() - start;
    const totalCpu = process.cpuUsage(startCpu);
    const totalCpuMs = (totalCpu.user + totalCpu.system) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const digest = createHash('sha256').update(JSON.stringify(result)).digest('hex');
    const origin = performance.timeOrigin + start;
    process.stdout.write(
        JSON.stringify({
            files: loaded.files.map((f, i) => {
                const took = loaded.took[i]!;
                return {
                    file: f.file,
                    rows: f.rows,
                    format: f.format,
                    encoding: f.encoding,
                    thread: took.thread,
                    startMs: took.startedAt - origin,
                    ms: took.ms,
                    cpuMs: took.cpuMs
                };
            }),
            rows: loaded.rows.length,
            readMs,
            readCpuMs,
            reconcileMs,
            reconcileCpuMs,
            totalMs,
            totalCpuMs,
            totalUserMs: totalCpu.user / 1000,
            totalSysMs: totalCpu.system / 1000,
            peakRssMb,
            summary: result.summary,
            conflicts: result.conflicts.length,
            digest
        })
    );
}

main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
});
