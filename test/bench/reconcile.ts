/**
 * Benchmark: reconciling three lists of 100,000 rows each (marketing CSV in Windows-1252 with semicolons, sales CSV,
 * finance XLSX) against an org of 150,000 accounts and 5,000 aliases. Seeded. This process writes the inputs; a child
 * process (test/bench/measure/reconcile.ts) reads, checks and reconciles them with the compiled CLI's code (the read
 * step of `abm load accounts`: the lists at once, the workbook in a worker thread, and the org's accounts, handed over
 * as if the org had answered at once, indexed and the rows resolved against them meanwhile; then `reconcile`), so the
 * peak RSS printed is that work's own. Prints wall and CPU time per step (each list's own wall and thread CPU, when it started, and how
 * much the reads overlapped) (CPU time, user + sys, tells a loaded machine from a slow program), the peak
 * RSS, the machine with its load average before and after the run, and a digest of the whole result (accounts,
 * conflicts, issues, summary): the same input must give the same digest, and `ABM_BENCH_RECONCILE=reference npm run
 * bench -- reconcile` prints the digest of the straightforward reference implementation (test/load/reconcile-reference.ts),
 * which must be the same.
 * Run alone: npm run bench -- reconcile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { ReconcileSummary } from '../../scripts/core/reconcile';
import { rng } from '../rng';
import { ensureLibBuilt } from '../lib-build';
import { machine, measureInChild } from './machine';

const ROWS = 100_000;
const ORG_ACCOUNTS = 150_000;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** The three lists and the org (org.json: accounts, aliases, users), written to `dir`. */
export function writeInputs(dir: string): void {
    const rand = rng(100_000);
    const domain = (i: number) => `company${i}.${['com', 'de', 'co.uk', 'io'][i % 4]}`;
    const users = Array.from({ length: 200 }, (_, i) => ({
        Id: `005B${String(i).padStart(14, '0')}`,
        Email: `ae${i}@corp.example`,
        Username: `ae${i}@corp.example`,
        IsActive: true
    }));
    const accounts = Array.from({ length: ORG_ACCOUNTS }, (_, i) => ({
        Id: `001B${String(i).padStart(14, '0')}`,
        Name: `Company ${i}`,
        ABM_WebDomain__c: domain(i),
        OwnerId: users[i % 200]!.Id,
        ABM_Tier__c: String((i % 3) + 1),
        Industry: 'Technology'
    }));
    const aliases = Array.from({ length: 5_000 }, (_, i) => ({ Domain__c: `alias${i}.com`, Account__c: accounts[i * 7]!.Id }));
    writeFileSync(join(dir, 'org.json'), JSON.stringify({ accounts, aliases, users }));
    // Each list: 100k rows over a universe of 180k companies (overlapping the org and each other).
    const pickId = () => Math.floor(rand() * 180_000);
    const marketing = [
        ['Company', 'Web Address', 'Sector', 'ABM Priority'],
        ...Array.from({ length: ROWS }, () => {
            const i = pickId();
            return [
                `Company ${i} Müller`,
                `https://www.${i % 50 === 0 ? `alias${(i / 50) % 5000}.com` : domain(i)}/`,
                'Technology',
                `Tier ${(i % 3) + 1}`
            ];
        })
    ];
    const sales = [
        ['Account Name', 'Website', 'Tier', 'Account Owner Email'],
        ...Array.from({ length: ROWS }, () => {
            const i = pickId();
            return [`Company ${i}`, domain(i), String(((i + 1) % 3) + 1), `ae${i % 200}@corp.example`];
        })
    ];
    writeFileSync(join(dir, 'marketing.csv'), iconv.encode(stringify(marketing, { delimiter: ';' }), 'windows-1252'));
    writeFileSync(join(dir, 'sales.csv'), stringify(sales));
    const finance: (string | number)[][] = [['Customer', 'Domain', 'Tier', 'Annual Revenue']];
    for (let r = 0; r < ROWS; r++) {
        const i = pickId();
        finance.push([`Company ${i} Ltd`, domain(i), (i % 3) + 1, 1_000_000 + i]);
    }
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(finance), 'Approved');
    writeFileSync(join(dir, 'finance.xlsx'), XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

type Report = {
    files: {
        file: string;
        rows: number;
        format: string;
        encoding?: string;
        thread: boolean;
        startMs: number;
        ms: number;
        cpuMs?: number;
    }[];
    rows: number;
    readMs: number;
    readCpuMs: number;
    reconcileMs: number;
    reconcileCpuMs: number;
    totalMs: number;
    totalCpuMs: number;
    totalUserMs: number;
    totalSysMs: number;
    peakRssMb: number;
    summary: ReconcileSummary;
    conflicts: number;
    digest: string;
};

export async function run(): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'abm-bench-reconcile-'));
    try {
        writeInputs(dir);
        // The child runs the compiled CLI's code (what `abm load accounts` runs): rebuild lib/ when scripts/ is newer.
        ensureLibBuilt();
        const before = machine();
        const r = await measureInChild<Report>('reconcile', [dir]);
        const after = machine();
        const time = (ms: number, cpu: number) => `${fmt(ms)} ms (CPU ${fmt(cpu)} ms)`;
        const s = r.summary;
        const lines: [string, string][] = [
            ...r.files.map((f): [string, string] => [
                `  read + check ${f.file}`,
                `${f.cpuMs === undefined ? `${fmt(f.ms)} ms` : time(f.ms, f.cpuMs)} from ${fmt(f.startMs)} ms, ${f.thread ? 'worker thread' : 'main thread'}, ${fmt(f.rows)} rows, ${f.format}${f.encoding ? ` ${f.encoding}` : ''}`
            ]),
            [
                'read step (the lists at once; the org indexed meanwhile)',
                `${time(r.readMs, r.readCpuMs)}: the reads' own times add up to ${fmt(sum(r.files.map((f) => f.ms)))} ms (overlap ${(sum(r.files.map((f) => f.ms)) / r.readMs).toFixed(2)} ×)`
            ],
            [`reconcile (${fmt(r.rows / 1000)}k rows vs ${fmt(ORG_ACCOUNTS / 1000)}k accounts)`, time(r.reconcileMs, r.reconcileCpuMs)],
            [
                'total read + reconcile',
                `${time(r.totalMs, r.totalCpuMs)}: user ${fmt(r.totalUserMs)} ms + sys ${fmt(r.totalSysMs)} ms (target ≤ 5 s)`
            ],
            ['peak RSS (the measuring process)', `${fmt(r.peakRssMb)} MB (target ≤ 600 MB)`],
            ['accounts', `${fmt(s.accounts)} (create ${fmt(s.create)}, update ${fmt(s.update)}, unchanged ${fmt(s.unchanged)})`],
            ['conflicts', fmt(r.conflicts)],
            [`result digest (sha256${process.env.ABM_BENCH_RECONCILE === 'reference' ? ', reference implementation' : ''})`, r.digest],
            ['machine before', before],
            ['machine after', after]
        ];
        const width = Math.max(...lines.map(([k]) => k.length));
        process.stdout.write(`${lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

if (process.argv[1]?.endsWith('reconcile.ts')) {
    run().catch((error: unknown) => {
        process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
    });
}
