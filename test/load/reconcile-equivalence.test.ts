/**
 * The fast `reconcile` (scripts/core/reconcile.ts) gives exactly the result of the implementation it replaced
 * (test/load/reconcile-reference.ts): on generated books that exercise every rule (aliases, webmail and unusable
 * websites, duplicates within a list, owners that are not users or inactive, `org` in the precedence, new accounts
 * without a name, the same name under other domains, rows out of order), compared field by field and in order.
 */
import fc from 'fast-check';
import { joinRows, toColumns, type ListRows, type SourceRow } from '../../scripts/core/lists';
import {
    indexOrg,
    nameKey,
    normalizeRowDomains,
    prepareRows,
    reconcile,
    type OrgAccount,
    type OrgAlias,
    type OrgUser,
    type Precedence,
    type ReconcileInput
} from '../../scripts/core/reconcile';
import { nameKey as nameKeyReference, reconcileReference } from './reconcile-reference';

const SOURCES = ['marketing', 'sales', 'finance'];
const COMPANIES = ['Acme', 'ACME, Inc.', 'Beta GmbH', 'Müller & Söhne', 'S.A. Gamma', 'Delta Ltd', 'acme', '', 'Ωmega', 'Co'];
const DOMAINS = [
    'acme.com',
    'www.acme.com',
    'https://shop.acme.com/x',
    'beta.de',
    'BETA.de',
    'gamma.co.uk',
    'delta.io',
    'alias-acme.com',
    'acme-old.com'
];
const BAD_SITES = ['', 'gmail.com', 'jo@hotmail.com', 'not a domain', '192.168.0.1'];
const USERS: OrgUser[] = [
    { Id: '005000000000001AAA', Email: 'ada@corp.example', Username: 'ada@corp.example', IsActive: true },
    { Id: '005000000000002AAA', Email: 'bo@corp.example', Username: 'bo@corp.example', IsActive: false },
    { Id: '005000000000003AAA', Email: 'cy@corp.example', Username: 'cy@corp.example', IsActive: 'true' },
    { Id: '005000000000004AAA', Email: 'cy@corp.example', Username: 'cy2@corp.example', IsActive: true }
];
const OWNERS = ['ada@corp.example', 'ADA@corp.example', 'bo@corp.example', 'cy@corp.example', 'nobody@corp.example', 'cy2@corp.example'];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const rowArb = fc.record({
    source: fc.constantFrom(...SOURCES),
    line: fc.integer({ min: 2, max: 40 }),
    name: maybe(fc.constantFrom(...COMPANIES)),
    website: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...DOMAINS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_SITES) }),
    tier: maybe(fc.constantFrom('1', '2', '3', 'Not ABM')),
    ownerEmail: maybe(fc.constantFrom(...OWNERS)),
    industry: maybe(fc.constantFrom('Technology', 'technology ', 'Retail')),
    country: maybe(fc.constantFrom('Germany', 'germany', 'France')),
    region: maybe(fc.constantFrom('EMEA', 'APAC')),
    employees: maybe(fc.constantFrom('500', '0500', '1200')),
    revenue: maybe(fc.constantFrom('1000000', '2000000')),
    lastEngagement: maybe(fc.constantFrom('2026-01-05', '2026-03-01', '2025-12-31'))
});
const accountArb = fc.record({
    name: fc.constantFrom(...COMPANIES),
    domain: fc.constantFrom('acme.com', 'beta.de', 'gamma.co.uk', 'other.com', 'ACME.com ', ''),
    owner: fc.constantFrom('005000000000001AAA', '005000000000001', '005000000000003AAA', ''),
    tier: fc.constantFrom('1', '2', '3', ''),
    employees: fc.constantFrom(500, '500', null),
    lastEngagement: fc.constantFrom('2026-02-01', null)
});
const precedenceArb = fc.dictionary(
    fc.constantFrom('name', 'tier', 'ownerEmail', 'industry', 'employees', 'lastEngagement'),
    fc.shuffledSubarray(['org', ...SOURCES], { minLength: 1 }),
    { maxKeys: 4 }
) as fc.Arbitrary<Precedence>;

const bookArb = fc.record({
    rows: fc.array(rowArb, { maxLength: 40 }),
    accounts: fc.array(accountArb, { maxLength: 6 }),
    aliasTo: fc.array(fc.tuple(fc.constantFrom('alias-acme.com', 'acme-old.com', 'beta.de'), fc.nat(5)), { maxLength: 3 }),
    precedence: precedenceArb
});

type Book = typeof bookArb extends fc.Arbitrary<infer T> ? T : never;

function input(book: Book): ReconcileInput {
    const rows: SourceRow[] = book.rows.map((r) => {
        const values: SourceRow['values'] = {};
        for (const [k, v] of Object.entries(r))
            if (k !== 'source' && k !== 'line' && v !== undefined) values[k as keyof SourceRow['values']] = v as string;
        return { source: r.source, file: `${r.source}.csv`, line: r.line, values };
    });
    const accounts: OrgAccount[] = book.accounts.map((a, i) => ({
        Id: `001000000000${String(i).padStart(3, '0')}AAA`,
        Name: a.name,
        ABM_WebDomain__c: a.domain,
        OwnerId: a.owner,
        ABM_Tier__c: a.tier,
        Industry: 'Technology',
        NumberOfEmployees: a.employees,
        ABM_LastEngagementDate__c: a.lastEngagement
    }));
    const aliases: OrgAlias[] = book.aliasTo.map(([domain, i]) => ({
        Domain__c: domain,
        Account__c: accounts[i]?.Id ?? '001999999999999AAA'
    }));
    return { sources: SOURCES, rows, accounts, aliases, users: USERS, precedence: book.precedence, asOf: '2026-10-01' };
}

describe('reconcile (fast) = reconcile (reference)', () => {
    it('on generated books: the same accounts, conflicts, issues and summary, in the same order', () => {
        fc.assert(
            fc.property(bookArb, (book) => {
                const i = input(book);
                expect(reconcile(i)).toStrictEqual(reconcileReference(i));
            }),
            { numRuns: 400, seed: 17 }
        );
    });

    it('on generated books, as columns with the websites normalised ahead (what the load does while list threads run)', () => {
        fc.assert(
            fc.property(bookArb, (book) => {
                const i = input(book);
                const columns = toColumns(i.rows as SourceRow[]);
                normalizeRowDomains(columns);
                expect(reconcile({ ...i, rows: columns })).toStrictEqual(reconcileReference(i));
            }),
            { numRuns: 200, seed: 18 }
        );
    });

    it('on generated books, with the org indexed ahead and some lists resolved against it, in any order (what the load does while it reads)', () => {
        fc.assert(
            fc.property(
                bookArb,
                fc.shuffledSubarray(SOURCES),
                fc.boolean(),
                fc.boolean(),
                (book, preparedSources, normalisedFirst, twice) => {
                    // The rows list by list, in source order (as the load joins them); each list a ListRows as a reader gives it.
                    const generated = input(book);
                    const i = { ...generated, rows: SOURCES.flatMap((s) => (generated.rows as SourceRow[]).filter((r) => r.source === s)) };
                    const lists: ListRows[] = SOURCES.map((source) => {
                        const c = toColumns(i.rows.filter((r) => r.source === source));
                        return { source, file: `${source}.csv`, length: c.length, line: Int32Array.from(c.line), values: c.values };
                    });
                    const index = indexOrg(i);
                    // The lists resolved ahead, in the order generated (the order the reads happen to finish).
                    for (const source of preparedSources) {
                        const list = lists[SOURCES.indexOf(source)]!;
                        if (normalisedFirst) normalizeRowDomains(list);
                        prepareRows(index, list);
                    }
                    const rows = joinRows(lists);
                    const expected = reconcileReference(i);
                    expect(reconcile({ ...i, rows, index })).toStrictEqual(expected);
                    // The index has grown with the rows' domains and names: a second reconcile with it is the same.
                    if (twice) expect(reconcile({ ...i, rows, index })).toStrictEqual(expected);
                }
            ),
            { numRuns: 300, seed: 19 }
        );
    });

    it('refuses an index built from another book, and ignores rows resolved against another index', () => {
        const rows: SourceRow[] = [{ source: 'sales', file: 'sales.csv', line: 2, values: { name: 'Acme', website: 'acme.com' } }];
        const accounts: OrgAccount[] = [{ Id: '001000000000001AAA', Name: 'Acme', ABM_WebDomain__c: 'acme.com' }];
        const base = { sources: ['sales'], accounts, aliases: [], users: USERS, precedence: {}, asOf: '2026-10-01' };
        expect(() => reconcile({ ...base, rows, index: indexOrg({ ...base, accounts: [...accounts] }) })).toThrow(/other accounts/);
        const c = toColumns(rows);
        const list: ListRows = { source: 'sales', file: 'sales.csv', length: 1, line: Int32Array.from(c.line), values: c.values };
        // Resolved against an index where acme.com is another account's domain: a reconcile with its own index re-resolves.
        const other = indexOrg({ accounts: [{ Id: '001000000000009AAA', Name: 'X' }, ...accounts], aliases: [], users: USERS });
        prepareRows(other, list);
        const result = reconcile({ ...base, rows: joinRows([list]), index: indexOrg(base) });
        expect(result.accounts.map((a) => [a.domain, a.accountId])).toEqual([['acme.com', '001000000000001AAA']]);
    });

    it('uses the domains normalised ahead, and only with the default normaliser options', () => {
        const rows: SourceRow[] = [{ source: 'sales', file: 'sales.csv', line: 2, values: { name: 'Acme', website: 'acme.com' } }];
        const columns = toColumns(rows);
        normalizeRowDomains(columns);
        expect(columns.domain).toEqual(['acme.com']);
        columns.domain = ['planted.example'];
        const base = { sources: ['sales'], accounts: [], aliases: [], users: USERS, precedence: {}, asOf: '2026-10-01' };
        expect(reconcile({ ...base, rows: columns }).accounts.map((a) => a.domain)).toEqual(['planted.example']);
        expect(reconcile({ ...base, rows: columns, domainOptions: {} }).accounts.map((a) => a.domain)).toEqual(['acme.com']);
    });

    it('on a book where every row conflicts with another list (names, tiers, owners) and names repeat across domains', () => {
        const rows: SourceRow[] = [];
        for (let k = 0; k < 300; k++) {
            const source = SOURCES[k % 3]!;
            rows.push({
                source,
                file: `${source}.csv`,
                line: 300 - k,
                values: {
                    name: `${COMPANIES[k % COMPANIES.length]} ${k % 7}`,
                    website: `https://www.c${k % 40}.${k % 2 ? 'com' : 'de'}/`,
                    tier: String((k % 3) + 1),
                    ownerEmail: OWNERS[k % OWNERS.length]!
                }
            });
        }
        const book: ReconcileInput = {
            sources: SOURCES,
            rows,
            accounts: [{ Id: '001000000000001AAA', Name: 'Acme 0', ABM_WebDomain__c: 'c0.de', ABM_Tier__c: '3' }],
            aliases: [],
            users: USERS,
            precedence: { tier: ['finance', 'org'], name: ['org', 'sales'] },
            asOf: '2026-10-01'
        };
        expect(reconcile(book)).toStrictEqual(reconcileReference(book));
    });
});

describe('nameKey', () => {
    it.each([
        ['ACME, Inc.', 'acme'],
        ['Müller & Söhne GmbH', 'muller and sohne'],
        ['S.A. Gamma S.A.', 'sa gamma'],
        ['Ltd', 'ltd'],
        ['  Delta . Co ', 'delta'],
        ['Ωmega Corp', 'mega'],
        ['ﬁrst Ｃo', 'first'],
        ['', '']
    ])('%s → %s', (name, key) => expect(nameKey(name)).toBe(key));
});

describe('nameKey = the reference nameKey', () => {
    it('on generated names: words, legal forms, digits, accents, ligatures, punctuation and runs of white space', () => {
        const word = fc.constantFrom(
            'acme',
            'Beta',
            'ltd',
            'Inc',
            'co',
            'S.A.',
            'GmbH',
            '&',
            'Müller',
            'Ωmega',
            '42',
            'ﬁrst',
            'x-y',
            '',
            'Société',
            'e\u0301te\u0301',
            'ΟΔΟΣ',
            '\u1e9b\u0323',
            'Ｃo',
            'Å'
        );
        const gap = fc.constantFrom(' ', '  ', '', '.', ', ', '\t', '-', ' & ');
        fc.assert(
            fc.property(fc.array(fc.tuple(word, gap), { maxLength: 6 }), (parts) => {
                const name = parts.map(([w, g]) => w + g).join('');
                expect(nameKey(name)).toBe(nameKeyReference(name));
            }),
            { numRuns: 3000, seed: 17 }
        );
    });
});
