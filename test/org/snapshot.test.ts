/** SnapshotOrg: CSV folder in, SOQL through the evaluator, writes back to the CSVs atomically, clear errors for bad files. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isValidId } from '../../scripts/org/ids';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { exportSnapshot } from '../../scripts/cli/commands/snapshot';
import { Ux } from '../../scripts/cli/shared';

function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-snap-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

const BOOK = {
    'User.csv': 'Id,Username,Name,IsActive\n005000000000001AAA,ann@x.com,Ann Lee,true\n',
    'Account.csv':
        'Id,Name,OwnerId,ABM_Tier__c,NumberOfEmployees\n001000000000001AAA,"Acme, Inc",005000000000001AAA,1,100\n001000000000002AAA,Beta,,2,\n',
    'Contact.csv': 'Id,AccountId,FirstName,LastName\n003000000000001AAA,001000000000001AAA,Jo,Doe\n',
    'snapshot.json': '{"asOf":"2026-02-15"}'
};

it('queries with parent fields, compound names and typed values', async () => {
    const org = await SnapshotOrg.open(folder(BOOK));
    expect(org.kind).toBe('snapshot');
    expect(await org.query('SELECT Name, Owner.Name, NumberOfEmployees FROM Account ORDER BY Name')).toEqual([
        { Name: 'Acme, Inc', Owner: { Name: 'Ann Lee' }, NumberOfEmployees: 100 },
        { Name: 'Beta', Owner: null, NumberOfEmployees: null }
    ]);
    expect(await org.query('SELECT Name, Account.Owner.IsActive FROM Contact')).toEqual([
        { Name: 'Jo Doe', Account: { Owner: { IsActive: true } } }
    ]);
    expect(await org.bulkQuery("SELECT Id, Owner.Name FROM Account WHERE ABM_Tier__c = '2'")).toEqual([
        { Id: '001000000000002AAA', 'Owner.Name': '' }
    ]);
});

it('round-trips inserts, updates, upserts and deletes through the CSV files', async () => {
    const dir = folder(BOOK);
    const org = await SnapshotOrg.open(dir);
    const [ins] = await org.insert('Account', [{ Name: 'Gamma', ABM_Tier__c: '3', ABM_WebDomain__c: 'gamma.io' }]);
    expect(ins!.success).toBe(true);
    expect(ins!.id).toMatch(/^001/);
    expect(isValidId(ins!.id!)).toBe(true);
    const upd = await org.update('Account', [
        { Id: '001000000000002AAA', NumberOfEmployees: 7 },
        { Id: '003000000000001AAA', Name: 'wrong object' }
    ]);
    expect(upd.map((r) => r.error ?? 'ok')).toEqual(['ok', 'MALFORMED_ID: Account ID: id value of incorrect type: 003000000000001AAA']);
    const ups = await org.upsert('Account', 'ABM_WebDomain__c', [{ ABM_WebDomain__c: 'GAMMA.io', NumberOfEmployees: 9 }]);
    expect(ups[0]).toMatchObject({ id: ins!.id, success: true, created: false });
    await org.delete('Account', ['001000000000001AAA']);
    // No temp files left behind; the CSV is what a fresh open reads.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const csv = readFileSync(join(dir, 'Account.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('Id,Name,OwnerId,ABM_Tier__c,NumberOfEmployees,ABM_WebDomain__c');
    const again = await SnapshotOrg.open(dir);
    expect(await again.query('SELECT Name, NumberOfEmployees, ABM_WebDomain__c FROM Account ORDER BY Name')).toEqual([
        { Name: 'Beta', NumberOfEmployees: 7, ABM_WebDomain__c: null },
        { Name: 'Gamma', NumberOfEmployees: 9, ABM_WebDomain__c: 'GAMMA.io' } // matched case-insensitively, written as sent
    ]);
});

it('allOrNone writes nothing when a row fails', async () => {
    const dir = folder(BOOK);
    const org = await SnapshotOrg.open(dir);
    const before = readFileSync(join(dir, 'Account.csv'), 'utf8');
    const res = await org.insert('Account', [{ Name: 'Ok' }, { NumberOfEmployees: 3 }], { allOrNone: true });
    expect(res.map((r) => r.error)).toEqual([
        'ALL_OR_NONE_OPERATION_ROLLED_BACK: Record rolled back because not all records were valid and the request was using AllOrNone header',
        'REQUIRED_FIELD_MISSING: Required fields are missing: [Name]'
    ]);
    expect(readFileSync(join(dir, 'Account.csv'), 'utf8')).toBe(before);
});

it('names the file, row and column of a bad cell', async () => {
    const org = await SnapshotOrg.open(folder({ 'Account.csv': 'Id,Name,NumberOfEmployees\n001000000000001AAA,Acme,lots\n' }));
    await expect(org.query('SELECT Id FROM Account')).rejects.toThrow(
        /Account\.csv: row 2, column NumberOfEmployees: NumberOfEmployees: value not of required type: lots/
    );
});

it('abm snapshot --snapshot A --out B copies the book, only fields each file has', async () => {
    const src = await SnapshotOrg.open(folder(BOOK));
    const out = join(mkdtempSync(join(tmpdir(), 'abm-out-')), 'copy');
    const summary = await exportSnapshot(src, out, ['Account', 'User'], new Ux(true));
    expect(summary.objects.map((o) => [o.object, o.rows])).toEqual([
        ['Account', 2],
        ['User', 1]
    ]);
    expect(readFileSync(join(out, 'Account.csv'), 'utf8')).toBe(
        'Id,Name,OwnerId,ABM_Tier__c,NumberOfEmployees\n001000000000001AAA,"Acme, Inc",005000000000001AAA,1,100\n001000000000002AAA,Beta,,2,\n'
    );
    expect(JSON.parse(readFileSync(join(out, 'snapshot.json'), 'utf8'))).toMatchObject({ asOf: '2026-02-15' });
});

describe('reads honour an AbortSignal', () => {
    /** The read rejected with an AbortError as fetch makes it (a DOMException named AbortError). */
    const expectAbortError = async (read: Promise<unknown>) => {
        const error = await read.then(
            () => 'resolved',
            (e: unknown) => e
        );
        expect(error).toBeInstanceOf(DOMException);
        expect(error).toMatchObject({ name: 'AbortError' });
    };

    it('a signal already fired: rejected at once with the abort, before any file is read', async () => {
        // Account.csv is not a CSV: reading it would fail with INVALID_FIELD, so the abort's rejection shows it was not read.
        const org = await SnapshotOrg.open(folder({ ...BOOK, 'Account.csv': 'Id,Name\n"001000000000001AAA,unclosed\n' }));
        await expect(org.query('SELECT Id FROM Account')).rejects.toThrow(/INVALID_FIELD|not a valid CSV/);
        const fresh = await SnapshotOrg.open(folder({ ...BOOK, 'Account.csv': 'Id,Name\n"001000000000001AAA,unclosed\n' }));
        await expectAbortError(fresh.query('SELECT Id FROM Account', { signal: AbortSignal.abort() }));
        await expectAbortError(fresh.bulkQuery('SELECT Id FROM Account', { signal: AbortSignal.abort() }));
        const reason = new Error('list 2 is bad');
        await expect(fresh.bulkQuery('SELECT Id FROM Account', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
        // Not even parsed: a query the parser refuses rejects with the abort, not MALFORMED_QUERY.
        await expect(fresh.query('SELECT FROM')).rejects.toThrow(/MALFORMED_QUERY|unexpected/i);
        await expectAbortError(fresh.query('SELECT FROM', { signal: AbortSignal.abort() }));
    });

    it('fired while the query is parsed (the one wait): rejected after it (the same read, not aborted, answers)', async () => {
        const org = await SnapshotOrg.open(folder(BOOK));
        for (const read of [org.query.bind(org), org.bulkQuery.bind(org)]) {
            const soql = 'SELECT Id FROM Account WHERE NumberOfEmployees > 0';
            expect(await read(soql)).toHaveLength(1);
            const controller = new AbortController();
            const pending = read(soql, { signal: controller.signal });
            controller.abort();
            await expectAbortError(pending);
        }
    });
});
