/**
 * The parsed-SOQL cache (scripts/org/soql-cache.ts): a cached parse is the parser's own output for exactly that text and
 * that parser version; errors are the parser's; a damaged, foreign or other-version entry is never used.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as soql from '../../scripts/org/soql';

const ROOT = join(__dirname, '..', '..');
const QUERIES = [
    "SELECT Id, OwnerId, ABM_SecondaryOwner__c FROM Account WHERE Id IN ('001ABM000000001YBA', '001ABM000000002YBA')",
    "SELECT ABM_Tier__c, OwnerId, COUNT(Id) n FROM Account WHERE ABM_Tier__c IN ('1', '2') GROUP BY ABM_Tier__c, OwnerId",
    "SELECT AccountId, StageName FROM Opportunity WHERE IsClosed = false AND StageName IN ('Proposal/Price Quote', 'Negotiation/Review')",
    'SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE LastActivityDate = LAST_N_DAYS:7 ORDER BY Name DESC NULLS LAST LIMIT 5 OFFSET 1',
    "SELECT COUNT() FROM Account WHERE NOT (ABM_Tier__c = '1' OR Name = 'Gamma')",
    'SELECT Industry, SUM(NumberOfEmployees) s FROM Account GROUP BY Industry HAVING COUNT(Id) > 1',
    'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email != null)',
    "SELECT Owner.Name, Parent.Owner.Username FROM Account WHERE CreatedDate > 2026-01-01T00:00:00Z AND Topics__c INCLUDES ('a;b')"
];

type CacheModule = typeof import('../../scripts/org/soql-cache');

/**
 * A fresh instance of the cache module (no parses remembered in memory): what a new process would see. On a miss it
 * parses with this file's instance of soql.ts (the parser loads once: it takes about a second), whose parses `parses`
 * counts.
 */
async function fresh(): Promise<{ cache: CacheModule }> {
    let cache!: CacheModule;
    await jest.isolateModulesAsync(async () => {
        cache = await import('../../scripts/org/soql-cache');
    });
    return { cache };
}
const parses = jest.spyOn(soql, 'parseSoql');
/** The expected parse (not counted in `parses`). */
const parseSoql = (q: string) => {
    const query = soql.parseSoql(q);
    parses.mock.calls.pop();
    return query;
};

let saved: string | undefined;
let root: string;
beforeEach(() => {
    saved = process.env.ABM_SOQL_CACHE;
    root = mkdtempSync(join(tmpdir(), 'abm-soql-cache-'));
    process.env.ABM_SOQL_CACHE = root;
});
afterEach(() => {
    if (saved === undefined) delete process.env.ABM_SOQL_CACHE;
    else process.env.ABM_SOQL_CACHE = saved;
});

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : []);

it('is keyed by the parser package.json pins, which is the one installed', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@jetstreamapp', 'soql-parser-js', 'package.json'), 'utf8')) as {
        version: string;
    };
    const { cache } = await fresh();
    expect(cache.SOQL_PARSER).toBe(`@jetstreamapp/soql-parser-js@${installed.version}`);
    expect(pkg.dependencies['@jetstreamapp/soql-parser-js']).toBe(installed.version);
    expect(cache.soqlCacheDir()).toBe(join(root, `_jetstreamapp_soql-parser-js_${installed.version}`));
});

it('answers each query with exactly what the parser returns, from the cache in a later process', async () => {
    parses.mockClear();
    const first = await fresh();
    for (const q of QUERIES) expect(await first.cache.parseSoqlCached(q)).toStrictEqual(parseSoql(q));
    expect(parses).toHaveBeenCalledTimes(QUERIES.length); // an empty cache: each query parsed
    const dir = first.cache.soqlCacheDir()!;
    expect(entries(dir)).toHaveLength(QUERIES.length);
    parses.mockClear();
    const later = await fresh();
    for (const q of QUERIES) expect(await later.cache.parseSoqlCached(q)).toStrictEqual(parseSoql(q));
    expect(parses).not.toHaveBeenCalled(); // the later process parsed nothing (a parse needs the parser loaded)
    // Each answer is a fresh object: changing one does not change the next.
    const a = await later.cache.parseSoqlCached(QUERIES[0]!);
    a.sObject = 'Contact';
    expect((await later.cache.parseSoqlCached(QUERIES[0]!)).sObject).toBe('Account');
});

it('reads a later process its entries from disk, and only for exactly the same text', async () => {
    const first = await fresh();
    const q = QUERIES[0]!;
    await first.cache.parseSoqlCached(q);
    const dir = first.cache.soqlCacheDir()!;
    const [file] = entries(dir);
    // Mark the stored parse: a later process returns the marked one (it read the entry instead of parsing).
    const stored = readFileSync(join(dir, file!), 'utf8');
    const [head, json] = [stored.slice(0, stored.indexOf('\n') + 1), stored.slice(stored.indexOf('\n') + 1)];
    expect(head).toBe(`${JSON.stringify(q)}\n`);
    writeFileSync(join(dir, file!), head + JSON.stringify({ ...JSON.parse(json), sObject: 'Marked' }));
    expect((await (await fresh()).cache.parseSoqlCached(q)).sObject).toBe('Marked');
    // The same file under another text (a hash collision, or a file put there): not used, parsed instead.
    writeFileSync(join(dir, file!), `${JSON.stringify(`${q} `)}\n${JSON.stringify({ ...JSON.parse(json), sObject: 'Marked' })}`);
    expect((await (await fresh()).cache.parseSoqlCached(q)).sObject).toBe('Account');
    // A damaged entry: parsed instead, and written again whole.
    writeFileSync(join(dir, file!), `${head}{"sObject": "Acc`);
    expect(await (await fresh()).cache.parseSoqlCached(q)).toStrictEqual(parseSoql(q));
    expect(readFileSync(join(dir, file!), 'utf8')).toBe(stored);
});

it('does not use the entries of another parser version', async () => {
    const { cache } = await fresh();
    const q = QUERIES[1]!;
    const other = join(root, '_jetstreamapp_soql-parser-js_0.0.1');
    mkdirSync(other, { recursive: true });
    await cache.parseSoqlCached(q);
    const [file] = entries(cache.soqlCacheDir()!);
    writeFileSync(join(other, file!), `${JSON.stringify(q)}\n${JSON.stringify({ ...parseSoql(q), sObject: 'Old' })}`);
    expect((await (await fresh()).cache.parseSoqlCached(q)).sObject).toBe('Account');
});

it('fails a malformed query with the parser’s MALFORMED_QUERY, caching nothing', async () => {
    const { cache } = await fresh();
    const bad = 'SELECT Id FROM Account WHERE Name = ';
    let message = '';
    try {
        parseSoql(bad);
    } catch (error) {
        expect(error).toMatchObject({ name: 'SoqlError', errorCode: 'MALFORMED_QUERY' });
        message = (error as Error).message;
    }
    expect(message).toMatch(/^unexpected token in query: /);
    const expected = { name: 'SoqlError', errorCode: 'MALFORMED_QUERY', message };
    await expect(cache.parseSoqlCached(bad)).rejects.toMatchObject(expected);
    await expect((await fresh()).cache.parseSoqlCached(bad)).rejects.toMatchObject(expected);
    expect(entries(cache.soqlCacheDir()!)).toEqual([]);
});

it('writes nothing with ABM_SOQL_CACHE=off, and keeps at most 2,000 entries (the older half goes)', async () => {
    process.env.ABM_SOQL_CACHE = 'off';
    const off = await fresh();
    expect(off.cache.soqlCacheDir()).toBeUndefined();
    expect(await off.cache.parseSoqlCached(QUERIES[2]!)).toStrictEqual(parseSoql(QUERIES[2]!));
    expect(readdirSync(root)).toEqual([]);

    process.env.ABM_SOQL_CACHE = root;
    const { cache } = await fresh();
    const dir = cache.soqlCacheDir()!;
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 2_000; i++) {
        writeFileSync(join(dir, `old-${String(i).padStart(4, '0')}.json`), '');
        utimesSync(join(dir, `old-${String(i).padStart(4, '0')}.json`), 1_000 + i, 1_000 + i);
    }
    await cache.parseSoqlCached(QUERIES[3]!);
    const left = entries(dir);
    expect(left).toHaveLength(1_000);
    // The newest 999 of the old ones and the new entry.
    expect(left.filter((f) => f.startsWith('old-')).sort()[0]).toBe('old-1001.json');
    expect(left.filter((f) => !f.startsWith('old-'))).toHaveLength(1);
});

it('memoisedParse: parses a text once per process, hands out a fresh AST each time, touches no disk, re-parses what it cannot keep', async () => {
    const { cache } = await fresh();
    const counted = jest.fn((q: string) => parseSoql(q));
    for (const q of QUERIES) expect(cache.memoisedParse(q, counted)).toStrictEqual(parseSoql(q));
    for (const q of QUERIES) expect(cache.memoisedParse(q, counted)).toStrictEqual(parseSoql(q));
    expect(counted).toHaveBeenCalledTimes(QUERIES.length);
    const a = cache.memoisedParse(QUERIES[0]!, counted);
    a.sObject = 'Contact';
    expect(cache.memoisedParse(QUERIES[0]!, counted).sObject).toBe('Account');
    expect(readdirSync(root)).toEqual([]);
    // Shared with parseSoqlCached in the same process: a text parsed by one is not parsed again by the other.
    parses.mockClear();
    expect(await cache.parseSoqlCached(QUERIES[1]!)).toStrictEqual(parseSoql(QUERIES[1]!));
    expect(parses).not.toHaveBeenCalled();
    // A parse that JSON would change (an undefined-valued key) is not kept: parsed again on every call.
    const odd = jest.fn(() => ({ ...parseSoql(QUERIES[2]!), where: undefined }));
    cache.memoisedParse('SELECT odd', odd);
    expect(cache.memoisedParse('SELECT odd', odd)).toHaveProperty('where', undefined);
    expect(odd).toHaveBeenCalledTimes(2);
    // A rejected query is rejected every time, by the parser.
    const bad = 'SELECT Id FROM Account WHERE Name = ';
    const rejecting = jest.fn((q: string) => parseSoql(q));
    for (let i = 0; i < 2; i++) expect(() => cache.memoisedParse(bad, rejecting)).toThrow(/unexpected token in query/);
    expect(rejecting).toHaveBeenCalledTimes(2);
});
