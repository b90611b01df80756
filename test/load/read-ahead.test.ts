/**
 * The load's read step with the org's book fetched meanwhile (scripts/cli/commands/load-read.ts `readSources`, its
 * `book`): when the book arrives during the read, it is indexed and every list is resolved against the index, and the
 * reconcile that uses them gives exactly what it gives without (the sample lists against the sample org, in threads
 * and not); a book that fails, or that arrives after the last list, changes nothing the read step gives.
 */
import { join } from 'node:path';
import { readSources } from '../../scripts/cli/commands/load';
import { Ux } from '../../scripts/cli/shared';
import { indexOrg, parsePrecedence, reconcile, type OrgBook, type OrgIndex } from '../../scripts/core/reconcile';
import { toRows, type RowColumns } from '../../scripts/core/lists';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import type { ThreadMode } from '../../scripts/io/read-lists';

const ROOT = join(__dirname, '..', '..');
const LISTS = join(ROOT, 'data', 'lists');
const SOURCES = new Map([
    ['marketing', join(LISTS, 'marketing.csv')],
    ['sales', join(LISTS, 'sales.csv')],
    ['finance', `${join(LISTS, 'finance.xlsx')}#Approved`]
]);
const MAPPINGS = new Map([['marketing', join(LISTS, 'marketing.mapping.json')]]);

let book: OrgBook;
beforeAll(async () => {
    const org = await SnapshotOrg.open(join(ROOT, 'data', 'sample-org'), { require: ['Account', 'User'] });
    book = {
        accounts: (await org.bulkQuery('SELECT Id, Name, ABM_WebDomain__c, OwnerId, ABM_Tier__c, Industry FROM Account')).map((a) => ({
            ...a,
            Id: a.Id!
        })),
        aliases: await org.bulkQuery('SELECT Domain__c, Account__c FROM ABM_DomainAlias__c'),
        users: (await org.query('SELECT Id, Email, Username, IsActive FROM User')).map((u) => ({
            Id: String(u.Id),
            Email: u.Email as string,
            Username: u.Username as string,
            IsActive: u.IsActive as boolean
        }))
    };
    expect(book.accounts.length).toBeGreaterThan(10);
});

const reconciled = (rows: RowColumns, index?: OrgIndex) =>
    reconcile({
        sources: [...SOURCES.keys()],
        rows,
        ...book,
        precedence: parsePrecedence('tier=finance,sales;owner=sales'),
        asOf: '2026-10-01',
        index
    });

describe('readSources with the org fetched meanwhile', () => {
    it.each<ThreadMode>(['always', 'never'])(
        'indexes a book that arrives during the read and resolves every list against it (threads: %s); the reconcile is the same',
        async (threads) => {
            const plain = await readSources(SOURCES, MAPPINGS, new Ux(true), threads);
            const ahead = await readSources(SOURCES, MAPPINGS, new Ux(true), threads, Promise.resolve(book));
            expect(plain.index).toBeUndefined();
            expect(plain.rows.prepared).toBeUndefined();
            const index = ahead.index!;
            expect(index.accounts).toBe(book.accounts);
            // Every row resolved (no list left to the reconcile), against this index.
            expect(ahead.rows.prepared?.index).toBe(index);
            expect(ahead.rows.prepared!.domain.length).toBe(ahead.rows.length);
            expect([...ahead.rows.prepared!.domain].some((id) => id === -0x80000000)).toBe(false);
            // The rows themselves are what the read step gives without a book.
            expect(toRows(ahead.rows)).toStrictEqual(toRows(plain.rows));
            expect(ahead.issues).toStrictEqual(plain.issues);
            const expected = reconciled(plain.rows);
            expect(expected.accounts.some((a) => a.accountId)).toBe(true);
            expect(reconciled(ahead.rows, index)).toStrictEqual(expected);
        }
    );

    it('a book that fails leaves the read step as it is (its error is the caller’s, and not unhandled)', async () => {
        const failing = Promise.reject(new Error('INVALID_SESSION_ID'));
        const loaded = await readSources(SOURCES, MAPPINGS, new Ux(true), 'always', failing);
        expect(loaded.index).toBeUndefined();
        expect(loaded.rows.prepared).toBeUndefined();
        await expect(failing).rejects.toThrow('INVALID_SESSION_ID');
    });

    it('a book that arrives after the last list is left to the caller: the lists read are not touched', async () => {
        let arrive!: (b: OrgBook) => void;
        const late = new Promise<OrgBook>((resolve) => (arrive = resolve));
        const loaded = await readSources(SOURCES, MAPPINGS, new Ux(true), 'always', late);
        expect(loaded.index).toBeUndefined();
        arrive(book);
        await late;
        await new Promise((resolve) => setImmediate(resolve));
        expect(loaded.rows.prepared).toBeUndefined();
        expect(reconciled(loaded.rows, indexOrg(book))).toStrictEqual(reconciled(loaded.rows));
    });
});
