/** SOQL evaluator table tests over a small in-memory store, with a fixed clock (2026-02-15, a Sunday). */
import { executeQuery } from '../../scripts/org/soql';
import { idChecksum, isValidId, makeId, to18 } from '../../scripts/org/ids';
import { storeFromRecords } from '../sfdouble/double';

const U1 = makeId('005', 1);
const U2 = makeId('005', 2);
const A1 = makeId('001', 1);
const A2 = makeId('001', 2);
const A3 = makeId('001', 3);
const store = storeFromRecords(
    {
        User: [
            { Id: U1, Username: 'ann@x.com', LastName: 'Lee', Name: 'Ann Lee', IsActive: true },
            { Id: U2, Username: 'bob@x.com', LastName: 'Ray', Name: 'Bob Ray', IsActive: false }
        ],
        Account: [
            {
                Id: A1,
                Name: 'Acme',
                OwnerId: U1,
                ABM_Tier__c: '1',
                NumberOfEmployees: 100,
                LastActivityDate: '2026-02-10',
                Industry: 'Software'
            },
            { Id: A2, Name: 'beta', OwnerId: U2, ABM_Tier__c: '2', NumberOfEmployees: null, LastActivityDate: '2025-11-20', ParentId: A1 },
            { Id: A3, Name: 'Gamma', ABM_Tier__c: 'Not ABM', NumberOfEmployees: 5000, LastActivityDate: null }
        ],
        Contact: [
            { AccountId: A1, LastName: 'Doe', Email: 'jo@acme.com' },
            { AccountId: A1, LastName: 'Roe', Email: null },
            { AccountId: A2, LastName: 'Poe', Email: 'p@beta.com' }
        ]
    },
    { now: () => new Date('2026-02-15T12:00:00Z') }
);
const names = (soql: string) => executeQuery(store, soql).rows.map((r) => r.Name ?? r.LastName);

describe('WHERE', () => {
    it.each([
        ["ABM_Tier__c = '1'", ['Acme']],
        ["abm_tier__c != '1'", ['beta', 'Gamma']],
        ["Name = 'ACME'", ['Acme']],
        ['NumberOfEmployees > 100', ['Gamma']],
        ['NumberOfEmployees >= 100', ['Acme', 'Gamma']],
        ['NumberOfEmployees < 5000', ['Acme']],
        ['NumberOfEmployees = null', ['beta']],
        ['NumberOfEmployees != null', ['Acme', 'Gamma']],
        ["ABM_Tier__c IN ('1', '2')", ['Acme', 'beta']],
        ["ABM_Tier__c NOT IN ('1', '2')", ['Gamma']],
        ["Name LIKE '%a'", ['Acme', 'beta', 'Gamma'].filter((n) => /a$/i.test(n))],
        ["Name LIKE 'g_mma'", ['Gamma']],
        ["(ABM_Tier__c = '1' OR ABM_Tier__c = '2') AND NumberOfEmployees = null", ['beta']],
        ["NOT ABM_Tier__c = '1'", ['beta', 'Gamma']],
        ["NOT (ABM_Tier__c = '1' OR Name = 'Gamma')", ['beta']],
        ['Owner.IsActive = true', ['Acme']],
        ["Parent.Owner.Username = 'ann@x.com'", ['beta']],
        ['LastActivityDate = LAST_N_DAYS:7', ['Acme']],
        ['LastActivityDate = THIS_QUARTER', ['Acme']],
        ['LastActivityDate = LAST_QUARTER', ['beta']],
        ['LastActivityDate < LAST_N_DAYS:30', ['beta']],
        ['LastActivityDate > 2025-12-31', ['Acme']],
        ['LastActivityDate = THIS_YEAR', ['Acme']],
        ['CALENDAR_YEAR(LastActivityDate) = 2025', ['beta']],
        ['Id IN (SELECT AccountId FROM Contact WHERE Email != null)', ['Acme', 'beta']],
        [`Id = '${A2.slice(0, 15)}'`, ['beta']]
    ])('%s', (where, expected) => {
        expect(names(`SELECT Name FROM Account WHERE ${where}`)).toEqual(expected);
    });
});

describe('ORDER BY, LIMIT, OFFSET, projection', () => {
    it('orders case-insensitively with NULLS FIRST/LAST and several keys', () => {
        expect(names('SELECT Name FROM Account ORDER BY Name DESC')).toEqual(['Gamma', 'beta', 'Acme']);
        expect(names('SELECT Name FROM Account ORDER BY NumberOfEmployees')).toEqual(['beta', 'Acme', 'Gamma']);
        expect(names('SELECT Name FROM Account ORDER BY NumberOfEmployees DESC NULLS FIRST')).toEqual(['beta', 'Gamma', 'Acme']);
        expect(names('SELECT Name FROM Account ORDER BY Owner.Name NULLS LAST, Name LIMIT 2 OFFSET 1')).toEqual(['beta', 'Gamma']);
    });

    it('nests parent fields and child subqueries like the REST API', () => {
        const r = executeQuery(
            store,
            "SELECT Name, Owner.Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Name = 'Acme'"
        );
        expect(r.nested(r.rows[0]!, false)).toEqual({
            Name: 'Acme',
            Owner: { Name: 'Ann Lee' },
            Contacts: { totalSize: 2, done: true, records: [{ LastName: 'Doe' }, { LastName: 'Roe' }] }
        });
        const g = executeQuery(store, "SELECT Name, Owner.Name FROM Account WHERE Name = 'Gamma'");
        expect(g.nested(g.rows[0]!)).toEqual({
            attributes: { type: 'Account', url: `/services/data/v66.0/sobjects/Account/${A3}` },
            Name: 'Gamma',
            Owner: null
        });
        expect(g.flat(g.rows[0]!)).toEqual({ Name: 'Gamma', 'Owner.Name': '' });
    });
});

describe('aggregates', () => {
    it('COUNT() returns the count; GROUP BY with COUNT/SUM/MAX and aliases', () => {
        expect(executeQuery(store, 'SELECT COUNT() FROM Account WHERE NumberOfEmployees != null').totalSize).toBe(2);
        const r = executeQuery(
            store,
            'SELECT Owner.Name, COUNT(Id) n, SUM(NumberOfEmployees), MAX(LastActivityDate) FROM Account GROUP BY Owner.Name ORDER BY COUNT(Id) DESC, Owner.Name'
        );
        expect(r.rows).toEqual([
            { Name: null, n: 1, expr0: 5000, expr1: null },
            { Name: 'Ann Lee', n: 1, expr0: 100, expr1: '2026-02-10' },
            { Name: 'Bob Ray', n: 1, expr0: null, expr1: '2025-11-20' }
        ]);
    });
});

describe('errors in Salesforce words', () => {
    it.each([
        ['SELECT Name, Foo FROM Account', 'INVALID_FIELD', /No such column 'Foo' on entity 'Account'/],
        ['SELECT Boss.Name FROM Account', 'INVALID_FIELD', /Didn't understand relationship 'Boss' in field path/],
        ['SELECT Id FROM Nope__c', 'INVALID_TYPE', /sObject type 'Nope__c' is not supported/],
        ['SELECT Id FRM Account', 'MALFORMED_QUERY', /unexpected token/]
    ])('%s → %s', (soql, code, message) => {
        expect(() => executeQuery(store, soql)).toThrow(
            expect.objectContaining({ errorCode: code, message: expect.stringMatching(message) })
        );
    });
});

describe('Ids', () => {
    it('computes the 18-character checksum Salesforce documents', () => {
        // 001000000000001 has no upper-case letters: suffix AAA. 'A' at index 3 of the first 5-char chunk sets bit 3 → 'I'.
        expect(idChecksum('001000000000001')).toBe('AAA');
        expect(to18('001A00000000001')).toBe('001A00000000001IAA');
        expect(isValidId('001A00000000001IAA')).toBe(true);
        expect(isValidId('001A00000000001AAA')).toBe(false);
        expect(makeId('a01', 5)).toMatch(/^a01ABM00000000[0-9A-Za-z]{4}$/);
    });
});

it('filters 200,000 rows and finds one by Id through the index', () => {
    const big = storeFromRecords({ Account: Array.from({ length: 200_000 }, (_, i) => ({ Name: `A${i}`, NumberOfEmployees: i })) });
    const r = executeQuery(big, 'SELECT Id FROM Account WHERE NumberOfEmployees >= 199990');
    expect(r.rows).toHaveLength(10);
    const id = String(r.rows[0]!.Id);
    expect(executeQuery(big, `SELECT Name FROM Account WHERE Id = '${id}'`).rows.map((x) => x.Name)).toEqual(['A199990']);
});
