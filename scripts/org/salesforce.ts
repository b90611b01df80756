/**
 * The real org behind the `Org` door: @salesforce/core for auth (the sf CLI's own auth store; no token ever touches a
 * file or a log line here) and a jsforce Connection for the API.
 *
 * - query: REST query, every page (nextRecordsUrl), each page retried on transient errors.
 * - bulkQuery: Bulk API 2.0 query job, results paged by `Sforce-Locator` with our own loop (jsforce bug #1546 crashes
 *   `bulk2.query` when the results span several pages).
 * - writes: fewer than 2,000 rows through sObject collections in 200-row chunks; 2,000 or more through Bulk API 2.0
 *   ingest jobs (our own calls: create, upload CSV, UploadComplete, poll, then only the result files whose content is not
 *   known from the job's counters), every row mapped back to a RowResult in input order (results files are unordered:
 *   rows are matched by Id, external Id or their full content).
 * - transient errors (HTTP 5xx, REQUEST_LIMIT_EXCEEDED, dropped connections on idempotent calls) are retried with
 *   exponential backoff; an expired session (401) is refreshed through the connection's public `refreshAuth()`
 *   (@salesforce/core), or, on a plain jsforce Connection, by a request through it (jsforce refreshes on a 401).
 * - Bulk API 2.0 calls need CSV bodies and response headers (Sforce-Locator), which jsforce's request() does not give:
 *   they go through undici's fetch with an `EnvHttpProxyAgent`, so HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply to them
 *   as they do to jsforce's own requests (Node's global fetch ignores those variables).
 * - reads take an AbortSignal (`ReadOptions`): checked before every request, passed to undici's fetch (which cancels the
 *   request), raced against jsforce's request() (which takes none: its answer is dropped), waking the sleep between
 *   polls; never retried. A query job aborted while it runs is aborted on the server too (PATCH state Aborted).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sleep, throwIfAborted, untilAborted } from './abort.js';
import type { FieldDescribe, Org, PageOptions, ReadOptions, RowResult, SObjectRecord, WriteOptions } from './index.js';

export const API_VERSION = '66.0';

type HttpRequest = { method: string; url: string; body?: string; headers?: Record<string, string> };

/** The part of a jsforce / @salesforce/core Connection this adapter uses. */
export type ConnectionLike = {
    instanceUrl: string;
    accessToken?: string | null;
    version: string;
    request<R = unknown>(request: string | HttpRequest): Promise<R>;
    getUsername?(): string | undefined;
    /** @salesforce/core's Connection: refresh the access token if it has expired. */
    refreshAuth?(): Promise<void>;
};

type Undici = typeof import('undici');
let undici: Promise<{ fetch: Undici['fetch']; dispatcher: InstanceType<Undici['EnvHttpProxyAgent']> }> | undefined;
/** undici's fetch with a dispatcher that honours HTTPS_PROXY, HTTP_PROXY and NO_PROXY (loaded on the first bulk call). */
const proxyAwareFetch = () => (undici ??= import('undici').then((u) => ({ fetch: u.fetch, dispatcher: new u.EnvHttpProxyAgent() })));

export type SalesforceOrgOptions = {
    /** Bulk job poll interval (ms): starts here and backs off ×1.5 up to 10 s. Default 1,000. */
    pollIntervalMs?: number;
    /** Give up waiting for a bulk job after this long (ms). Default 30 minutes. */
    pollTimeoutMs?: number;
    /** First retry delay (ms), doubled per retry. Default 1,000. */
    retryBaseMs?: number;
    /** Retries per call on transient errors. Default 5. */
    maxRetries?: number;
    /** Rows at or above which writes go through Bulk API 2.0. Default 2,000. */
    bulkThreshold?: number;
    /** maxRecords per Bulk API 2.0 query results page (default: the server's choice). */
    bulkQueryPageSize?: number;
    /** Label printed before writes (default: the connection's username). */
    label?: string;
    /** Told what the caller should know but is not an error of the call (a query job left running after an abort). */
    onNotice?: (message: string) => void;
};

/** An API error with Salesforce's errorCode (or ERROR_HTTP_<status>). */
export class SalesforceApiError extends Error {
    constructor(
        message: string,
        readonly errorCode: string,
        readonly status?: number
    ) {
        super(message);
        this.name = 'SalesforceApiError';
    }
}

type Transient = 'retry' | 'refresh' | 'no';

/** Is this error worth another try? (`idempotent`: a dropped connection may be retried.) */
function classify(error: unknown, idempotent: boolean): Transient {
    const e = error as { errorCode?: string; name?: string; code?: string; status?: number; message?: string; cause?: { code?: string } };
    const code = e.errorCode ?? e.name ?? '';
    if (code === 'INVALID_SESSION_ID' || e.status === 401) return 'refresh';
    if (code === 'REQUEST_LIMIT_EXCEEDED' || code === 'SERVER_UNAVAILABLE' || /^ERROR_HTTP_(5\d\d|429|420)$/.test(code)) return 'retry';
    if (e.status !== undefined && (e.status >= 500 || e.status === 429)) return 'retry';
    const net = e.code ?? e.cause?.code ?? '';
    const dropped =
        ['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(net) ||
        /socket hang up|other side closed|fetch failed|ECONNRESET|terminated/i.test(e.message ?? '');
    if (dropped) return idempotent ? 'retry' : 'no';
    return 'no';
}

/** A row key for matching unordered bulk result rows to input rows: numbers compared by value (Salesforce re-renders them). */
const canon = (cell: string): string => (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(cell) ? String(Number(cell)) : cell);

/** The part of a Bulk API 2.0 job's info this adapter reads (counters are absent from some responses). */
type JobInfo = { state: string; errorMessage?: string; numberRecordsProcessed?: number; numberRecordsFailed?: number };

export class SalesforceOrg implements Org {
    readonly kind = 'salesforce' as const;
    readonly label: string;
    private readonly o: Required<Omit<SalesforceOrgOptions, 'bulkQueryPageSize' | 'label' | 'onNotice'>> & { bulkQueryPageSize?: number };
    private readonly onNotice?: (message: string) => void;

    private constructor(
        readonly connection: ConnectionLike,
        options: SalesforceOrgOptions = {}
    ) {
        this.label = options.label ?? connection.getUsername?.() ?? connection.instanceUrl;
        this.onNotice = options.onNotice;
        this.o = {
            pollIntervalMs: options.pollIntervalMs ?? 1000,
            pollTimeoutMs: options.pollTimeoutMs ?? 30 * 60_000,
            retryBaseMs: options.retryBaseMs ?? 1000,
            maxRetries: options.maxRetries ?? 5,
            bulkThreshold: options.bulkThreshold ?? 2000,
            bulkQueryPageSize: options.bulkQueryPageSize
        };
    }

    /** Connect through the sf CLI's auth store (an alias or username from `sf org login`). */
    static async connect(aliasOrUsername: string, options: SalesforceOrgOptions = {}): Promise<SalesforceOrg> {
        const core = await import('@salesforce/core');
        const org = await core.Org.create({ aliasOrUsername });
        const conn = org.getConnection(API_VERSION) as unknown as ConnectionLike;
        return new SalesforceOrg(conn, { label: org.getUsername() ?? aliasOrUsername, ...options });
    }

    /** Wrap an existing connection (tests: a jsforce Connection to the local double). */
    static fromConnection(connection: ConnectionLike, options: SalesforceOrgOptions = {}): SalesforceOrg {
        return new SalesforceOrg(connection, options);
    }

    private get base(): string {
        return `/services/data/v${this.connection.version || API_VERSION}`;
    }

    /**
     * Run `fn`, retrying transient failures with backoff and refreshing an expired session once per attempt. Once `signal`
     * has fired, no attempt starts, a failure is the abort (never retried, never wrapped) and the backoff wait ends.
     */
    private async retry<T>(
        what: string,
        idempotent: boolean,
        fn: () => Promise<T>,
        signal?: AbortSignal,
        maxRetries = this.o.maxRetries
    ): Promise<T> {
        let attempt = 0;
        let refreshed = false;
        for (;;) {
            throwIfAborted(signal);
            try {
                return await fn();
            } catch (error) {
                throwIfAborted(signal);
                const kind = classify(error, idempotent);
                if (kind === 'refresh' && !refreshed) {
                    refreshed = true;
                    if (await this.refreshSession()) continue;
                }
                if (kind !== 'retry' || attempt >= maxRetries) throw this.wrap(error, what);
                await sleep(this.o.retryBaseMs * 2 ** attempt, signal);
                attempt++;
            }
        }
    }

    /** Refresh an expired session through public API; false when the connection cannot (no refresh token). */
    private async refreshSession(): Promise<boolean> {
        try {
            if (typeof this.connection.refreshAuth === 'function') await this.connection.refreshAuth();
            // A jsforce Connection refreshes on a 401 of any request made through it (what core's refreshAuth does).
            else await this.connection.request(this.base);
            return true;
        } catch {
            return false;
        }
    }

    private wrap(error: unknown, what: string): Error {
        const e = error as { errorCode?: string; name?: string; message?: string; status?: number };
        const code = e.errorCode ?? e.name ?? 'ERROR';
        return new SalesforceApiError(`${what}: ${code}: ${e.message ?? String(error)}`, code, e.status);
    }

    /** A jsforce request. It takes no signal: with one, the caller stops waiting at the abort and the answer is dropped. */
    private req<R>(request: HttpRequest | string, signal?: AbortSignal): Promise<R> {
        return untilAborted(this.connection.request<R>(request), signal);
    }

    /** A raw HTTP call (CSV bodies and response headers, which jsforce's request() does not expose). */
    private async raw(
        method: string,
        path: string,
        body?: string,
        headers: Record<string, string> = {},
        signal?: AbortSignal
    ): Promise<{ text: string; headers: { get(name: string): string | null } }> {
        const { fetch, dispatcher } = await proxyAwareFetch();
        // The signal cancels the request and the body's download; fetch rejects with its reason, whatever it is
        // (`retry` turns that into abortError's Error).
        const response = await fetch(`${this.connection.instanceUrl}${path}`, {
            method,
            body,
            headers: { Authorization: `Bearer ${this.connection.accessToken ?? ''}`, ...headers },
            dispatcher,
            signal
        });
        const text = await response.text();
        if (!response.ok) {
            let errorCode = `ERROR_HTTP_${response.status}`;
            let message = text.slice(0, 500);
            try {
                const parsed = JSON.parse(text) as { errorCode?: string; message?: string }[];
                if (parsed[0]?.errorCode) ({ errorCode, message = '' } = parsed[0] as { errorCode: string; message?: string });
            } catch {
                // not JSON: keep the status text
            }
            throw Object.assign(new SalesforceApiError(message, errorCode, response.status), { status: response.status });
        }
        return { text, headers: response.headers };
    }

    // ---------- reads ----------

    async query<T extends SObjectRecord = SObjectRecord>(soql: string, options: ReadOptions = {}): Promise<T[]> {
        type Page = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: SObjectRecord[] };
        const { signal } = options;
        const out: T[] = [];
        let page = await this.retry(
            'query',
            true,
            () => this.req<Page>(`${this.base}/query?q=${encodeURIComponent(soql)}`, signal),
            signal
        );
        for (;;) {
            for (const record of page.records) out.push(stripAttributes(record) as T);
            if (page.done || !page.nextRecordsUrl) break;
            const next = page.nextRecordsUrl;
            page = await this.retry('query (next page)', true, () => this.req<Page>(next, signal), signal);
        }
        return out;
    }

    async bulkQuery(soql: string, options: ReadOptions = {}): Promise<Record<string, string>[]> {
        const rows: Record<string, string>[] = [];
        await this.bulkQueryPages(
            soql,
            ({ header, rows: page }) => {
                for (const cells of page) {
                    const row: Record<string, string> = {};
                    header.forEach((name, i) => (row[name] = cells[i] ?? ''));
                    rows.push(row);
                }
            },
            options
        );
        return rows;
    }

    /**
     * A Bulk API 2.0 query whose result pages (`maxRecords` rows each: `pageSize`, else the adapter's
     * `bulkQueryPageSize`, else the server's choice) reach `onPage` one at a time, in order, and are let go after it:
     * a caller that writes each page out holds one page, never the whole result. A page is its header (the CSV's column
     * names) and its rows as arrays of cells. Resolves with the number of rows.
     *
     * Aborted (`signal`) while the job runs: polling stops and the job is aborted on the server, so it stops spending the
     * org's query time (a failed abort is told to `onNotice`, and the read still rejects with the abort). Aborted once the
     * job is JobComplete: no further results page is asked for (Salesforce refuses to abort a completed job).
     */
    async bulkQueryPages(
        soql: string,
        onPage: (page: { header: string[]; rows: string[][] }) => Promise<void> | void,
        options: PageOptions = {}
    ): Promise<number> {
        const { signal, pageSize = this.o.bulkQueryPageSize } = options;
        throwIfAborted(signal);
        type Job = { id: string; state: string; errorMessage?: string };
        // Not raced against the signal: the job's Id is needed to abort it, so an abort waits for this answer.
        const job = await this.retry('bulk query: create job', false, () =>
            this.req<Job>({
                method: 'POST',
                url: `${this.base}/jobs/query`,
                body: JSON.stringify({ operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' }),
                headers: { 'Content-Type': 'application/json' }
            })
        );
        const jobUrl = `${this.base}/jobs/query/${job.id}`;
        let done: JobInfo;
        try {
            done = await this.waitForJob(jobUrl, undefined, signal);
        } catch (error) {
            if (signal?.aborted) await this.abortQueryJob(jobUrl, job.id);
            throw error;
        }
        if (done.state !== 'JobComplete') {
            throw new SalesforceApiError(
                `Bulk query job ${job.id} ended ${done.state}${done.errorMessage ? `: ${done.errorMessage}` : ''}`,
                'BULK_JOB_FAILED'
            );
        }
        let count = 0;
        let locator: string | undefined;
        for (;;) {
            const params = new URLSearchParams();
            if (locator) params.set('locator', locator);
            if (pageSize) params.set('maxRecords', String(pageSize));
            const qs = params.toString();
            // The page's text is parsed and let go before `onPage` runs (only the cells stay).
            const { next, cells } = await this.retry(
                'bulk query: results',
                true,
                async () => {
                    const page = await this.raw('GET', `${jobUrl}/results${qs ? `?${qs}` : ''}`, undefined, { Accept: 'text/csv' }, signal);
                    return {
                        next: page.headers.get('sforce-locator'),
                        cells: page.text.trim() ? (parse(page.text, { bom: true }) as string[][]) : []
                    };
                },
                signal
            );
            const [header, ...rows] = cells;
            if (header && rows.length) {
                count += rows.length;
                await onPage({ header, rows });
            }
            if (!next || next === 'null') break;
            locator = next;
        }
        return count;
    }

    /**
     * Abort a running query job (Bulk API 2.0 "Abort a Query Job"), after the caller gave up on it: best effort, one try
     * (an expired session refreshed), no backoff (the caller is waiting for its rejection). A failure is not the caller's
     * error: it is told to `onNotice`, since the job may go on running on the server until it ends.
     */
    private async abortQueryJob(jobUrl: string, id: string): Promise<void> {
        try {
            await this.retry(
                'bulk query: abort job',
                true,
                () =>
                    this.req({
                        method: 'PATCH',
                        url: jobUrl,
                        body: JSON.stringify({ state: 'Aborted' }),
                        headers: { 'Content-Type': 'application/json' }
                    }),
                undefined,
                0
            );
        } catch (error) {
            this.onNotice?.(`Bulk query job ${id} could not be aborted (${(error as Error).message}); it may run on until it ends.`);
        }
    }

    async describe(object: string): Promise<FieldDescribe[]> {
        const result = await this.retry('describe', true, () =>
            this.req<{ fields: FieldDescribe[] }>(`${this.base}/sobjects/${encodeURIComponent(object)}/describe`)
        );
        return result.fields.map((f) => ({
            name: f.name,
            type: f.type,
            label: f.label,
            nillable: f.nillable,
            updateable: f.updateable,
            createable: f.createable,
            referenceTo: f.referenceTo,
            relationshipName: f.relationshipName,
            externalId: f.externalId
        }));
    }

    /**
     * Poll a bulk job until it ends (JobComplete, Failed or Aborted): first poll at once, then after `pollIntervalMs`, backing off
     * ×1.5 up to 10 s. Returns the final job info, counters included when the server sent them. `signal` ends the wait at
     * once, the sleep between polls included, rejecting with the abort.
     */
    private async waitForJob(url: string, onStage?: (text: string) => void, signal?: AbortSignal): Promise<JobInfo> {
        const started = Date.now();
        let interval = this.o.pollIntervalMs;
        for (let poll = 1; ; poll++) {
            const info = await this.retry('bulk job status', true, () => this.req<JobInfo>(url, signal), signal);
            const processed = info.numberRecordsProcessed;
            onStage?.(
                `job ${url.split('/').pop() ?? ''} ${info.state}${processed !== undefined ? `, ${processed.toLocaleString('en-US')} rows processed` : ''} (poll ${poll})`
            );
            if (['JobComplete', 'Failed', 'Aborted'].includes(info.state)) return info;
            if (Date.now() - started > this.o.pollTimeoutMs) {
                throw new SalesforceApiError(
                    `Bulk job ${url.split('/').pop() ?? ''} still ${info.state} after ${Math.round(this.o.pollTimeoutMs / 1000)} s`,
                    'POLL_TIMEOUT'
                );
            }
            await sleep(interval, signal);
            interval = Math.min(10_000, Math.ceil(interval * 1.5));
        }
    }

    // ---------- writes ----------

    insert(object: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]> {
        return this.write('insert', object, records, options);
    }

    update(object: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]> {
        return this.write('update', object, records, options);
    }

    upsert(object: string, externalIdField: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]> {
        return this.write('upsert', object, records, options, externalIdField);
    }

    delete(object: string, ids: string[], options?: WriteOptions): Promise<RowResult[]> {
        return this.write(
            'delete',
            object,
            ids.map((Id) => ({ Id })),
            options
        );
    }

    private async write(
        op: 'insert' | 'update' | 'upsert' | 'delete',
        object: string,
        records: SObjectRecord[],
        options: WriteOptions = {},
        extId?: string
    ): Promise<RowResult[]> {
        if (records.length === 0) return [];
        if (records.length >= this.o.bulkThreshold) return this.bulkWrite(op, object, records, options, extId);
        return this.collectionsWrite(op, object, records, options, extId);
    }

    /** sObject collections, 200 rows per call. Under allOrNone each call is atomic; after a failed call the rest are not sent. */
    private async collectionsWrite(
        op: 'insert' | 'update' | 'upsert' | 'delete',
        object: string,
        records: SObjectRecord[],
        options: WriteOptions,
        extId?: string
    ): Promise<RowResult[]> {
        type Save = {
            id?: string | null;
            success: boolean;
            created?: boolean;
            errors: { statusCode: string; message: string; fields?: string[] }[];
        };
        const results: RowResult[] = [];
        const allOrNone = !!options.allOrNone;
        for (let start = 0; start < records.length; start += 200) {
            const chunk = records.slice(start, start + 200);
            if (allOrNone && results.some((r) => !r.success)) {
                for (const input of chunk)
                    results.push({
                        id: idOf(input),
                        success: false,
                        error: 'NOT_PROCESSED: an earlier chunk failed under allOrNone',
                        input
                    });
                continue;
            }
            let saves: Save[];
            if (op === 'delete') {
                const ids = chunk.map((r) => String(r.Id));
                saves = await this.retry('delete', true, () =>
                    this.req<Save[]>({
                        method: 'DELETE',
                        url: `${this.base}/composite/sobjects?ids=${ids.map(encodeURIComponent).join(',')}&allOrNone=${allOrNone}`
                    })
                );
            } else {
                const body = JSON.stringify({
                    allOrNone,
                    records: chunk.map((r) => ({ attributes: { type: object }, ...withoutAttributes(r) }))
                });
                const url = op === 'upsert' ? `${this.base}/composite/sobjects/${object}/${extId}` : `${this.base}/composite/sobjects`;
                const method = op === 'insert' ? 'POST' : 'PATCH';
                saves = await this.retry(op, op !== 'insert', () =>
                    this.req<Save[]>({ method, url, body, headers: { 'Content-Type': 'application/json' } })
                );
            }
            chunk.forEach((input, i) => {
                const s = saves[i];
                const error =
                    s && !s.success
                        ? s.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')
                        : s
                          ? undefined
                          : 'UNKNOWN_EXCEPTION: no result returned for this row';
                results.push({
                    id: s?.id ?? (op === 'insert' ? null : idOf(input)),
                    success: !!s?.success,
                    ...(op === 'insert' || op === 'upsert' ? { created: !!s?.success && (op === 'insert' || !!s.created) } : {}),
                    ...(error ? { error } : {}),
                    input
                });
            });
            options.onProgress?.(results.length, records.length);
        }
        return results;
    }

    /** Bulk API 2.0 ingest; large inputs are split into jobs of at most ~100 MB of CSV. */
    private async bulkWrite(
        op: 'insert' | 'update' | 'upsert' | 'delete',
        object: string,
        records: SObjectRecord[],
        options: WriteOptions,
        extId?: string
    ): Promise<RowResult[]> {
        const columns = op === 'delete' ? ['Id'] : [...new Set(records.flatMap((r) => Object.keys(withoutAttributes(r))))];
        const cellsOf = (r: SObjectRecord) =>
            columns.map((c) => {
                const v = r[c];
                if (v === undefined) return '';
                if (v === null) return '#N/A';
                return typeof v === 'object' ? JSON.stringify(v) : String(v);
            });
        const lines = records.map(cellsOf);
        const results: (RowResult | undefined)[] = new Array(records.length);
        const maxBytes = 100 * 1024 * 1024;
        let start = 0;
        while (start < lines.length) {
            let bytes = 0;
            let end = start;
            while (end < lines.length && (end === start || bytes < maxBytes)) {
                bytes += lines[end]!.reduce((s, c) => s + c.length + 3, 1);
                end++;
            }
            await this.bulkJob(op, object, columns, lines, records, start, end, results, options, extId);
            options.onProgress?.(end, records.length);
            start = end;
        }
        return results.map(
            (r, i) =>
                r ?? {
                    id: idOf(records[i]!),
                    success: false,
                    error: 'UNKNOWN_EXCEPTION: the bulk job returned no result for this row',
                    input: records[i]!
                }
        );
    }

    /**
     * One ingest job: create, upload, close, poll, then only the result files whose content is not already known.
     * - `failedResults` only when the job counted failures (numberRecordsFailed > 0);
     * - `unprocessedrecords` only when the job ended Failed or Aborted (JobComplete must have processed every uploaded row);
     * - `successfulResults` only when a row's result needs it: inserts and upserts return new ids (unless
     *   `returnIds: false`); updates and deletes already know their Ids.
     * Rows in neither downloaded file are then the job's successes. That inference is made only when the counters add up
     * exactly (processed = uploaded on JobComplete, failed rows matched = numberRecordsFailed, unprocessed rows matched =
     * uploaded − processed); otherwise all three files are downloaded and matched as before.
     */
    private async bulkJob(
        op: 'insert' | 'update' | 'upsert' | 'delete',
        object: string,
        columns: string[],
        lines: string[][],
        records: SObjectRecord[],
        start: number,
        end: number,
        results: (RowResult | undefined)[],
        options: WriteOptions,
        extId?: string
    ): Promise<void> {
        type Job = { id: string; state: string; errorMessage?: string };
        const job = await this.retry('bulk ingest: create job', false, () =>
            this.req<Job>({
                method: 'POST',
                url: `${this.base}/jobs/ingest`,
                body: JSON.stringify({
                    object,
                    operation: op,
                    contentType: 'CSV',
                    lineEnding: 'LF',
                    columnDelimiter: 'COMMA',
                    ...(op === 'upsert' ? { externalIdFieldName: extId } : {})
                }),
                headers: { 'Content-Type': 'application/json' }
            })
        );
        const jobUrl = `${this.base}/jobs/ingest/${job.id}`;
        const csv = stringify([columns, ...lines.slice(start, end)]);
        await this.retry('bulk ingest: upload', true, () => this.raw('PUT', `${jobUrl}/batches`, csv, { 'Content-Type': 'text/csv' }));
        await this.retry('bulk ingest: close job', true, () =>
            this.req({
                method: 'PATCH',
                url: jobUrl,
                body: JSON.stringify({ state: 'UploadComplete' }),
                headers: { 'Content-Type': 'application/json' }
            })
        );
        options.onStage?.(`job ${job.id}: ${(end - start).toLocaleString('en-US')} rows uploaded, processing`);
        const done = await this.waitForJob(jobUrl, options.onStage);
        type ResultFile = 'successfulResults' | 'failedResults' | 'unprocessedrecords';
        const files = new Map<ResultFile, Record<string, string>[]>();
        const file = async (name: ResultFile) => {
            let rows = files.get(name);
            if (!rows) {
                const { text } = await this.retry(`bulk ingest: ${name}`, true, () =>
                    this.raw('GET', `${jobUrl}/${name}`, undefined, { Accept: 'text/csv' })
                );
                rows = text.trim() ? (parse(text, { columns: true, bom: true }) as Record<string, string>[]) : [];
                files.set(name, rows);
            }
            return rows;
        };

        // Match unordered result rows to input rows: by Id (update/delete), external Id (upsert) or the whole row (insert).
        const keyColumns =
            op === 'update' || op === 'delete'
                ? ['Id']
                : op === 'upsert'
                  ? [columns.find((c) => c.toLowerCase() === (extId ?? '').toLowerCase()) ?? extId ?? 'Id']
                  : columns;
        const keyOf = (get: (c: string) => string) => keyColumns.map((c) => canon(get(c)).toLowerCase()).join('\u0001');
        const why = `NOT_PROCESSED: bulk job ${job.id} ended ${done.state}${done.errorMessage ? ` (${done.errorMessage})` : ''} before this row was processed`;
        /** Results of the rows found in the given files (fresh matching each call), and how many rows of each file matched. */
        const match = (ok: Record<string, string>[], failed: Record<string, string>[], unprocessed: Record<string, string>[]) => {
            const waiting = new Map<string, number[]>();
            for (let i = start; i < end; i++) {
                const line = lines[i]!;
                const key = keyOf((c) => line[columns.indexOf(c)] ?? '');
                const list = waiting.get(key);
                if (list) list.push(i);
                else waiting.set(key, [i]);
            }
            const take = (row: Record<string, string>): number | undefined => waiting.get(keyOf((c) => row[c] ?? ''))?.shift();
            const found = new Map<number, RowResult>();
            const matched = { ok: 0, failed: 0, unprocessed: 0 };
            for (const row of ok) {
                const i = take(row);
                if (i === undefined) continue;
                matched.ok++;
                found.set(i, {
                    id: row.sf__Id || idOf(records[i]!),
                    success: true,
                    ...(op === 'insert' || op === 'upsert' ? { created: row.sf__Created === 'true' } : {}),
                    input: records[i]!
                });
            }
            for (const row of failed) {
                const i = take(row);
                if (i === undefined) continue;
                matched.failed++;
                found.set(i, {
                    id: row.sf__Id || idOf(records[i]!),
                    success: false,
                    error: bulkError(row.sf__Error ?? ''),
                    input: records[i]!
                });
            }
            for (const row of unprocessed) {
                const i = take(row);
                if (i === undefined) continue;
                matched.unprocessed++;
                found.set(i, { id: idOf(records[i]!), success: false, error: why, input: records[i]! });
            }
            return { found, matched };
        };

        const uploaded = end - start;
        const processed = done.numberRecordsProcessed;
        const failedCount = done.numberRecordsFailed;
        const complete = done.state === 'JobComplete';
        const counted =
            Number.isInteger(processed) &&
            Number.isInteger(failedCount) &&
            0 <= failedCount! &&
            failedCount! <= processed! &&
            processed! <= uploaded &&
            (!complete || processed === uploaded);
        if (counted) {
            const needIds = (op === 'insert' || op === 'upsert') && options.returnIds !== false;
            const ok = needIds ? await file('successfulResults') : [];
            const failed = failedCount! > 0 ? await file('failedResults') : [];
            const unprocessed = complete ? [] : await file('unprocessedrecords');
            const { found, matched } = match(ok, failed, unprocessed);
            const exact =
                failed.length === failedCount &&
                matched.failed === failedCount &&
                unprocessed.length === uploaded - processed! &&
                matched.unprocessed === uploaded - processed! &&
                (!needIds || (ok.length === processed! - failedCount! && matched.ok === ok.length));
            if (exact) {
                for (let i = start; i < end; i++) {
                    results[i] = found.get(i) ?? {
                        id: idOf(records[i]!),
                        success: true,
                        ...(op === 'insert' ? { created: true } : {}),
                        input: records[i]!
                    };
                }
                return;
            }
        }
        // The counters are missing or do not add up: download every file and report only what they say.
        const { found } = match(await file('successfulResults'), await file('failedResults'), await file('unprocessedrecords'));
        for (let i = start; i < end; i++) {
            results[i] = found.get(i) ?? {
                id: idOf(records[i]!),
                success: false,
                error: complete ? 'UNKNOWN_EXCEPTION: no result for this row' : why,
                input: records[i]!
            };
        }
    }
}

/** `STATUS_CODE:message:fields --` (Bulk API 2.0) → `STATUS_CODE: message`. */
function bulkError(raw: string): string {
    const m = /^([A-Z_]+):(.*?)(?::([^:]*) --)?$/s.exec(raw.trim());
    return m ? `${m[1]}: ${m[2]!.trim()}` : raw;
}

function idOf(record: SObjectRecord): string | null {
    const id = record.Id ?? (record as { id?: unknown }).id;
    return typeof id === 'string' && id ? id : null;
}

function withoutAttributes(record: SObjectRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (k !== 'attributes') out[k] = v;
    return out;
}

/** Drop `attributes` on every level (the snapshot adapter returns the same shape). */
function stripAttributes(record: SObjectRecord): SObjectRecord {
    const out: SObjectRecord = {};
    for (const [k, v] of Object.entries(record)) {
        if (k === 'attributes') continue;
        if (v && typeof v === 'object' && !Array.isArray(v)) {
            const nested = v as { records?: SObjectRecord[] };
            out[k] = Array.isArray(nested.records)
                ? { ...nested, records: nested.records.map(stripAttributes) }
                : stripAttributes(v as SObjectRecord);
        } else out[k] = v;
    }
    return out;
}
