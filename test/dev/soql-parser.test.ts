/**
 * The SOQL parser as the scripts project's test files get it (jest.config.js: test/environment.js loads it once per
 * worker, test/soql-parser.js hands its results into the file's realm): the same results and errors as the parser
 * loaded in the file's own realm, made in this realm, fresh on each call, from one parser per worker.
 */
import { join } from 'node:path';
import { parseQuery, isQueryValid, type Query } from '@jetstreamapp/soql-parser-js';

const ROOT = join(__dirname, '..', '..');
// The installed parser itself, loaded in this file's realm by its path (the mapping applies to the package name only).
const local = jest.requireActual<typeof import('@jetstreamapp/soql-parser-js')>(
    join(ROOT, 'node_modules', '@jetstreamapp', 'soql-parser-js')
);
const shared = (globalThis as unknown as { __abmSharedSoqlParser: () => { parser: unknown } }).__abmSharedSoqlParser;

const QUERIES = [
    'SELECT Id FROM Account',
    "SELECT Id, Name, Owner.Name, (SELECT Id FROM Contacts WHERE CreatedDate = LAST_N_DAYS:3) FROM Account WHERE Name LIKE 'a%' AND Id IN ('1', '2') AND AnnualRevenue > 3.5 ORDER BY Name DESC NULLS LAST LIMIT 5 OFFSET 2",
    'SELECT Industry, COUNT(Id) n FROM Account WHERE ABM_Tier__c != null GROUP BY Industry HAVING COUNT(Id) > 1',
    'SELECT Id FROM Account WHERE OwnerId IN (SELECT Id FROM User WHERE IsActive = true) AND Type = :kind',
    "SELECT Id, TYPEOF What WHEN Account THEN Name ELSE Id END FROM Task WHERE ActivityDate = NEXT_N_DAYS:7 AND Subject != 'x'"
];
const MALFORMED = ['SELECT FROM Account', 'SELECT Id FROM', 'SELECT Id FROM Account WHERE', "SELECT Id FROM Account WHERE Name = 'x"];

/** Every object and array in `value` belongs to this realm. */
function madeHere(value: unknown): boolean {
    if (value === null || typeof value !== 'object') return true;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== Array.prototype) return false;
    return Object.values(value).every(madeHere);
}

it('gives what the parser gives, as this realm’s objects (toStrictEqual compares constructors)', () => {
    for (const soql of QUERIES) {
        const query = parseQuery(soql, { allowApexBindVariables: true });
        expect(query).toStrictEqual(local.parseQuery(soql, { allowApexBindVariables: true }));
        expect(madeHere(query)).toBe(true);
        expect(query).toBeInstanceOf(Object);
        expect(query.fields).toBeInstanceOf(Array);
    }
    expect(isQueryValid(QUERIES[0]!)).toBe(true);
    expect(isQueryValid(MALFORMED[0]!)).toBe(false);
});

it('gives a fresh AST on each call', () => {
    const first = parseQuery(QUERIES[1]!);
    const second = parseQuery(QUERIES[1]!);
    expect(second).not.toBe(first);
    (first as { limit?: number }).limit = 99;
    first.fields!.length = 0;
    expect(second).toStrictEqual(local.parseQuery(QUERIES[1]!));
});

it('throws this realm’s Error, with the name, message and properties the parser throws', () => {
    for (const soql of MALFORMED) {
        let expected = new Error('none') as Error & Record<string, unknown>;
        try {
            local.parseQuery(soql);
        } catch (error) {
            expected = error as typeof expected;
        }
        let thrown: unknown;
        try {
            parseQuery(soql);
        } catch (error) {
            thrown = error;
        }
        expect(thrown).toBeInstanceOf(Error);
        const error = thrown as Error & Record<string, unknown>;
        expect(error.name).toBe(expected.name);
        expect(error.message).toBe(expected.message);
        expect(error.message).not.toBe('none');
        expect(Object.keys(error).sort()).toEqual(Object.keys(expected).sort());
    }
});

it('comes from one parser per worker, not from one loaded by this file', async () => {
    expect(require.resolve('@jetstreamapp/soql-parser-js')).toBe(join(ROOT, 'test', 'soql-parser.js'));
    expect(shared().parser).toBe(shared().parser);
    expect(Object.getPrototypeOf(shared().parser)).not.toBe(Object.prototype);
    let again: Query | undefined;
    await jest.isolateModulesAsync(async () => {
        again = (await import('@jetstreamapp/soql-parser-js')).parseQuery(QUERIES[0]!);
    });
    expect(again).toStrictEqual(local.parseQuery(QUERIES[0]!));
});
