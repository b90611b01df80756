/**
 * Benchmark: `abm snapshot` of an org with 200,000 accounts and 500,000 tasks (and the other book objects, empty) on the
 * local API double. The double runs in this process; the command runs as a user runs it, in its own process: the
 * compiled CLI (`node bin/abm.mjs snapshot --target-org … --out …`, i.e. `abm snapshot`; lib/ is rebuilt first when
 * scripts/ is newer), so the time, CPU and peak RSS printed are the command's own. Bulk API 2.0 result pages (50,000 rows) are written to the CSV files as they arrive.
 * Run alone: npm run bench -- snapshot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLibBuilt } from '../lib-build';
import { startDouble } from '../sfdouble/harness';
import { machine } from './machine';

const ACCOUNTS = 200_000;
const TASKS = 500_000;
const ROOT = join(__dirname, '..', '..');

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

export async function run(): Promise<void> {
    ensureLibBuilt();
    const t0 = Date.now();
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
        Name: `Account ${i}`,
        ABM_Tier__c: ['1', '2', '3', 'Not ABM'][i % 4],
        ABM_WebDomain__c: `a${i}.example.com`,
        Website: `https://www.a${i}.example.com`,
        Industry: ['Technology', 'Retail', 'Finance'][i % 3],
        NumberOfEmployees: i % 5000,
        AnnualRevenue: (i % 900) * 100_000,
        BillingCountry: i % 2 ? 'United States' : 'Germany'
    }));
    const tasks = Array.from({ length: TASKS }, (_, i) => ({
        Subject: `Call ${i}`,
        Status: i % 3 ? 'Completed' : 'Not Started',
        Priority: 'Normal',
        ActivityDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        Description: `Follow-up on the renewal, call ${i}`
    }));
    const h = await startDouble({ records: { Account: accounts, Task: tasks }, cli: true });
    const load = Date.now() - t0;
    const out = mkdtempSync(join(tmpdir(), 'abm-bench-snapshot-'));
    const report = join(out, 'report.json');
    try {
        const started = Date.now();
        const code = await new Promise<number | null>((resolve, reject) => {
            const child = spawn(
                process.execPath,
                [
                    '--require',
                    join(__dirname, 'measure', 'peak-rss.cjs'),
                    join(ROOT, 'bin', 'abm.mjs'),
                    'snapshot',
                    '--target-org',
                    h.targetOrg!,
                    '--out',
                    join(out, 'org')
                ],
                { cwd: ROOT, env: { ...h.cliEnv, ABM_BENCH_REPORT: report }, stdio: ['ignore', 'ignore', 'pipe'] }
            );
            let stderr = '';
            child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
            child.on('error', reject);
            child.on('close', (c) => {
                if (c !== 0) process.stderr.write(stderr);
                resolve(c);
            });
        });
        const seconds = (Date.now() - started) / 1000;
        if (code !== 0) throw new Error(`abm snapshot exited with ${code}`);
        const r = JSON.parse(readFileSync(report, 'utf8')) as { cpuMs: number; peakRssMb: number };
        const lines = (file: string) => readFileSync(join(out, 'org', file), 'utf8').split('\n').length - 2;
        const exported = { Account: lines('Account.csv'), Task: lines('Task.csv') };
        if (exported.Account !== ACCOUNTS || exported.Task !== TASKS)
            throw new Error(`exported ${exported.Account} accounts and ${exported.Task} tasks, expected ${ACCOUNTS} and ${TASKS}`);
        const mb = (file: string) => statSync(join(out, 'org', file)).size / 1e6;
        process.stdout.write(
            `snapshot ${fmt(ACCOUNTS)} accounts + ${fmt(TASKS)} tasks (Account.csv ${fmt(mb('Account.csv'))} MB, Task.csv ${fmt(mb('Task.csv'))} MB, ${fmt(h.double.count('GET', /\/results/))} result pages): ${fmt(seconds, 1)} s, peak RSS ${fmt(r.peakRssMb)} MB (CPU ${fmt(r.cpuMs / 1000, 1)} s)\n` +
                `(loading the double: ${fmt(load / 1000, 1)} s; machine: ${machine()})\n`
        );
    } finally {
        await h.stop();
        rmSync(out, { recursive: true, force: true });
    }
}
