/**
 * Account-level ABM analytics and the 50/25/25 compensation model. Pure: plain rows in, numbers out; the "as of"
 * date and the period are parameters. Every metric's definition is stated next to it and in the README.
 */

export type Tier = '1' | '2' | '3' | 'Not ABM';

export type AnalyticsAccount = {
    Id: string;
    Name: string;
    OwnerId: string | null;
    ABM_Tier__c: string | null;
    ABM_Stage__c: string | null;
    ABM_IdentifiedDate__c: string | null;
    ABM_SqlEnteredDate__c: string | null;
    ABM_ContactCoverage__c: number | null;
    LastActivityDate: string | null;
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

export type AnalyticsActivity = { AccountId: string | null; ActivityDate: string | null; Subject: string | null; Type?: string | null };
export type AnalyticsSignal = { Account__c: string | null; SignalType__c: string | null; SignalDate__c: string | null };
export type AnalyticsSeller = {
    UserId: string;
    Name: string;
    Role: string;
    IsActive: boolean;
    QuotaAmount: number | null;
    OnTargetEarnings: number | null;
};

export type Period = { start: string; end: string };

export type AnalyticsPolicy = {
    /** Days of activity that count an account as engaged (engagement rate). */
    engagementWindowDays: number;
    /** Days without activity after which a Tier 1 account is stale (list health). */
    staleDays: number;
    /** Minimum engaged contacts for a Tier 1 account (coverage gap). */
    coverageMinimum: number;
    /** Days after a signal within which a meeting counts as its conversion. */
    signalToMeetingDays: number;
    /** Compensation: weights of quota, engagement and Tier 1 pipeline (sum to 1). */
    comp: {
        quotaWeight: number;
        engagementWeight: number;
        pipelineWeight: number;
        /** `activity` = active in the window; `sql` = moved to SQL Account in the period; `either`. */
        engagementDefinition: 'activity' | 'sql' | 'either';
        /** Tier 1 pipeline target as a multiple of the period's quota. */
        tier1PipelineTargetMultiple: number;
        /** Cap on each attainment ratio (e.g. 1.5 = 150 %). */
        attainmentCap: number;
    };
};

export const DEFAULT_ANALYTICS_POLICY: AnalyticsPolicy = {
    engagementWindowDays: 30,
    staleDays: 60,
    coverageMinimum: 3,
    signalToMeetingDays: 14,
    comp: {
        quotaWeight: 0.5,
        engagementWeight: 0.25,
        pipelineWeight: 0.25,
        engagementDefinition: 'activity',
        tier1PipelineTargetMultiple: 2,
        attainmentCap: 1.5
    }
};

const DAY_MS = 86_400_000;

/** Days from a to b (ISO dates or datetimes), or null when either is missing. */
export function daysBetween(a: string | null | undefined, b: string | null | undefined): number | null {
    if (!a || !b) return null;
    const from = Date.parse(a.slice(0, 10));
    const to = Date.parse(b.slice(0, 10));
    if (Number.isNaN(from) || Number.isNaN(to)) return null;
    return Math.round((to - from) / DAY_MS);
}

const inPeriod = (date: string | null | undefined, period: Period): boolean =>
    !!date && date.slice(0, 10) >= period.start && date.slice(0, 10) <= period.end;

export const tierOf = (value: string | null | undefined): Tier => (value === '1' || value === '2' || value === '3' ? value : 'Not ABM');

const mean = (values: number[]): number | null => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);
const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);
const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export const TIERS: Tier[] = ['1', '2', '3', 'Not ABM'];

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

/** Latest activity date per account, from activities and the account's own LastActivityDate. */
export function lastActivityByAccount(accounts: AnalyticsAccount[], activities: AnalyticsActivity[]): Map<string, string> {
    const last = new Map<string, string>();
    for (const a of accounts) if (a.LastActivityDate) last.set(a.Id, a.LastActivityDate.slice(0, 10));
    for (const t of activities) {
        if (!t.AccountId || !t.ActivityDate) continue;
        const date = t.ActivityDate.slice(0, 10);
        const seen = last.get(t.AccountId);
        if (!seen || date > seen) last.set(t.AccountId, date);
    }
    return last;
}

export type AeProductivityRow = {
    userId: string;
    name: string;
    tier1Accounts: number;
    /** Share of the AE's Tier 1 accounts at each account stage. */
    stageShare: Record<string, number>;
    /** Mean days from Identified to SQL Account over the AE's accounts that reached SQL. */
    averageDaysIdentifiedToSql: number | null;
    /** Amount of opportunities created on the AE's Tier 1 accounts from the start of the year to the as-of date. */
    tier1PipelineYtd: number;
    /** Share of the AE's assigned Tier 1 accounts with activity in the engagement window before the as-of date. */
    engagementRate: number | null;
};

export const STAGES = ['Unknown', 'Identified', 'Engaged', 'MQL Account', 'SQL Account', 'Opportunity', 'Customer'];

/** The AE productivity table. */
export function aeProductivity(
    sellers: AnalyticsSeller[],
    accounts: AnalyticsAccount[],
    opportunities: AnalyticsOpportunity[],
    activities: AnalyticsActivity[],
    asOf: string,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY
): AeProductivityRow[] {
    const lastActivity = lastActivityByAccount(accounts, activities);
    const ytd: Period = { start: `${asOf.slice(0, 4)}-01-01`, end: asOf };
    return sellers
        .filter((s) => s.Role === 'AE')
        .map((seller) => {
            const book = accounts.filter((a) => a.OwnerId === seller.UserId && tierOf(a.ABM_Tier__c) === '1');
            const bookIds = new Set(book.map((a) => a.Id));
            const stageShare: Record<string, number> = {};
            for (const stage of STAGES) {
                const n = book.filter((a) => (a.ABM_Stage__c ?? 'Unknown') === stage).length;
                stageShare[stage] = book.length ? n / book.length : 0;
            }
            const cycle = accounts
                .filter((a) => a.OwnerId === seller.UserId)
                .map((a) => daysBetween(a.ABM_IdentifiedDate__c, a.ABM_SqlEnteredDate__c))
                .filter((d): d is number => d !== null && d >= 0);
            const engaged = book.filter((a) => isEngaged(lastActivity.get(a.Id), asOf, policy.engagementWindowDays)).length;
            return {
                userId: seller.UserId,
                name: seller.Name,
                tier1Accounts: book.length,
                stageShare,
                averageDaysIdentifiedToSql: mean(cycle),
                tier1PipelineYtd: sum(
                    opportunities
                        .filter((o) => o.AccountId && bookIds.has(o.AccountId) && inPeriod(o.CreatedDate, ytd))
                        .map((o) => o.Amount ?? 0)
                ),
                engagementRate: ratio(engaged, book.length)
            };
        });
}

/** Active within `windowDays` days before `asOf` (inclusive). */
export function isEngaged(lastActivity: string | undefined, asOf: string, windowDays: number): boolean {
    const days = daysBetween(lastActivity, asOf);
    return days !== null && days >= 0 && days <= windowDays;
}

export type CompRow = {
    userId: string;
    name: string;
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
    payout: number;
    problems: string[];
};

/**
 * The seeds' ABM compensation model, per AE for a period: 50 % quota attainment + 25 % account engagement +
 * 25 % Tier 1 pipeline, applied to each AE's on-target earnings (OTE). Inputs are returned so a rep can check their number.
 */
export function compensation(
    sellers: AnalyticsSeller[],
    accounts: AnalyticsAccount[],
    opportunities: AnalyticsOpportunity[],
    activities: AnalyticsActivity[],
    period: Period,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY
): CompRow[] {
    const { comp } = policy;
    const weights = comp.quotaWeight + comp.engagementWeight + comp.pipelineWeight;
    if (Math.abs(weights - 1) > 1e-9) throw new Error(`Compensation weights must sum to 1 (they sum to ${weights}).`);
    const lastActivity = lastActivityByAccount(accounts, activities);
    const cap = (x: number) => Math.min(Math.max(x, 0), comp.attainmentCap);
    return sellers
        .filter((s) => s.Role === 'AE')
        .map((seller) => {
            const problems: string[] = [];
            const quota = seller.QuotaAmount ?? 0;
            const ote = seller.OnTargetEarnings ?? 0;
            if (!quota) problems.push('no quota on the seller record');
            if (!ote) problems.push('no on-target earnings on the seller record');
            const owned = opportunities.filter((o) => o.OwnerId === seller.UserId);
            const closedWon = sum(owned.filter((o) => o.IsWon && inPeriod(o.CloseDate, period)).map((o) => o.Amount ?? 0));
            const book = accounts.filter((a) => a.OwnerId === seller.UserId && tierOf(a.ABM_Tier__c) === '1');
            const bookIds = new Set(book.map((a) => a.Id));
            const engaged = book.filter((a) => {
                const active = isEngaged(lastActivity.get(a.Id), period.end, policy.engagementWindowDays);
                const sql = inPeriod(a.ABM_SqlEnteredDate__c, period);
                return comp.engagementDefinition === 'activity' ? active : comp.engagementDefinition === 'sql' ? sql : active || sql;
            }).length;
            const tier1Pipeline = sum(
                opportunities
                    .filter((o) => o.AccountId && bookIds.has(o.AccountId) && inPeriod(o.CreatedDate, period))
                    .map((o) => o.Amount ?? 0)
            );
            const tier1PipelineTarget = quota * comp.tier1PipelineTargetMultiple;
            const quotaAttainment = quota ? closedWon / quota : 0;
            const engagementScore = book.length ? engaged / book.length : 0;
            const pipelineAttainment = tier1PipelineTarget ? tier1Pipeline / tier1PipelineTarget : 0;
            const weightedAttainment =
                comp.quotaWeight * cap(quotaAttainment) +
                comp.engagementWeight * cap(engagementScore) +
                comp.pipelineWeight * cap(pipelineAttainment);
            return {
                userId: seller.UserId,
                name: seller.Name,
                quota,
                onTargetEarnings: ote,
                closedWon,
                quotaAttainment,
                tier1Accounts: book.length,
                engagedTier1Accounts: engaged,
                engagementScore,
                tier1Pipeline,
                tier1PipelineTarget,
                pipelineAttainment,
                weightedAttainment,
                payout: Math.round(ote * weightedAttainment * 100) / 100,
                problems
            };
        });
}

export type SignalConversionRow = { signalType: string; signals: number; converted: number; conversionRate: number | null };

const isMeeting = (a: AnalyticsActivity): boolean => (a.Type ?? '').toLowerCase() === 'meeting' || /\bmeeting\b/i.test(a.Subject ?? '');

/** Share of intent signals in the period followed by a meeting on the same account within `signalToMeetingDays`. */
export function signalToMeeting(
    signals: AnalyticsSignal[],
    activities: AnalyticsActivity[],
    period: Period,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY
): SignalConversionRow[] {
    const meetings = new Map<string, string[]>();
    for (const a of activities) {
        if (!a.AccountId || !a.ActivityDate || !isMeeting(a)) continue;
        const list = meetings.get(a.AccountId) ?? [];
        list.push(a.ActivityDate.slice(0, 10));
        meetings.set(a.AccountId, list);
    }
    const byType = new Map<string, { signals: number; converted: number }>();
    for (const s of signals) {
        if (!s.Account__c || !inPeriod(s.SignalDate__c, period)) continue;
        const type = s.SignalType__c ?? 'Other';
        const row = byType.get(type) ?? { signals: 0, converted: 0 };
        row.signals += 1;
        const hit = (meetings.get(s.Account__c) ?? []).some((d) => {
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
    /** Tier 1 accounts with no activity for `staleDays` or more (or never). */
    staleTier1: number;
    unassignedTier1: number;
    /** Tier 1 accounts with fewer engaged contacts than the minimum. */
    coverageGaps: number;
    /** Tier 1 → pipeline conversion: share of Tier 1 accounts with an opportunity created in the period ("tier accuracy"). */
    tier1WithPipeline: number;
    tier1PipelineConversion: number | null;
};

/** List health, coverage gaps and Tier 1 → pipeline conversion. `activeOwnerIds` are the active AEs' user ids. */
export function listHealth(
    accounts: AnalyticsAccount[],
    opportunities: AnalyticsOpportunity[],
    activities: AnalyticsActivity[],
    activeOwnerIds: Set<string>,
    period: Period,
    asOf: string,
    policy: AnalyticsPolicy = DEFAULT_ANALYTICS_POLICY
): ListHealth {
    const tier1 = accounts.filter((a) => tierOf(a.ABM_Tier__c) === '1');
    const lastActivity = lastActivityByAccount(accounts, activities);
    const withPipeline = new Set(opportunities.filter((o) => o.AccountId && inPeriod(o.CreatedDate, period)).map((o) => o.AccountId));
    const tier1WithPipeline = tier1.filter((a) => withPipeline.has(a.Id)).length;
    return {
        tier1: tier1.length,
        staleTier1: tier1.filter((a) => {
            const days = daysBetween(lastActivity.get(a.Id), asOf);
            return days === null || days >= policy.staleDays;
        }).length,
        unassignedTier1: tier1.filter((a) => !a.OwnerId || !activeOwnerIds.has(a.OwnerId)).length,
        coverageGaps: tier1.filter((a) => (a.ABM_ContactCoverage__c ?? 0) < policy.coverageMinimum).length,
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
    const end = new Date(currentStart - DAY_MS);
    return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}
