import {
    capacityStatus,
    compareValues,
    matchesFilters,
    rankOwners,
    roomLeft,
    sortAes,
    suggestOwner,
    STATUS_OUTSIDE
} from 'c/abmTerritoryUtils';

const { aes: AES } = require('../../abmTerritoryMap/__tests__/data/getSummary.json');

describe('capacityStatus and roomLeft', () => {
    it.each([
        [9, 10, 15, 'UNDER'],
        [10, 10, 15, 'WITHIN'],
        [15, 10, 15, 'WITHIN'],
        [16, 10, 15, 'OVER'],
        [0, null, null, 'WITHIN'],
        [3, undefined, 2, 'OVER'],
        [3, '', '', 'WITHIN']
    ])('%d against %s-%s is %s', (count, min, max, expected) => {
        expect(capacityStatus(count, min, max)).toBe(expected);
    });

    it.each([
        [12, 15, 3],
        [15, 15, 0],
        [18, 15, -3],
        [5, null, Infinity]
    ])('%d of max %s leaves %s', (count, max, expected) => {
        expect(roomLeft(count, max)).toBe(expected);
    });
});

describe('matchesFilters', () => {
    const ana = AES[0];
    it.each([
        [{}, true],
        [{ status: 'OVER' }, true],
        [{ status: 'UNDER' }, false],
        [{ status: STATUS_OUTSIDE }, true],
        [{ region: 'APAC' }, true],
        [{ region: 'LATAM' }, false],
        [{ industry: 'Finance' }, true],
        [{ accepting: 'yes' }, true],
        [{ accepting: 'no' }, false],
        [{ term: '  LOPEZ ' }, true],
        [{ term: 'okafor' }, false]
    ])('Ana Lopez with %j: %s', (filters, expected) => {
        expect(matchesFilters(ana, filters)).toBe(expected);
    });

    it('keeps within-band AEs out of the over-or-under filter', () => {
        expect(matchesFilters(AES[1], { status: STATUS_OUTSIDE })).toBe(false);
    });
});

describe('sortAes', () => {
    const names = (list) => list.map((ae) => ae.name);

    it('sorts by name in the user collation, stably, and reverses', () => {
        const list = [
            { name: 'émile', userId: '3' },
            { name: 'Zoe', userId: '1' },
            { name: 'adam', userId: '2' }
        ];
        expect(names(sortAes(list, 'name', 'asc', { locale: 'fr-FR' }))).toEqual(['adam', 'émile', 'Zoe']);
        expect(names(sortAes(list, 'name', 'desc', { locale: 'fr-FR' }))).toEqual(['Zoe', 'émile', 'adam']);
    });

    it('puts the biggest capacity problems first', () => {
        expect(names(sortAes(AES, 'capacity', 'asc'))).toEqual(['Ana Lopez', 'Chen Wei', 'Dana Smith', 'Ben Okafor', 'Eli Cohen']);
    });

    it('sorts mixes by the label of their largest value', () => {
        const labelOf = (field, value) => ({ EMEA: 'Europe', APAC: 'Asia', LATAM: 'Latin America' })[value];
        expect(names(sortAes(AES, 'region', 'asc', { labelOf }))).toEqual([
            'Chen Wei',
            'Ana Lopez',
            'Ben Okafor',
            'Dana Smith',
            'Eli Cohen'
        ]);
    });

    it('does not change the input', () => {
        const copy = [...AES];
        sortAes(AES, 'tier1', 'desc');
        expect(AES).toEqual(copy);
    });

    it('compares arrays element by element and numbers as numbers', () => {
        const collator = new Intl.Collator('en');
        expect(compareValues([0, -3], [1, -4], collator)).toBeLessThan(0);
        expect(compareValues(10, 9, collator)).toBeGreaterThan(0);
        expect(compareValues('b', 'A', collator)).toBeGreaterThan(0);
    });
});

describe('rankOwners and suggestOwner', () => {
    const account = { tier: '1', region: 'EMEA', industry: 'Technology', ownerId: '005000000000901AAA' };

    it('ranks eligible AEs first (accepting, not away, room), then region, industry, under band, room', () => {
        const ranked = rankOwners(account, AES, '2026-03-10');
        expect(ranked.map((c) => [c.ae.name, c.eligible, c.regionMatch, c.industryMatch])).toEqual([
            ['Ben Okafor', true, true, true],
            ['Chen Wei', true, false, false],
            ['Dana Smith', false, true, true],
            ['Ana Lopez', false, true, true],
            ['Eli Cohen', false, false, false]
        ]);
        expect(ranked.find((c) => c.ae.name === 'Ana Lopez').room).toBe(-3);
        expect(ranked.find((c) => c.ae.name === 'Eli Cohen').isAway).toBe(true);
        expect(suggestOwner(ranked).ae.name).toBe('Ben Okafor');
    });

    it('leaves out the current owner and uses the Tier 2 band for Tier 2 accounts', () => {
        const ranked = rankOwners({ ...account, tier: '2', ownerId: '005000000000002AAA' }, AES, '2026-03-10');
        expect(ranked.map((c) => c.ae.name)).not.toContain('Ben Okafor');
        const ana = ranked.find((c) => c.ae.name === 'Ana Lopez');
        expect([ana.count, ana.max, ana.room, ana.eligible]).toEqual([20, 40, 20, true]);
        expect(suggestOwner(ranked).ae.name).toBe('Ana Lopez');
    });

    it('treats an AE whose absence ended as available', () => {
        const ranked = rankOwners({ ...account, region: 'LATAM', industry: 'Healthcare' }, AES, '3000-01-02');
        expect(suggestOwner(ranked).ae.name).toBe('Eli Cohen');
    });

    it('suggests nobody when no eligible AE fits the region or the industry', () => {
        const ranked = rankOwners({ ...account, region: 'LATAM', industry: 'Energy' }, AES, '2026-03-10');
        expect(ranked.some((c) => c.eligible)).toBe(true);
        expect(suggestOwner(ranked)).toBeNull();
        expect(suggestOwner([])).toBeNull();
    });
});
