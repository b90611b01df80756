/** Reconciliation rules, one by one, on rows built in memory (scripts/core/reconcile.ts, scripts/core/lists.ts). */
import {
    detectColumns,
    extractRows,
    isFormula,
    parseDate,
    parseNumber,
    parseTier,
    type ListTable,
    type SourceRow
} from '../../scripts/core/lists';
import { nameKey, parsePrecedence, planSignals, reconcile, type OrgAccount, type ReconcileInput } from '../../scripts/core/reconcile';
import { detectDelimiter, readListBytes } from '../../scripts/io/lists';
import iconv from 'iconv-lite';

const row = (source: string, line: number, values: SourceRow['values']): SourceRow => ({ source, file: `${source}.csv`, line, values });
const USERS = [
    { Id: '005000000000001AAA', Email: 'ada@corp.example', Username: 'ada@corp.example', IsActive: true },
    { Id: '005000000000002AAA', Email: 'bo@corp.example', Username: 'bo@corp.example', IsActive: false },
    { Id: '005000000000003AAA', Email: 'cy@corp.example', Username: 'cy@corp.example', IsActive: true }
];
const ACME: OrgAccount = {
    Id: '001000000000001AAA',
    Name: 'Acme',
    ABM_WebDomain__c: 'acme.com',
    OwnerId: '005000000000001AAA',
    ABM_Tier__c: '2',
    Industry: 'Technology',
    NumberOfEmployees: 500
};
const base = (rows: SourceRow[], over: Partial<ReconcileInput> = {}): ReconcileInput => ({
    sources: ['marketing', 'sales', 'finance'],
    rows,
    accounts: [ACME],
    aliases: [{ Domain__c: 'acme-group.com', Account__c: ACME.Id }],
    users: USERS,
    precedence: {},
    asOf: '2026-10-01',
    ...over
});

describe('grouping by domain', () => {
    it('puts every spelling of a website into one account, and an alias domain into its account', () => {
        const r = reconcile(
            base([
                row('marketing', 2, { name: 'Acme', website: 'https://www.ACME.com/about' }),
                row('sales', 2, { name: 'Acme', website: 'acme.com' }),
                row('finance', 2, { name: 'Acme', website: 'shop.acme-group.com' })
            ])
        );
        expect(r.accounts).toHaveLength(1);
        expect(r.accounts[0]).toMatchObject({
            domain: 'acme.com',
            sources: ['marketing', 'sales', 'finance'],
            rows: 3,
            viaAlias: ['acme-group.com'],
            action: 'unchanged'
        });
    });

    it("prefers an account's own domain over an alias that names it", () => {
        const other: OrgAccount = { Id: '001000000000009AAA', Name: 'Group Co', ABM_WebDomain__c: 'acme-group.com' };
        const r = reconcile(base([row('sales', 2, { name: 'Group Co', website: 'acme-group.com' })], { accounts: [ACME, other] }));
        expect(r.accounts[0]).toMatchObject({ domain: 'acme-group.com', accountId: other.Id, viaAlias: [] });
    });

    it('rejects rows with no usable domain and webmail domains, naming file and line', () => {
        const r = reconcile(
            base([
                row('marketing', 5, { name: 'Nowhere' }),
                row('marketing', 6, { name: 'Gmailer', website: 'jo@gmail.com' }),
                row('marketing', 7, { name: 'IP', website: '10.0.0.1' })
            ])
        );
        expect(r.accounts).toHaveLength(0);
        expect(r.issues.map((i) => [i.line, i.reason.split(' ')[0]])).toEqual([
            [5, 'no'],
            [6, 'gmail.com'],
            [7, '"10.0.0.1"']
        ]);
        expect(r.summary.conflicts).toMatchObject({ 'no-domain': 2, webmail: 1 });
    });
});

describe('merging by precedence', () => {
    const rows = [
        row('marketing', 2, { name: 'Newco', website: 'newco.io', tier: '3', ownerEmail: 'cy@corp.example' }),
        row('sales', 2, { name: 'NewCo Inc.', website: 'newco.io', tier: '2', ownerEmail: 'ada@corp.example' }),
        row('finance', 2, { name: 'Newco', website: 'newco.io', tier: '1' })
    ];

    it('takes each field from the first source in its precedence (finance wins tier, sales wins owner)', () => {
        const r = reconcile(base(rows, { precedence: parsePrecedence('tier=finance,sales;owner=sales') }));
        expect(r.accounts[0]!.record).toMatchObject({
            ABM_WebDomain__c: 'newco.io',
            ABM_Tier__c: '1',
            OwnerId: '005000000000001AAA',
            Name: 'Newco',
            ABM_TierChangedDate__c: '2026-10-01'
        });
        expect(r.accounts[0]!.action).toBe('create');
    });

    it('falls back to --source order for fields without a declared precedence', () => {
        const r = reconcile(base(rows));
        expect(r.accounts[0]!.record).toMatchObject({ ABM_Tier__c: '3', OwnerId: '005000000000003AAA' });
    });

    it('reports tier and owner conflicts with every value and the winner, but not name spellings that are the same company', () => {
        const r = reconcile(base(rows, { precedence: parsePrecedence('tier=finance;owner=sales') }));
        const fields = r.conflicts.filter((c) => c.kind === 'field').map((c) => c.field);
        expect(fields.sort()).toEqual(['owner', 'tier']);
        const tier = r.conflicts.find((c) => c.field === 'tier')!;
        expect(tier.values.map((v) => v.value)).toEqual(['3', '2', '1']);
        expect(tier.resolution).toMatch(/^finance wins/);
    });

    it('"org" in a precedence keeps the org value', () => {
        const r = reconcile(
            base([row('sales', 2, { name: 'ACME Holdings', website: 'acme.com', tier: '1' })], {
                precedence: parsePrecedence('name=org,sales;tier=org,sales')
            })
        );
        expect(r.accounts[0]!.action).toBe('unchanged');
    });

    it('skips an owner who is inactive or unknown (a conflict) and takes the next source', () => {
        const r = reconcile(
            base(
                [
                    row('sales', 3, { name: 'Newco', website: 'newco.io', ownerEmail: 'bo@corp.example' }),
                    row('finance', 4, { name: 'Newco', website: 'newco.io', ownerEmail: 'cy@corp.example' })
                ],
                {
                    precedence: parsePrecedence('owner=sales,finance')
                }
            )
        );
        expect(r.accounts[0]!.record!.OwnerId).toBe('005000000000003AAA');
        expect(r.conflicts.filter((c) => c.kind === 'owner-not-a-user')).toHaveLength(1);
        expect(r.issues[0]).toMatchObject({ line: 3, column: 'ownerEmail', reason: 'bo@corp.example is an inactive user' });
    });

    it('keeps the latest last-engagement date whatever the precedence', () => {
        const r = reconcile(
            base([
                row('marketing', 2, { name: 'N', website: 'n.io', lastEngagement: '2026-09-01' }),
                row('sales', 2, { name: 'N', website: 'n.io', lastEngagement: '2026-08-01' })
            ])
        );
        expect(r.accounts[0]!.record!.ABM_LastEngagementDate__c).toBe('2026-09-01');
    });
});

describe('against the org', () => {
    it('updates only the fields that differ, and nothing when they match (idempotent)', () => {
        const changed = reconcile(
            base([row('sales', 2, { name: 'Acme', website: 'acme.com', tier: '1', industry: 'technology', employees: '500' })])
        );
        expect(changed.accounts[0]).toMatchObject({ action: 'update', accountId: ACME.Id });
        expect(changed.accounts[0]!.record).toEqual({
            ABM_WebDomain__c: 'acme.com',
            ABM_Tier__c: '1',
            ABM_TierChangedDate__c: '2026-10-01'
        });
        const applied = { ...ACME, ABM_Tier__c: '1' };
        const again = reconcile(
            base([row('sales', 2, { name: 'Acme', website: 'acme.com', tier: '1', industry: 'technology', employees: '500' })], {
                accounts: [applied]
            })
        );
        expect(again.accounts[0]).toMatchObject({ action: 'unchanged', record: null, changes: [] });
    });

    it('never moves the last engagement date backwards', () => {
        const r = reconcile(
            base([row('sales', 2, { website: 'acme.com', lastEngagement: '2026-01-01' })], {
                accounts: [{ ...ACME, ABM_LastEngagementDate__c: '2026-05-01' }]
            })
        );
        expect(r.accounts[0]!.action).toBe('unchanged');
    });

    it('rejects a new account that no list names', () => {
        const r = reconcile(base([row('sales', 9, { website: 'anon.io', tier: '2' })]));
        expect(r.accounts[0]!.action).toBe('rejected');
        expect(r.issues).toEqual([expect.objectContaining({ line: 9, column: 'name', action: 'row rejected' })]);
    });

    it('reports the same company name under different domains, including the org', () => {
        const r = reconcile(
            base([
                row('finance', 2, { name: 'Acme GmbH', website: 'acme.de' }),
                row('sales', 2, { name: 'Beta', website: 'beta.io' }),
                row('sales', 3, { name: 'Beta', website: 'beta.fr' })
            ])
        );
        const nd = r.conflicts.filter((c) => c.kind === 'name-domains').map((c) => c.domain);
        expect(nd).toEqual(['acme.com | acme.de', 'beta.fr | beta.io']);
    });

    it('reports duplicate rows within one list', () => {
        const r = reconcile(base([row('sales', 2, { name: 'N', website: 'n.io' }), row('sales', 7, { name: 'N', website: 'www.n.io' })]));
        expect(r.conflicts).toEqual([expect.objectContaining({ kind: 'duplicate-in-source', domain: 'n.io' })]);
        expect(r.conflicts[0]!.values.map((v) => v.line)).toEqual([2, 7]);
    });
});

describe('cells', () => {
    const table = (header: string[], cells: string[][]): ListTable => ({
        file: 'f.csv',
        format: 'csv',
        header,
        rows: cells.map((c, i) => ({ line: i + 2, cells: c }))
    });

    it('detects columns from common header synonyms', () => {
        expect(
            detectColumns(['Account Name', 'Web Site', 'Sector', 'Billing Country', 'ABM Tier', 'Account Owner Email', 'Headcount'])
        ).toEqual({
            name: 0,
            website: 1,
            industry: 2,
            country: 3,
            tier: 4,
            ownerEmail: 5,
            employees: 6
        });
    });

    it.each([
        ['=1+1', true],
        ['@SUM(A1)', true],
        ['+cmd|x', true],
        ['-2+3', false],
        ['+44 20 7946 0000', false],
        ['Acme', false],
        ['\t=x', true]
    ])('isFormula(%j) = %s', (v, expected) => expect(isFormula(v)).toBe(expected));

    it.each([
        ['Tier 1', '1'],
        ['T2', '2'],
        ['tier-3', '3'],
        ['III', '3'],
        ['Not ABM', 'Not ABM'],
        ['none', 'Not ABM'],
        ['Gold', undefined]
    ])('parseTier(%j) = %j', (v, t) => expect(parseTier(v)).toBe(t));

    it.each([
        ['2026-03-04', undefined, '2026-03-04'],
        ['4 Mar 2026', undefined, '2026-03-04'],
        ['March 4, 2026', undefined, '2026-03-04'],
        ['25/12/2026', undefined, '2026-12-25'],
        ['12/25/2026', undefined, '2026-12-25'],
        ['03/04/2026', 'DD/MM/YYYY', '2026-04-03'],
        ['03/04/2026', 'MM/DD/YYYY', '2026-03-04'],
        ['46000', undefined, '2025-12-09']
    ] as const)('parseDate(%j, %s) = %s', (v, f, d) => expect(parseDate(v, f)).toEqual({ date: d }));

    it('refuses ambiguous and impossible dates', () => {
        expect(parseDate('03/04/2026')).toEqual({ error: expect.stringMatching(/ambiguous/) });
        expect(parseDate('31/02/2026', 'DD/MM/YYYY')).toEqual({ error: expect.stringMatching(/not a calendar date/) });
    });

    it.each([
        ['1,200', 1200],
        ['12k', 12000],
        ['$3.5M', 3500000],
        ['many', undefined]
    ])('parseNumber(%j) = %j', (v, n) => expect(parseNumber(v)).toBe(n));

    it('rejects a whole row for one bad cell and keeps the good rows', () => {
        const t = table(
            ['Name', 'Website', 'Tier'],
            [
                ['Acme', 'acme.com', '1'],
                ['Beta', 'beta.com', 'Gold'],
                ['', '', '']
            ]
        );
        const r = extractRows('s', t, { name: 0, website: 1, tier: 2 });
        expect(r.rows.map((x) => x.values.name)).toEqual(['Acme']);
        expect(r.issues).toEqual([expect.objectContaining({ line: 3, column: 'Tier', action: 'row rejected' })]);
    });
});

describe('reading files', () => {
    it.each([
        [',', 'a,b,c\n1,2,3\n'],
        [';', 'a;b;c\n"1,5";2;3\n'],
        ['\t', 'a\tb\tc\n1\t2\t3\n'],
        ['|', 'a|b|c\n1|2|3\n']
    ])('detects the delimiter %j', (d, text) => expect(detectDelimiter(text)).toBe(d));

    it.each([
        ['utf-8', Buffer.from('Name,Website\nMüller,mueller.de\n', 'utf8')],
        ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,Website\nMüller,mueller.de\n')])],
        ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Name,Website\nMüller,mueller.de\n', 'utf-16le')])],
        ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Name,Website\nMüller,mueller.de\n', 'utf-16be')])],
        ['utf-16le', iconv.encode('Name,Website\nMüller,mueller.de\n', 'utf-16le')],
        ['windows-1252', iconv.encode('Name,Website\nMüller,mueller.de\n', 'windows-1252')]
    ])('reads %s', async (encoding, bytes) => {
        const t = await readListBytes('x.csv', bytes);
        expect(t.encoding).toBe(encoding);
        expect(t.header).toEqual(['Name', 'Website']);
        expect(t.rows[0]!.cells).toEqual(['Müller', 'mueller.de']);
    });
});

describe('name keys and precedence text', () => {
    it('compares names without case, accents, punctuation or legal forms', () => {
        expect(nameKey('ACME, Inc.')).toBe(nameKey('Acme'));
        expect(nameKey('Société Générale S.A.')).toBe('societe generale');
        expect(nameKey('Acme Holdings')).not.toBe(nameKey('Acme'));
    });
    it('parses and refuses precedence text', () => {
        expect(parsePrecedence('tier=finance,sales; owner=sales')).toEqual({ tier: ['finance', 'sales'], ownerEmail: ['sales'] });
        expect(() => parsePrecedence('colour=sales')).toThrow(/unknown field "colour"/);
        expect(() => parsePrecedence('tier=')).toThrow(/names no sources/);
    });
});

describe('signals', () => {
    const rows = [
        {
            file: 's.csv',
            line: 2,
            domain: 'www.acme.com',
            topic: 'RevOps',
            strength: '90',
            source: 'Bombora',
            type: 'surge',
            date: '2026-09-21'
        },
        { file: 's.csv', line: 3, domain: 'acme-group.com', topic: 'AI', strength: '', source: '', type: '', date: '21 Sep 2026' },
        { file: 's.csv', line: 4, domain: 'unknown.example', topic: 'AI', strength: '50', source: 'G2', type: '', date: '2026-09-21' },
        { file: 's.csv', line: 5, domain: 'acme.com', topic: 'AI', strength: '150', source: 'G2', type: '', date: '2026-09-21' },
        {
            file: 's.csv',
            line: 6,
            domain: 'acme.com',
            topic: 'RevOps',
            strength: '90',
            source: 'Bombora',
            type: 'surge',
            date: '2026-09-21'
        }
    ];
    it('matches by domain or alias, rejects the rest with a reason, and skips signals already loaded', () => {
        const p = planSignals(
            rows,
            [ACME],
            [{ Domain__c: 'acme-group.com', Account__c: ACME.Id }],
            [{ Account__c: ACME.Id, Topic__c: 'ai', SignalDate__c: '2026-09-21', Source__c: 'import' }],
            (v) => parseDate(v)
        );
        expect(p.records.map((r) => [r.line, r.SignalType__c, r.Strength__c])).toEqual([[2, 'Topic surge', 90]]);
        expect(p.duplicates).toBe(2);
        expect(p.issues.map((i) => [i.line, i.column])).toEqual([
            [4, 'domain'],
            [5, 'strength']
        ]);
    });
});
