/**
 * The one door to an org. Every command reads and writes through this interface; two implementations:
 * `salesforce.ts` (a real org through @salesforce/core + jsforce, Bulk API 2.0 for volume) and
 * `snapshot.ts` (a folder of CSV files shaped like `sf data export bulk` output: the offline default).
 */

/** A record as the API returns it: field API name → value (parent fields nested, e.g. `Owner.Name`). */
export type SObjectRecord = { Id?: string; [field: string]: unknown };

/** Per-row outcome of a write, in input order. */
export type RowResult = {
    /** Record Id (null when a create failed, or when an insert/upsert succeeded under `returnIds: false` without an input Id). */
    id: string | null;
    success: boolean;
    /** True when an upsert created the record. */
    created?: boolean;
    /** `STATUS_CODE: message` as Salesforce reports it, when the row failed. */
    error?: string;
    /** The input row, echoed, so failures can be written to a failures file. */
    input: SObjectRecord;
};

export type WriteOptions = {
    /** All rows succeed or none are written (sObject collections only; bulk jobs are never all-or-none). */
    allOrNone?: boolean;
    /** Called with (done, total) as rows complete, for progress bars. */
    onProgress?: (done: number, total: number) => void;
    /** Called with a short line at each stage of a long write (a Bulk API job created, uploaded, each poll). */
    onStage?: (text: string) => void;
    /**
     * Inserts/upserts: does the caller need the new records' Ids (and upserts' `created`)? Default true. With false, a
     * Bulk API 2.0 job whose counters show every row's outcome skips the `successfulResults` download, and its
     * successful rows come back with `id` = the input's Id or null (`created` is true for an insert, absent for an
     * upsert). Failures are always reported per row. Updates and deletes never need the download (the Id is the input's).
     */
    returnIds?: boolean;
};

export type FieldDescribe = {
    name: string;
    type: string;
    label?: string;
    nillable?: boolean;
    updateable?: boolean;
    createable?: boolean;
    referenceTo?: string[];
    relationshipName?: string | null;
    externalId?: boolean;
};

/**
 * Options of a read. `signal` makes it abortable: a read whose signal has fired rejects with the signal's reason when
 * that is an Error, else with a DOMException named 'AbortError' (what fetch rejects with; `abortError` in abort.ts), and
 * never with an API error. A signal already fired: the read rejects at once, nothing sent. Fired later: no further request
 * is sent (a request in flight is cancelled where the transport allows it, else its answer is dropped), and a Bulk API 2.0
 * query job still running is aborted on the server before the read rejects (best effort: a refused or failed abort is
 * reported through the adapter's `onNotice`, never thrown).
 */
export type ReadOptions = { signal?: AbortSignal };

/** `bulkQueryPages` options: rows per result page (`maxRecords`; default: the adapter's page size, else the server's). */
export type PageOptions = ReadOptions & { pageSize?: number };

export interface Org {
    readonly kind: 'salesforce' | 'snapshot';
    /** Username (org) or folder (snapshot): printed before any write. */
    readonly label: string;
    /** SOQL query, all pages. Parent fields come back nested (`{ Owner: { Name } }`). */
    query<T extends SObjectRecord = SObjectRecord>(soql: string, options?: ReadOptions): Promise<T[]>;
    /** Bulk API 2.0 query: flat rows of strings keyed by the selected field names (`Owner.Name`). */
    bulkQuery(soql: string, options?: ReadOptions): Promise<Record<string, string>[]>;
    /**
     * The same query, its result handed to `onPage` a page at a time (so it can be written out without holding it all);
     * resolves with the row count. Optional: without it, callers use `bulkQuery`.
     */
    bulkQueryPages?(
        soql: string,
        onPage: (page: { header: string[]; rows: string[][] }) => Promise<void> | void,
        options?: PageOptions
    ): Promise<number>;
    insert(object: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]>;
    update(object: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]>;
    upsert(object: string, externalIdField: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]>;
    delete(object: string, ids: string[], options?: WriteOptions): Promise<RowResult[]>;
    describe(object: string): Promise<FieldDescribe[]>;
    close?(): Promise<void>;
}
