import fc from 'fast-check';
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
    periodMonths,
    type AnalyticsAccount,
    type AnalyticsBook,
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

const book: AnalyticsBook = { accounts, opportunities, activities, signals: [], sellers };

describe('aeProductivity', () => {
    it('reports Tier 1 book, stage shares, Identified→SQL days (Tier 1), Tier 1 pipeline fiscal YTD and engagement rate', () => {
        const rows = aeProductivity(book, asOf);
        expect(rows.map((r) => r.userId)).toEqual(['U1', 'U2']); // SDRs are not in the AE table
        const ada = rows[0]!;
        expect(ada.tier1Accounts).toBe(2);
        expect(ada.stageShare['SQL Account']).toBe(0.5);
        expect(ada.averageDaysIdentifiedToSql).toBe(70); // 1 May → 10 Jul
        expect(ada.tier1PipelineYtd).toBe(150_000); // O1 + O2, both Ada's opportunities
        expect(ada.engagementRate).toBe(1); // A1 active 15 Sep, A2 on 20 Sep
        const bo = rows[1]!;
        expect(bo.averageDaysIdentifiedToSql).toBe(20); // A3 only: Tier 1 accounts, not A4
        expect(bo.tier1PipelineYtd).toBe(40_000); // O3 created in March of the same (calendar) fiscal year
        expect(bo.engagementRate).toBe(0); // A3 last active 1 Aug: 60 days before as-of
    });

    it('starts "year to date" at the fiscal year start', () => {
        // Fiscal year from April: O3 (created 1 March 2026) belongs to the previous fiscal year.
        const [ada, bo] = aeProductivity(book, asOf, DEFAULT_ANALYTICS_POLICY, 4);
        expect(ada!.tier1PipelineYtd).toBe(150_000);
        expect(bo!.tier1PipelineYtd).toBe(0);
        // Fiscal year from October: on 30 Sep 2026 the year started on 1 Oct 2025, so March counts again.
        expect(aeProductivity(book, asOf, DEFAULT_ANALYTICS_POLICY, 10)[1]!.tier1PipelineYtd).toBe(40_000);
    });

    it('judges engagement at an earlier as-of date from the activity up to it', () => {
        // As of 31 Aug: A1's call (15 Sep) and A2's last activity (20 Sep) are later, so neither counts; A3's meeting
        // (1 Aug) is 30 days before: engaged.
        const [ada, bo] = aeProductivity(book, '2026-08-31');
        expect(ada!.engagementRate).toBe(0);
        expect(bo!.engagementRate).toBe(1);
    });
});

describe('compensation', () => {
    it('prorates annual quota and OTE to the period and pays 50 % quota + 25 % engagement + 25 % Tier 1 pipeline', () => {
        const [ada, bo] = compensation(book, period);
        // A quarter is 3 of the 12 months the seller record's amounts cover.
        expect(ada).toMatchObject({ recordQuota: 200_000, proration: 0.25, quota: 50_000, onTargetEarnings: 10_000 });
        // Ada: won 100k of 50k = 2 (capped 1.5); engaged 2/2; Tier 1 pipeline 150k of 2 × 50k = 1.5.
        expect(ada!.quotaAttainment).toBe(2);
        expect(ada!.engagementScore).toBe(1);
        expect(ada!.pipelineAttainment).toBe(1.5);
        expect(ada!.weightedAttainment).toBeCloseTo(0.5 * 1.5 + 0.25 * 1 + 0.25 * 1.5, 12);
        expect(ada!.payout).toBe(13_750); // 10k × 1.375, below 10k × 1.5
        // Bo: won O4 20k + O5 10k (his opportunities, O5 on a non-ABM account) = 30k of 25k = 1.2; engaged 0/1; no
        // Tier 1 pipeline created in the period (O3 was created in March).
        expect(bo!.closedWon).toBe(30_000);
        expect(bo!.quota).toBe(25_000);
        expect(bo!.payout).toBe(3_000); // 5k × 0.6
    });

    it('judges engagement for a past period from the activity inside the window ending at the period end', () => {
        // Q2: A1 had a call on 20 Jun (10 days before 30 Jun) and a later one on 15 Sep; A2's only activity is 20 Sep.
        const q2 = { start: '2026-04-01', end: '2026-06-30' };
        const withJune = { ...book, activities: [...activities, { AccountId: 'A1', ActivityDate: '2026-06-20', Subject: 'Call' }] };
        const [ada] = compensation(withJune, q2);
        expect(ada!.engagedTier1Accounts).toBe(1); // A1 (20 Jun); A2's activity after the period end does not count
        expect(ada!.engagementScore).toBe(0.5);
        // Without the June call nothing was engaged in Q2, though both accounts are active now.
        expect(compensation(book, q2)[0]!.engagedTier1Accounts).toBe(0);
        // An open task (a follow-up not done yet) is not activity.
        const open = {
            ...book,
            activities: [...activities, { AccountId: 'A2', ActivityDate: '2026-06-25', Subject: 'Call', IsClosed: false }]
        };
        expect(compensation(open, q2)[0]!.engagedTier1Accounts).toBe(0);
    });

    it('credits engagement to the account owner at the period end and deals to the opportunity owner', () => {
        // A3 moved from Ada to Bo on 5 Oct (recorded in ABM_Assignment__c): for Q3 it is still in Ada's book.
        const moved = {
            ...book,
            accounts: accounts.map((a) => (a.Id === 'A3' ? { ...a, OwnerId: 'U2' } : a)),
            ownerChanges: [{ accountId: 'A3', previousOwnerId: 'U1', newOwnerId: 'U2', at: '2026-10-05T09:00:00.000Z' }]
        };
        const [ada, bo] = compensation(moved, period);
        expect(ada!.tier1Accounts).toBe(3);
        expect(ada!.engagedTier1Accounts).toBe(2);
        expect(bo!.tier1Accounts).toBe(0);
        // O3 (lost) stays Bo's opportunity: no change to closed-won; O1 stays Ada's.
        expect(ada!.closedWon).toBe(100_000);
    });

    it('caps each attainment and can count SQL moves as engagement', () => {
        const policy = {
            ...DEFAULT_ANALYTICS_POLICY,
            comp: { ...DEFAULT_ANALYTICS_POLICY.comp, engagementDefinition: 'sql' as const, attainmentCap: 0.4 }
        };
        const [ada] = compensation(book, period, policy);
        expect(ada!.engagementScore).toBe(0.5); // only A1 moved to SQL in the period
        expect(ada!.weightedAttainment).toBeCloseTo(0.4, 12);
        expect(ada!.payout).toBe(4_000);
    });

    it('flags missing quota/OTE and payouts to inactive sellers, and rejects weights that do not sum to 1', () => {
        const bad = { ...DEFAULT_ANALYTICS_POLICY, comp: { ...DEFAULT_ANALYTICS_POLICY.comp, quotaWeight: 0.6 } };
        expect(() => compensation(book, period, bad)).toThrow('sum to 1');
        const noQuota = compensation({ ...book, sellers: [{ ...sellers[0]!, QuotaAmount: null }] }, period);
        expect(noQuota[0]!.problems).toContain('no quota on the seller record');
        expect(noQuota[0]!.payout).toBe(10_000 * 0.25); // engagement only
        const gone = compensation({ ...book, sellers: [{ ...sellers[0]!, IsActive: false }] }, period);
        expect(gone[0]!.payout).toBe(13_750);
        expect(gone[0]!.problems.join()).toMatch(/inactive seller/);
        expect(compensation(book, period)[0]!.problems).toEqual([]);
    });

    it('never pays more than the period OTE times the cap (any book, any period)', () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.record({ amount: fc.integer({ min: 0, max: 5_000_000 }), won: fc.boolean(), day: fc.integer({ min: 0, max: 364 }) }),
                    {
                        maxLength: 20
                    }
                ),
                fc.integer({ min: 1, max: 3_000_000 }),
                fc.integer({ min: 1, max: 500_000 }),
                fc.constantFrom(
                    { start: '2026-01-01', end: '2026-03-31' },
                    { start: '2026-01-01', end: '2026-12-31' },
                    { start: '2026-02-10', end: '2026-02-20' }
                ),
                (deals, quota, ote, p) => {
                    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
                    const opps = deals.map((d, i) => opp(`X${i}`, 'A1', 'U1', d.amount, day(d.day), day(d.day), d.won));
                    const seller = { ...sellers[0]!, QuotaAmount: quota, OnTargetEarnings: ote };
                    const [row] = compensation({ ...book, opportunities: opps, sellers: [seller] }, p);
                    const periodOte = (ote * periodMonths(p)) / 12;
                    return (
                        row!.payout >= 0 &&
                        row!.payout <= row!.onTargetEarnings * 1.5 + 0.005 &&
                        Math.abs(row!.onTargetEarnings - periodOte) <= 0.005
                    );
                }
            )
        );
    });
});

describe('periodMonths', () => {
    it.each([
        [{ start: '2026-07-01', end: '2026-09-30' }, 3],
        [{ start: '2026-01-01', end: '2026-12-31' }, 12],
        [{ start: '2026-02-01', end: '2026-02-28' }, 1],
        [{ start: '2025-11-01', end: '2026-01-31' }, 3],
        [{ start: '2026-07-01', end: '2026-07-31' }, 1]
    ])('%j is %i whole months', (p, months) => expect(periodMonths(p)).toBe(months));
    it('counts days ÷ (365 / 12) otherwise', () =>
        expect(periodMonths({ start: '2026-07-01', end: '2026-07-15' })).toBeCloseTo(15 / (365 / 12), 12));
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
    const contact = (AccountId: string, role: string | null, engaged = true, left = false) => ({
        AccountId,
        ABM_BuyingRole__c: role,
        ABM_IsEngaged__c: engaged,
        ABM_HasLeftCompany__c: left
    });
    const contacts = [
        ...['Decision Maker', 'Champion', 'Other'].map((r) => contact('A1', r)), // 3: "Other" is on the committee
        contact('A1', null), // no role: not on the committee
        contact('A2', 'Champion'),
        contact('A2', 'Evaluator', false),
        contact('A3', 'Decision Maker'),
        contact('A3', 'Champion'),
        contact('A3', 'Evaluator', true, true) // left: 2 remain
    ];

    it('counts dormant, stalling, unassigned and under-covered Tier 1 accounts and Tier 1 → pipeline conversion', () => {
        const users = [
            { Id: 'U1', IsActive: true },
            { Id: 'U2', IsActive: true }
        ];
        const health = listHealth({ ...book, contacts, users }, period, asOf);
        expect(health.tier1).toBe(3);
        expect(health.dormantTier1).toBe(1); // A3: 60 days since 1 Aug
        expect(health.stallingTier1).toBe(0);
        expect(health.unassignedTier1).toBe(0); // both owners are active users
        expect(health.coverageGaps).toBe(2); // A2 (1), A3 (2); A1 has 3 with "Other"
        expect(health.tier1WithPipeline).toBe(2);
        expect(health.tier1PipelineConversion).toBeCloseTo(2 / 3, 12);
        // As of 21 Aug: A3 (1 Aug) is stalling (20 days is not; 21 is), A1 and A2 have no activity yet and were
        // created long ago: dormant.
        const earlier = listHealth(
            { ...book, contacts, users, accounts: accounts.map((a) => ({ ...a, CreatedDate: '2025-01-01T00:00:00.000Z' })) },
            period,
            '2026-08-22'
        );
        expect([earlier.stallingTier1, earlier.dormantTier1]).toEqual([1, 2]);
    });

    it('counts inactive owners, missing owners and the low-tier owner as unassigned, not an SDR owner', () => {
        const users = [
            { Id: 'U1', IsActive: true, Username: 'ada@x' },
            { Id: 'U2', IsActive: false, Username: 'bo@x' },
            { Id: 'U9', IsActive: true, Username: 'automation@x' },
            { Id: 'U3', IsActive: true, Username: 'cy@x' }
        ];
        const owned = accounts.map((a) => (a.Id === 'A2' ? { ...a, OwnerId: 'U9' } : a.Id === 'A1' ? { ...a, OwnerId: 'U3' } : a));
        const policy = {
            ...DEFAULT_ANALYTICS_POLICY,
            thresholds: { ...DEFAULT_ANALYTICS_POLICY.thresholds, lowTierOwnerUsername: 'automation@x' }
        };
        // A1 (SDR U3): assigned; A2 (automation): unassigned; A3 (inactive U2): unassigned.
        expect(listHealth({ ...book, accounts: owned, users }, period, asOf, policy).unassignedTier1).toBe(2);
        // Without the setting, the Automation seller's user is the low-tier owner.
        const withAutomation = {
            ...book,
            accounts: owned,
            users,
            sellers: [
                ...sellers,
                { UserId: 'U9', Name: 'Automation', Role: 'Automation', IsActive: true, QuotaAmount: null, OnTargetEarnings: null }
            ]
        };
        expect(listHealth(withAutomation, period, asOf).unassignedTier1).toBe(2);
        expect(listHealth({ ...book, accounts: [...owned, account('A6', null, '1')], users }, period, asOf, policy).unassignedTier1).toBe(
            3
        );
    });

    it('falls back to the stored coverage when the book has no contacts', () => {
        expect(listHealth(book, period, asOf).coverageGaps).toBe(1); // A2 stores 1
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
