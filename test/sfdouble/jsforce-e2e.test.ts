/**
 * jsforce (real HTTP) against the local double, through SalesforceOrg and through jsforce's own calls: query paging,
 * sObject collections, Bulk API 2.0 ingest and query, and every injected fault.
 */
import { startDouble, type Harness } from './harness';

jest.setTimeout(60_000);

const ACCOUNTS = Array.from({ length: 4500 }, (_, i) => ({
    Name: `Account ${String(i).padStart(5, '0')}`,
    ABM_Tier__c: i % 3 === 0 ? '1' : '2',
    NumberOfEmployees: i
}));

let h: Harness;
beforeEach(async () => {
    h = await startDouble({ records: { Account: ACCOUNTS.map((a) => ({ ...a })) } });
});
afterEach(async () => {
    await h.stop();
});

describe('REST query', () => {
    it('pages 2,000 at a time with nextRecordsUrl and returns every row through SalesforceOrg.query', async () => {
        const rows = await h.org.query('SELECT Id, Name FROM Account ORDER BY Name');
        expect(rows).toHaveLength(4500);
        expect(rows[0]).toEqual({ Id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/), Name: 'Account 00000' });
        expect(rows[4499]!.Name).toBe('Account 04499');
        expect(h.double.count('GET', /\/query$/)).toBe(1);
        expect(h.double.count('GET', /\/query\/01g/)).toBe(2);
    });

    it('honours Sforce-Query-Options batchSize and jsforce queryMore follows the locator', async () => {
        const first = await h.connection.request<{ totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] }>({
            method: 'GET',
            url: '/services/data/v66.0/query?q=' + encodeURIComponent('SELECT Id FROM Account'),
            headers: { 'Sforce-Query-Options': 'batchSize=500' }
        });
        expect(first).toMatchObject({ totalSize: 4500, done: false });
        expect(first.records).toHaveLength(500);
        const more = await h.connection.queryMore(first.nextRecordsUrl);
        expect(more.records).toHaveLength(500);
    });

    it('answers an unknown field with INVALID_FIELD in Salesforce words', async () => {
        await expect(h.org.query('SELECT Id, Nope__c FROM Account')).rejects.toThrow(
            /INVALID_FIELD.*No such column 'Nope__c' on entity 'Account'/s
        );
    });
});

describe('sObject collections', () => {
    it('updates 450 rows in three calls of at most 200 and the next query sees them', async () => {
        const ids = (await h.org.query<{ Id: string }>('SELECT Id FROM Account LIMIT 450')).map((r) => r.Id);
        const results = await h.org.update(
            'Account',
            ids.map((Id) => ({ Id, ABM_Tier__c: '3' }))
        );
        expect(results.every((r) => r.success)).toBe(true);
        expect(h.double.count('PATCH', '/composite/sobjects')).toBe(3);
        const tier3 = await h.org.query("SELECT Id FROM Account WHERE ABM_Tier__c = '3'");
        expect(tier3).toHaveLength(450);
    });

    it('allOrNone=false: a bad row fails alone; allOrNone=true: the good rows are rolled back', async () => {
        const [a, b] = (await h.org.query<{ Id: string }>('SELECT Id FROM Account LIMIT 2')).map((r) => r.Id);
        const partial = await h.org.update('Account', [
            { Id: a, NumberOfEmployees: 11 },
            { Id: b, NumberOfEmployees: 'many' }
        ]);
        expect(partial.map((r) => r.success)).toEqual([true, false]);
        expect(partial[1]!.error).toMatch(/^INVALID_TYPE_ON_FIELD_IN_RECORD: /);
        const atomic = await h.org.update(
            'Account',
            [
                { Id: a, NumberOfEmployees: 22 },
                { Id: b, NumberOfEmployees: 'many' }
            ],
            { allOrNone: true }
        );
        expect(atomic[0]!.error).toMatch(/^ALL_OR_NONE_OPERATION_ROLLED_BACK/);
        const [row] = await h.org.query<{ NumberOfEmployees: number }>(`SELECT NumberOfEmployees FROM Account WHERE Id = '${a}'`);
        expect(row!.NumberOfEmployees).toBe(11);
    });

    it('rejects more than 200 records with EXCEEDED_ID_LIMIT', async () => {
        const body = {
            allOrNone: false,
            records: Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `X${i}` }))
        };
        await expect(
            h.connection.request({
                method: 'POST',
                url: '/services/data/v66.0/composite/sobjects',
                body: JSON.stringify(body),
                headers: { 'Content-Type': 'application/json' }
            })
        ).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    });

    it('inserts and upserts (created flags) and deletes', async () => {
        const inserted = await h.org.insert('Account', [{ Name: 'New 1', ABM_WebDomain__c: 'new1.com' }, { Name: 'New 2' }]);
        expect(inserted.every((r) => r.success && r.created && /^001/.test(r.id ?? ''))).toBe(true);
        const upserted = await h.org.upsert('Account', 'ABM_WebDomain__c', [
            { ABM_WebDomain__c: 'NEW1.com', Name: 'New 1b' },
            { ABM_WebDomain__c: 'new3.com', Name: 'New 3' }
        ]);
        expect(upserted.map((r) => r.created)).toEqual([false, true]);
        expect(upserted[0]!.id).toBe(inserted[0]!.id);
        const deleted = await h.org.delete('Account', [inserted[1]!.id!]);
        expect(deleted[0]!.success).toBe(true);
        const again = await h.org.delete('Account', [inserted[1]!.id!]);
        expect(again[0]!.error).toBe('ENTITY_IS_DELETED: entity is deleted');
    });
});

describe('Bulk API 2.0 ingest', () => {
    it('updates 4,500 rows through one job moving Open → UploadComplete → InProgress → JobComplete, results in input order', async () => {
        h.double.bulkPolls = 3;
        const rows = await h.org.query<{ Id: string }>('SELECT Id FROM Account');
        const input = rows.map((r, i) => ({ Id: r.Id, NumberOfEmployees: i * 2 }));
        const results = await h.org.update('Account', input);
        expect(results).toHaveLength(4500);
        expect(results.every((r, i) => r.success && r.id === input[i]!.Id && r.input === input[i])).toBe(true);
        expect(h.double.count('POST', /\/jobs\/ingest$/)).toBe(1);
        expect(h.double.count('PUT', /\/batches$/)).toBe(1);
        expect(h.double.count('GET', /\/jobs\/ingest\/750[^/]+$/)).toBe(4); // 3 InProgress polls, then JobComplete
        const check = await h.org.query<{ NumberOfEmployees: number }>(
            `SELECT NumberOfEmployees FROM Account WHERE Id = '${input[77]!.Id}'`
        );
        expect(check[0]!.NumberOfEmployees).toBe(154);
    });

    it('maps per-row faults (UNABLE_TO_LOCK_ROW, FIELD_CUSTOM_VALIDATION_EXCEPTION) back to their input rows', async () => {
        const rows = await h.org.query<{ Id: string }>('SELECT Id FROM Account');
        h.double.rowFaults.push({ statusCode: 'UNABLE_TO_LOCK_ROW', ids: [rows[10]!.Id] });
        h.double.rowFaults.push({
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Tier 1 needs an AE owner',
            fields: ['OwnerId'],
            ids: [rows[20]!.Id]
        });
        const results = await h.org.update(
            'Account',
            rows.map((r) => ({ Id: r.Id, ABM_Tier__c: '1' }))
        );
        expect(results.filter((r) => !r.success).map((r) => [r.id, r.error])).toEqual([
            [rows[10]!.Id, 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 1 records'],
            [rows[20]!.Id, 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Tier 1 needs an AE owner']
        ]);
    });

    it('inserts 2,500 rows (matched back by content) and a job that ends Failed leaves unprocessed rows as clear failures', async () => {
        const input = Array.from({ length: 2500 }, (_, i) => ({ Name: `Bulk ${i}`, NumberOfEmployees: i }));
        const created = await h.org.insert('Account', input);
        expect(created.every((r, i) => r.success && r.created && r.input === input[i])).toBe(true);
        const [found] = await h.org.query<{ Name: string }>(`SELECT Name FROM Account WHERE Id = '${created[1234]!.id}'`);
        expect(found!.Name).toBe('Bulk 1234');

        h.double.jobFaults.push({ errorMessage: 'InvalidBatch : Failed to process', processRows: 1000 });
        const results = await h.org.delete(
            'Account',
            created.map((r) => r.id!)
        );
        expect(results.filter((r) => r.success)).toHaveLength(1000);
        const failed = results.filter((r) => !r.success);
        expect(failed).toHaveLength(1500);
        expect(failed[0]!.error).toMatch(/^NOT_PROCESSED: bulk job 750\w+ ended Failed \(InvalidBatch : Failed to process\)/);
    });

    it('upserts through a job with externalIdFieldName and reports sf__Created', async () => {
        const input = Array.from({ length: 2000 }, (_, i) => ({ ABM_WebDomain__c: `d${i}.com`, Name: `D ${i}` }));
        const first = await h.org.upsert('Account', 'ABM_WebDomain__c', input);
        expect(first.every((r) => r.success && r.created)).toBe(true);
        const second = await h.org.upsert(
            'Account',
            'ABM_WebDomain__c',
            input.map((r) => ({ ...r, Name: `${r.Name}!` }))
        );
        expect(second.every((r, i) => r.success && !r.created && r.id === first[i]!.id)).toBe(true);
    });
});

describe('Bulk API 2.0 query', () => {
    it('follows Sforce-Locator across pages (maxRecords) and returns every row as flat strings', async () => {
        h.org = (await import('../../scripts/org/salesforce')).SalesforceOrg.fromConnection(h.connection as never, {
            pollIntervalMs: 5,
            retryBaseMs: 5,
            bulkQueryPageSize: 1000
        });
        const rows = await h.org.bulkQuery('SELECT Id, Name, NumberOfEmployees FROM Account');
        expect(rows).toHaveLength(4500);
        expect(new Set(rows.map((r) => r.Id)).size).toBe(4500);
        expect(rows[0]).toEqual({ Id: expect.any(String), Name: 'Account 00000', NumberOfEmployees: '0' });
        expect(h.double.count('GET', /\/results$/)).toBe(5);
    });

    it('answers results before completion with 412 JOB_NOT_COMPLETE', async () => {
        h.double.bulkPolls = 5;
        const job = await h.connection.request<{ id: string }>({
            method: 'POST',
            url: '/services/data/v66.0/jobs/query',
            body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Account' }),
            headers: { 'Content-Type': 'application/json' }
        });
        const res = await fetch(`${h.url}/services/data/v66.0/jobs/query/${job.id}/results`, {
            headers: { Authorization: `Bearer ${h.double.accessToken}` }
        });
        expect(res.status).toBe(412);
        expect(await res.json()).toEqual([
            {
                message:
                    'can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: UPLOADCOMPLETE',
                errorCode: 'JOB_NOT_COMPLETE'
            }
        ]);
    });
});

describe('faults', () => {
    it('retries a 503 on a query page', async () => {
        h.double.faults.push({ method: 'GET', path: '/query', fault: { kind: 'status', status: 503 } });
        const rows = await h.org.query('SELECT Id FROM Account LIMIT 10');
        expect(rows).toHaveLength(10);
        expect(h.double.requests.filter((r) => r.path.endsWith('/query')).map((r) => r.status)).toEqual([503, 200]);
    });

    it('backs off and retries REQUEST_LIMIT_EXCEEDED on a collections write', async () => {
        h.double.faults.push({ method: 'PATCH', path: '/composite/sobjects', times: 2, fault: { kind: 'requestLimit' } });
        const [row] = await h.org.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
        const results = await h.org.update('Account', [{ Id: row!.Id, Name: 'Renamed' }]);
        expect(results[0]!.success).toBe(true);
        expect(h.double.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([403, 403, 200]);
    });

    it('survives 401 INVALID_SESSION_ID by refreshing the token once, then uses the new token', async () => {
        h.double.faults.push({ method: 'GET', path: '/query', fault: { kind: 'invalidSession' } });
        const rows = await h.org.query('SELECT Id FROM Account LIMIT 3');
        expect(rows).toHaveLength(3);
        expect(h.double.count('POST', '/services/oauth2/token')).toBe(1);
        expect(h.connection.accessToken).toMatch(/refreshed-2$/);
    });

    it('survives 401 in the middle of a bulk job (raw CSV calls refresh too)', async () => {
        h.double.faults.push({ method: 'PUT', path: '/batches', fault: { kind: 'invalidSession' } });
        const rows = await h.org.query<{ Id: string }>('SELECT Id FROM Account');
        const results = await h.org.update(
            'Account',
            rows.map((r) => ({ Id: r.Id, Name: 'X' }))
        );
        expect(results.every((r) => r.success)).toBe(true);
        expect(h.double.count('POST', '/services/oauth2/token')).toBe(1);
    });

    it('retries a dropped connection on an idempotent request', async () => {
        h.double.faults.push({ method: 'GET', path: '/query', fault: { kind: 'drop' } });
        const rows = await h.org.query('SELECT Id FROM Account LIMIT 5');
        expect(rows).toHaveLength(5);
        expect(h.double.requests.filter((r) => r.path.endsWith('/query')).map((r) => r.status)).toEqual([0, 200]);
    });

    it('does not blindly retry a dropped insert (the outcome is unknown)', async () => {
        h.double.faults.push({ method: 'POST', path: '/composite/sobjects', fault: { kind: 'drop' } });
        await expect(h.org.insert('Account', [{ Name: 'Maybe' }])).rejects.toThrow(/insert/);
        expect(h.double.count('POST', '/composite/sobjects')).toBe(1);
    });

    it('fails a row for the first N attempts only (UNABLE_TO_LOCK_ROW then success on retry)', async () => {
        const [row] = await h.org.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1');
        h.double.rowFaults.push({ statusCode: 'UNABLE_TO_LOCK_ROW', ids: [row!.Id], attempts: 1 });
        const first = await h.org.update('Account', [{ Id: row!.Id, Name: 'Locked?' }]);
        expect(first[0]!.error).toMatch(/^UNABLE_TO_LOCK_ROW/);
        const second = await h.org.update('Account', [{ Id: row!.Id, Name: 'Locked?' }]);
        expect(second[0]!.success).toBe(true);
    });
});
