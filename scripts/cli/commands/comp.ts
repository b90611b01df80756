/**
 * `abm comp`: the ABM compensation model (50 % quota + 25 % account engagement + 25 % Tier 1 pipeline) per AE for a
 * period, with every input shown so a rep can check their own number. CSV + terminal table.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { compensation, type CompRow } from '../../core/analytics.js';
import { loadAnalyticsBook } from '../analytics-book.js';
import { ANALYTICS_FLAGS, readAnalyticsPolicy, resolvePeriod } from '../analytics-flags.js';
import { emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, type Ux } from '../shared.js';

export const help = `
The ABM compensation model per AE: 50 % quota attainment + 25 % account engagement + 25 % Tier 1 pipeline,
applied to each AE's on-target earnings (ABM_Seller__c.QuotaAmount__c, OnTargetEarnings__c).

Usage: abm comp (--target-org <alias> | --snapshot <dir>) [--from YYYY-MM-DD --to YYYY-MM-DD] [--as-of YYYY-MM-DD]
                [--fiscal-start-month N] [--policy config/analytics-policy.json] [--out DIR] [--json]

  Period: --from/--to, else the last full fiscal quarter before the as-of date (the snapshot's date, or today).
  Policy: weights, the engagement definition (activity | sql | either), the Tier 1 pipeline target (a multiple of quota)
          and the attainment cap; defaults in config/analytics-policy.json.
  Writes DIR/comp.csv (default out/comp).

Example: abm comp --snapshot data/sample-org
`;

const pct = (x: number) => `${fmt(x * 100, 1)}%`;

export function compTable(rows: CompRow[]): string {
    const header = [
        'AE',
        'Quota',
        'Won',
        'Quota att.',
        'Tier 1',
        'Engaged',
        'Engagement',
        'T1 pipeline',
        'Target',
        'Pipeline att.',
        'Weighted',
        'OTE',
        'Payout'
    ];
    const body = rows.map((r) => [
        r.name,
        fmt(r.quota),
        fmt(r.closedWon),
        pct(r.quotaAttainment),
        String(r.tier1Accounts),
        String(r.engagedTier1Accounts),
        pct(r.engagementScore),
        fmt(r.tier1Pipeline),
        fmt(r.tier1PipelineTarget),
        pct(r.pipelineAttainment),
        pct(r.weightedAttainment),
        fmt(r.onTargetEarnings),
        fmt(r.payout, 2)
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, { ...ORG_FLAGS, ...ANALYTICS_FLAGS });
    const policy = await readAnalyticsPolicy(values.policy);
    const org = await openOrg(values, ux);
    const { asOf, period } = await resolvePeriod(values, org);
    const book = await loadAnalyticsBook(org, ux);
    const rows = compensation(book.sellers, book.accounts, book.opportunities, book.activities, period, policy);
    const out = values.out ?? join('out', 'comp');
    await mkdir(out, { recursive: true });
    const csvPath = join(out, 'comp.csv');
    await writeFile(
        csvPath,
        stringify(
            rows.map((r) => ({ ...r, problems: r.problems.join('; ') })),
            { header: true }
        )
    );
    ux.out(`\nABM compensation ${period.start} … ${period.end} (engagement: ${policy.comp.engagementDefinition}, as of ${asOf})\n`);
    ux.out(compTable(rows));
    for (const r of rows.filter((row) => row.problems.length)) ux.warn(`${r.name}: ${r.problems.join('; ')}`);
    ux.out(`\nWrote ${csvPath}`);
    emitResult(ux, ExitCode.Success, { asOf, period, policy: policy.comp, rows, csv: csvPath });
}
