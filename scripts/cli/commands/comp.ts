/**
 * `abm comp`: the ABM compensation model (50 % quota + 25 % account engagement + 25 % Tier 1 pipeline) per AE for a
 * period, with every input shown so a rep can check their own number. CSV + terminal table. Definitions:
 * docs/metrics.md (compensation). Shape: parseCompOptions (flags → options) → executeComp (options → result) → run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { compensation, type CompRow } from '../../core/analytics.js';
import type { Org } from '../../org/index.js';
import { loadAnalyticsBook } from '../analytics-book.js';
import { ANALYTICS_FLAGS, readAnalyticsPolicy, resolvePeriod } from '../analytics-flags.js';
import { emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, type Ux } from '../shared.js';
import { maxOf } from '../../core/arrays.js';

const pct = (x: number) => `${fmt(x * 100, 1)}%`;

export function compTable(rows: CompRow[]): string {
    const header = [
        'AE',
        'Quota (period)',
        'Won',
        'Quota att.',
        'Tier 1',
        'Engaged',
        'Engagement',
        'T1 pipeline',
        'Target',
        'Pipeline att.',
        'Weighted',
        'OTE (period)',
        'Payout'
    ];
    const body = rows.map((r) => [
        r.isActive ? r.name : `${r.name} (inactive)`,
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
    const widths = header.map((h, i) => Math.max(h.length, maxOf(body.map((row) => row[i]!.length))));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export type CompOptions = {
    org: { 'target-org'?: string; snapshot?: string };
    period: { 'as-of'?: string; from?: string; to?: string; 'fiscal-start-month'?: string };
    policyFile?: string;
    auditPolicyFile?: string;
    out: string;
};

export function parseCompOptions(argv: string[]): CompOptions {
    const { values } = parseFlags(argv, { ...ORG_FLAGS, ...ANALYTICS_FLAGS });
    return {
        org: values,
        period: values,
        policyFile: values.policy,
        auditPolicyFile: values['audit-policy'],
        out: values.out ?? join('out', 'comp')
    };
}

/** Runs the command on parsed options; `open`: an org already open (tests, a host CLI), else the one the options name. */
export async function executeComp(options: CompOptions, ux: Ux, open?: Org) {
    const policy = await readAnalyticsPolicy(options.policyFile, options.auditPolicyFile);
    const org = open ?? (await openOrg(options.org, ux));
    const { asOf, period } = await resolvePeriod(options.period, org);
    const book = await loadAnalyticsBook(org, ux);
    const rows = compensation(book, period, policy);
    await mkdir(options.out, { recursive: true });
    const csvPath = join(options.out, 'comp.csv');
    await writeFile(
        csvPath,
        stringify(
            rows.map((r) => ({ ...r, problems: r.problems.join('; ') })),
            { header: true }
        )
    );
    const months = policy.comp.quotaPeriodMonths;
    ux.out(
        `\nABM compensation ${period.start} … ${period.end} (engagement: ${policy.comp.engagementDefinition}, as of ${asOf}); ` +
            `quota and OTE: the seller record's ${months === 12 ? 'annual' : `${months}-month`} amounts × ${fmt(rows[0]?.proration ?? 0, 4)}\n`
    );
    ux.out(compTable(rows));
    for (const r of rows.filter((row) => row.problems.length)) ux.warn(`${r.name}: ${r.problems.join('; ')}`);
    ux.out(`\nWrote ${csvPath}`);
    return { asOf, period, policy: policy.comp, rows, csv: csvPath };
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    emitResult(ux, ExitCode.Success, await executeComp(parseCompOptions(argv), ux));
}
