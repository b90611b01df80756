/**
 * Every formula field in force-app against its definition in the metric dictionary (docs/metrics.md), on random
 * records rather than only the sample: the formula text is evaluated (test/metrics/formula-eval.ts) with TODAY() = D and
 * random ABM settings, and compared with the TypeScript implementation the CLI uses (scripts/core/metrics.ts,
 * scripts/core/analytics.ts) or, for org-only metrics, with the dictionary's definition written out here. A formula
 * field that is added without a definition to compare with fails the first test.
 *
 * Scope: dates up to D. A LastActivityDate after D (Salesforce sets it to a scheduled event's date) is the one case the
 * org and the CLI read differently; docs/metrics.md (last engagement) says how.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { daysIdentifiedToSql, lowTierOwnerTest } from '../../scripts/core/analytics';
import { addDays, daysBetween, daysSinceEngagement, engagementStatus, isEngagedAsOf, isUnassigned } from '../../scripts/core/metrics';
import { evaluateField, formulaFields, type Value } from './formula-eval';

const OBJECTS = join(__dirname, '..', '..', 'force-app', 'main', 'default', 'objects');
const D = '2026-10-01';
const NONE = new Map<string, string[]>(); // the org sees no task list, only LastActivityDate
const analytics = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'analytics-policy.json'), 'utf8')) as {
    engagementWindowDays: number;
};

/** Formula fields per object, as deployed. */
function allFormulaFields(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const object of readdirSync(OBJECTS)) {
        let files: string[] = [];
        try {
            files = readdirSync(join(OBJECTS, object, 'fields'));
        } catch {
            continue;
        }
        const names = files
            .filter((f) => /<formula>/.test(readFileSync(join(OBJECTS, object, 'fields', f), 'utf8')))
            .map((f) => f.replace('.field-meta.xml', ''));
        if (names.length) out[object] = names.sort();
    }
    return out;
}

const COMPARED = {
    Account: [
        'ABM_DaysIdentifiedToSql__c',
        'ABM_DaysInStage__c',
        'ABM_DaysSinceEngagement__c',
        'ABM_EngagedLast30Days__c',
        'ABM_EngagementStatus__c',
        'ABM_HealthBand__c',
        'ABM_IsOwnerUnassigned__c'
    ],
    CampaignMember: ['ABM_AccountSqlWithin60Days__c']
};

it('compares every formula field in force-app with its dictionary definition (below)', () => {
    expect(allFormulaFields()).toEqual(COMPARED);
});

const date = (min: number, max: number) => fc.integer({ min, max }).map((n) => addDays(D, n));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const LOW_TIER = 'automation@abm.example';

const settingsArb = fc
    .record({
        stalling: fc.integer({ min: 1, max: 90 }),
        gap: fc.integer({ min: 1, max: 120 }),
        coverage: fc.integer({ min: 0, max: 5 }),
        lowTier: fc.constantFrom(LOW_TIER, null)
    })
    .map((s) => ({
        StallingDays__c: s.stalling,
        DormantDays__c: s.stalling + s.gap,
        CoverageMinimum__c: s.coverage,
        LowTierOwnerUsername__c: s.lowTier
    }));

const accountArb = fc.record({
    Id: fc.constant('001000000000001AAA'),
    OwnerId: fc.constant('005000000000001AAA'),
    ABM_Tier__c: fc.constantFrom('1', '2', '3', 'Not ABM', null),
    // Up to D: see the header.
    LastActivityDate: maybe(date(-400, 0)),
    ABM_LastEngagementDate__c: maybe(date(-400, 0)),
    CreatedDate: date(-1500, 0).map((d) => `${d}T09:30:00.000Z`),
    ABM_IdentifiedDate__c: maybe(date(-900, 0)),
    ABM_SqlEnteredDate__c: maybe(date(-900, 0)),
    ABM_StageEnteredDate__c: maybe(date(-900, 0)),
    ABM_ContactCoverage__c: maybe(fc.integer({ min: 0, max: 8 })),
    'Owner.IsActive': fc.boolean(),
    'Owner.Username': fc.constantFrom(LOW_TIER, 'ae@abm.example')
});

const account = formulaFields('Account', COMPARED.Account);

it('Account formula fields compute the dictionary on any record and any settings (D = TODAY())', () => {
    fc.assert(
        fc.property(accountArb, settingsArb, (a, settings) => {
            const record = a as unknown as Record<string, Value>;
            const field = (name: string) => evaluateField(account, name, record, D, settings);
            const thresholds = { stallingDays: settings.StallingDays__c, dormantDays: settings.DormantDays__c };
            // Last engagement, days since engagement (never engaged: since creation), status, engaged.
            const days = daysSinceEngagement(a, NONE, D);
            const status = engagementStatus(days, thresholds);
            const engaged = isEngagedAsOf(a, NONE, D, analytics.engagementWindowDays) ? 1 : 0;
            // Unassigned: inactive owner or the low-tier owner (the org always has an owner).
            const users = new Map([[a.OwnerId.slice(0, 15), { Id: a.OwnerId, IsActive: a['Owner.IsActive'] }]]);
            const lowTier = lowTierOwnerTest([{ Id: a.OwnerId, Username: a['Owner.Username'] }], [], settings.LowTierOwnerUsername__c);
            // Health band: At risk when dormant or Tier 1 under the coverage minimum (stored coverage, blank = 0).
            const gap = a.ABM_Tier__c === '1' && (a.ABM_ContactCoverage__c ?? 0) < settings.CoverageMinimum__c;
            const band = status === 'Dormant' || gap ? 'At risk' : status === 'Stalling' ? 'Stalling' : 'Healthy';
            expect({
                days: field('ABM_DaysSinceEngagement__c'),
                status: field('ABM_EngagementStatus__c'),
                engaged: field('ABM_EngagedLast30Days__c'),
                unassigned: field('ABM_IsOwnerUnassigned__c'),
                band: field('ABM_HealthBand__c'),
                toSql: field('ABM_DaysIdentifiedToSql__c'),
                inStage: field('ABM_DaysInStage__c')
            }).toEqual({
                days,
                status,
                engaged,
                unassigned: isUnassigned(a.OwnerId, users, lowTier),
                band,
                toSql: daysIdentifiedToSql(a),
                // Days in stage: D − the date the current stage was entered; blank until stamped.
                inStage: daysBetween(a.ABM_StageEnteredDate__c, D)
            });
        }),
        { numRuns: 2000 }
    );
});

it('the engagement window in the formula is the CLI policy window (engaged exactly up to its last day)', () => {
    const w = analytics.engagementWindowDays;
    const at = (n: number) =>
        evaluateField(
            account,
            'ABM_EngagedLast30Days__c',
            { LastActivityDate: addDays(D, -n), ABM_LastEngagementDate__c: null, CreatedDate: '2020-01-01T00:00:00.000Z' },
            D,
            {}
        );
    expect([at(0), at(w), at(w + 1)]).toEqual([1, 1, 0]);
});

it('CampaignMember.ABM_AccountSqlWithin60Days__c: the account reached SQL on or within 60 days after the member was added', () => {
    const member = formulaFields('CampaignMember', COMPARED.CampaignMember);
    fc.assert(
        fc.property(maybe(date(-400, 0)), date(-400, 0), (sql, added) => {
            const value = evaluateField(
                member,
                'ABM_AccountSqlWithin60Days__c',
                { 'Contact.Account.ABM_SqlEnteredDate__c': sql, CreatedDate: `${added}T15:00:00.000Z` },
                D,
                {}
            );
            const days = daysBetween(added, sql);
            expect(value).toBe(days !== null && days >= 0 && days <= 60 ? 1 : 0);
        }),
        { numRuns: 500 }
    );
});
