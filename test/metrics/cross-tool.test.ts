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
import { addDays, coverageOf, daysBetween, fiscalYearStart, REQUIRED_ROLES } from '../../scripts/core/metrics';
import type { Org } from '../../scripts/org/index';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { startDouble, type Harness } from '../sfdouble/harness';
import { deployedSettings, evaluateField, formulaFields, typedRecord, type Value } from './formula-eval';

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

/** Tier 1 accounts whose ABM_HealthBand__c is not the band of their status and coverage gap (should be none). */
const bandMismatches: string[] = [];

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
    const tier1 = csv('Account').filter((a) => a.ABM_Tier__c === '1');
    const byAe: Metrics['byAe'] = {};
    let dormant = 0;
    let stalling = 0;
    let unassigned = 0;
    let coverageGaps = 0;
    for (const a of tier1) {
        const owner = userById.get(a.OwnerId!);
        const record: Record<string, Value> = {
            ...typedRecord('Account', a),
            'Owner.IsActive': owner?.IsActive === 'true',
            'Owner.Username': owner?.Username ?? null
        };
        const field = (name: string) => evaluateField(fields, name, record, ASOF, settings);
        const status = field('ABM_EngagementStatus__c');
        if (status === 'Dormant') dormant++; // report ABM_Tier1_Dormant, list view ABM_DormantTier1
        if (status === 'Stalling') stalling++; // report ABM_Tier1_Stalling, list view ABM_StallingTier1
        if (field('ABM_IsOwnerUnassigned__c') === true) unassigned++; // list view ABM_UnassignedTier1
        // The band's coverage rule on the stored field (At risk: Tier 1 below CoverageMinimum): a Tier 1 account that
        // is not dormant is At risk exactly when it has a coverage gap (report ABM_Tier1_By_Health_Band).
        const gap = Number(record.ABM_ContactCoverage__c ?? 0) < Number(settings.CoverageMinimum__c);
        if (gap) coverageGaps++;
        const band = status === 'Dormant' || gap ? 'At risk' : status === 'Stalling' ? 'Stalling' : 'Healthy';
        if (field('ABM_HealthBand__c') !== band) bandMismatches.push(a.Id!);
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

// ---- The Opportunity reports, computed as their metadata defines them ----------------------------------------------

type ReportDef = { timeFrame: string; interval: string; filters: string[]; groupings: string[]; formulas: string[]; buckets: string[] };

/** The parts of a report's definition that decide its numbers (time frame, filters, groupings, summary formulas). */
function reportDef(name: string): ReportDef {
    const xml = readFileSync(join(ROOT, 'force-app', 'main', 'default', 'reports', 'ABM_Reports', `${name}.report-meta.xml`), 'utf8');
    const all = (re: RegExp) => [...xml.matchAll(re)].map((m) => m.slice(1).join(' '));
    return {
        timeFrame: /<dateColumn>([^<]+)<\/dateColumn>/.exec(xml)![1]!,
        interval: /<interval>([^<]+)<\/interval>/.exec(xml)![1]!,
        filters: all(/<criteriaItems>\s*<column>([^<]+)<\/column>[\s\S]*?<operator>([^<]+)<\/operator>\s*<value>([^<]*)<\/value>/g),
        groupings: all(/<groupingsDown>[\s\S]*?<field>([^<]+)<\/field>/g),
        formulas: all(/<calculatedFormula>([^<]+)<\/calculatedFormula>/g),
        buckets: all(/<sourceValue>([^<]+)<\/sourceValue>/g)
    };
}

/** The current fiscal year at the as-of date (INTERVAL_CURFY; the org's fiscal year starts in the snapshot's month). */
const FY = (() => {
    const start = fiscalYearStart(ASOF, meta.fiscalYearStartMonth);
    const [y, m] = start.split('-').map(Number) as [number, number];
    return { start, end: addDays(new Date(Date.UTC(y + 1, m - 1, 1)).toISOString().slice(0, 10), -1) };
})();

/** Tier 1 pipeline YTD per opportunity owner, win rate by tier and ABM vs non-ABM won deals, as the reports compute them. */
function opportunityReports() {
    expect(reportDef('ABM_Tier1_Pipeline_YTD')).toMatchObject({
        timeFrame: 'CREATED_DATE',
        interval: 'INTERVAL_CURFY',
        filters: ['Account.ABM_Tier__c equals 1'],
        groupings: ['FULL_NAME']
    });
    expect(reportDef('ABM_Win_Rate_By_Tier')).toMatchObject({
        timeFrame: 'CLOSE_DATE',
        interval: 'INTERVAL_CURFY',
        filters: ['CLOSED equals 1'],
        groupings: ['Account.ABM_Tier__c'],
        formulas: ['WON:SUM / CLOSED:SUM']
    });
    expect(reportDef('ABM_Won_Deals_ABM_vs_Non_ABM')).toMatchObject({
        timeFrame: 'CLOSE_DATE',
        interval: 'INTERVAL_CURFY',
        filters: ['WON equals 1'],
        groupings: ['BucketField_AbmProgram', 'Account.ABM_Tier__c'],
        buckets: ['1', '2', '3']
    });
    const tierOf = new Map(csv('Account').map((a) => [a.Id!, a.ABM_Tier__c || '']));
    const opps = csv('Opportunity').map((o) => ({
        OwnerId: o.OwnerId!,
        CreatedDate: o.CreatedDate!,
        CloseDate: o.CloseDate!,
        IsClosed: o.IsClosed === 'true',
        IsWon: o.IsWon === 'true',
        tier: tierOf.get(o.AccountId ?? '') ?? '',
        amount: Number(o.Amount || 0)
    }));
    const inFy = (d: string | undefined) => !!d && d.slice(0, 10) >= FY.start && d.slice(0, 10) <= FY.end;
    const pipelineYtd: Record<string, number> = {};
    for (const o of opps.filter((x) => x.tier === '1' && inFy(x.CreatedDate)))
        pipelineYtd[o.OwnerId] = (pipelineYtd[o.OwnerId] ?? 0) + o.amount;
    const winRate: Record<string, number | null> = {};
    for (const tier of ['1', '2', '3', 'Not ABM']) {
        // The report's "Not ABM" and blank-tier groups are the CLI's Not ABM row.
        const closed = opps.filter(
            (o) => o.IsClosed && inFy(o.CloseDate) && (tier === 'Not ABM' ? !['1', '2', '3'].includes(o.tier) : o.tier === tier)
        );
        winRate[tier] = closed.length ? closed.filter((o) => o.IsWon).length / closed.length : null;
    }
    const mean = (xs: number[]) => (xs.length ? xs.reduce((t, x) => t + x, 0) / xs.length : null);
    const won = opps.filter((o) => o.IsWon && inFy(o.CloseDate));
    const deals = (['ABM', 'Non-ABM'] as const).map((segment) => {
        const rows = won.filter((o) => ['1', '2', '3'].includes(o.tier) === (segment === 'ABM'));
        // AGE of a closed opportunity: close date − created date, in days.
        return {
            segment,
            wonDeals: rows.length,
            averageDealSize: mean(rows.map((o) => o.amount)),
            averageCycleDays: mean(rows.map((o) => daysBetween(o.CreatedDate, o.CloseDate)!))
        };
    });
    return { pipelineYtd, winRate, deals };
}

/** The CLI's numbers on one door (snapshot or API double). */
async function cliMetrics(org: Org) {
    const ux = new Ux(true);
    const period = { 'as-of': ASOF, 'fiscal-start-month': String(meta.fiscalYearStartMonth) };
    const audit = await executeAudit({ org: {}, policyFile: auditPolicyFile, asOf: ASOF, out: join(work, 'audit') }, ux, org);
    const count = (check: string) => {
        const c = audit.result.byCheck.find((x) => x.check === check)!;
        return c.high + c.medium + c.low;
    };
    const report = await executeReport({ org: {}, period, auditPolicyFile, out: join(work, 'report') }, ux, org);
    // The same report over the current fiscal year: the period of the Opportunity reports.
    const fy = await executeReport(
        { org: {}, period: { ...period, from: FY.start, to: FY.end }, auditPolicyFile, out: join(work, 'report-fy') },
        ux,
        org
    );
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
        comp: compByAe,
        opportunityReports: {
            pipelineYtd: Object.fromEntries(report.productivity.map((p) => [p.userId, p.tier1PipelineYtd])),
            winRate: Object.fromEntries(fy.tiers.map((t) => [t.tier, t.winRate])),
            deals: fy.deals
        }
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
    // The Opportunity reports (current fiscal year) = abm report: Tier 1 pipeline YTD per AE (opportunity owner), win
    // rate by tier, ABM vs non-ABM won deals (count, average amount, average cycle).
    const reports = opportunityReports();
    for (const [user, amount] of Object.entries(cli.opportunityReports.pipelineYtd))
        expect([user, amount]).toEqual([user, reports.pipelineYtd[user] ?? 0]);
    expect(cli.opportunityReports.winRate).toEqual(reports.winRate);
    expect(cli.opportunityReports.deals).toEqual(reports.deals);
}

it('the org formulas and reports measure the sample as the tools do, and the sample exercises every metric', () => {
    // A comparison of zeros proves nothing: the sample has some of each.
    expect(org).toMatchObject({ tier1: 200 });
    for (const k of ['dormant', 'stalling', 'unassigned', 'coverageGaps'] as const) expect(org[k]).toBeGreaterThan(0);
    expect(Object.values(org.byAe).some((r) => r.engaged > 0 && r.engaged < r.tier1)).toBe(true);
    // The health band (report ABM_Tier1_By_Health_Band) is the status and the coverage gap, account by account.
    expect(bandMismatches).toEqual([]);
    const reports = opportunityReports();
    expect(Object.values(reports.pipelineYtd).filter((x) => x > 0).length).toBeGreaterThan(1);
    expect(Object.values(reports.winRate).filter((x) => x !== null && x > 0 && x < 1).length).toBeGreaterThan(1);
    expect(reports.deals.every((d) => d.wonDeals > 0)).toBe(true);
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
    expect({
        stallingDays: audit.stallingDays,
        dormantDays: audit.dormantDays,
        coverageMinimum: audit.coverageMinimum,
        tier1SunsetDays: audit.tier1SunsetDays,
        tier2SunsetDays: audit.tier2SunsetDays
    }).toEqual({
        stallingDays: deployed.StallingDays__c,
        dormantDays: deployed.DormantDays__c,
        coverageMinimum: deployed.CoverageMinimum__c,
        tier1SunsetDays: deployed.Tier1SunsetDays__c,
        tier2SunsetDays: deployed.Tier2SunsetDays__c
    });
    const engaged = formulaFields('Account', ['ABM_EngagedLast30Days__c']).get('abm_engagedlast30days__c')!.formula;
    expect(engaged).toContain(`<= ${analytics.engagementWindowDays})`);
});

it('keeps the Apex buying-committee definitions equal to the CLI (coverage and completeness, docs/metrics.md)', () => {
    const apex = readFileSync(join(ROOT, 'force-app', 'main', 'default', 'classes', 'AbmHealthService.cls'), 'utf8');
    const roles = /REQUIRED_ROLES = new List<String>\{([^}]*)\}/
        .exec(apex)![1]!
        .match(/'([^']+)'/g)!
        .map((r) => r.slice(1, -1));
    expect(roles).toEqual([...REQUIRED_ROLES]);
    // Coverage: any non-blank role ("Other" included), engaged, not left; the TS predicate on the same cases.
    const counts = /countsTowardCoverage\([^)]*\) \{\s*return ([^;]+);/.exec(apex)![1];
    expect(counts).toBe('isEngaged == true && hasLeftCompany != true && String.isNotBlank(buyingRole)');
    const cases = [
        ['Other', true, false, 1],
        ['Champion', true, false, 1],
        ['', true, false, 0],
        [null, true, false, 0],
        ['Champion', false, false, 0],
        ['Champion', true, true, 0]
    ] as const;
    for (const [role, engaged, left, n] of cases)
        expect([
            role,
            engaged,
            left,
            coverageOf([{ ABM_BuyingRole__c: role, ABM_IsEngaged__c: engaged, ABM_HasLeftCompany__c: left }])
        ]).toEqual([role, engaged, left, n]);
});
