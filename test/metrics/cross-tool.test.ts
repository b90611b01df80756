/**
 * One book, every tool, every shared metric (docs/metrics.md): `abm audit`, `abm report` and `abm comp` run on the
 * sample snapshot and on the local API double loaded with it, and the org's own formula fields (their formula text in
 * force-app, evaluated on the same records with TODAY() = the as-of date) stand in for the reports and list views that
 * filter, group and average them. Each shared metric must be the same number in every tool.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { executeAudit } from '../../scripts/cli/commands/audit';
import { executeComp } from '../../scripts/cli/commands/comp';
import { executeReport } from '../../scripts/cli/commands/report';
import { Ux } from '../../scripts/cli/shared';
import { fiscalYearStart } from '../../scripts/core/metrics';
import type { Org } from '../../scripts/org/index';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { startDouble, type Harness } from '../sfdouble/harness';
import { deployedSettings, evaluateField, formulaFields, type Value } from './formula-eval';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample-org');
const meta = JSON.parse(readFileSync(join(SAMPLE, 'snapshot.json'), 'utf8')) as { asOf: string; fiscalYearStartMonth: number };
const ASOF = meta.asOf;
const csv = (object: string) => parse(readFileSync(join(SAMPLE, `${object}.csv`)), { columns: true }) as Record<string, string>[];
const users = csv('User');
const automation = csv('ABM_Seller__c').find((s) => s.Role__c === 'Automation')!;
const AUTOMATION_USERNAME = users.find((u) => u.Id === automation.User__c)!.Username!;

// The org and the CLI configured alike: the low-tier owner is the sample's automation user in both.
const work = mkdtempSync(join(tmpdir(), 'abm-cross-'));
const auditPolicyFile = join(work, 'audit-policy.json');
const auditPolicy = {
    ...JSON.parse(readFileSync(join(ROOT, 'config', 'audit-policy.json'), 'utf8')),
    lowTierOwnerUsername: AUTOMATION_USERNAME
};
writeFileSync(auditPolicyFile, JSON.stringify(auditPolicy));
const settings: Record<string, Value> = { ...deployedSettings(), LowTierOwnerUsername__c: AUTOMATION_USERNAME };

type Metrics = {
    tier1: number;
    dormant: number;
    stalling: number;
    unassigned: number;
    coverageGaps: number;
    /** Per AE user id: Tier 1 accounts owned, engaged, average days Identified→SQL, Tier 1 pipeline fiscal YTD. */
    byAe: Record<string, { tier1: number; engaged: number; daysToSql: number | null; pipelineYtd?: number }>;
};

/** The org's numbers: formula fields evaluated per account, then what the reports / list views do with them. */
function orgMetrics(): Metrics {
    const fields = formulaFields('Account', [
        'ABM_DaysSinceEngagement__c',
        'ABM_EngagementStatus__c',
        'ABM_EngagedLast30Days__c',
        'ABM_IsOwnerUnassigned__c',
        'ABM_DaysIdentifiedToSql__c',
        'ABM_HealthBand__c'
    ]);
    const userById = new Map(users.map((u) => [u.Id!, u]));
    const value = (v: string | undefined): Value => (v === undefined || v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
    const tier1 = csv('Account').filter((a) => a.ABM_Tier__c === '1');
    const byAe: Metrics['byAe'] = {};
    let dormant = 0;
    let stalling = 0;
    let unassigned = 0;
    let coverageGaps = 0;
    for (const a of tier1) {
        const owner = userById.get(a.OwnerId!);
        const record: Record<string, Value> = {
            ...Object.fromEntries(Object.entries(a).map(([k, v]) => [k, value(v)])),
            'Owner.IsActive': owner?.IsActive === 'true',
            'Owner.Username': owner?.Username ?? null
        };
        const field = (name: string) => evaluateField(fields, name, record, ASOF, settings);
        const status = field('ABM_EngagementStatus__c');
        if (status === 'Dormant') dormant++; // report ABM_Tier1_Dormant, list view ABM_DormantTier1
        if (status === 'Stalling') stalling++; // report ABM_Tier1_Stalling, list view ABM_StallingTier1
        if (field('ABM_IsOwnerUnassigned__c') === true) unassigned++; // list view ABM_UnassignedTier1
        // The band's coverage rule on the stored field (At risk: Tier 1 below CoverageMinimum).
        if (Number(record.ABM_ContactCoverage__c ?? 0) < Number(settings.CoverageMinimum__c)) coverageGaps++;
        // Report ABM_AE_Tier1_Productivity: grouped by account owner; row count, SUM(ABM_EngagedLast30Days__c),
        // AVG(ABM_DaysIdentifiedToSql__c) over the non-blank values.
        const row = (byAe[a.OwnerId!] ??= { tier1: 0, engaged: 0, daysToSql: null });
        row.tier1++;
        row.engaged += Number(field('ABM_EngagedLast30Days__c'));
        const d = field('ABM_DaysIdentifiedToSql__c');
        if (d !== null) ((row as { days?: number[] }).days ??= []).push(Number(d));
    }
    for (const row of Object.values(byAe)) {
        const list = (row as { days?: number[] }).days ?? [];
        row.daysToSql = list.length ? list.reduce((s, x) => s + x, 0) / list.length : null;
        delete (row as { days?: number[] }).days;
    }
    return { tier1: tier1.length, dormant, stalling, unassigned, coverageGaps, byAe };
}

/** The CLI's numbers on one door (snapshot or API double). */
async function cliMetrics(org: Org): Promise<{ audit: Partial<Metrics>; report: Metrics; comp: Metrics['byAe'] }> {
    const ux = new Ux(true);
    const period = { 'as-of': ASOF, 'fiscal-start-month': String(meta.fiscalYearStartMonth) };
    const audit = await executeAudit({ org: {}, policyFile: auditPolicyFile, asOf: ASOF, out: join(work, 'audit') }, ux, org);
    const count = (check: string) => {
        const c = audit.result.byCheck.find((x) => x.check === check)!;
        return c.high + c.medium + c.low;
    };
    const report = await executeReport({ org: {}, period, auditPolicyFile, out: join(work, 'report') }, ux, org);
    // Comp over fiscal year to date: its period end is the as-of date, so its book, engagement and Tier 1 pipeline
    // are the report's "at the as-of date" and "fiscal YTD" numbers.
    const comp = await executeComp(
        {
            org: {},
            period: { ...period, from: fiscalYearStart(ASOF, meta.fiscalYearStartMonth), to: ASOF },
            auditPolicyFile,
            out: join(work, 'comp')
        },
        ux,
        org
    );
    const byAe: Metrics['byAe'] = {};
    for (const p of report.productivity) {
        if (!p.tier1Accounts) continue;
        byAe[p.userId] = {
            tier1: p.tier1Accounts,
            engaged: Math.round((p.engagementRate ?? 0) * p.tier1Accounts),
            daysToSql: p.averageDaysIdentifiedToSql,
            pipelineYtd: p.tier1PipelineYtd
        };
    }
    const compByAe: Metrics['byAe'] = {};
    for (const r of comp.rows)
        if (r.tier1Accounts)
            compByAe[r.userId] = { tier1: r.tier1Accounts, engaged: r.engagedTier1Accounts, daysToSql: null, pipelineYtd: r.tier1Pipeline };
    const h = report.listHealth;
    return {
        audit: {
            dormant: count('dormant'),
            stalling: count('stalling'),
            unassigned: count('unassigned-tier1'),
            coverageGaps: count('low-coverage')
        },
        report: {
            tier1: h.tier1,
            dormant: h.dormantTier1,
            stalling: h.stallingTier1,
            unassigned: h.unassignedTier1,
            coverageGaps: h.coverageGaps,
            byAe
        },
        comp: compByAe
    };
}

const org = orgMetrics();

function compare(cli: Awaited<ReturnType<typeof cliMetrics>>) {
    const { byAe, ...totals } = org;
    // Account-level metrics: org formulas = report = audit.
    expect(cli.report).toMatchObject(totals);
    expect({ ...totals, ...cli.audit }).toEqual(totals);
    // Per AE (account owner at the as-of date): Tier 1 book, engaged accounts, days Identified→SQL. The org report
    // groups every owner; the AE table lists AEs (the automation user's and SDRs' Tier 1 accounts are not a book).
    const aes = new Set(
        csv('ABM_Seller__c')
            .filter((x) => x.Role__c === 'AE')
            .map((x) => x.User__c)
    );
    for (const [user, row] of Object.entries(byAe).filter(([u]) => aes.has(u))) {
        expect([user, cli.report.byAe[user]?.tier1, cli.report.byAe[user]?.engaged]).toEqual([user, row.tier1, row.engaged]);
        const days = cli.report.byAe[user]?.daysToSql ?? null;
        expect([user, days === null ? null : Math.round(days * 1e9)]).toEqual([
            user,
            row.daysToSql === null ? null : Math.round(row.daysToSql * 1e9)
        ]);
    }
    // Comp (period = fiscal YTD to the as-of date) = report: book, engaged, Tier 1 pipeline YTD (opportunity owner).
    for (const [user, row] of Object.entries(cli.report.byAe)) {
        expect([user, cli.comp[user]]).toEqual([user, { ...row, daysToSql: null }]);
    }
    expect(Object.keys(cli.comp).sort()).toEqual(Object.keys(cli.report.byAe).sort());
}

it('the org formulas and reports measure the sample as the tools do, and the sample exercises every metric', () => {
    // A comparison of zeros proves nothing: the sample has some of each.
    expect(org).toMatchObject({ tier1: 200 });
    for (const k of ['dormant', 'stalling', 'unassigned', 'coverageGaps'] as const) expect(org[k]).toBeGreaterThan(0);
    expect(Object.values(org.byAe).some((r) => r.engaged > 0 && r.engaged < r.tier1)).toBe(true);
});

it('abm audit, abm report and abm comp agree with the org on the sample snapshot', async () => {
    compare(await cliMetrics(await SnapshotOrg.open(SAMPLE)));
});

it('and on the API double loaded with the same book', async () => {
    let h: Harness | undefined;
    try {
        h = await startDouble({ snapshotDir: SAMPLE });
        compare(await cliMetrics(h.org));
    } finally {
        await h?.stop();
    }
});

it('keeps the CLI thresholds equal to the ABM settings record and the formula constants', () => {
    const analytics = JSON.parse(readFileSync(join(ROOT, 'config', 'analytics-policy.json'), 'utf8')) as { engagementWindowDays: number };
    const deployed = deployedSettings();
    const audit = JSON.parse(readFileSync(join(ROOT, 'config', 'audit-policy.json'), 'utf8')) as Record<string, unknown>;
    expect({ stallingDays: audit.stallingDays, dormantDays: audit.dormantDays, coverageMinimum: audit.coverageMinimum }).toEqual({
        stallingDays: deployed.StallingDays__c,
        dormantDays: deployed.DormantDays__c,
        coverageMinimum: deployed.CoverageMinimum__c
    });
    const engaged = formulaFields('Account', ['ABM_EngagedLast30Days__c']).get('abm_engagedlast30days__c')!.formula;
    expect(engaged).toContain(`<= ${analytics.engagementWindowDays})`);
});
