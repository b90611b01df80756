/**
 * Benchmark: reconciling three lists of 100,000 rows each (marketing CSV in Windows-1252 with semicolons, sales CSV,
 * finance XLSX) against an org of 150,000 accounts and 5,000 aliases. Seeded; prints read, reconcile and memory figures.
 * Run alone: tsx test/bench/reconcile.ts (or npm run bench -- reconcile).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { extractRows, resolveColumns, type SourceRow } from '../../scripts/core/lists';
import { parsePrecedence, reconcile, type OrgAccount } from '../../scripts/core/reconcile';
import { readList } from '../../scripts/io/lists';
import { rng } from '../rng';

const ROWS = 100_000;
const ORG_ACCOUNTS = 150_000;

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

export async function run(): Promise<void> {
    const rand = rng(100_000);
    const dir = mkdtempSync(join(tmpdir(), 'abm-bench-reconcile-'));
    try {
        const domain = (i: number) => `company${i}.${['com', 'de', 'co.uk', 'io'][i % 4]}`;
        const users = Array.from({ length: 200 }, (_, i) => ({
            Id: `005B${String(i).padStart(14, '0')}`,
            Email: `ae${i}@corp.example`,
            Username: `ae${i}@corp.example`,
            IsActive: true
        }));
        const accounts: OrgAccount[] = Array.from({ length: ORG_ACCOUNTS }, (_, i) => ({
            Id: `001B${String(i).padStart(14, '0')}`,
            Name: `Company ${i}`,
            ABM_WebDomain__c: domain(i),
            OwnerId: users[i % 200]!.Id,
            ABM_Tier__c: String((i % 3) + 1),
            Industry: 'Technology'
        }));
        const aliases = Array.from({ length: 5_000 }, (_, i) => ({ Domain__c: `alias${i}.com`, Account__c: accounts[i * 7]!.Id }));
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
        const wb = new ExcelJS.Workbook();
        const sheet = wb.addWorksheet('Approved');
        sheet.addRow(['Customer', 'Domain', 'Tier', 'Annual Revenue']);
        for (let r = 0; r < ROWS; r++) {
            const i = pickId();
            sheet.addRow([`Company ${i} Ltd`, domain(i), (i % 3) + 1, 1_000_000 + i]);
        }
        await wb.xlsx.writeFile(join(dir, 'finance.xlsx'));

        const lines: [string, string][] = [];
        const rows: SourceRow[] = [];
        let readMs = 0;
        for (const [source, file] of [
            ['marketing', 'marketing.csv'],
            ['sales', 'sales.csv'],
            ['finance', 'finance.xlsx']
        ] as const) {
            const t0 = performance.now();
            const table = await readList(join(dir, file));
            const extracted = extractRows(source, table, resolveColumns(table, undefined));
            const ms = performance.now() - t0;
            readMs += ms;
            rows.push(...extracted.rows);
            lines.push([
                `read + check ${file}`,
                `${fmt(ms)} ms (${fmt(table.rows.length)} rows, ${table.format}${table.encoding ? ` ${table.encoding}` : ''})`
            ]);
        }
        const t1 = performance.now();
        const result = reconcile({
            sources: ['marketing', 'sales', 'finance'],
            rows,
            accounts,
            aliases,
            users,
            precedence: parsePrecedence('tier=finance,sales;owner=sales'),
            asOf: '2026-10-01'
        });
        const reconcileMs = performance.now() - t1;
        const s = result.summary;
        lines.push(
            ['reconcile (300k rows vs 150k accounts)', `${fmt(reconcileMs)} ms (${fmt((rows.length / reconcileMs) * 1000)} rows/s)`],
            ['total read + reconcile', `${fmt(readMs + reconcileMs)} ms`],
            ['accounts', `${fmt(s.accounts)} (create ${fmt(s.create)}, update ${fmt(s.update)}, unchanged ${fmt(s.unchanged)})`],
            ['conflicts', fmt(result.conflicts.length)],
            ['peak RSS', `${fmt(process.memoryUsage().rss / 1024 / 1024)} MB`]
        );
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
