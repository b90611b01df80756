/**
 * Documented Salesforce wire examples, kept as facts for the contract tests (contract.test.ts). Each entry names the
 * documentation page it comes from (REST API Developer Guide, Bulk API 2.0 Developer Guide) and holds the documented
 * status code, content type and example body (or CSV header). Example values (Ids, dates, counts) are the documentation's
 * own, except where a comment says they are placeholders; the tests compare only shapes (keys and JSON types), not values.
 *
 * `optional` lists keys the documentation describes but the example omits (or shows only in some versions), with the
 * JSON type they have when present. A key that is neither in the example nor in `optional` must not appear.
 */

/** A JSON type: a primitive name, an array of element shapes, or an object of key shapes. */
export type Shape = 'string' | 'number' | 'boolean' | 'null' | { array: Shape[] } | { object: Record<string, Shape> };

export type JsonExample = {
    /** Documentation page (guide and title) the example is taken from. */
    source: string;
    url: string;
    status: number;
    contentType: string;
    body: unknown;
    optional?: Record<string, Shape>;
};

export type CsvExample = {
    source: string;
    url: string;
    status: number;
    contentType: string;
    /** The documented header row as printed (quoting included). */
    headerLine?: string;
    /** Documented leading columns; the original job columns follow them. */
    leadingColumns: string[];
};

const JSON_UTF8 = 'application/json;charset=UTF-8';

// ---------------------------------------------------------------------------------------------------------------
// REST API Developer Guide
// ---------------------------------------------------------------------------------------------------------------

/** REST API Developer Guide, "Query" (Execute a SOQL Query): example response body for executing a query. */
export const REST_QUERY: JsonExample = {
    source: 'REST API Developer Guide, "Query" / "Execute a SOQL Query": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        done: true,
        totalSize: 14,
        records: [
            { attributes: { type: 'Account', url: '/services/data/v63.0/sobjects/Account/001D000000IRFmaIAH' }, Name: 'Test 1' },
            { attributes: { type: 'Account', url: '/services/data/v63.0/sobjects/Account/001D000000IomazIAB' }, Name: 'Test 2' }
        ]
    },
    // "If the initial query returns only part of the results, the end of the response contains a field called nextRecordsUrl"
    optional: { nextRecordsUrl: 'string' }
};

/** REST API Developer Guide, "Query": first batch of a larger result (done false, nextRecordsUrl). */
export const REST_QUERY_FIRST_BATCH: JsonExample = {
    source: 'REST API Developer Guide, "Query" resource: response with a query locator',
    url: 'https://developer.salesforce.com/docs/platform/api-rest/guide/resources-query',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        totalSize: 3222,
        done: false,
        nextRecordsUrl: '/services/data/v66.0/query/01gRO0000016PIAYA2-500',
        records: [
            {
                attributes: { type: 'Contact', url: '/services/data/v56.0/sobjects/Contact/003RO0000035WQgYAM' },
                Id: '003RO0000035WQgYAM',
                Name: 'John Smith'
            }
        ]
    }
};

/** REST API Developer Guide, "Query": example response body for retrieving the remaining query results. */
export const REST_QUERY_MORE: JsonExample = {
    source: 'REST API Developer Guide, "Query" / "Execute a SOQL Query": retrieving the remaining query results',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        done: true,
        totalSize: 3214,
        records: [
            {
                attributes: { type: 'Contact', url: '/services/data/v56.0/sobjects/Contact/003RO0000035WQgYAM' },
                Id: '003RO0000035WQgYAM',
                Name: 'John Smith'
            }
        ]
    },
    optional: { nextRecordsUrl: 'string' }
};

/**
 * REST API Developer Guide, "sObject Collections" (Create Records Using sObject Collections): a SaveResult per record,
 * `{ id, success, errors }` (the Ids here are placeholders; a failed create carries no `id`, see the v42 page's example).
 */
export const COLLECTIONS_CREATE_REQUEST = {
    allOrNone: false,
    records: [
        { attributes: { type: 'Account' }, Name: 'example.com', BillingCity: 'San Francisco' },
        { attributes: { type: 'Account' }, Name: 'example.org', BillingCity: 'Oakland' }
    ]
};
export const COLLECTIONS_CREATE: JsonExample = {
    source: 'REST API Developer Guide, "sObject Collections" / "Create Records Using sObject Collections": response body',
    url: 'https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-create.html',
    status: 200,
    contentType: JSON_UTF8,
    body: [
        { id: '001RM000003oLnnYAE', success: true, errors: [] },
        { id: '001RM000003oLnoYAE', success: true, errors: [] }
    ]
};

/**
 * REST API Developer Guide, "sObject Collections" (Update Records Using sObject Collections): response body with
 * allOrNone false, one row failing. The failed SaveResult carries no `id` in the documented example (its Id was the
 * malformed value), so `id` is optional.
 */
export const COLLECTIONS_UPDATE_PARTIAL: JsonExample = {
    source: 'REST API Developer Guide, "sObject Collections" / "Update Records Using sObject Collections": allOrNone false',
    url: 'https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html',
    status: 200,
    contentType: JSON_UTF8,
    body: [
        { id: '001RM000003oCprYAE', success: true, errors: [] },
        {
            success: false,
            errors: [{ statusCode: 'MALFORMED_ID', message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999', fields: ['Id'] }]
        }
    ],
    optional: { id: 'string' }
};

/** REST API Developer Guide, "sObject Collections" (Update): allOrNone true, the valid rows rolled back. */
export const COLLECTIONS_UPDATE_ROLLED_BACK: JsonExample = {
    source: 'REST API Developer Guide, "sObject Collections" / "Update Records Using sObject Collections": allOrNone true',
    url: 'https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-update.html',
    status: 200,
    contentType: JSON_UTF8,
    body: [
        {
            id: '001RM000003oCprYAE',
            success: false,
            errors: [
                {
                    statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                    message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
                    fields: []
                }
            ]
        },
        {
            success: false,
            errors: [{ statusCode: 'MALFORMED_ID', message: 'Contact ID: id value of incorrect type: 001xx000003DGb2999', fields: ['Id'] }]
        }
    ],
    optional: { id: 'string' }
};

/**
 * REST API Developer Guide, "Status Codes and Error Responses": an error body is a JSON array of `{ message, errorCode }`,
 * with `fields` when the error concerns fields. 400 = malformed request (SOQL, JSON, over 200 records in a collection),
 * 401 = session ID or OAuth token expired or invalid ("The response body contains the message and errorCode"),
 * 403 with REQUEST_LIMIT_EXCEEDED = API request limits exceeded.
 */
const STATUS_CODES_URL = 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm';
function restError(status: number, errorCode: string, message: string, what: string): JsonExample & { errorCode: string } {
    return {
        source: `REST API Developer Guide, "Status Codes and Error Responses": ${what}`,
        url: STATUS_CODES_URL,
        status,
        contentType: JSON_UTF8,
        body: [{ message, errorCode }],
        optional: { fields: { array: ['string'] } },
        errorCode
    };
}

export const REST_ERRORS = {
    malformedQuery: restError(400, 'MALFORMED_QUERY', "unexpected token: 'FRM'", '400, invalid SOQL'),
    invalidField: restError(
        400,
        'INVALID_FIELD',
        "No such column 'Nope__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.",
        '400, unknown field in SOQL'
    ),
    invalidSession: restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid', '401, expired or invalid session'),
    requestLimit: restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', '403, REQUEST_LIMIT_EXCEEDED'),
    // "sObject Collections": "The list can contain up to 200 objects" / "If the request isn't well formed, the API returns a 400".
    tooManyRecords: restError(
        400,
        'EXCEEDED_ID_LIMIT',
        'record limit reached. cannot submit more than 200 records into this call',
        '400, more than 200 records in an sObject Collections call'
    )
};

/**
 * REST API Developer Guide, "Limits" (List Organization Limits): every entry is `{ Max, Remaining }`. The names below
 * are the documented example's, plus the Bulk API 2.0 names the Bulk API 2.0 Developer Guide ("Limits and Allocations")
 * says appear in `/limits` (DailyBulkV2QueryJobs, DailyBulkV2QueryFileStorageMB) and DailyBulkApiBatches (the name of
 * DailyBulkApiRequests in current versions).
 */
export const LIMITS: JsonExample & { names: string[] } = {
    source: 'REST API Developer Guide, "Limits" / "List Organization Limits": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_limits.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        ConcurrentAsyncGetReportInstances: { Remaining: 200, Max: 200 },
        ConcurrentSyncReportRuns: { Remaining: 20, Max: 20 },
        DailyApiRequests: { Remaining: 14998, Max: 15000 },
        DailyAsyncApexExecutions: { Remaining: 250000, Max: 250000 },
        DailyBulkApiRequests: { Remaining: 5000, Max: 5000 },
        DailyGenericStreamingApiEvents: { Remaining: 10000, Max: 10000 },
        DailyStreamingApiEvents: { Remaining: 10000, Max: 10000 },
        DailyWorkflowEmails: { Remaining: 75, Max: 75 },
        DataStorageMB: { Remaining: 1073, Max: 1073 },
        FileStorageMB: { Remaining: 1073, Max: 1073 },
        HourlyAsyncReportRuns: { Remaining: 1200, Max: 1200 },
        HourlyDashboardRefreshes: { Remaining: 200, Max: 200 },
        HourlyDashboardResults: { Remaining: 5000, Max: 5000 },
        HourlyDashboardStatuses: { Remaining: 999999999, Max: 999999999 }
    },
    names: [] // filled below
};
LIMITS.names = [...Object.keys(LIMITS.body as object), 'DailyBulkApiBatches', 'DailyBulkV2QueryJobs', 'DailyBulkV2QueryFileStorageMB'];

/** REST API Developer Guide, "Limit Info Header": `Sforce-Limit-Info: api-usage=18/5000` on every REST response. */
export const LIMIT_INFO_HEADER = { name: 'Sforce-Limit-Info', pattern: /^api-usage=\d+\/\d+$/ };

// ---------------------------------------------------------------------------------------------------------------
// Bulk API 2.0 Developer Guide
// ---------------------------------------------------------------------------------------------------------------

const INGEST_OPTIONAL: Record<string, Shape> = {
    // "Create a Job": externalIdFieldName is returned for upsert jobs, assignmentRuleId when one was given.
    externalIdFieldName: 'string',
    assignmentRuleId: 'string'
};

/** Bulk API 2.0 Developer Guide, "Create a Job" (and "Step 3: Bulk Insert"): response for an insert job. */
export const CREATE_JOB: JsonExample = {
    source: 'Bulk API 2.0 Developer Guide, "Create a Job" / "Step 3: Bulk Insert": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/create_job.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        id: '7505fEXAMPLE4C2AAM',
        operation: 'insert',
        object: 'Account',
        createdById: '0055fEXAMPLEtG4AAM',
        createdDate: '2022-01-02T21:33:43.000+0000',
        systemModstamp: '2022-01-02T21:33:43.000+0000',
        state: 'Open',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 66.0,
        contentUrl: 'services/data/66.0/jobs/ingest/7505fEXAMPLE4C2AAM/batches',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA'
    },
    optional: INGEST_OPTIONAL
};

/** The request body of the documented "Create a Job" example. */
export const CREATE_JOB_REQUEST = { object: 'Account', contentType: 'CSV', operation: 'insert', lineEnding: 'LF' };

/** Bulk API 2.0 Developer Guide, "Step 3: Bulk Insert": bulkinsert.csv (the data uploaded in the walkthrough). */
export const BULK_INSERT_CSV = [
    'Name,ShippingCity,NumberOfEmployees,AnnualRevenue,Website,Description',
    'Lorem Ipsum,Milano,2676,912260031,https://ft.com/lacus/at.jsp,"Lorem ipsum dolor sit amet"',
    'Posuere Inc,Bodø,141603,896852810,http://webs.com/in/faucibus/orci/luctus/et/ultrices/posuere.json,"consectetur adipiscing elit"',
    'Angeles Urban,Aykol,197724,257060529,http://odnoklassniki.ru/sapien.aspx,"sed do eiusmod tempor incididunt ut labore et dolore magna aliqua"'
].join('\n');

/** Bulk API 2.0 Developer Guide, "Upload Job Data": PUT …/batches with Content-Type text/csv → 201 Created, no body. */
export const UPLOAD_JOB_DATA = {
    source: 'Bulk API 2.0 Developer Guide, "Upload Job Data": "Response Body: None. Returns a status code of 201 (Created)"',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/upload_job_data.htm',
    status: 201
};

const CLOSE_OPTIONAL: Record<string, Shape> = {
    // "Close or Abort a Job", response body table: also lists these (not in the example).
    ...INGEST_OPTIONAL,
    lineEnding: 'string',
    columnDelimiter: 'string'
};

/** Bulk API 2.0 Developer Guide, "Close or Abort a Job": PATCH { state: UploadComplete } response. */
export const CLOSE_JOB: JsonExample = {
    source: 'Bulk API 2.0 Developer Guide, "Close or Abort a Job" / "Step 3: Bulk Insert": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/close_job.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        id: '7505fEXAMPLE4C2AAM',
        operation: 'insert',
        object: 'Account',
        createdById: '0055fEXAMPLEtG4AAM',
        createdDate: '2022-01-02T21:33:43.000+0000',
        systemModstamp: '2022-01-02T21:33:43.000+0000',
        state: 'UploadComplete',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 66.0
    },
    optional: CLOSE_OPTIONAL
};

/** Bulk API 2.0 Developer Guide, "Close or Abort a Job": the same response with state Aborted. */
export const ABORT_JOB: JsonExample = {
    ...CLOSE_JOB,
    source: 'Bulk API 2.0 Developer Guide, "Close or Abort a Job": PATCH { state: Aborted }',
    body: { ...(CLOSE_JOB.body as object), state: 'Aborted' }
};

/** Bulk API 2.0 Developer Guide, "Get Job Info" (and "Step 3: Bulk Insert"): a completed ingest job. */
export const JOB_INFO: JsonExample = {
    source: 'Bulk API 2.0 Developer Guide, "Get Job Info" / "Step 3: Bulk Insert": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        id: '7505fEXAMPLE4C2AAM',
        operation: 'insert',
        object: 'Account',
        createdById: '0055fEXAMPLEtG4AAM',
        createdDate: '2022-01-02T21:33:43.000+0000',
        systemModstamp: '2022-01-02T21:38:31.000+0000',
        state: 'JobComplete',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 66.0,
        jobType: 'V2Ingest',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
        numberRecordsProcessed: 7,
        numberRecordsFailed: 0,
        retries: 0,
        totalProcessingTime: 886,
        apiActiveProcessingTime: 813,
        apexProcessingTime: 619
    },
    // "Get Job Info" response table: errorMessage (Failed jobs), externalIdFieldName, assignmentRuleId; contentUrl only while Open.
    optional: { ...INGEST_OPTIONAL, errorMessage: 'string', contentUrl: 'string' }
};

/** Bulk API 2.0 Developer Guide, "Get Job Successful Record Results" (example in "Step 3: Bulk Insert"). */
export const SUCCESSFUL_RESULTS: CsvExample = {
    source: 'Bulk API 2.0 Developer Guide, "Get Job Successful Record Results" / "Step 3: Bulk Insert": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_successful_results.htm',
    status: 200,
    contentType: 'text/csv',
    headerLine: '"sf__Id","sf__Created",Name,ShippingCity,NumberOfEmployees,AnnualRevenue,Website,Description',
    leadingColumns: ['sf__Id', 'sf__Created']
};

/** Bulk API 2.0 Developer Guide, "Get Job Failed Record Results": sf__Id, sf__Error, then the original fields. */
export const FAILED_RESULTS: CsvExample = {
    source: 'Bulk API 2.0 Developer Guide, "Get Job Failed Record Results": response body columns',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_failed_results.htm',
    status: 200,
    contentType: 'text/csv',
    leadingColumns: ['sf__Id', 'sf__Error']
};

/** sf__Error is "Error code and message": `STATUS_CODE:message:fields --` as real orgs write it. */
export const SF_ERROR_PATTERN = /^[A-Z_]+:.*--$/s;

/** Bulk API 2.0 Developer Guide, "Get Job Unprocessed Record Results": the original fields only. */
export const UNPROCESSED_RESULTS: CsvExample = {
    source: 'Bulk API 2.0 Developer Guide, "Get Job Unprocessed Record Results": response body columns',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_unprocessed_results.htm',
    status: 200,
    contentType: 'text/csv',
    leadingColumns: []
};

/** Bulk API 2.0 Developer Guide, "Create a Query Job" (and "Step 6: Query Jobs"): request and response. */
export const CREATE_QUERY_JOB_REQUEST = { operation: 'query', query: 'SELECT Id, Name FROM Account' };
export const CREATE_QUERY_JOB: JsonExample = {
    source: 'Bulk API 2.0 Developer Guide, "Create a Query Job" / "Step 6: Query Jobs": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_walkthrough.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        id: '7986gEXAMPLE4X2OPT',
        operation: 'query',
        object: 'Account',
        createdById: '0055fEXAMPLEtG4AAM',
        createdDate: '2022-01-02T17:38:59.000+0000',
        systemModstamp: '2022-01-02T17:38:59.000+0000',
        state: 'UploadComplete',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 63.0,
        lineEnding: 'LF',
        columnDelimiter: 'COMMA'
    }
};

/** Bulk API 2.0 Developer Guide, "Get Information About a Query Job" (and "Step 6: Query Jobs"): completed query job. */
export const QUERY_JOB_INFO: JsonExample = {
    source: 'Bulk API 2.0 Developer Guide, "Get Information About a Query Job": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        id: '750R0000000zlh9IAA',
        operation: 'query',
        object: 'Account',
        createdById: '005R0000000GiwjIAC',
        createdDate: '2018-12-10T17:50:19.000+0000',
        systemModstamp: '2018-12-10T17:51:27.000+0000',
        state: 'JobComplete',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 46.0,
        jobType: 'V2Query',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
        numberRecordsProcessed: 500,
        retries: 0,
        totalProcessingTime: 334,
        isPkChunkingSupported: true
    },
    // Older versions of the page omit isPkChunkingSupported; errorMessage is set on Failed jobs.
    optional: { isPkChunkingSupported: 'boolean', errorMessage: 'string' }
};

/** Bulk API 2.0 Developer Guide, "Abort a Query Job": PATCH { state: Aborted } on an UploadComplete or InProgress job. */
export const ABORT_QUERY_JOB: JsonExample = {
    source: 'Bulk API 2.0 Developer Guide, "Abort a Query Job": example response body',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_abort_job.htm',
    status: 200,
    contentType: JSON_UTF8,
    body: {
        id: '750R000000146UvIAI',
        operation: 'query',
        object: 'Account',
        createdById: '005R0000000GiwjIAC',
        createdDate: '2018-12-18T16:15:31.000+0000',
        systemModstamp: '2018-12-18T16:15:32.000+0000',
        state: 'Aborted',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 46.0
    }
};

/**
 * Bulk API 2.0 Developer Guide, "Get Results for a Query Job": CSV body (`"Id","Name"` then rows), headers
 * Sforce-NumberOfRecords ("The number of records in this set") and Sforce-Locator (the next set's locator, or the
 * string `null` when there are no more results).
 */
export const QUERY_RESULTS = {
    source: 'Bulk API 2.0 Developer Guide, "Get Results for a Query Job": response body and headers',
    url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm',
    status: 200,
    contentType: 'text/csv',
    csv: [
        '"Id","Name"',
        '"005R0000000UyrWIAS","Jane Dunn"',
        '"005R0000000GiwjIAC","George Wright"',
        '"005R0000000GiwoIAC","Pat Wilson"'
    ].join('\n'),
    lastLocator: 'null'
};

/**
 * Bulk API 2.0 errors are `[{ errorCode, message }]`.
 * - "Get Results for a Query Job" (v47+ page): 412 Precondition Failed, JOB_NOT_COMPLETE, before the job completes.
 * - "Abort a Query Job": 400 INVALIDJOBSTATE "Aborting already Completed Job not allowed" (only UploadComplete and
 *   InProgress jobs can be aborted).
 * - Any job resource with an unknown job Id: 404 NOT_FOUND "The requested resource does not exist" (as reported by
 *   API clients, e.g. simple-salesforce issue #699).
 */
export const BULK_ERRORS = {
    notComplete: {
        source: 'Bulk API 2.0 Developer Guide, "Get Results for a Query Job": 412 before JobComplete',
        url: QUERY_RESULTS.url,
        status: 412,
        contentType: JSON_UTF8,
        body: [
            {
                errorCode: 'JOB_NOT_COMPLETE',
                message:
                    'can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: IN_PROGRESS'
            }
        ],
        errorCode: 'JOB_NOT_COMPLETE'
    } satisfies JsonExample & { errorCode: string },
    abortCompleted: {
        source: 'Bulk API 2.0 Developer Guide, "Abort a Query Job": response body for an unsuccessful request',
        url: ABORT_QUERY_JOB.url,
        status: 400,
        contentType: JSON_UTF8,
        body: [{ errorCode: 'INVALIDJOBSTATE', message: 'Aborting already Completed Job not allowed' }],
        errorCode: 'INVALIDJOBSTATE'
    } satisfies JsonExample & { errorCode: string },
    notFound: {
        source: 'Bulk API 2.0 Developer Guide, "Get Job Info" with an unknown job Id: 404 NOT_FOUND',
        url: 'https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm',
        status: 404,
        contentType: JSON_UTF8,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
        errorCode: 'NOT_FOUND'
    } satisfies JsonExample & { errorCode: string }
};
