/** `abm snapshot` against the double (Bulk API 2.0 queries of every book object, fields from describe) and a 200k bulk query. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
