/**
 * Abortable reads of SalesforceOrg over real HTTP against the double (which records every request): a signal already
 * fired sends nothing; fired while a Bulk API 2.0 query job runs, polling stops (its sleep wakes) and the job is aborted
 * on the server; fired between result pages or REST query pages, no further page is asked for; a refused server-side
 * abort is told to onNotice and the read still rejects with the abort. Each abort is made at a known request boundary
 * (from the request's answer or from onPage), so the counts asserted are exact.
 */
import { SalesforceApiError } from '../../scripts/org/salesforce';
import { orgAround, startDouble, type Harness, type Passing } from './harness';

jest.setTimeout(20_000);

const ACCOUNTS = Array.from({ length: 4500 }, (_, i) => ({ Name: `Account ${String(i).padStart(5, '0')}`, NumberOfEmployees: i }));
const SOQL = 'SELECT Id, Name FROM Account';

let h: Harness;
beforeEach(async () => {
    h = await startDouble({ records: { Account: ACCOUNTS.map((a) => ({ ...a })) } });
});
afterEach(async () => {
    await h.stop();
});

const CREATE = /\/jobs\/query$/;
const JOB = /\/jobs\/query\/750\w+$/;
const RESULTS = /\/jobs\/query\/750\w+\/results$/;
const counts = () => ({
    create: h.double.count('POST', CREATE),
    polls: h.double.count('GET', JOB),
    abort: h.double.count('PATCH', JOB),
    results: h.double.count('GET', RESULTS),
    restFirst: h.double.count('GET', /\/query$/),
    restMore: h.double.count('GET', /\/query\/01g/)
});
const queryJobs = () => [...h.double.jobs.values()].filter((j) => j.kind === 'query');
const isJobPoll = (r: Passing) => r.method === 'GET' && JOB.test(r.url);

/** An AbortError as fetch makes it (a DOMException named AbortError), not an API error. */
const expectAbortError = (error: unknown) => {
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(error).not.toBeInstanceOf(SalesforceApiError);
};
const rejection = (promise: Promise<unknown>) =>
    promise.then(
        () => {
            throw new Error('resolved: expected the read to reject with the abort');
        },
        (error: unknown) => error
    );

describe('a signal already fired: rejected at once, nothing sent', () => {
    /** Every request the adapter hands its connection (the only way out before a job exists), seen as it is made. */
    let sent: string[];
    let org: ReturnType<typeof orgAround>;
    beforeEach(() => {
        sent = [];
        org = orgAround(h, (r) => (sent.push(`${r.method} ${r.url}`), r.send()));
    });

    it.each([
        ['bulkQuery', () => org.bulkQuery(SOQL, { signal: AbortSignal.abort() })],
        ['bulkQueryPages', () => org.bulkQueryPages(SOQL, () => undefined, { signal: AbortSignal.abort() })],
        ['query', () => org.query(SOQL, { signal: AbortSignal.abort() })]
    ])('%s: AbortError, no request, no job created', async (_, read) => {
        expectAbortError(await rejection(read()));
        expect(sent).toEqual([]);
        expect(h.double.requests).toEqual([]);
        expect(h.double.jobs.size).toBe(0);
    });

    it("the signal's reason when it is an Error (the same object), else an AbortError", async () => {
        const reason = new Error('list 2 is bad');
        expect(await rejection(org.bulkQuery(SOQL, { signal: AbortSignal.abort(reason) }))).toBe(reason);
        expect(await rejection(org.query(SOQL, { signal: AbortSignal.abort(reason) }))).toBe(reason);
        expectAbortError(await rejection(org.bulkQuery(SOQL, { signal: AbortSignal.abort('not an Error') })));
        expect(sent).toEqual([]);
    });
});

describe('Bulk API 2.0 query aborted while its job runs', () => {
    beforeEach(() => {
        h.double.bulkPolls = 1000;
    });

    it('during the sleep between polls: the sleep wakes, the job is aborted on the server, no results asked for', async () => {
        const controller = new AbortController();
        const notices: string[] = [];
        // A ten-minute poll interval: the read can only settle within the test's timeout if the abort wakes the sleep.
        const org = orgAround(
            h,
            async (r) => {
                const out = await r.send();
                // Fired after the poll's answer reached the adapter (a macrotask later: it is asleep by then).
                if (isJobPoll(r)) setTimeout(() => controller.abort(), 0);
                return out;
            },
            { pollIntervalMs: 600_000, onNotice: (m) => notices.push(m) }
        );
        expectAbortError(await rejection(org.bulkQuery(SOQL, { signal: controller.signal })));
        expect(counts()).toMatchObject({ create: 1, polls: 1, abort: 1, results: 0 });
        expect(queryJobs().map((j) => j.state)).toEqual(['Aborted']);
        expect(notices).toEqual([]);
    });

    it("during a poll's request: its answer is dropped, no further poll, the job is aborted on the server", async () => {
        const controller = new AbortController();
        let polls = 0;
        const org = orgAround(h, async (r) => {
            const out = await r.send();
            if (isJobPoll(r) && ++polls === 3) controller.abort();
            return out;
        });
        const reason = await rejection(org.bulkQueryPages(SOQL, () => undefined, { signal: controller.signal }));
        expectAbortError(reason);
        expect(counts()).toMatchObject({ create: 1, polls: 3, abort: 1, results: 0 });
        expect(queryJobs().map((j) => j.state)).toEqual(['Aborted']);
    });

    it("during the create request: the job's Id is awaited, then the job is aborted and never polled", async () => {
        const controller = new AbortController();
        const org = orgAround(h, async (r) => {
            const out = await r.send();
            if (r.method === 'POST' && CREATE.test(r.url)) controller.abort();
            return out;
        });
        expectAbortError(await rejection(org.bulkQuery(SOQL, { signal: controller.signal })));
        expect(counts()).toMatchObject({ create: 1, polls: 0, abort: 1, results: 0 });
        expect(queryJobs().map((j) => j.state)).toEqual(['Aborted']);
    });

    it('a transient error is not retried once the signal fires (the backoff wait wakes too)', async () => {
        const controller = new AbortController();
        h.double.faults.push({ method: 'GET', path: JOB, nth: 2, fault: { kind: 'requestLimit' } });
        const org = orgAround(
            h,
            (r) =>
                r.send().catch((error: unknown) => {
                    // The 403 reached the adapter a macrotask later: it is in its ten-minute backoff by then.
                    if (isJobPoll(r)) setTimeout(() => controller.abort(), 0);
                    throw error;
                }),
            { retryBaseMs: 600_000 }
        );
        expectAbortError(await rejection(org.bulkQuery(SOQL, { signal: controller.signal })));
        expect(counts()).toMatchObject({ create: 1, polls: 2, abort: 1, results: 0 });
        expect(queryJobs().map((j) => j.state)).toEqual(['Aborted']);
    });

    it("a failed server-side abort: told to onNotice, and the read rejects with the abort, not the PATCH's error", async () => {
        const controller = new AbortController();
        const reason = new Error('list 2 is bad');
        const notices: string[] = [];
        h.double.faults.push({ method: 'PATCH', path: JOB, times: Infinity, fault: { kind: 'status', status: 500 } });
        const org = orgAround(
            h,
            async (r) => {
                const out = await r.send();
                if (isJobPoll(r)) controller.abort(reason);
                return out;
            },
            { onNotice: (m) => notices.push(m) }
        );
        expect(await rejection(org.bulkQuery(SOQL, { signal: controller.signal }))).toBe(reason);
        // One try, no backoff: the caller is waiting for its rejection.
        expect(counts()).toMatchObject({ create: 1, polls: 1, abort: 1, results: 0 });
        const [job] = queryJobs();
        expect(job!.state).toBe('InProgress');
        expect(notices).toEqual([
            expect.stringMatching(
                new RegExp(
                    `^Bulk query job ${job!.id} could not be aborted \\(bulk query: abort job: SERVER_UNAVAILABLE: .*\\); it may run on`
                )
            )
        ]);
    });
});

describe('aborted once the query job is complete', () => {
    it('between result pages: no further page is asked for, no abort sent (Salesforce refuses it on a JobComplete job)', async () => {
        const controller = new AbortController();
        const pages: number[] = [];
        const read = h.org.bulkQueryPages(
            SOQL,
            ({ rows }) => {
                pages.push(rows.length);
                controller.abort();
            },
            { pageSize: 1000, signal: controller.signal }
        );
        expectAbortError(await rejection(read));
        expect(pages).toEqual([1000]);
        expect(counts()).toMatchObject({ create: 1, abort: 0, results: 1 });
        expect(queryJobs().map((j) => j.state)).toEqual(['JobComplete']);
    });
});

describe('REST query aborted while paging (nextRecordsUrl)', () => {
    it('aborted as the first page arrives (4,500 rows: three pages): that answer is dropped, no further page is asked for', async () => {
        const controller = new AbortController();
        const org = orgAround(h, async (r) => {
            const out = await r.send();
            if (/\/query\?q=/.test(r.url)) controller.abort();
            return out;
        });
        expectAbortError(await rejection(org.query(SOQL, { signal: controller.signal })));
        expect(counts()).toMatchObject({ restFirst: 1, restMore: 0 });
    });
});

describe('aborted while a request is in flight (the server holds its answer back)', () => {
    /** Hold the answers to requests matching `path`, firing the abort as the first arrives; `release()` lets them go. */
    function holdAndAbort(controller: AbortController, method: string, path: RegExp) {
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        h.double.faults.push({
            method,
            path,
            fault: {
                kind: 'hold',
                until: () => {
                    controller.abort();
                    return released;
                }
            }
        });
        return release;
    }

    it('a REST query page (jsforce takes no signal): rejects without waiting for the answer, no further page', async () => {
        const controller = new AbortController();
        const release = holdAndAbort(controller, 'GET', /\/query\/01g/);
        // The read can only settle before the release if the abort does not wait for the answer.
        expectAbortError(await rejection(h.org.query(SOQL, { signal: controller.signal })));
        release();
        expect(counts()).toMatchObject({ restFirst: 1 });
        expect(h.double.count('GET', /\/query\/01g/)).toBeLessThanOrEqual(1);
    });

    it('a job poll: rejects without waiting for the answer, and the job is aborted on the server', async () => {
        h.double.bulkPolls = 1000;
        const controller = new AbortController();
        const release = holdAndAbort(controller, 'GET', JOB);
        expectAbortError(await rejection(h.org.bulkQuery(SOQL, { signal: controller.signal })));
        release();
        expect(counts()).toMatchObject({ create: 1, abort: 1, results: 0 });
        expect(queryJobs().map((j) => j.state)).toEqual(['Aborted']);
    });

    it('a results page (undici fetch, given the signal): the request is cancelled, no abort sent, no further page', async () => {
        const controller = new AbortController();
        const release = holdAndAbort(controller, 'GET', RESULTS);
        expectAbortError(await rejection(h.org.bulkQueryPages(SOQL, () => undefined, { pageSize: 1000, signal: controller.signal })));
        release();
        expect(counts()).toMatchObject({ create: 1, abort: 0 });
        expect(queryJobs().map((j) => j.state)).toEqual(['JobComplete']);
    });
});
