/**
 * `abm report`: account-level ABM analytics for the quarterly business review, as Markdown and a self-contained HTML
 * page with charts, from an org or a snapshot. Each metric follows its definition in docs/metrics.md.
 * Shape: parseReportOptions (flags → options) → executeReport (options → result, files) → run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
    abmVsNonAbm,
    aeProductivity,
    growthPlan,
    listHealth,
    pipelineByTier,
    signalToMeeting,
    STAGES,
    tierOf,
    type GrowthPlan
} from '../../core/analytics.js';
import type { Org } from '../../org/index.js';
import { loadAnalyticsBook } from '../analytics-book.js';
import { ANALYTICS_FLAGS, readAnalyticsPolicy, resolvePeriod } from '../analytics-flags.js';
import { barChart, esc, page, table } from '../html.js';
import { emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, UsageError, type Ux } from '../shared.js';

const DICTIONARY = 'docs/metrics.md';

const pct = (x: number | null) => (x === null ? '—' : `${fmt(x * 100, 1)}%`);
const money = (x: number | null) => (x === null ? '—' : fmt(x));
const days = (x: number | null) => (x === null ? '—' : fmt(x, 1));

export type ReportOptions = {
    org: { 'target-org'?: string; snapshot?: string };
    period: { 'as-of'?: string; from?: string; to?: string; 'fiscal-start-month'?: string };
    revenueGoal?: number;
    policyFile?: string;
    auditPolicyFile?: string;
    out: string;
};

export function parseReportOptions(argv: string[]): ReportOptions {
    const { values } = parseFlags(argv, { ...ORG_FLAGS, ...ANALYTICS_FLAGS, 'revenue-goal': { type: 'string' } });
    const revenueGoal = values['revenue-goal'] !== undefined ? Number(values['revenue-goal']) : undefined;
    if (revenueGoal !== undefined && !(revenueGoal > 0)) throw new UsageError('--revenue-goal must be a positive number.');
    return {
        org: values,
        period: values,
        revenueGoal,
        policyFile: values.policy,
        auditPolicyFile: values['audit-policy'],
        out: values.out ?? join('out', 'report')
    };
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const result = await executeReport(parseReportOptions(argv), ux);
    emitResult(ux, ExitCode.Success, result);
}

/** Runs the command on parsed options; `open`: an org already open (tests, a host CLI), else the one the options name. */
export async function executeReport(options: ReportOptions, ux: Ux, open?: Org) {
    const goalFlag = options.revenueGoal;
    const policy = await readAnalyticsPolicy(options.policyFile, options.auditPolicyFile);
    const org = open ?? (await openOrg(options.org, ux));
    const { asOf, period, fiscalYearStartMonth } = await resolvePeriod(options.period, org);
    const book = await loadAnalyticsBook(org, ux);

    const tiers = pipelineByTier(book.accounts, book.opportunities, period);
    const deals = abmVsNonAbm(book.accounts, book.opportunities, period);
    const productivity = aeProductivity(book, asOf, policy, fiscalYearStartMonth);
    const signals = signalToMeeting(book.signals, book.activities, period, policy);
    const health = listHealth(book, period, asOf, policy);

    // Growth calculator inputs, measured: ABM average won deal size, ABM win rate, and evaluation → opportunity
    // (share of ABM accounts at SQL Account or later that have at least one opportunity).
    const abmTiers = tiers.filter((t) => t.tier !== 'Not ABM');
    const abmClosed = abmTiers.reduce((s, t) => s + t.closed, 0);
    const abmWon = abmTiers.reduce((s, t) => s + t.won, 0);
    const withOpp = new Set(book.opportunities.map((o) => o.AccountId));
    const late = new Set(['SQL Account', 'Opportunity', 'Customer']);
    const evaluated = book.accounts.filter((a) => tierOf(a.ABM_Tier__c) !== 'Not ABM' && late.has(a.ABM_Stage__c ?? ''));
    const evalRate = evaluated.length ? evaluated.filter((a) => withOpp.has(a.Id)).length / evaluated.length : 0;
    const wonRevenue = tiers.reduce((s, t) => s + t.wonAmount, 0);
    const goal = goalFlag ?? Math.round(wonRevenue * 1.2);
    let growth: GrowthPlan | { error: string };
    try {
        growth = growthPlan(goal, deals[0]?.averageDealSize ?? 0, abmClosed ? abmWon / abmClosed : 0, evalRate);
    } catch (error) {
        growth = { error: `Growth plan not computed: ${(error as Error).message} (measured in ${period.start} … ${period.end}).` };
    }

    const title = `ABM quarterly business review — ${period.start} to ${period.end}`;
    const tierRows = tiers.map((t) => [
        t.tier,
        t.accounts,
        t.pipelineCreated,
        money(t.pipelineAmount),
        pct(t.pipelineShare),
        t.closed,
        t.won,
        pct(t.winRate)
    ]);
    const tierHeaders = ['Tier', 'Accounts', 'Opps created', 'Pipeline', 'Share', 'Closed', 'Won', 'Win rate'];
    const dealHeaders = ['Segment', 'Won deals', 'Average deal size', 'Average cycle (days)'];
    const dealRows = deals.map((d) => [d.segment, d.wonDeals, money(d.averageDealSize), days(d.averageCycleDays)]);
    const aeHeaders = [
        'AE',
        'Tier 1 accounts',
        ...STAGES.map((s) => `% ${s}`),
        'Days Identified→SQL (Tier 1)',
        'Tier 1 pipeline fiscal YTD',
        'Engagement rate'
    ];
    const aeRows = productivity.map((p) => [
        p.name,
        p.tier1Accounts,
        ...STAGES.map((s) => pct(p.stageShare[s] ?? 0)),
        days(p.averageDaysIdentifiedToSql),
        money(p.tier1PipelineYtd),
        pct(p.engagementRate)
    ]);
    const signalHeaders = ['Signal type', 'Signals', 'Followed by a meeting', 'Conversion'];
    const signalRows = signals.map((s) => [s.signalType, s.signals, s.converted, pct(s.conversionRate)]);
    const healthRows: (string | number)[][] = [
        ['Tier 1 accounts', health.tier1],
        [`Dormant Tier 1 (no engagement ${policy.thresholds.dormantDays}+ days)`, health.dormantTier1],
        [
            `Stalling Tier 1 (no engagement ${policy.thresholds.stallingDays}–${policy.thresholds.dormantDays - 1} days)`,
            health.stallingTier1
        ],
        ['Unassigned Tier 1 (no owner, inactive owner or the low-tier owner)', health.unassignedTier1],
        [`Coverage gaps (Tier 1 with < ${policy.thresholds.coverageMinimum} engaged committee contacts)`, health.coverageGaps],
        ['Tier 1 with pipeline created in the period', health.tier1WithPipeline],
        ['Tier 1 → pipeline conversion (tier accuracy)', pct(health.tier1PipelineConversion)]
    ];
    const growthRows: (string | number)[][] =
        'error' in growth
            ? [['Growth plan', growth.error]]
            : [
                  ['Revenue goal', money(growth.revenueGoal)],
                  ['Average ABM deal size (measured)', money(growth.averageDealSize)],
                  ['ABM win rate (measured)', pct(growth.winRate)],
                  ['Evaluation → opportunity (measured)', pct(growth.evaluationToOpportunityRate)],
                  ['Deals needed', growth.dealsNeeded],
                  ['Opportunities needed', growth.opportunitiesNeeded],
                  ['Accounts needed in evaluation', growth.accountsInEvaluationNeeded]
              ];

    const md = [
        `# ${title}`,
        '',
        `Source: ${org.label} · as of ${asOf} · definitions: ${DICTIONARY}`,
        '',
        '## Pipeline contribution and win rate by tier',
        mdTable(tierHeaders, tierRows),
        '## ABM vs non-ABM deals',
        mdTable(dealHeaders, dealRows),
        '## List health and coverage',
        mdTable(['Measure', 'Value'], healthRows),
        '## Signal-to-meeting conversion',
        signalRows.length ? mdTable(signalHeaders, signalRows) : '_No intent signals in the period._\n',
        '## AE productivity',
        mdTable(aeHeaders, aeRows),
        '## Growth planning',
        mdTable(['Step', 'Value'], growthRows)
    ].join('\n');
    const kpi = (label: string, value: string) => `<div class="kpi">${esc(label)}<b>${esc(value)}</b></div>`;
    const html = page(
        title,
        `<p>Source: ${esc(org.label)} · as of ${esc(asOf)} · definitions: ${esc(DICTIONARY)}</p>` +
            `<div class="kpis">${kpi('Tier 1 pipeline', money(tiers[0]?.pipelineAmount ?? 0))}${kpi('Tier 1 win rate', pct(tiers[0]?.winRate ?? null))}` +
            `${kpi('Tier 1 → pipeline', pct(health.tier1PipelineConversion))}${kpi('Dormant Tier 1', String(health.dormantTier1))}</div>` +
            `<h2>Pipeline contribution and win rate by tier</h2>` +
            barChart(
                'Pipeline created by tier',
                tiers.map((t) => ({ label: `Tier ${t.tier}`, value: t.pipelineAmount, note: pct(t.pipelineShare) }))
            ) +
            table(tierHeaders, tierRows) +
            `<h2>ABM vs non-ABM deals</h2>` +
            barChart(
                'Average won deal size',
                deals.map((d) => ({ label: d.segment, value: Math.round(d.averageDealSize ?? 0) }))
            ) +
            barChart(
                'Average sales cycle (days)',
                deals.map((d) => ({ label: d.segment, value: Math.round(d.averageCycleDays ?? 0) }))
            ) +
            table(dealHeaders, dealRows) +
            `<h2>List health and coverage</h2>` +
            table(['Measure', 'Value'], healthRows) +
            `<h2>Signal-to-meeting conversion</h2>` +
            (signals.length
                ? barChart(
                      'Conversion by signal type (%)',
                      signals.map((s) => ({ label: s.signalType, value: Math.round((s.conversionRate ?? 0) * 1000) / 10 }))
                  ) + table(signalHeaders, signalRows)
                : '<p>No intent signals in the period.</p>') +
            `<h2>AE productivity</h2>` +
            barChart(
                'Engagement rate by AE (%)',
                productivity.map((p) => ({ label: p.name, value: Math.round((p.engagementRate ?? 0) * 1000) / 10 }))
            ) +
            table(aeHeaders, aeRows) +
            `<h2>Growth planning</h2>` +
            table(['Step', 'Value'], growthRows)
    );

    const out = options.out;
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'report.md'), md);
    await writeFile(join(out, 'report.html'), html);
    ux.out(`\n${title}`);
    for (const t of tiers)
        ux.out(
            `  Tier ${t.tier.padEnd(7)} pipeline ${money(t.pipelineAmount).padStart(12)} (${pct(t.pipelineShare)})  win rate ${pct(t.winRate)}`
        );
    ux.out(
        `  Tier 1 → pipeline ${pct(health.tier1PipelineConversion)}; dormant Tier 1 ${health.dormantTier1}; stalling ${health.stallingTier1}; ` +
            `unassigned ${health.unassignedTier1}; coverage gaps ${health.coverageGaps}`
    );
    ux.out(`
Report: ${resolve(out, 'report.html')}
        ${resolve(out, 'report.md')}`);
    return {
        asOf,
        period,
        fiscalYearStartMonth,
        tiers,
        deals,
        listHealth: health,
        signals,
        productivity,
        growth,
        files: { markdown: join(out, 'report.md'), html: join(out, 'report.html') }
    };
}

function mdTable(headers: string[], rows: (string | number)[][]): string {
    const cell = (c: string | number) => String(c).replace(/\|/g, '\\|');
    return [
        `| ${headers.map(cell).join(' | ')} |`,
        `| ${headers.map(() => '---').join(' | ')} |`,
        ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
        ''
    ].join('\n');
}
