/**
 * Which Bulk API 2.0 ingest result files SalesforceOrg downloads (against the double, which records every request): none
 * when the job's counters already say every row's outcome, `failedResults` only when rows failed, `unprocessedrecords`
 * only when the job ended Failed/Aborted, `successfulResults` only for new ids; and every row's RowResult still exactly right.
 * When the counters are missing or do not add up, all three files are downloaded and no row's outcome is guessed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SalesforceOrg } from '../../scripts/org/salesforce';
import { applyPlan, sealRebalancePlan } from '../../scripts/cli/commands/rebalance';
import { targetOf } from '../../scripts/cli/runs';
import { DEFAULT_POLICY } from '../../scripts/core/rebalance/plan';
import { Ux } from '../../scripts/cli/shared';
import { aeSellers, orgAround, startDouble, type Harness } from './harness';

jest.setTimeout(60_000);

const N = 2500;
const USERS = ['005000000000001AAA', '005000000000002AAA'].map((Id, i) => ({ Id, Name: `AE ${i}`, IsActive: true, Username: `ae${i}@x` }));

let h: Harness;
let ids: string[];
beforeEach(async () => {
    h = await startDouble({
        records: {
            User: USERS,
            // Both users are AEs with room for the whole book (apply re-checks every target is an eligible seller).
            ABM_Seller__c: aeSellers(USERS, N),
            Account: Array.from({ length: N }, (_, i) => ({
                Name: `Account ${i}`,
                NumberOfEmployees: i,
                OwnerId: USERS[0]!.Id,
                ABM_Tier__c: '1',
                ABM_LastAssignmentRunId__c: null
            })),
            ABM_Assignment__c: []
        }
    });
    ids = (await h.org.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account'))
        .sort((a, b) => Number(a.Name.split(' ')[1]) - Number(b.Name.split(' ')[1]))
        .map((r) => r.Id);
    h.double.requests.length = 0;
});
afterEach(async () => {
    await h.stop();
});

const INGEST = /\/jobs\/ingest$/;
const JOB = /\/jobs\/ingest\/750\w+$/;
const counts = () => ({
    create: h.double.count('POST', INGEST),
    upload: h.double.count('PUT', /\/batches$/),
    close: h.double.count('PATCH', JOB),
    polls: h.double.count('GET', JOB),
    successfulResults: h.double.count('GET', /\/successfulResults$/),
    failedResults: h.double.count('GET', /\/failedResults$/),
    unprocessedrecords: h.double.count('GET', /\/unprocessedrecords$/),
    total: h.double.requests.length
});
const employees = async () =>
    new Map(
        (await h.org.query<{ Id: string; NumberOfEmployees: number }>('SELECT Id, NumberOfEmployees FROM Account')).map((r) => [
            r.Id,
            r.NumberOfEmployees
        ])
    );

/** A SalesforceOrg on the same double whose job-info answers pass through `edit` (counters removed or changed). */
function orgWithJobInfo(edit: (info: Record<string, unknown>) => Record<string, unknown>): SalesforceOrg {
    return orgAround(h, async ({ method, url, send }) => {
        const out = await send();
        return method === 'GET' && JOB.test(url) ? edit(out as Record<string, unknown>) : out;
    });
}

describe('update and delete: the Ids are the inputs', () => {
    it.each([0, 1, 3])(
        'an update of 2,500 rows with no failures makes create + upload + close + %i+1 polls and downloads nothing',
        async (polls) => {
            h.double.bulkPolls = polls;
            const input = ids.map((Id, i) => ({ Id, NumberOfEmployees: i + 100_000 }));
            const results = await h.org.update('Account', input);
            expect(counts()).toEqual({
                create: 1,
                upload: 1,
                close: 1,
                polls: polls + 1,
                successfulResults: 0,
                failedResults: 0,
                unprocessedrecords: 0,
                total: 3 + polls + 1
            });
            expect(results).toHaveLength(N);
            results.forEach((r, i) => expect(r).toEqual({ id: ids[i], success: true, input: input[i] }));
            expect(results[7]!.input).toBe(input[7]);
            const now = await employees();
            expect(ids.every((id, i) => now.get(id) === i + 100_000)).toBe(true);
        }
    );

    it('row failures: failedResults is downloaded (and only it), each failure lands on its row, every other row succeeded', async () => {
        const locked = [ids[3]!, ids[1200]!, ids[2499]!];
        h.double.rowFaults.push({ statusCode: 'UNABLE_TO_LOCK_ROW', ids: locked });
        h.double.rowFaults.push({
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Employees must be below 1M',
            fields: ['NumberOfEmployees'],
            ids: [ids[42]!]
        });
        const input = ids.map((Id, i) => ({ Id, NumberOfEmployees: i + 100_000 }));
        const results = await h.org.update('Account', input);
        expect(counts()).toMatchObject({ successfulResults: 0, failedResults: 1, unprocessedrecords: 0, total: 3 + 2 + 1 });
        const failedAt = results.flatMap((r, i) => (r.success ? [] : [i]));
        expect(failedAt).toEqual([3, 42, 1200, 2499]);
        expect(results[3]).toEqual({
            id: ids[3],
            success: false,
            error: 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 1 records',
            input: input[3]
        });
        expect(results[42]!.error).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION: Employees must be below 1M');
        results.forEach((r, i) => {
            if (!failedAt.includes(i)) expect(r).toEqual({ id: ids[i], success: true, input: input[i] });
        });
        // The org agrees: the failed rows kept their value, every success was written.
        const now = await employees();
        ids.forEach((id, i) => expect(now.get(id)).toBe(failedAt.includes(i) ? i : i + 100_000));
    });

    it('a job that ends Failed mid-way: unprocessedrecords (and failedResults) are downloaded, unprocessed rows reported failed', async () => {
        h.double.jobFaults.push({ errorMessage: 'InvalidBatch : Failed to process', processRows: 1000 });
        h.double.rowFaults.push({ statusCode: 'UNABLE_TO_LOCK_ROW', ids: [ids[10]!] });
        const input = ids.map((Id, i) => ({ Id, NumberOfEmployees: i + 100_000 }));
        const results = await h.org.update('Account', input);
        expect(counts()).toMatchObject({ successfulResults: 0, failedResults: 1, unprocessedrecords: 1 });
        const now = await employees();
        results.forEach((r, i) => {
            if (i === 10) expect(r.error).toMatch(/^UNABLE_TO_LOCK_ROW: /);
            else if (i < 1000) expect(r).toEqual({ id: ids[i], success: true, input: input[i] });
            else {
                expect(r).toMatchObject({ id: ids[i], success: false });
                expect(r.error).toMatch(/^NOT_PROCESSED: bulk job 750\w+ ended Failed \(InvalidBatch : Failed to process\) before/);
            }
            expect(now.get(ids[i]!)).toBe(i < 1000 && i !== 10 ? i + 100_000 : i);
        });
    });

    it('a delete whose job is Aborted while InProgress: every row unprocessed and failed, nothing else downloaded', async () => {
        h.double.bulkPolls = 1000;
        const pending = h.org.delete('Account', ids);
        for (;;) {
            const job = [...h.double.jobs.values()].find((j) => j.kind === 'ingest' && j.state === 'InProgress');
            if (job) {
                await h.connection.request({
                    method: 'PATCH',
                    url: `/services/data/v66.0/jobs/ingest/${job.id}`,
                    body: JSON.stringify({ state: 'Aborted' }),
                    headers: { 'Content-Type': 'application/json' }
                });
                break;
            }
            await new Promise((r) => setTimeout(r, 2));
        }
        const results = await pending;
        expect(counts()).toMatchObject({ successfulResults: 0, failedResults: 0, unprocessedrecords: 1 });
        expect(
            results.every((r, i) => !r.success && r.id === ids[i] && /^NOT_PROCESSED: bulk job 750\w+ ended Aborted/.test(r.error!))
        ).toBe(true);
        expect((await h.org.query('SELECT Id FROM Account')).length).toBe(N);
    });
});

describe('insert: successfulResults only when the caller wants the ids', () => {
    const rows = () => Array.from({ length: N }, (_, i) => ({ Name: `New ${i}`, NumberOfEmployees: i }));

    it('returnIds: false makes no successfulResults download; rows are successes without ids, and are in the org', async () => {
        const input = rows();
        const results = await h.org.insert('Account', input, { returnIds: false });
        expect(counts()).toMatchObject({ successfulResults: 0, failedResults: 0, unprocessedrecords: 0, total: 5 });
        results.forEach((r, i) => expect(r).toEqual({ id: null, success: true, created: true, input: input[i] }));
        expect(await h.org.query("SELECT Id FROM Account WHERE Name LIKE 'New %'")).toHaveLength(N);
    });

    it('returnIds: false with a failing row: failedResults finds it by content, the others succeed', async () => {
        h.double.rowFaults.push({ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'No', match: (r) => r.Name === 'New 77' });
        const results = await h.org.insert('Account', rows(), { returnIds: false });
        expect(counts()).toMatchObject({ successfulResults: 0, failedResults: 1, unprocessedrecords: 0 });
        expect(results.flatMap((r, i) => (r.success ? [] : [[i, r.id, r.error]]))).toEqual([
            [77, null, 'FIELD_CUSTOM_VALIDATION_EXCEPTION: No']
        ]);
    });

    it('by default successfulResults is downloaded and every row gets its new Id', async () => {
        const results = await h.org.insert('Account', rows());
        expect(counts()).toMatchObject({ successfulResults: 1, failedResults: 0, unprocessedrecords: 0, total: 6 });
        const byName = new Map(
            (await h.org.query<{ Id: string; Name: string }>("SELECT Id, Name FROM Account WHERE Name LIKE 'New %'")).map((r) => [
                r.Name,
                r.Id
            ])
        );
        results.forEach((r, i) => {
            expect(r.success && r.created).toBe(true);
            expect(r.id).toBe(byName.get(`New ${i}`));
        });
    });

    it('upsert with returnIds: false skips successfulResults and reports no created flag it does not know', async () => {
        const input = rows().map((r, i) => ({ ...r, ABM_WebDomain__c: `d${i}.com` }));
        const results = await h.org.upsert('Account', 'ABM_WebDomain__c', input, { returnIds: false });
        expect(counts()).toMatchObject({ successfulResults: 0, failedResults: 0, unprocessedrecords: 0 });
        results.forEach((r, i) => expect(r).toEqual({ id: null, success: true, input: input[i] }));
    });
});

describe('counters missing or not adding up: all three files, no guessing', () => {
    it('job info without counters: every file is downloaded and the rows come out exactly as the files say', async () => {
        const org = orgWithJobInfo((info) => {
            const rest = { ...info };
            delete rest.numberRecordsProcessed;
            delete rest.numberRecordsFailed;
            return rest;
        });
        h.double.rowFaults.push({ statusCode: 'UNABLE_TO_LOCK_ROW', ids: [ids[5]!] });
        const input = ids.map((Id) => ({ Id, NumberOfEmployees: 7 }));
        const results = await org.update('Account', input);
        expect(counts()).toMatchObject({ successfulResults: 1, failedResults: 1, unprocessedrecords: 1 });
        expect(results.flatMap((r, i) => (r.success ? [] : [i]))).toEqual([5]);
        expect(results.filter((r) => r.success)).toHaveLength(N - 1);
    });

    it('JobComplete with fewer rows processed than uploaded: all three files are downloaded and the rows come out as they say', async () => {
        // The counters claim one row fewer than the double processed: no inference; the files say every row succeeded.
        const org = orgWithJobInfo((info) =>
            info.state === 'JobComplete' ? { ...info, numberRecordsProcessed: Number(info.numberRecordsProcessed) - 1 } : info
        );
        const results = await org.update(
            'Account',
            ids.map((Id) => ({ Id, NumberOfEmployees: 8 }))
        );
        expect(counts()).toMatchObject({ successfulResults: 1, failedResults: 1, unprocessedrecords: 1 });
        expect(results.every((r) => r.success)).toBe(true);
    });

    it('a failure count the failedResults file does not match: the other files are fetched and unlisted rows stay unknown', async () => {
        // The counters claim 2 failures but failedResults lists none; successfulResults comes back empty on the wire. The
        // adapter may not infer anything: with no file naming them, the rows are reported as unknown failures, not successes.
        const org = orgWithJobInfo((info) => (info.state === 'JobComplete' ? { ...info, numberRecordsFailed: 2 } : info));
        h.double.faults.push({ method: 'GET', path: /\/successfulResults$/, fault: { kind: 'status', status: 200, body: '' } });
        const results = await org.update(
            'Account',
            ids.map((Id) => ({ Id, NumberOfEmployees: 9 }))
        );
        expect(counts()).toMatchObject({ successfulResults: 1, failedResults: 1, unprocessedrecords: 1 });
        expect(results.every((r, i) => !r.success && r.id === ids[i] && r.error === 'UNKNOWN_EXCEPTION: no result for this row')).toBe(
            true
        );
    });
});

describe('rebalance apply', () => {
    it('2,500 owner changes: no ingest result file is downloaded (update Ids known, audit inserted with returnIds: false)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'bulk-req-'));
        try {
            const saved = sealRebalancePlan({
                runId: 'rb-test',
                createdAt: '2026-10-01',
                asOf: '2026-10-01',
                source: 'double',
                target: await targetOf(h.org),
                departuresOnly: false,
                policy: DEFAULT_POLICY,
                plan: {
                    ok: true,
                    infeasible: [],
                    owners: {},
                    metrics: [],
                    secondaryChanges: [],
                    secondaryMetrics: [],
                    moves: ids.map((id, i) => ({
                        accountId: id,
                        accountName: `Account ${i}`,
                        tier: '1',
                        fromId: USERS[0]!.Id,
                        fromName: 'AE 0',
                        toId: USERS[1]!.Id,
                        toName: 'AE 1',
                        reasons: ['test']
                    }))
                }
            });
            const summary = await applyPlan(
                h.org,
                saved,
                { force: true, resume: false, runsDir: dir, planFile: 'plan.json', retryDelays: [] },
                new Ux(true)
            );
            expect(summary).toMatchObject({ updated: N, verifiedWrong: 0 });
            expect(counts()).toMatchObject({ create: 2, successfulResults: 0, failedResults: 0, unprocessedrecords: 0 });
            expect(await h.org.query(`SELECT Id FROM ABM_Assignment__c WHERE RunId__c = 'rb-test'`)).toHaveLength(N);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
