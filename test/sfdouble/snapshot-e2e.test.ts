/** `abm snapshot` against the double (Bulk API 2.0 queries of every book object, fields from describe) and a 200k bulk query. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { exportSnapshot } from '../../scripts/cli/commands/snapshot';
import { Ux } from '../../scripts/cli/shared';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { startDouble } from './harness';

jest.setTimeout(120_000);

it('exports the book from the double into a snapshot that SnapshotOrg reads back identically', async () => {
    const h = await startDouble({
        records: {
            Account: [
                { Name: 'Acme, Inc', ABM_Tier__c: '1', NumberOfEmployees: 10 },
                { Name: 'Beta', ABM_Tier__c: '2' }
            ],
            Contact: [{ LastName: 'Doe', FirstName: 'Jo' }]
        }
    });
    try {
        const out = mkdtempSync(join(tmpdir(), 'abm-export-'));
        const summary = await exportSnapshot(h.org, out, ['Account', 'Contact', 'Nope__c'], new Ux(true));
        expect(summary.skipped).toEqual(['Nope__c']);
        expect(summary.objects.map((o) => [o.object, o.rows])).toEqual([
            ['Account', 2],
            ['Contact', 1]
        ]);
        expect(h.double.count('POST', /\/jobs\/query$/)).toBe(2);
        expect(h.double.count('GET', /\/sobjects\/Account\/describe$/)).toBe(1);
        const header = readFileSync(join(out, 'Account.csv'), 'utf8').split('\n')[0]!.split(',');
        expect(header).toEqual(expect.arrayContaining(['Id', 'Name', 'ABM_Tier__c', 'ABM_WebDomain__c', 'OwnerId']));
        const back = await SnapshotOrg.open(out);
        expect(await back.query('SELECT Name, ABM_Tier__c, NumberOfEmployees FROM Account ORDER BY Name')).toEqual(
            await h.org.query('SELECT Name, ABM_Tier__c, NumberOfEmployees FROM Account ORDER BY Name')
        );
    } finally {
        await h.stop();
    }
});

it('a 200,000-row Bulk API 2.0 query returns all 200,000 rows across locator pages', async () => {
    const h = await startDouble({
        records: { Account: Array.from({ length: 200_000 }, (_, i) => ({ Name: `A${i}`, NumberOfEmployees: i })) },
        double: { queryPageSize: 50_000 }
    });
    try {
        const rows = await h.org.bulkQuery('SELECT Id, Name, NumberOfEmployees FROM Account');
        expect(rows).toHaveLength(200_000);
        expect(new Set(rows.map((r) => r.Id)).size).toBe(200_000);
        expect(rows[199_999]).toMatchObject({ Name: 'A199999', NumberOfEmployees: '199999' });
        expect(h.double.count('GET', /\/results$/)).toBe(4);
    } finally {
        await h.stop();
    }
});

describe('streaming: result pages go to the file as they arrive', () => {
    const accounts = Array.from({ length: 5 }, (_, i) => ({
        Name: `Acme, "${i}"`,
        ABM_Tier__c: String((i % 3) + 1),
        NumberOfEmployees: i
    }));

    it('writes page after page (maxRecords per page) into the same CSV the whole result would give', async () => {
        const h = await startDouble({ records: { Account: accounts } });
        try {
            const out = mkdtempSync(join(tmpdir(), 'abm-export-pages-'));
            const pages: number[] = [];
            const bulkQueryPages = h.org.bulkQueryPages.bind(h.org);
            h.org.bulkQueryPages = (soql, onPage, options) =>
                bulkQueryPages(soql, (page) => (pages.push(page.rows.length), onPage(page)), options);
            const summary = await exportSnapshot(h.org, out, ['Account'], new Ux(true), { pageRows: 2 });
            expect(pages).toEqual([2, 2, 1]);
            expect(h.double.requests.filter((r) => r.method === 'GET' && /\/results/.test(r.path))).toHaveLength(3);
            expect(summary.objects[0]).toMatchObject({ object: 'Account', rows: 5 });
            const text = readFileSync(join(out, 'Account.csv'), 'utf8');
            const fields = text.split('\n')[0]!.split(',');
            const whole = await h.org.bulkQuery(`SELECT ${fields.join(', ')} FROM Account`);
            expect(text).toBe(stringify([fields, ...whole.map((r) => fields.map((f) => r[f] ?? ''))]));
            expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
        } finally {
            await h.stop();
        }
    });

    it('a page that fails leaves the previous file as it was and no temporary file', async () => {
        const h = await startDouble({ records: { Account: accounts }, org: { maxRetries: 0 } });
        try {
            const out = mkdtempSync(join(tmpdir(), 'abm-export-fail-'));
            writeFileSync(join(out, 'Account.csv'), 'Id,Name\n001000000000001AAA,Before\n');
            h.double.faults.push({ method: 'GET', path: /\/results$/, nth: 2, fault: { kind: 'status', status: 500 } });
            await expect(exportSnapshot(h.org, out, ['Account'], new Ux(true), { pageRows: 2 })).rejects.toThrow(/bulk query: results/);
            expect(readFileSync(join(out, 'Account.csv'), 'utf8')).toBe('Id,Name\n001000000000001AAA,Before\n');
            expect(readdirSync(out)).toEqual(['Account.csv']);
            expect(existsSync(join(out, 'snapshot.json'))).toBe(false);
        } finally {
            await h.stop();
        }
    });
});
