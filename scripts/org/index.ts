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

export interface Org {
    readonly kind: 'salesforce' | 'snapshot';
    /** Username (org) or folder (snapshot): printed before any write. */
    readonly label: string;
    /** SOQL query, all pages. Parent fields come back nested (`{ Owner: { Name } }`). */
    query<T extends SObjectRecord = SObjectRecord>(soql: string): Promise<T[]>;
    /** Bulk API 2.0 query: flat rows of strings keyed by the selected field names (`Owner.Name`). */
    bulkQuery(soql: string): Promise<Record<string, string>[]>;
    /**
     * The same query, its result handed to `onPage` a page at a time (so it can be written out without holding it all);
     * resolves with the row count. Optional: without it, callers use `bulkQuery`.
     */
    bulkQueryPages?(
        soql: string,
        onPage: (page: { header: string[]; rows: string[][] }) => Promise<void> | void,
        pageSize?: number
    ): Promise<number>;
    insert(object: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]>;
    update(object: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]>;
    upsert(object: string, externalIdField: string, records: SObjectRecord[], options?: WriteOptions): Promise<RowResult[]>;
    delete(object: string, ids: string[], options?: WriteOptions): Promise<RowResult[]>;
    describe(object: string): Promise<FieldDescribe[]>;
    close?(): Promise<void>;
}
