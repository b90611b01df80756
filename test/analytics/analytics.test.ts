import {
    abmVsNonAbm,
    aeProductivity,
    compensation,
    DEFAULT_ANALYTICS_POLICY,
    growthPlan,
    listHealth,
    pipelineByTier,
    previousQuarter,
    signalToMeeting,
    type AnalyticsAccount,
    type AnalyticsActivity,
    type AnalyticsOpportunity,
    type AnalyticsSeller
} from '../../scripts/core/analytics';

// A hand-computed book: two AEs, five accounts, five opportunities. Period = Q3 2026.
const period = { start: '2026-07-01', end: '2026-09-30' };
const asOf = '2026-09-30';

const account = (Id: string, OwnerId: string | null, tier: string, extra: Partial<AnalyticsAccount> = {}): AnalyticsAccount => ({
    Id,
    Name: Id,
    OwnerId,
    ABM_Tier__c: tier,
    ABM_Stage__c: 'Engaged',
    ABM_IdentifiedDate__c: null,
    ABM_SqlEnteredDate__c: null,
    ABM_ContactCoverage__c: 3,
    LastActivityDate: null,
    ...extra
});
const accounts: AnalyticsAccount[] = [
    account('A1', 'U1', '1', { ABM_IdentifiedDate__c: '2026-05-01', ABM_SqlEnteredDate__c: '2026-07-10', ABM_Stage__c: 'SQL Account' }),
    account('A2', 'U1', '1', { ABM_ContactCoverage__c: 1, LastActivityDate: '2026-09-20' }),
    account('A3', 'U2', '1', { ABM_IdentifiedDate__c: '2026-06-01', ABM_SqlEnteredDate__c: '2026-06-21' }),
    account('A4', 'U2', '2'),
    account('A5', null, 'Not ABM')
];
const opp = (
    Id: string,
    AccountId: string,
    OwnerId: string,
    Amount: number,
    CreatedDate: string,
    CloseDate: string,
    won?: boolean
): AnalyticsOpportunity => ({
    Id,
    AccountId,
    OwnerId,
    Amount,
    StageName: won === undefined ? 'Prospecting' : won ? 'Closed Won' : 'Closed Lost',
    CreatedDate,
    CloseDate,
    IsClosed: won !== undefined,
    IsWon: won === true
});
const opportunities: AnalyticsOpportunity[] = [
    opp('O1', 'A1', 'U1', 100_000, '2026-07-15', '2026-09-01', true), // ABM won, 48 days
    opp('O2', 'A2', 'U1', 50_000, '2026-08-01', '2026-12-01'), // open Tier 1 pipeline
    opp('O3', 'A3', 'U2', 40_000, '2026-03-01', '2026-08-15', false), // lost, created before the period
    opp('O4', 'A4', 'U2', 20_000, '2026-07-05', '2026-09-10', true), // Tier 2 won, 67 days
    opp('O5', 'A5', 'U2', 10_000, '2026-07-01', '2026-07-31', true) // non-ABM won, 30 days
];
const activities: AnalyticsActivity[] = [
    { AccountId: 'A1', ActivityDate: '2026-09-15', Subject: 'Call' },
    { AccountId: 'A3', ActivityDate: '2026-08-01', Subject: 'Meeting: discovery' },
    { AccountId: 'A4', ActivityDate: '2026-07-20', Subject: 'Email', Type: 'Meeting' }
];
const sellers: AnalyticsSeller[] = [
    { UserId: 'U1', Name: 'Ada AE', Role: 'AE', IsActive: true, QuotaAmount: 200_000, OnTargetEarnings: 40_000 },
    { UserId: 'U2', Name: 'Bo AE', Role: 'AE', IsActive: true, QuotaAmount: 100_000, OnTargetEarnings: 20_000 },
    { UserId: 'U3', Name: 'Cy SDR', Role: 'SDR', IsActive: true, QuotaAmount: null, OnTargetEarnings: null }
];

describe('pipelineByTier', () => {
    it('counts pipeline created in the period and win rate of deals closed in it, by tier', () => {
        const rows = pipelineByTier(accounts, opportunities, period);
        const tier1 = rows.find((r) => r.tier === '1')!;
        // Created in period on Tier 1: O1 (100k) + O2 (50k); O3 was created in March.
        expect(tier1.pipelineCreated).toBe(2);
        expect(tier1.pipelineAmount).toBe(150_000);
        // Total created in period: 100k + 50k + 20k + 10k = 180k.
        expect(tier1.pipelineShare).toBeCloseTo(150 / 180, 10);
        // Closed in period on Tier 1: O1 won, O3 lost.
        expect(tier1.closed).toBe(2);
        expect(tier1.winRate).toBe(0.5);
        expect(rows.find((r) => r.tier === '3')!.winRate).toBeNull();
    });
});

describe('abmVsNonAbm', () => {
    it('compares average won deal size and cycle length', () => {
        const [abm, non] = abmVsNonAbm(accounts, opportunities, period);
        expect(abm).toEqual({ segment: 'ABM', wonDeals: 2, averageDealSize: 60_000, averageCycleDays: (48 + 67) / 2 });
        expect(non).toEqual({ segment: 'Non-ABM', wonDeals: 1, averageDealSize: 10_000, averageCycleDays: 30 });
    });
});

describe('aeProductivity', () => {
    it('reports Tier 1 book, stage shares, Identified→SQL days, Tier 1 pipeline YTD and engagement rate', () => {
        const rows = aeProductivity(sellers, accounts, opportunities, activities, asOf);
        expect(rows.map((r) => r.userId)).toEqual(['U1', 'U2']); // SDRs are not in the AE table
        const ada = rows[0]!;
        expect(ada.tier1Accounts).toBe(2);
        expect(ada.stageShare['SQL Account']).toBe(0.5);
        expect(ada.averageDaysIdentifiedToSql).toBe(70); // 1 May → 10 Jul
        expect(ada.tier1PipelineYtd).toBe(150_000);
        expect(ada.engagementRate).toBe(1); // A1 active 15 Sep, A2 on 20 Sep
        const bo = rows[1]!;
        expect(bo.tier1PipelineYtd).toBe(40_000); // O3 created in March of the same year
        expect(bo.engagementRate).toBe(0); // A3 last active 1 Aug: 60 days before as-of
    });
});

describe('compensation', () => {
    it('pays 50 % quota + 25 % engagement + 25 % Tier 1 pipeline of OTE, with the inputs shown', () => {
        const [ada, bo] = compensation(sellers, accounts, opportunities, activities, period);
        // Ada: won 100k of 200k quota = 0.5; engaged 2/2 = 1; Tier 1 pipeline 150k of 2 × 200k = 0.375.
        expect(ada!.quotaAttainment).toBe(0.5);
        expect(ada!.engagementScore).toBe(1);
        expect(ada!.pipelineAttainment).toBe(0.375);
        expect(ada!.weightedAttainment).toBeCloseTo(0.5 * 0.5 + 0.25 * 1 + 0.25 * 0.375, 12);
        expect(ada!.payout).toBe(23_750); // 40k × 0.59375
        // Bo: won 20k + 10k = 30k of 100k = 0.3; engaged 0/1; Tier 1 pipeline created in period 0.
        expect(bo!.closedWon).toBe(30_000);
        expect(bo!.payout).toBe(3_000); // 20k × 0.15
    });

    it('caps each attainment and can count SQL moves as engagement', () => {
        const policy = {
            ...DEFAULT_ANALYTICS_POLICY,
            comp: { ...DEFAULT_ANALYTICS_POLICY.comp, engagementDefinition: 'sql' as const, attainmentCap: 0.4 }
        };
        const [ada] = compensation(sellers, accounts, opportunities, activities, period, policy);
        expect(ada!.engagementScore).toBe(0.5); // only A1 moved to SQL in the period
        expect(ada!.weightedAttainment).toBeCloseTo(0.5 * 0.4 + 0.25 * 0.4 + 0.25 * 0.375, 12);
    });

    it('rejects weights that do not sum to 1 and flags missing quota/OTE', () => {
        const bad = { ...DEFAULT_ANALYTICS_POLICY, comp: { ...DEFAULT_ANALYTICS_POLICY.comp, quotaWeight: 0.6 } };
        expect(() => compensation(sellers, accounts, opportunities, activities, period, bad)).toThrow('sum to 1');
        const rows = compensation([{ ...sellers[0]!, QuotaAmount: null }], accounts, opportunities, activities, period);
        expect(rows[0]!.problems).toContain('no quota on the seller record');
        expect(rows[0]!.payout).toBe(40_000 * (0.25 * 1 + 0));
    });
});

describe('signalToMeeting', () => {
    it('counts signals followed by a meeting on the same account within the window, by type', () => {
        const rows = signalToMeeting(
            [
                { Account__c: 'A3', SignalType__c: 'Topic surge', SignalDate__c: '2026-07-25' }, // meeting 1 Aug: 7 days → converted
                { Account__c: 'A3', SignalType__c: 'Topic surge', SignalDate__c: '2026-07-01' }, // 31 days → not
                { Account__c: 'A4', SignalType__c: 'Web visit', SignalDate__c: '2026-07-20' }, // same day, Type Meeting → converted
                { Account__c: 'A1', SignalType__c: 'Web visit', SignalDate__c: '2026-09-01' }, // a call is not a meeting
                { Account__c: 'A1', SignalType__c: 'Web visit', SignalDate__c: '2026-01-01' } // outside the period
            ],
            activities,
            period
        );
        expect(rows).toEqual([
            { signalType: 'Topic surge', signals: 2, converted: 1, conversionRate: 0.5 },
            { signalType: 'Web visit', signals: 2, converted: 1, conversionRate: 0.5 }
        ]);
    });
});

describe('listHealth', () => {
    it('finds stale, unassigned and under-covered Tier 1 accounts and Tier 1 → pipeline conversion', () => {
        const health = listHealth(accounts, opportunities, activities, new Set(['U1']), period, asOf);
        expect(health.tier1).toBe(3);
        expect(health.staleTier1).toBe(1); // A3: 60 days since 1 Aug
        expect(health.unassignedTier1).toBe(1); // A3's owner U2 is not an active AE here
        expect(health.coverageGaps).toBe(1); // A2 has 1 engaged contact
        expect(health.tier1WithPipeline).toBe(2);
        expect(health.tier1PipelineConversion).toBeCloseTo(2 / 3, 12);
    });
});

describe('growthPlan', () => {
    it('works back from a revenue goal to accounts needed in evaluation, rounding up', () => {
        expect(growthPlan(1_000_000, 60_000, 0.25, 0.5)).toEqual({
            revenueGoal: 1_000_000,
            averageDealSize: 60_000,
            winRate: 0.25,
            evaluationToOpportunityRate: 0.5,
            dealsNeeded: 17,
            opportunitiesNeeded: 68,
            accountsInEvaluationNeeded: 136
        });
    });

    it('refuses rates it cannot plan with', () => {
        expect(() => growthPlan(1, 0, 0.5, 0.5)).toThrow('deal size');
        expect(() => growthPlan(1, 10, 0, 0.5)).toThrow('Win rate');
    });
});

describe('previousQuarter', () => {
    it.each([
        ['2026-10-01', 1, { start: '2026-07-01', end: '2026-09-30' }],
        ['2026-11-23', 1, { start: '2026-07-01', end: '2026-09-30' }],
        ['2026-01-15', 1, { start: '2025-10-01', end: '2025-12-31' }],
        ['2026-11-23', 2, { start: '2026-08-01', end: '2026-10-31' }],
        ['2026-03-31', 2, { start: '2025-11-01', end: '2026-01-31' }]
    ])('before %s with fiscal start month %i is %j', (asOf, month, period) => {
        expect(previousQuarter(asOf, month)).toEqual(period);
    });
});
