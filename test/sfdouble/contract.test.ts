/**
 * Contract tests: the local double answers each documented Salesforce request (contract-examples.ts) with the documented
 * status code, content type, JSON shape (same keys, same JSON types, recursively; documented optional keys allowed), CSV
 * header columns and paging headers. Every call is a raw `fetch` to the double's URL, so these check the wire, not jsforce.
 */
import { parse } from 'csv-parse/sync';
import {
    ABORT_JOB,
    ABORT_QUERY_JOB,
    BULK_ERRORS,
    BULK_INSERT_CSV,
    CLOSE_JOB,
    COLLECTIONS_CREATE,
    COLLECTIONS_CREATE_REQUEST,
    COLLECTIONS_UPDATE_PARTIAL,
    COLLECTIONS_UPDATE_ROLLED_BACK,
    CREATE_JOB,
    CREATE_JOB_REQUEST,
    CREATE_QUERY_JOB,
    CREATE_QUERY_JOB_REQUEST,
    FAILED_RESULTS,
    JOB_INFO,
    LIMIT_INFO_HEADER,
    LIMITS,
    QUERY_JOB_INFO,
    QUERY_RESULTS,
    REST_ERRORS,
    REST_QUERY,
    REST_QUERY_FIRST_BATCH,
    REST_QUERY_MORE,
    SF_ERROR_PATTERN,
    SUCCESSFUL_RESULTS,
    UNPROCESSED_RESULTS,
    UPLOAD_JOB_DATA,
    type CsvExample,
    type JsonExample,
    type Shape
} from './contract-examples';
import { startDouble, type Harness } from './harness';

jest.setTimeout(30_000);

// ---------- shape helpers ----------

/** The JSON shape of a value: primitive type names, arrays as the distinct shapes of their elements, objects key by key. */
function shapeOf(value: unknown): Shape {
    if (value === null) return 'null';
    if (Array.isArray(value)) {
        const seen = new Map<string, Shape>();
        for (const item of value) {
            const s = shapeOf(item);
            seen.set(JSON.stringify(s), s);
        }
        return { array: [...seen.values()] };
    }
    switch (typeof value) {
        case 'string':
            return 'string';
        case 'number':
            return 'number';
        case 'boolean':
            return 'boolean';
        case 'object': {
            const object: Record<string, Shape> = {};
            for (const [k, v] of Object.entries(value as Record<string, unknown>)) object[k] = shapeOf(v);
            return { object };
        }
        default:
            throw new Error(`not a JSON value: ${typeof value}`);
    }
}

function describeShape(s: Shape): string {
    if (typeof s === 'string') return s;
    if ('array' in s) return `array of ${s.array.map(describeShape).join(' | ') || 'nothing'}`;
    return `object {${Object.keys(s.object).join(', ')}}`;
}

/**
 * Differences between an actual shape and a documented one, as readable lines (empty = same shape). Keys must match
 * exactly, except keys named in `optional`, which may be absent or present (with the given type). Every element of an
 * actual array must have the shape of one of the documented elements.
 */
function shapeDiff(actual: Shape, documented: Shape, optional: Record<string, Shape> = {}, path = '$'): string[] {
    if (typeof documented === 'string' || typeof actual === 'string') {
        return actual === documented ? [] : [`${path}: expected ${describeShape(documented)}, got ${describeShape(actual)}`];
    }
    if ('array' in documented) {
        if (!('array' in actual)) return [`${path}: expected ${describeShape(documented)}, got ${describeShape(actual)}`];
        const out: string[] = [];
        actual.array.forEach((element, i) => {
            const tries = documented.array.map((d) => shapeDiff(element, d, optional, `${path}[]`));
            if (!tries.some((t) => t.length === 0)) {
                out.push(
                    tries.length
                        ? `${path}[] element shape ${i + 1} matches no documented element: ${tries.map((t) => t.join('; ')).join(' / ')}`
                        : `${path}: documented as an empty array, got elements ${describeShape(element)}`
                );
            }
        });
        return out;
    }
    if (!('object' in actual)) return [`${path}: expected ${describeShape(documented)}, got ${describeShape(actual)}`];
    const out: string[] = [];
    for (const [key, docShape] of Object.entries(documented.object)) {
        const got = actual.object[key];
        if (got === undefined) {
            if (!(key in optional)) out.push(`${path}.${key}: missing`);
            continue;
        }
        out.push(...shapeDiff(got, docShape, optional, `${path}.${key}`));
    }
    for (const [key, got] of Object.entries(actual.object)) {
        if (key in documented.object) continue;
        const opt = optional[key];
        if (!opt) out.push(`${path}.${key}: not documented (${describeShape(got)})`);
        else out.push(...shapeDiff(got, opt, optional, `${path}.${key}`));
    }
    return out;
}

// ---------- wire helpers ----------

let h: Harness;
const V = '/services/data/v66.0';

type Wire = { status: number; headers: Headers; text: string };

async function call(method: string, path: string, options: { body?: string; headers?: Record<string, string>; token?: string } = {}) {
    const res = await fetch(`${h.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${options.token ?? h.double.accessToken}`, ...options.headers },
        body: options.body
    });
    return { status: res.status, headers: res.headers, text: await res.text() } satisfies Wire;
}

const json = (method: string, path: string, body: unknown) =>
    call(method, path, {
        body: JSON.stringify(body),
        headers: { 'Content-Type': 'application/json; charset=UTF-8', Accept: 'application/json' }
    });

/** Status, content type and JSON shape against a documented example. */
function expectJson(wire: Wire, example: JsonExample): unknown {
    expect({ source: example.source, status: wire.status }).toEqual({ source: example.source, status: example.status });
    expect(wire.headers.get('content-type')).toBe(example.contentType);
    const body: unknown = JSON.parse(wire.text);
    expect(shapeDiff(shapeOf(body), shapeOf(example.body), example.optional)).toEqual([]);
    return body;
}

/** A documented error body: same status/shape, and the documented errorCode. */
function expectError(wire: Wire, example: JsonExample & { errorCode: string }): void {
    const body = expectJson(wire, example) as { errorCode: string }[];
    expect(body).toHaveLength(1);
    expect(body[0]!.errorCode).toBe(example.errorCode);
}

function csvRows(text: string): string[][] {
    return parse(text, { bom: true, relax_column_count: false }) as string[][];
}

/** Status, content type and header columns of a bulk result file. */
function expectCsv(wire: Wire, example: CsvExample, originalColumns: string[]): string[][] {
    expect({ source: example.source, status: wire.status }).toEqual({ source: example.source, status: example.status });
    expect(wire.headers.get('content-type')?.split(';')[0]).toBe(example.contentType);
    const rows = csvRows(wire.text);
    expect(rows[0]).toEqual([...example.leadingColumns, ...originalColumns]);
    return rows;
}

function expectLimitInfo(wire: Wire): void {
    expect(wire.headers.get(LIMIT_INFO_HEADER.name)).toMatch(LIMIT_INFO_HEADER.pattern);
}

const ACCOUNTS = Array.from({ length: 450 }, (_, i) => ({
    Name: `Account ${String(i).padStart(3, '0')}`,
    ShippingCity: 'Milano',
    NumberOfEmployees: i
}));

beforeEach(async () => {
    h = await startDouble({ records: { Account: ACCOUNTS.map((a) => ({ ...a })) } });
});
afterEach(async () => {
    await h.stop();
});

// ---------- the comparator itself ----------

describe('shapeOf / shapeDiff', () => {
    const doc = { id: 'x', n: 1, ok: true, list: [{ a: 'b' }], nested: { k: null } };

    it('finds no difference between values of the same shape', () => {
        expect(shapeDiff(shapeOf({ id: 'y', n: 2.5, ok: false, list: [], nested: { k: null } }), shapeOf(doc))).toEqual([]);
    });

    it('reports a missing key, an undocumented key, a changed type, a nested change and a wrong array element', () => {
        const actual = { id: 3, ok: true, extra: 'e', list: [{ a: 1 }], nested: { k: 'now a string' } };
        expect(shapeDiff(shapeOf(actual), shapeOf(doc))).toEqual([
            '$.id: expected string, got number',
            '$.n: missing',
            '$.list[] element shape 1 matches no documented element: $.list[].a: expected string, got number',
            '$.nested.k: expected null, got string',
            '$.extra: not documented (string)'
        ]);
    });

    it('allows documented optional keys, absent or present with their documented type only', () => {
        const withOptional = { ...doc, nextRecordsUrl: '/x' };
        expect(shapeDiff(shapeOf(doc), shapeOf(withOptional), { nextRecordsUrl: 'string' })).toEqual([]);
        expect(shapeDiff(shapeOf(withOptional), shapeOf(doc), { nextRecordsUrl: 'string' })).toEqual([]);
        expect(shapeDiff(shapeOf({ ...doc, nextRecordsUrl: null }), shapeOf(doc), { nextRecordsUrl: 'string' })).toEqual([
            '$.nextRecordsUrl: expected string, got null'
        ]);
    });

    it('treats a documented array as a union of its element shapes', () => {
        expect(shapeDiff(shapeOf([{ a: 's' }, { b: 1 }]), shapeOf([{ b: 2 }, { a: 'x' }]))).toEqual([]);
        expect(shapeDiff(shapeOf(['x']), shapeOf([]))).toEqual(['$: documented as an empty array, got elements string']);
    });
});

// ---------- REST API ----------

describe('REST API: Query', () => {
    it('GET /query answers the documented body (done, totalSize, records with attributes)', async () => {
        const wire = await call('GET', `${V}/query?q=${encodeURIComponent("SELECT Name FROM Account WHERE Name = 'Account 001'")}`);
        const body = expectJson(wire, REST_QUERY) as { records: unknown[] };
        expect(body.records).toHaveLength(1);
        expectLimitInfo(wire);
    });

    it('a larger result comes back in batches with nextRecordsUrl, and the locator URL answers the documented body', async () => {
        const first = await call('GET', `${V}/query?q=${encodeURIComponent('SELECT Id, Name FROM Account')}`, {
            headers: { 'Sforce-Query-Options': 'batchSize=200' }
        });
        const body = expectJson(first, REST_QUERY_FIRST_BATCH) as { nextRecordsUrl: string; records: unknown[] };
        expect(body.records).toHaveLength(200);
        expect(body.nextRecordsUrl).toMatch(/^\/services\/data\/v66\.0\/query\/01g[\w-]+$/);
        const more = await call('GET', body.nextRecordsUrl);
        expectJson(more, REST_QUERY_MORE);
    });

    it('malformed SOQL → 400 MALFORMED_QUERY in the REST error shape', async () => {
        expectError(await call('GET', `${V}/query?q=${encodeURIComponent('SELECT Id FRM Account')}`), REST_ERRORS.malformedQuery);
    });

    it('asked again, a query reads the store again and malformed SOQL is rejected again (the double keeps parses, not answers)', async () => {
        const q = `${V}/query?q=${encodeURIComponent("SELECT Name FROM Account WHERE Name = 'Account 001'")}`;
        const total = async () => (JSON.parse((await call('GET', q)).text) as { totalSize: number }).totalSize;
        expect(await total()).toBe(1);
        const created = await json('POST', `${V}/composite/sobjects`, {
            allOrNone: true,
            records: [{ attributes: { type: 'Account' }, Name: 'Account 001' }]
        });
        expect(created.status).toBe(200);
        expect(await total()).toBe(2);
        for (let i = 0; i < 2; i++)
            expectError(await call('GET', `${V}/query?q=${encodeURIComponent('SELECT Id FRM Account')}`), REST_ERRORS.malformedQuery);
    });

    it('records() answers what the adapter reads over the wire (every JSON type, nulls, parent fields nested)', async () => {
        await h.org.update('Account', [{ Id: (await h.org.query('SELECT Id FROM Account LIMIT 1'))[0]!.Id, ShippingCity: null }]);
        for (const soql of [
            'SELECT Id, Name, ShippingCity, NumberOfEmployees, CreatedDate, IsDeleted, Owner.Name, Owner.IsActive FROM Account',
            "SELECT Name FROM Account WHERE Name = 'Account 001'",
            'SELECT Id, Name, IsActive FROM User'
        ]) {
            const read = h.double.records(soql);
            expect(read.length).toBeGreaterThan(0);
            expect(read).toEqual(await h.org.query(soql));
        }
        expect(h.double.records('SELECT Id FROM Account')).toHaveLength(ACCOUNTS.length);
    });

    it('an unknown field → 400 INVALID_FIELD in the REST error shape', async () => {
        expectError(await call('GET', `${V}/query?q=${encodeURIComponent('SELECT Id, Nope__c FROM Account')}`), REST_ERRORS.invalidField);
    });
});

describe('REST API: Status Codes and Error Responses', () => {
    it('an invalid session → 401 INVALID_SESSION_ID (REST and Bulk API 2.0 resources alike)', async () => {
        expectError(await call('GET', `${V}/query?q=SELECT+Id+FROM+Account`, { token: 'not-a-token' }), REST_ERRORS.invalidSession);
        expectError(await call('GET', `${V}/jobs/query`, { token: 'not-a-token' }), REST_ERRORS.invalidSession);
    });

    it('request limit exceeded → 403 REQUEST_LIMIT_EXCEEDED', async () => {
        h.double.faults.push({ path: '/query', fault: { kind: 'requestLimit' } });
        expectError(await call('GET', `${V}/query?q=SELECT+Id+FROM+Account`), REST_ERRORS.requestLimit);
    });
});

describe('REST API: sObject Collections', () => {
    it('POST creates records and answers one SaveResult per record', async () => {
        const body = expectJson(await json('POST', `${V}/composite/sobjects`, COLLECTIONS_CREATE_REQUEST), COLLECTIONS_CREATE) as unknown[];
        expect(body).toHaveLength(2);
    });

    it('PATCH with allOrNone false: the good row succeeds, the bad row carries errors[{statusCode, message, fields}]', async () => {
        const [a, b] = await ids(2);
        const wire = await json('PATCH', `${V}/composite/sobjects`, {
            allOrNone: false,
            records: [
                { attributes: { type: 'Account' }, id: a, NumberOfEmployees: 27000 },
                { attributes: { type: 'Account' }, id: b, NumberOfEmployees: 'many' }
            ]
        });
        const body = expectJson(wire, COLLECTIONS_UPDATE_PARTIAL) as { success: boolean }[];
        expect(body.map((r) => r.success)).toEqual([true, false]);
    });

    it('PATCH with allOrNone true: valid rows come back ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
        const [a, b] = await ids(2);
        const wire = await json('PATCH', `${V}/composite/sobjects`, {
            allOrNone: true,
            records: [
                { attributes: { type: 'Account' }, id: a, NumberOfEmployees: 27000 },
                { attributes: { type: 'Account' }, id: b, NumberOfEmployees: 'many' }
            ]
        });
        const body = expectJson(wire, COLLECTIONS_UPDATE_ROLLED_BACK) as { errors: { statusCode: string }[] }[];
        expect(body[0]!.errors[0]!.statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    });

    it('a failed insert carries no id (not "id": null)', async () => {
        const wire = await json('POST', `${V}/composite/sobjects`, {
            allOrNone: false,
            records: [{ attributes: { type: 'Account' }, NumberOfEmployees: 3 }]
        });
        const body = expectJson(wire, COLLECTIONS_UPDATE_PARTIAL) as Record<string, unknown>[];
        expect(body[0]).not.toHaveProperty('id');
    });

    it('more than 200 records → 400 EXCEEDED_ID_LIMIT in the REST error shape', async () => {
        const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, Name: `N${i}` }));
        expectError(await json('POST', `${V}/composite/sobjects`, { allOrNone: false, records }), REST_ERRORS.tooManyRecords);
    });
});

describe('the record owner must be an active user (INACTIVE_OWNER_OR_USER, per row)', () => {
    const ACTIVE = '005000000000001AAA';
    const INACTIVE = '005000000000002AAA';
    const start = async () => {
        await h.stop();
        h = await startDouble({
            records: {
                User: [
                    { Id: ACTIVE, Username: 'a@x.test', LastName: 'A', IsActive: true },
                    { Id: INACTIVE, Username: 'i@x.test', LastName: 'I', IsActive: false }
                ],
                Account: [
                    { Name: 'Owned by A', OwnerId: ACTIVE },
                    { Name: 'Owned by I', OwnerId: INACTIVE }
                ]
            }
        });
        const rows = await h.org.query('SELECT Id, OwnerId FROM Account ORDER BY Name');
        return rows.map((r) => String(r.Id));
    };
    const inactiveError = { statusCode: 'INACTIVE_OWNER_OR_USER', message: expect.stringContaining('inactive user') };

    it('collections: setting an inactive owner fails that row; keeping the inactive owner it has, or an active one, passes', async () => {
        const [ownedByA, ownedByI] = await start();
        const wire = await json('PATCH', `${V}/composite/sobjects`, {
            allOrNone: false,
            records: [
                { attributes: { type: 'Account' }, id: ownedByA, OwnerId: INACTIVE },
                { attributes: { type: 'Account' }, id: ownedByI, OwnerId: INACTIVE, NumberOfEmployees: 5 }
            ]
        });
        const body = expectJson(wire, COLLECTIONS_UPDATE_PARTIAL) as { success: boolean; errors: unknown[] }[];
        expect(body.map((r) => r.success)).toEqual([false, true]);
        expect(body[0]!.errors).toEqual([expect.objectContaining(inactiveError)]);
        const inserted = JSON.parse(
            (
                await json('POST', `${V}/composite/sobjects`, {
                    allOrNone: false,
                    records: [
                        { attributes: { type: 'Account' }, Name: 'New for I', OwnerId: INACTIVE },
                        { attributes: { type: 'Account' }, Name: 'New for A', OwnerId: ACTIVE }
                    ]
                })
            ).text
        ) as { success: boolean; errors: unknown[] }[];
        expect(inserted.map((r) => r.success)).toEqual([false, true]);
        expect(inserted[0]!.errors).toEqual([expect.objectContaining(inactiveError)]);
        const owners = await h.org.query('SELECT Name, OwnerId, NumberOfEmployees FROM Account ORDER BY Name');
        expect(owners.map((r) => [r.Name, String(r.OwnerId), r.NumberOfEmployees ?? null])).toEqual([
            ['New for A', ACTIVE, null],
            ['Owned by A', ACTIVE, null],
            ['Owned by I', INACTIVE, 5]
        ]);
    });

    it('Bulk API 2.0: an update row setting an inactive owner lands in failedResults as INACTIVE_OWNER_OR_USER', async () => {
        const [ownedByA] = await start();
        const { id } = await createIngest({ ...CREATE_JOB_REQUEST, operation: 'update' });
        await upload(id, `Id,OwnerId\n${ownedByA},${INACTIVE}`);
        await json('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
        await runToEnd(`${V}/jobs/ingest/${id}`);
        const wire = await call('GET', `${V}/jobs/ingest/${id}/failedResults`, { headers: { Accept: 'text/csv' } });
        const rows = expectCsv(wire, FAILED_RESULTS, ['Id', 'OwnerId']);
        expect(rows).toHaveLength(2);
        expect(rows[1]![1]).toMatch(/^INACTIVE_OWNER_OR_USER:operation performed with inactive user/);
        expect(rows[1]![1]).toMatch(SF_ERROR_PATTERN);
        expect(String((await h.org.query(`SELECT OwnerId FROM Account WHERE Id = '${ownedByA}'`))[0]!.OwnerId)).toBe(ACTIVE);
    });
});

describe('REST API: Limits', () => {
    it('GET /limits: every entry is { Max, Remaining } under a documented limit name', async () => {
        const wire = await call('GET', `${V}/limits`);
        expect(wire.status).toBe(LIMITS.status);
        expect(wire.headers.get('content-type')).toBe(LIMITS.contentType);
        const body = JSON.parse(wire.text) as Record<string, unknown>;
        const entry = shapeOf((LIMITS.body as Record<string, unknown>).DailyApiRequests);
        expect(Object.keys(body).length).toBeGreaterThan(0);
        for (const [name, value] of Object.entries(body)) {
            expect({ name, documented: LIMITS.names.includes(name) }).toEqual({ name, documented: true });
            expect({ name, diff: shapeDiff(shapeOf(value), entry) }).toEqual({ name, diff: [] });
        }
        // The names the scripts read.
        expect(body).toHaveProperty('DailyApiRequests');
        expect(body).toHaveProperty('DailyBulkV2QueryJobs');
    });
});

async function ids(n: number): Promise<string[]> {
    const wire = await call('GET', `${V}/query?q=${encodeURIComponent(`SELECT Id FROM Account ORDER BY Name LIMIT ${n}`)}`);
    return (JSON.parse(wire.text) as { records: { Id: string }[] }).records.map((r) => r.Id);
}

// ---------- Bulk API 2.0 ingest ----------

const ORIGINAL_COLUMNS = BULK_INSERT_CSV.split('\n')[0]!.split(',');

async function createIngest(request: Record<string, string> = CREATE_JOB_REQUEST): Promise<{ id: string; wire: Wire }> {
    const wire = await json('POST', `${V}/jobs/ingest`, request);
    return { id: (JSON.parse(wire.text) as { id: string }).id, wire };
}

async function upload(id: string, csv: string): Promise<Wire> {
    return call('PUT', `${V}/jobs/ingest/${id}/batches`, { body: csv, headers: { 'Content-Type': 'text/csv' } });
}

async function runToEnd(path: string): Promise<Wire> {
    for (let i = 0; i < 20; i++) {
        const wire = await call('GET', path);
        const state = (JSON.parse(wire.text) as { state: string }).state;
        if (!['Open', 'UploadComplete', 'InProgress'].includes(state)) return wire;
    }
    throw new Error(`job ${path} did not finish`);
}

describe('Bulk API 2.0: ingest job', () => {
    it('Create a Job → the documented job info (state Open, contentUrl, lineEnding, columnDelimiter)', async () => {
        const { wire } = await createIngest();
        const body = expectJson(wire, CREATE_JOB) as { state: string; contentUrl: string };
        expect(body.state).toBe('Open');
        expect(body.contentUrl).toMatch(/^services\/data\/v?66\.0\/jobs\/ingest\/750\w+\/batches$/);
    });

    it('an upsert job also returns externalIdFieldName', async () => {
        const { wire } = await createIngest({ ...CREATE_JOB_REQUEST, operation: 'upsert', externalIdFieldName: 'ABM_WebDomain__c' });
        const body = expectJson(wire, CREATE_JOB) as { externalIdFieldName: string };
        expect(body.externalIdFieldName).toBe('ABM_WebDomain__c');
    });

    it('Upload Job Data → 201 with no body', async () => {
        const { id } = await createIngest();
        const wire = await upload(id, BULK_INSERT_CSV);
        expect({ source: UPLOAD_JOB_DATA.source, status: wire.status }).toEqual({ source: UPLOAD_JOB_DATA.source, status: 201 });
        expect(wire.text).toBe('');
    });

    it('Close (UploadComplete) and Abort → the documented short job info', async () => {
        const { id } = await createIngest();
        await upload(id, BULK_INSERT_CSV);
        const closed = expectJson(await json('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' }), CLOSE_JOB) as {
            state: string;
        };
        expect(closed.state).toBe('UploadComplete');

        const other = await createIngest();
        await upload(other.id, BULK_INSERT_CSV);
        const aborted = expectJson(await json('PATCH', `${V}/jobs/ingest/${other.id}`, { state: 'Aborted' }), ABORT_JOB) as {
            state: string;
        };
        expect(aborted.state).toBe('Aborted');
    });

    it('Get Job Info on a completed job → the documented counters and timings', async () => {
        const { id } = await createIngest();
        await upload(id, BULK_INSERT_CSV);
        await json('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
        const body = expectJson(await runToEnd(`${V}/jobs/ingest/${id}`), JOB_INFO) as Record<string, unknown>;
        expect(body).toMatchObject({ state: 'JobComplete', jobType: 'V2Ingest', numberRecordsProcessed: 3, numberRecordsFailed: 0 });
    });

    it('successfulResults: "sf__Id","sf__Created" then the original columns, as documented', async () => {
        const { id } = await createIngest();
        await upload(id, BULK_INSERT_CSV);
        await json('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
        await runToEnd(`${V}/jobs/ingest/${id}`);
        const wire = await call('GET', `${V}/jobs/ingest/${id}/successfulResults`, { headers: { Accept: 'text/csv' } });
        const rows = expectCsv(wire, SUCCESSFUL_RESULTS, ORIGINAL_COLUMNS);
        expect(wire.text.split('\n')[0]).toBe(SUCCESSFUL_RESULTS.headerLine);
        expect(rows).toHaveLength(4);
        for (const row of rows.slice(1)) expect(row.slice(0, 2)).toEqual([expect.stringMatching(/^001\w{15}$/), 'true']);
    });

    it('failedResults: sf__Id, sf__Error ("CODE:message:fields --") then the original columns', async () => {
        const { id } = await createIngest();
        await upload(id, `${ORIGINAL_COLUMNS.join(',')}\n,Milano,12,1,https://x.example,missing name\nOk Inc,Milano,many,1,,bad number`);
        await json('PATCH', `${V}/jobs/ingest/${id}`, { state: 'UploadComplete' });
        await runToEnd(`${V}/jobs/ingest/${id}`);
        const wire = await call('GET', `${V}/jobs/ingest/${id}/failedResults`, { headers: { Accept: 'text/csv' } });
        const rows = expectCsv(wire, FAILED_RESULTS, ORIGINAL_COLUMNS);
        expect(rows).toHaveLength(3);
        for (const row of rows.slice(1)) expect(row[1]).toMatch(SF_ERROR_PATTERN);
    });

    it('unprocessedrecords of an aborted job: the original columns only', async () => {
        const { id } = await createIngest();
        await upload(id, BULK_INSERT_CSV);
        await json('PATCH', `${V}/jobs/ingest/${id}`, { state: 'Aborted' });
        const wire = await call('GET', `${V}/jobs/ingest/${id}/unprocessedrecords`, { headers: { Accept: 'text/csv' } });
        const rows = expectCsv(wire, UNPROCESSED_RESULTS, ORIGINAL_COLUMNS);
        expect(rows).toHaveLength(4);
    });

    it('an unknown job → 404 NOT_FOUND in the Bulk API 2.0 error shape', async () => {
        expectError(await call('GET', `${V}/jobs/ingest/750000000000000AAA`), BULK_ERRORS.notFound);
        expectError(await call('GET', `${V}/jobs/ingest/750000000000000AAA/successfulResults`), BULK_ERRORS.notFound);
        expectError(await call('GET', `${V}/jobs/query/750000000000000AAA`), BULK_ERRORS.notFound);
    });
});

// ---------- Bulk API 2.0 query ----------

describe('Bulk API 2.0: query job', () => {
    async function createQuery(): Promise<{ id: string; wire: Wire }> {
        const wire = await json('POST', `${V}/jobs/query`, CREATE_QUERY_JOB_REQUEST);
        return { id: (JSON.parse(wire.text) as { id: string }).id, wire };
    }

    it('Create a Query Job → the documented job info (state UploadComplete)', async () => {
        const { wire } = await createQuery();
        const body = expectJson(wire, CREATE_QUERY_JOB) as { state: string };
        expect(body.state).toBe('UploadComplete');
    });

    it('results requested before completion → 412 JOB_NOT_COMPLETE in the Bulk API 2.0 error shape', async () => {
        const { id } = await createQuery();
        expectError(await call('GET', `${V}/jobs/query/${id}/results`), BULK_ERRORS.notComplete);
    });

    it('Abort a Query Job while InProgress → the documented body (state Aborted); the job stays Aborted and has no results', async () => {
        const { id } = await createQuery();
        expect((JSON.parse((await call('GET', `${V}/jobs/query/${id}`)).text) as { state: string }).state).toBe('InProgress');
        const body = expectJson(await json('PATCH', `${V}/jobs/query/${id}`, { state: 'Aborted' }), ABORT_QUERY_JOB) as { state: string };
        expect(body.state).toBe('Aborted');
        expect((JSON.parse((await call('GET', `${V}/jobs/query/${id}`)).text) as { state: string }).state).toBe('Aborted');
        const results = await call('GET', `${V}/jobs/query/${id}/results`);
        expectError(results, BULK_ERRORS.notComplete);
        expect(results.text).toMatch(/Current status: ABORTED/);
    });

    it('aborting a JobComplete query job → 400 INVALIDJOBSTATE "Aborting already Completed Job not allowed"; its results stay', async () => {
        const { id } = await createQuery();
        await runToEnd(`${V}/jobs/query/${id}`);
        const refused = await json('PATCH', `${V}/jobs/query/${id}`, { state: 'Aborted' });
        expectError(refused, BULK_ERRORS.abortCompleted);
        expect(JSON.parse(refused.text)).toEqual(BULK_ERRORS.abortCompleted.body);
        expect((JSON.parse((await call('GET', `${V}/jobs/query/${id}`)).text) as { state: string }).state).toBe('JobComplete');
        expect((await call('GET', `${V}/jobs/query/${id}/results`, { headers: { Accept: 'text/csv' } })).status).toBe(200);
    });

    it('Get Information About a Query Job on a completed job → the documented body', async () => {
        const { id } = await createQuery();
        const body = expectJson(await runToEnd(`${V}/jobs/query/${id}`), QUERY_JOB_INFO) as Record<string, unknown>;
        expect(body).toMatchObject({ state: 'JobComplete', jobType: 'V2Query', numberRecordsProcessed: 450 });
    });

    it('Get Results: CSV with the query columns, Sforce-NumberOfRecords, Sforce-Locator (the string null on the last set)', async () => {
        const { id } = await createQuery();
        await runToEnd(`${V}/jobs/query/${id}`);
        const documentedColumns = csvRows(QUERY_RESULTS.csv)[0]!;

        const first = await call('GET', `${V}/jobs/query/${id}/results?maxRecords=300`, { headers: { Accept: 'text/csv' } });
        expect(first.status).toBe(QUERY_RESULTS.status);
        expect(first.headers.get('content-type')?.split(';')[0]).toBe(QUERY_RESULTS.contentType);
        const firstRows = csvRows(first.text);
        expect(firstRows[0]).toEqual(documentedColumns);
        expect(first.headers.get('Sforce-NumberOfRecords')).toBe(String(firstRows.length - 1));
        expect(firstRows).toHaveLength(301);
        const locator = first.headers.get('Sforce-Locator');
        expect(locator).toMatch(/^\w+$/);
        expect(locator).not.toBe(QUERY_RESULTS.lastLocator);

        const last = await call('GET', `${V}/jobs/query/${id}/results?maxRecords=300&locator=${locator}`, {
            headers: { Accept: 'text/csv' }
        });
        const lastRows = csvRows(last.text);
        expect(lastRows[0]).toEqual(documentedColumns);
        expect(last.headers.get('Sforce-NumberOfRecords')).toBe('150');
        expect(lastRows).toHaveLength(151);
        expect(last.headers.get('Sforce-Locator')).toBe(QUERY_RESULTS.lastLocator);
    });
});
