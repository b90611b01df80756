/**
 * Account-level ABM analytics and the 50/25/25 compensation model. Pure: plain rows in, numbers out; the "as of"
 * date and the period are parameters. Each metric follows its definition in docs/metrics.md; the definitions shared
 * with `abm audit` and the org (engagement, dormant/stalling, coverage, unassigned) live in ./metrics.ts.
 */
import {
    coverageOf,
    daysBetween,
    daysSinceEngagement,
    engagementIndex,
    engagementStatus,
    existedAsOf,
    fiscalYearToDate,
    isEngagedAsOf,
    isUnassigned,
    ownersAsOf,
    periodDays,
    type CommitteeContact,
    type HealthThresholds,
    type MetricActivity,
    type OwnerChange,
    type Period
} from './metrics.js';

export { daysBetween, type Period };

export type Tier = '1' | '2' | '3' | 'Not ABM';

export type AnalyticsAccount = {
    Id: string;
    Name: string;
    OwnerId: string | null;
    ABM_Tier__c: string | null;
    ABM_Stage__c: string | null;
    ABM_IdentifiedDate__c: string | null;
    ABM_SqlEnteredDate__c: string | null;
    /** The stored coverage; used only when the book has no contacts (coverage is computed from the contacts). */
    ABM_ContactCoverage__c: number | null;
    LastActivityDate: string | null;
    ABM_LastEngagementDate__c?: string | null;
    CreatedDate?: string | null;
};

export type AnalyticsOpportunity = {
    Id: string;
    AccountId: string | null;
    OwnerId: string | null;
    Amount: number | null;
    StageName: string | null;
    CreatedDate: string | null;
    CloseDate: string | null;
    IsClosed: boolean;
    IsWon: boolean;
};

export type AnalyticsActivity = {
    AccountId: string | null;
    ActivityDate: string | null;
    Subject: string | null;
    Type?: string | null;
    /** False for an open task (not activity yet); missing counts as done. */
    IsClosed?: boolean | null;
    /** Task.CompletedDateTime: a task completed after a date was not activity as of that date. */
    CompletedDate?: string | null;
};
export type AnalyticsSignal = { Account__c: string | null; SignalType__c: string | null; SignalDate__c: string | null };
export type AnalyticsSeller = {
    UserId: string;
    Name: string;
    Role: string;
    /** Active seller record and active user. */
    IsActive: boolean;
    /** Quota and on-target earnings for `comp.quotaPeriodMonths` months (annual by default). */
    QuotaAmount: number | null;
    OnTargetEarnings: number | null;
};
export type AnalyticsContact = CommitteeContact & { AccountId: string | null };
export type AnalyticsUser = { Id: string; IsActive: boolean; Username?: string | null };

/** Everything the analytics read: one book, as `abm report` and `abm comp` load it. */
export type AnalyticsBook = {
    accounts: AnalyticsAccount[];
    opportunities: AnalyticsOpportunity[];
    /** Tasks and events on accounts. */
    activities: AnalyticsActivity[];
    /** Campaign responses of the accounts' contacts (AccountId, ActivityDate = FirstRespondedDate): engagement. */
    responses?: MetricActivity[];
    signals: AnalyticsSignal[];
    sellers: AnalyticsSeller[];
    /** The buying committee; without it, coverage falls back to the stored ABM_ContactCoverage__c. */
    contacts?: AnalyticsContact[];
    /** Users (for "unassigned": inactive owners); without them, sellers' users are the known ones. */
    users?: AnalyticsUser[];
    /** Ownership changes (ABM_Assignment__c), to know who owned an account at a past period end. */
    ownerChanges?: OwnerChange[];
};

export type AnalyticsPolicy = {
    /** Days of the engagement window (engagement rate, comp engagement): the formula ABM_EngagedLast30Days__c uses 30. */
    engagementWindowDays: number;
    /** Days after a signal within which a meeting counts as its conversion. */
    signalToMeetingDays: number;
    /** Dormant / stalling / coverage thresholds and the low-tier owner: the ABM settings (config/audit-policy.json). */
    thresholds: HealthThresholds & { lowTierOwnerUsername: string | null };
    /** Compensation: weights of quota, engagement and Tier 1 pipeline (sum to 1). */
    comp: {
        quotaWeight: number;
        engagementWeight: number;
        pipelineWeight: number;
        /** `activity` = engaged at the period end; `sql` = moved to SQL Account in the period; `either`. */
        engagementDefinition: 'activity' | 'sql' | 'either';
        /** Tier 1 pipeline target as a multiple of the period's quota. */
        tier1PipelineTargetMultiple: number;
        /** Cap on each attainment ratio (e.g. 1.5 = 150 %): a payout never exceeds the period's OTE × cap. */
        attainmentCap: number;
        /** Months that QuotaAmount__c and OnTargetEarnings__c cover (12: annual amounts). */
        quotaPeriodMonths: number;
    };
};

export const DEFAULT_ANALYTICS_POLICY: AnalyticsPolicy = {
    engagementWindowDays: 30,
    signalToMeetingDays: 14,
    thresholds: { stallingDays: 21, dormantDays: 60, coverageMinimum: 3, lowTierOwnerUsername: null },
    comp: {
        quotaWeight: 0.5,
        engagementWeight: 0.25,
        pipelineWeight: 0.25,
        engagementDefinition: 'activity',
        tier1PipelineTargetMultiple: 2,
        attainmentCap: 1.5,
        quotaPeriodMonths: 12
    }
};

const inPeriod = (date: string | null | undefined, period: Period): boolean =>
    !!date && date.slice(0, 10) >= period.start && date.slice(0, 10) <= period.end;

export const tierOf = (value: string | null | undefined): Tier => (value === '1' || value === '2' || value === '3' ? value : 'Not ABM');

const mean = (values: number[]): number | null => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);
const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);
const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const key = (id: string) => id.slice(0, 15);

export const TIERS: Tier[] = ['1', '2', '3', 'Not ABM'];

/**
 * The low-tier (marketing-automation) owner test: the user named by `lowTierOwnerUsername` (ABM settings
 * LowTierOwnerUsername__c); when it is not set, the users of active sellers with role Automation.
 */
export function lowTierOwnerTest(
    users: readonly { Id: string; Username?: string | null }[],
    sellers: readonly { UserId: string; Role: string; IsActive: boolean }[],
    lowTierOwnerUsername: string | null
): (userId: string) => boolean {
    const ids = lowTierOwnerUsername
        ? users.filter((u) => (u.Username ?? '').toLowerCase() === lowTierOwnerUsername.toLowerCase()).map((u) => key(u.Id))
        : sellers.filter((s) => s.IsActive && s.Role === 'Automation').map((s) => key(s.UserId));
    const set = new Set(ids);
    return (userId) => set.has(key(userId));
}

/** Users known to the book: its users, else the sellers' users (active as their seller record). */
function userMap(book: AnalyticsBook): Map<string, { Id: string; IsActive: boolean }> {
    const users = book.users ?? book.sellers.map((s) => ({ Id: s.UserId, IsActive: s.IsActive }));
    return new Map(users.map((u) => [key(u.Id), u]));
}

/** Contact coverage per account: from the contacts when the book has them, else the stored field. */
function coverageByAccount(book: AnalyticsBook): (a: AnalyticsAccount) => number {
    if (!book.contacts) return (a) => a.ABM_ContactCoverage__c ?? 0;
    const byAccount = new Map<string, AnalyticsContact[]>();
    for (const c of book.contacts) {
        if (!c.AccountId) continue;
        const list = byAccount.get(key(c.AccountId));
        if (list) list.push(c);
        else byAccount.set(key(c.AccountId), [c]);
    }
    return (a) => coverageOf(byAccount.get(key(a.Id)) ?? []);
}

export type TierPipelineRow = {
    tier: Tier;
    accounts: number;
    /** Opportunities created in the period on accounts of this tier, and their amount. */
    pipelineCreated: number;
    pipelineAmount: number;
    /** Share of the period's total pipeline amount. */
    pipelineShare: number | null;
    /** Opportunities closed in the period, won, and won / closed. */
    closed: number;
    won: number;
    winRate: number | null;
    wonAmount: number;
};

/** Pipeline (opportunities created in the period) and win rate (won / closed in the period) by account tier. */
export function pipelineByTier(accounts: AnalyticsAccount[], opportunities: AnalyticsOpportunity[], period: Period): TierPipelineRow[] {
    const tierById = new Map(accounts.map((a) => [a.Id, tierOf(a.ABM_Tier__c)]));
    const totalAmount = sum(opportunities.filter((o) => inPeriod(o.CreatedDate, period)).map((o) => o.Amount ?? 0));
    return TIERS.map((tier) => {
        const opps = opportunities.filter((o) => (o.AccountId ? tierById.get(o.AccountId) : undefined) === tier);
        const created = opps.filter((o) => inPeriod(o.CreatedDate, period));
        const closed = opps.filter((o) => o.IsClosed && inPeriod(o.CloseDate, period));
        const won = closed.filter((o) => o.IsWon);
        const pipelineAmount = sum(created.map((o) => o.Amount ?? 0));
        return {
            tier,
            accounts: accounts.filter((a) => tierOf(a.ABM_Tier__c) === tier).length,
            pipelineCreated: created.length,
            pipelineAmount,
            pipelineShare: ratio(pipelineAmount, totalAmount),
            closed: closed.length,
            won: won.length,
            winRate: ratio(won.length, closed.length),
            wonAmount: sum(won.map((o) => o.Amount ?? 0))
        };
    });
}

export type DealComparison = {
    segment: 'ABM' | 'Non-ABM';
    wonDeals: number;
    averageDealSize: number | null;
    /** Mean days from CreatedDate to CloseDate of won deals. */
    averageCycleDays: number | null;
};

/** ABM (Tier 1–3) vs non-ABM won deals closed in the period: average size and sales-cycle length. */
export function abmVsNonAbm(accounts: AnalyticsAccount[], opportunities: AnalyticsOpportunity[], period: Period): DealComparison[] {
    const tierById = new Map(accounts.map((a) => [a.Id, tierOf(a.ABM_Tier__c)]));
    const won = opportunities.filter((o) => o.IsWon && inPeriod(o.CloseDate, period));
    return (['ABM', 'Non-ABM'] as const).map((segment) => {
        const deals = won.filter((o) => {
            const tier = o.AccountId ? (tierById.get(o.AccountId) ?? 'Not ABM') : 'Not ABM';
            return (tier !== 'Not ABM') === (segment === 'ABM');
        });
        const cycles = deals.map((o) => daysBetween(o.CreatedDate, o.CloseDate)).filter((d): d is number => d !== null);
        return {
            segment,
            wonDeals: deals.length,
            averageDealSize: mean(deals.map((o) => o.Amount ?? 0)),
            averageCycleDays: mean(cycles)
        };
    });
}

export type AeProductivityRow = {
    userId: string;
    name: string;
    /** Tier 1 accounts the AE owns at the as-of date. */
    tier1Accounts: number;
    /** Share of the AE's Tier 1 accounts at each account stage. */
    stageShare: Record<string, number>;
    /** Mean days Identified → SQL Account over the AE's Tier 1 accounts that reached SQL (ABM_DaysIdentifiedToSql__c). */
    averageDaysIdentifiedToSql: number | null;
    /** Amount of opportunities the AE owns on Tier 1 accounts, created from the fiscal year start to the as-of date. */
    tier1PipelineYtd: number;
    /** Share of the AE's Tier 1 accounts engaged at the as-of date (ABM_EngagedLast30Days__c). */
    engagementRate: number | null;
};

export const STAGES = ['Unknown', 'Identified', 'Engaged', 'MQL Account', 'SQL Account', 'Opportunity', 'Customer'];

/** Days Identified → SQL of one account (ABM_DaysIdentifiedToSql__c): null unless both are stamped in that order. */
export function daysIdentifiedToSql(a: Pick<AnalyticsAccount, 'ABM_IdentifiedDate__c' | 'ABM_SqlEnteredDate__c'>): number | null {
    const d = daysBetween(a.ABM_IdentifiedDate__c, a.ABM_SqlEnteredDate__c);
    return d !== null && d >= 0 ? d : null;
}

/** Tier 1 accounts that existed at the end of `asOf` (tier: the current one, no tier history is kept). */
const tier1AsOf = (book: AnalyticsBook, asOf: string): AnalyticsAccount[] =>
    book.accounts.filter((a) => tierOf(a.ABM_Tier__c) === '1' && existedAsOf(a, asOf));

/**
 * Tier 1 accounts by the AE who owned them at the end of `asOf` (the current owner, rolled back through later changes;
 * accounts created later are not in anyone's book).
 */
function tier1BookAsOf(book: AnalyticsBook, asOf: string): Map<string, AnalyticsAccount[]> {
    const tier1 = tier1AsOf(book, asOf);
    const owners = ownersAsOf(tier1, book.ownerChanges ?? [], asOf);
    const byOwner = new Map<string, AnalyticsAccount[]>();
    for (const a of tier1) {
        const owner = owners.get(a.Id);
        if (!owner) continue;
        const list = byOwner.get(key(owner));
        if (list) list.push(a);
        else byOwner.set(key(owner), [a]);
    }
    return byOwner;
}

/** Opportunities on Tier 1 accounts owned by each user (the opportunity owner), created in the period. */
function tier1PipelineByOwner(book: AnalyticsBook, period: Period): Map<string, number> {
    const tier1 = new Set(book.accounts.filter((a) => tierOf(a.ABM_Tier__c) === '1').map((a) => key(a.Id)));
    const byOwner = new Map<string, number>();
    for (const o of book.opportunities) {
        if (!o.OwnerId || !o.AccountId || !tier1.has(key(o.AccountId)) || !inPeriod(o.CreatedDate, period)) continue;
        byOwner.set(key(o.OwnerId), (byOwner.get(key(o.OwnerId)) ?? 0) + (o.Amount ?? 0));
    }
    return byOwner;
}

/** The AE productivity table at the as-of date; year to date starts at the fiscal year start. */
export function aeProductivity(
    book: AnalyticsBook,
    asOf: string,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY,
    fiscalYearStartMonth = 1
): AeProductivityRow[] {
    const activities = engagementIndex(book.activities, book.responses, asOf);
    const books = tier1BookAsOf(book, asOf);
    const pipeline = tier1PipelineByOwner(book, fiscalYearToDate(asOf, fiscalYearStartMonth));
    return book.sellers
        .filter((s) => s.Role === 'AE')
        .map((seller) => {
            const tier1 = books.get(key(seller.UserId)) ?? [];
            const stageShare: Record<string, number> = {};
            for (const stage of STAGES) {
                const n = tier1.filter((a) => (a.ABM_Stage__c ?? 'Unknown') === stage).length;
                stageShare[stage] = tier1.length ? n / tier1.length : 0;
            }
            const cycle = tier1.map(daysIdentifiedToSql).filter((d): d is number => d !== null);
            const engaged = tier1.filter((a) => isEngagedAsOf(a, activities, asOf, policy.engagementWindowDays)).length;
            return {
                userId: seller.UserId,
                name: seller.Name,
                tier1Accounts: tier1.length,
                stageShare,
                averageDaysIdentifiedToSql: mean(cycle),
                tier1PipelineYtd: pipeline.get(key(seller.UserId)) ?? 0,
                engagementRate: ratio(engaged, tier1.length)
            };
        });
}

/** Months covered by a period when it runs from a 1st to a month end, else days ÷ (365 / 12). */
export function periodMonths(period: Period): number {
    const [sy, sm, sd] = period.start.split('-').map(Number) as [number, number, number];
    const [ey, em] = period.end.split('-').map(Number) as [number, number];
    const nextDay = new Date(Date.parse(period.end) + 86_400_000).toISOString().slice(8, 10);
    if (sd === 1 && nextDay === '01') return (ey - sy) * 12 + (em - sm) + 1;
    return periodDays(period) / (365 / 12);
}

export type CompRow = {
    userId: string;
    name: string;
    isActive: boolean;
    /** The seller record's amounts (for `quotaPeriodMonths` months) and the share of them that is the comp period's. */
    recordQuota: number;
    recordOnTargetEarnings: number;
    proration: number;
    /** Quota and OTE of the comp period (record amount × proration). */
    quota: number;
    onTargetEarnings: number;
    closedWon: number;
    quotaAttainment: number;
    tier1Accounts: number;
    engagedTier1Accounts: number;
    engagementScore: number;
    tier1Pipeline: number;
    tier1PipelineTarget: number;
    pipelineAttainment: number;
    /** Weighted, capped attainment: quotaWeight × quota + engagementWeight × engagement + pipelineWeight × pipeline. */
    weightedAttainment: number;
    /** Period OTE × weighted attainment: never more than period OTE × cap. */
    payout: number;
    problems: string[];
};

/**
 * The seeds' ABM compensation model, per AE for a period: 50 % quota attainment + 25 % account engagement +
 * 25 % Tier 1 pipeline, applied to the AE's on-target earnings (OTE) for the period. The seller record's quota and OTE
 * are amounts for `quotaPeriodMonths` months, prorated to the period. Attribution: closed-won and Tier 1 pipeline go
 * to the opportunity owner; engagement is judged on the Tier 1 accounts the AE owned at the period end, from the
 * activity in the window ending at the period end. Inputs are returned so a rep can check their number.
 */
export function compensation(book: AnalyticsBook, period: Period, policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY): CompRow[] {
    const { comp } = policy;
    const weights = comp.quotaWeight + comp.engagementWeight + comp.pipelineWeight;
    if (Math.abs(weights - 1) > 1e-9) throw new Error(`Compensation weights must sum to 1 (they sum to ${weights}).`);
    // A negative weight would let one capped attainment outweigh the cap: the bound payout ≤ OTE × cap needs all ≥ 0.
    if (Math.min(comp.quotaWeight, comp.engagementWeight, comp.pipelineWeight) < 0)
        throw new Error('Compensation weights must not be negative.');
    if (!(comp.attainmentCap > 0)) throw new Error(`The attainment cap must be positive (it is ${comp.attainmentCap}).`);
    const activities = engagementIndex(book.activities, book.responses, period.end);
    const books = tier1BookAsOf(book, period.end);
    const pipeline = tier1PipelineByOwner(book, period);
    const proration = periodMonths(period) / comp.quotaPeriodMonths;
    const cap = (x: number) => Math.min(Math.max(x, 0), comp.attainmentCap);
    const cents = (x: number) => Math.round(x * 100) / 100;
    return book.sellers
        .filter((s) => s.Role === 'AE')
        .map((seller) => {
            const problems: string[] = [];
            // A negative amount on the seller record is a data error, not a clawback: flagged and counted as none.
            const recordQuota = Math.max(seller.QuotaAmount ?? 0, 0);
            const recordOte = Math.max(seller.OnTargetEarnings ?? 0, 0);
            if ((seller.QuotaAmount ?? 0) < 0) problems.push(`negative quota on the seller record (${seller.QuotaAmount})`);
            else if (!recordQuota) problems.push('no quota on the seller record');
            if ((seller.OnTargetEarnings ?? 0) < 0)
                problems.push(`negative on-target earnings on the seller record (${seller.OnTargetEarnings})`);
            else if (!recordOte) problems.push('no on-target earnings on the seller record');
            const quota = cents(recordQuota * proration);
            const ote = cents(recordOte * proration);
            const closedWon = sum(
                book.opportunities
                    .filter((o) => o.OwnerId && key(o.OwnerId) === key(seller.UserId) && o.IsWon && inPeriod(o.CloseDate, period))
                    .map((o) => o.Amount ?? 0)
            );
            const tier1 = books.get(key(seller.UserId)) ?? [];
            const engaged = tier1.filter((a) => {
                const active = isEngagedAsOf(a, activities, period.end, policy.engagementWindowDays);
                const sql = inPeriod(a.ABM_SqlEnteredDate__c, period);
                return comp.engagementDefinition === 'activity' ? active : comp.engagementDefinition === 'sql' ? sql : active || sql;
            }).length;
            const tier1Pipeline = pipeline.get(key(seller.UserId)) ?? 0;
            const tier1PipelineTarget = quota * comp.tier1PipelineTargetMultiple;
            const quotaAttainment = quota ? closedWon / quota : 0;
            const engagementScore = tier1.length ? engaged / tier1.length : 0;
            const pipelineAttainment = tier1PipelineTarget ? tier1Pipeline / tier1PipelineTarget : 0;
            const weightedAttainment =
                comp.quotaWeight * cap(quotaAttainment) +
                comp.engagementWeight * cap(engagementScore) +
                comp.pipelineWeight * cap(pipelineAttainment);
            const payout = cents(ote * weightedAttainment);
            if (!seller.IsActive && payout > 0)
                problems.push('inactive seller (user or seller record deactivated): confirm the payout before paying');
            return {
                userId: seller.UserId,
                name: seller.Name,
                isActive: seller.IsActive,
                recordQuota,
                recordOnTargetEarnings: recordOte,
                proration,
                quota,
                onTargetEarnings: ote,
                closedWon,
                quotaAttainment,
                tier1Accounts: tier1.length,
                engagedTier1Accounts: engaged,
                engagementScore,
                tier1Pipeline,
                tier1PipelineTarget,
                pipelineAttainment,
                weightedAttainment,
                payout,
                problems
            };
        });
}

export type SignalConversionRow = { signalType: string; signals: number; converted: number; conversionRate: number | null };

const isMeeting = (a: AnalyticsActivity): boolean =>
    a.IsClosed !== false && ((a.Type ?? '').toLowerCase() === 'meeting' || /\bmeeting\b/i.test(a.Subject ?? ''));

/** Share of intent signals in the period followed by a held meeting on the same account within `signalToMeetingDays`. */
export function signalToMeeting(
    signals: AnalyticsSignal[],
    activities: AnalyticsActivity[],
    period: Period,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY
): SignalConversionRow[] {
    const meetings = new Map<string, string[]>();
    for (const a of activities) {
        if (!a.AccountId || !a.ActivityDate || !isMeeting(a)) continue;
        const list = meetings.get(key(a.AccountId)) ?? [];
        list.push(a.ActivityDate.slice(0, 10));
        meetings.set(key(a.AccountId), list);
    }
    const byType = new Map<string, { signals: number; converted: number }>();
    for (const s of signals) {
        if (!s.Account__c || !inPeriod(s.SignalDate__c, period)) continue;
        const type = s.SignalType__c ?? 'Other';
        const row = byType.get(type) ?? { signals: 0, converted: 0 };
        row.signals += 1;
        const hit = (meetings.get(key(s.Account__c)) ?? []).some((d) => {
            const days = daysBetween(s.SignalDate__c, d);
            return days !== null && days >= 0 && days <= policy.signalToMeetingDays;
        });
        if (hit) row.converted += 1;
        byType.set(type, row);
    }
    return [...byType.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([signalType, r]) => ({ signalType, ...r, conversionRate: ratio(r.converted, r.signals) }));
}

export type ListHealth = {
    tier1: number;
    /** Tier 1 accounts at or past the dormant threshold (ABM_EngagementStatus__c = Dormant). */
    dormantTier1: number;
    /** Tier 1 accounts at or past the stalling threshold and not dormant (ABM_EngagementStatus__c = Stalling). */
    stallingTier1: number;
    /** Tier 1 accounts nobody works: no owner, an inactive owner, or the low-tier owner (ABM_IsOwnerUnassigned__c). */
    unassignedTier1: number;
    /** Tier 1 accounts with contact coverage below the minimum. */
    coverageGaps: number;
    /** Tier 1 → pipeline conversion: share of Tier 1 accounts with an opportunity created in the period ("tier accuracy"). */
    tier1WithPipeline: number;
    tier1PipelineConversion: number | null;
};

/** List health at the as-of date, coverage gaps and Tier 1 → pipeline conversion in the period. */
export function listHealth(
    book: AnalyticsBook,
    period: Period,
    asOf: string,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY
): ListHealth {
    const tier1 = tier1AsOf(book, asOf);
    const activities = engagementIndex(book.activities, book.responses, asOf);
    const status = (a: AnalyticsAccount) => engagementStatus(daysSinceEngagement(a, activities, asOf), policy.thresholds);
    const users = userMap(book);
    const lowTier = lowTierOwnerTest(book.users ?? [], book.sellers, policy.thresholds.lowTierOwnerUsername);
    const coverage = coverageByAccount(book);
    const withPipeline = new Set(
        book.opportunities.filter((o) => o.AccountId && inPeriod(o.CreatedDate, period)).map((o) => key(o.AccountId!))
    );
    const tier1WithPipeline = tier1.filter((a) => withPipeline.has(key(a.Id))).length;
    return {
        tier1: tier1.length,
        dormantTier1: tier1.filter((a) => status(a) === 'Dormant').length,
        stallingTier1: tier1.filter((a) => status(a) === 'Stalling').length,
        unassignedTier1: tier1.filter((a) => isUnassigned(a.OwnerId, users, lowTier)).length,
        coverageGaps: tier1.filter((a) => coverage(a) < policy.thresholds.coverageMinimum).length,
        tier1WithPipeline,
        tier1PipelineConversion: ratio(tier1WithPipeline, tier1.length)
    };
}

export type GrowthPlan = {
    revenueGoal: number;
    averageDealSize: number;
    winRate: number;
    evaluationToOpportunityRate: number;
    dealsNeeded: number;
    opportunitiesNeeded: number;
    accountsInEvaluationNeeded: number;
};

/**
 * The growth-planning calculator: revenue goal → deals (goal / average deal size) → opportunities (deals / win rate)
 * → accounts needed in evaluation (opportunities / evaluation-to-opportunity rate). Rounds up at each step.
 */
export function growthPlan(revenueGoal: number, averageDealSize: number, winRate: number, evaluationToOpportunityRate: number): GrowthPlan {
    if (!(averageDealSize > 0)) throw new Error('Average deal size must be positive to plan growth.');
    if (!(winRate > 0 && winRate <= 1)) throw new Error('Win rate must be in (0, 1] to plan growth.');
    if (!(evaluationToOpportunityRate > 0 && evaluationToOpportunityRate <= 1)) {
        throw new Error('Evaluation-to-opportunity rate must be in (0, 1] to plan growth.');
    }
    const dealsNeeded = Math.ceil(revenueGoal / averageDealSize);
    const opportunitiesNeeded = Math.ceil(dealsNeeded / winRate);
    return {
        revenueGoal,
        averageDealSize,
        winRate,
        evaluationToOpportunityRate,
        dealsNeeded,
        opportunitiesNeeded,
        accountsInEvaluationNeeded: Math.ceil(opportunitiesNeeded / evaluationToOpportunityRate)
    };
}

/**
 * The last complete fiscal quarter before `asOf` (quarters start in `fiscalYearStartMonth`, 1 = January).
 * With asOf 2026-10-01 and a January fiscal year: 2026-07-01 … 2026-09-30.
 */
export function previousQuarter(asOf: string, fiscalYearStartMonth = 1): Period {
    const [y, m] = asOf.split('-').map(Number) as [number, number];
    const offset = (((m - fiscalYearStartMonth) % 3) + 3) % 3; // months since the current quarter began
    const currentStart = Date.UTC(y, m - 1 - offset, 1);
    const start = new Date(currentStart);
    start.setUTCMonth(start.getUTCMonth() - 3);
    const end = new Date(currentStart - 86_400_000);
    return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}
