import { flagsFor } from '../healthRules';

const THRESHOLDS = { stallingDays: 21, dormantDays: 60, coverageMinimum: 3 };

// The same cases as AbmHealthControllerTest (flagsFor): the card and the list must flag alike.
it.each([
    [
        '25 days, Tier 1, unassigned, coverage 4',
        { tier: '1', daysSinceEngagement: 25, contactCoverage: 4, isOwnerUnassigned: true },
        ['STALLING', 'UNASSIGNED_TIER1']
    ],
    ['75 days, Tier 1, coverage 1', { tier: '1', daysSinceEngagement: 75, contactCoverage: 1 }, ['DORMANT', 'COVERAGE_LOW']],
    ['exactly the stalling threshold', { tier: '2', daysSinceEngagement: 21, contactCoverage: 3 }, ['STALLING']],
    ['exactly the dormant threshold: dormant replaces stalling', { tier: '2', daysSinceEngagement: 60, contactCoverage: 3 }, ['DORMANT']],
    ['Tier 2 with blank coverage', { tier: '2', daysSinceEngagement: 0, contactCoverage: null }, ['COVERAGE_LOW']],
    ['Tier 3 is never short of coverage', { tier: '3', daysSinceEngagement: 5, contactCoverage: 0 }, []],
    ['Tier 2 unassigned is not a Tier 1 gap', { tier: '2', daysSinceEngagement: 5, contactCoverage: 3, isOwnerUnassigned: true }, []],
    ['no days at all', { tier: '1', daysSinceEngagement: null, contactCoverage: 3 }, []]
])('%s', (name, account, expected) => {
    expect(flagsFor(account, THRESHOLDS)).toEqual(expected);
});

it('flags nothing before the thresholds arrive', () => {
    expect(flagsFor({ tier: '1', daysSinceEngagement: 90 }, undefined)).toEqual([]);
});
