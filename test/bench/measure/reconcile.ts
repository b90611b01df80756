/**
 * The measured half of `npm run bench -- reconcile`, in its own process (so its peak RSS is the reading and
 * reconciling's own, not the generator's): reads the three lists the parent wrote, checks them, reconciles them
 * against the org in org.json, and prints one JSON report on stdout.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extractRows, resolveColumns, type SourceRow } from '../../../scripts/core/lists';
import { parsePrecedence, reconcile } from '../../../scripts/core/reconcile';
import { readList } from '../../../scripts/io/lists';
import { reconcileReference } from '../../load/reconcile-reference';

const cpuMs = (since: NodeJS.CpuUsage) => {
    const u = process.cpuUsage(since);
    return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
    // File names relative to the inputs' folder: rows carry their file name, and the digest must not depend on it.
    process.chdir(process.argv[2]!);
    const org = JSON.parse(readFileSync('org.json', 'utf8'));
    // ABM_BENCH_RECONCILE=reference runs the pre-optimisation implementation (its digest must be the same).
    const run = process.env.ABM_BENCH_RECONCILE === 'reference' ? reconcileReference : reconcile;
    const files: { file: string; rows: number; format: string; encoding?: string; ms: number; cpuMs: number }[] = [];
    const rows: SourceRow[] = [];
    const start = performance.now();
    const startCpu = process.cpuUsage();
    for (const [source, file] of [
        ['marketing', 'marketing.csv'],
        ['sales', 'sales.csv'],
        ['finance', 'finance.xlsx']
    ] as const) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const table = await readList(file);
        const extracted = extractRows(source, table, resolveColumns(table, undefined));
        for (const r of extracted.rows) rows.push(r);
        files.push({
            file,
            rows: table.rows.length,
            format: table.format,
            encoding: table.encoding,
            ms: performance.now() - t0,
            cpuMs: cpuMs(c0)
        });
    }
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const result = run({
        sources: ['marketing', 'sales', 'finance'],
        rows,
        accounts: org.accounts,
        aliases: org.aliases,
        users: org.users,
        precedence: parsePrecedence('tier=finance,sales;owner=sales'),
        asOf: '2026-10-01'
    });
    const reconcileMs = performance.now() - t1;
    const reconcileCpuMs = cpuMs(c1);
    const totalMs = performance.now() - start;
    const totalCpu = process.cpuUsage(startCpu);
    const totalCpuMs = (totalCpu.user + totalCpu.system) / 1000;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const digest = createHash('sha256').update(JSON.stringify(result)).digest('hex');
    process.stdout.write(
        JSON.stringify({
            files,
            rows: rows.length,
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
