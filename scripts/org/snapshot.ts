/**
 * The offline org: a folder of CSV files shaped like `sf data export bulk` output (`<ApiName>.csv`, a header row of
 * field API names, empty cell = null), plus an optional `snapshot.json` (`{ asOf, fiscalYearStartMonth }`).
 * Queries run through the shared SOQL evaluator (`soql.ts`); writes apply Salesforce's per-row rules (`store.ts`)
 * and rewrite the object's CSV atomically (temp file + rename). Files load lazily, on first use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldDescribe, Org, RowResult, SObjectRecord, WriteOptions } from './index.js';
import { removeStaleTemps, writeFileAtomic } from '../io/atomic.js';
import { executeQuery } from './soql.js';
import { RecordStore, SoqlError, toCell, writeBatch, type Table, type WriteOp } from './store.js';

export type SnapshotOptions = {
    /** Clock for date literals and audit fields; default: `snapshot.json` asOf (reproducible runs), else now. */
    now?: () => Date;
    fiscalYearStartMonth?: number;
    /** Create the folder when missing (an empty org), instead of failing. */
    create?: boolean;
};

/** Read one snapshot CSV: header + rows of cells, with a clear error naming the file and line. */
export function readCsvFile(file: string): { header: string[]; cells: string[][] } {
    let records: string[][];
    try {
        records = parse(readFileSync(file), { bom: true, skip_empty_lines: true, relax_quotes: false }) as string[][];
    } catch (error) {
        throw new SoqlError('INVALID_FIELD', `${file}: not a valid CSV file: ${(error as Error).message}`);
    }
    const [header, ...cells] = records;
    if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
        throw new SoqlError('INVALID_FIELD', `${file}: has no header row (expected field API names such as Id,Name)`);
    }
    const bad = header.findIndex((h) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(h.trim()));
    if (bad >= 0) throw new SoqlError('INVALID_FIELD', `${file}: header column ${bad + 1} "${header[bad]}" is not a field API name`);
    return { header: header.map((h) => h.trim()), cells };
}

/** Serialise a table as CSV text (header of field API names, empty cell for null). */
export function tableToCsv(table: Table, header: string[] = table.schema.fieldNames): string {
    const lines: string[][] = [header];
    for (const row of table.rows.values()) lines.push(header.map((h) => toCell(row[h] ?? null)));
    return stringify(lines);
}

/** Write a file atomically and durably (temp file, fsync, rename): scripts/io/atomic.ts. */
export { writeFileAtomic } from '../io/atomic.js';

export class SnapshotOrg implements Org {
    readonly kind = 'snapshot' as const;
    readonly store: RecordStore;
    private readonly files = new Map<string, string>();

    private constructor(
        readonly label: string,
        options: SnapshotOptions,
        meta: { asOf?: string; fiscalYearStartMonth?: number }
    ) {
        for (const name of readdirSync(label)) {
            if (name.toLowerCase().endsWith('.csv')) this.files.set(name.slice(0, -4).toLowerCase(), join(label, name));
        }
        const asOf = meta.asOf ? new Date(meta.asOf) : undefined;
        this.store = new RecordStore({
            now: options.now ?? (asOf && !Number.isNaN(asOf.getTime()) ? () => asOf : undefined),
            fiscalYearStartMonth: options.fiscalYearStartMonth ?? meta.fiscalYearStartMonth,
            extendFromRegistry: true,
            load: (object) => {
                const file = this.files.get(object.toLowerCase());
                return file ? { ...readCsvFile(file), source: file } : undefined;
            }
        });
    }

    /** Open a snapshot folder. */
    static async open(dir: string, options: SnapshotOptions = {}): Promise<SnapshotOrg> {
        let isDir = false;
        try {
            isDir = statSync(dir).isDirectory();
        } catch {
            if (options.create) {
                await mkdir(dir, { recursive: true });
                isDir = true;
            }
        }
        if (!isDir)
            throw new SoqlError('NOT_FOUND', `Snapshot folder not found: ${dir} (a folder of <ApiName>.csv files, e.g. data/sample-org)`);
        let meta: { asOf?: string; fiscalYearStartMonth?: number } = {};
        try {
            meta = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as typeof meta;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
                throw new SoqlError('INVALID_FIELD', `${join(dir, 'snapshot.json')} is not valid JSON: ${(error as Error).message}`);
        }
        // A process killed mid-write leaves its temp file beside the CSV (the CSV itself is whole): clear it away.
        removeStaleTemps(dir);
        return new SnapshotOrg(dir, options, meta);
    }

    /** Objects with a CSV file in the folder (API names as the files spell them). */
    objects(): string[] {
        return [...this.files.values()].map((f) => basename(f).slice(0, -4));
    }

    async query<T extends SObjectRecord = SObjectRecord>(soql: string): Promise<T[]> {
        const result = executeQuery(this.store, soql);
        return result.rows.map((row) => result.nested(row, false) as T);
    }

    async bulkQuery(soql: string): Promise<Record<string, string>[]> {
        const result = executeQuery(this.store, soql);
        return result.rows.map((row) => result.flat(row));
    }

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

    async describe(object: string): Promise<FieldDescribe[]> {
        return this.store.requireTable(object).schema.describe();
    }

    private async write(
        op: WriteOp,
        object: string,
        records: SObjectRecord[],
        options: WriteOptions = {},
        externalIdField?: string
    ): Promise<RowResult[]> {
        const table = this.store.requireTable(object);
        const results = writeBatch(this.store, op, table.name, records, { allOrNone: options.allOrNone, externalIdField });
        if (results.some((r) => r.success)) await this.persist(table);
        options.onProgress?.(records.length, records.length);
        return results.map((r, i) => ({
            id: r.id,
            success: r.success,
            ...(op === 'upsert' || op === 'insert' ? { created: r.success ? (r.created ?? false) : false } : {}),
            ...(r.error ? { error: r.error.text } : {}),
            input: records[i]!
        }));
    }

    /** Rewrite the object's CSV (creating `<ApiName>.csv` when the folder had none). */
    private async persist(table: Table): Promise<void> {
        const file = this.files.get(table.name.toLowerCase()) ?? join(this.label, `${table.name}.csv`);
        this.files.set(table.name.toLowerCase(), file);
        await writeFileAtomic(file, tableToCsv(table));
    }

    async close(): Promise<void> {}
}
