/**
 * The offline org: a folder of CSV files shaped like `sf data export bulk` output (`<ApiName>.csv`, a header row of
 * field API names, empty cell = null), plus an optional `snapshot.json` (`{ asOf, fiscalYearStartMonth }`).
 * Queries run through the shared SOQL evaluator (`soql-eval.ts`, parsed through `soql-cache.ts`: the parser loads only
 * for a query not asked before); writes apply Salesforce's per-row rules (`store.ts`) and rewrite the object's CSV
 * atomically (temp file + rename). Files load lazily, on first use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldDescribe, Org, ReadOptions, RowResult, SObjectRecord, WriteOptions } from './index.js';
import { throwIfAborted } from './abort.js';
import { removeStaleTemps, writeFileAtomic } from '../io/atomic.js';
import { decode } from '../io/lists.js';
import { ListError } from '../core/lists.js';
import { parseSoqlCached } from './soql-cache.js';
import { executeParsed } from './soql-eval.js';
import { RecordStore, SoqlError, toCell, writeBatch, type Table, type WriteOp } from './store.js';

export type SnapshotOptions = {
    /** Clock for date literals and audit fields; default: `snapshot.json` asOf (reproducible runs), else now. */
    now?: () => Date;
    fiscalYearStartMonth?: number;
    /** Create the folder when missing (an empty org), instead of failing. */
    create?: boolean;
    /** Objects whose CSV must be in the folder (a missing Account.csv is an error, not an empty org). */
    require?: string[];
    /** Told about what was read in a way worth knowing (a CSV that is not UTF-8, converted). */
    onNotice?: (message: string) => void;
};

/** The most characters any Salesforce field holds (a long text area), and a record name (Account, Contact: 255). */
const MAX_FIELD_CHARS = 131_072;
const MAX_NAME_CHARS = 255;

/**
 * Read one snapshot CSV: header + rows of cells, with a clear error naming the file and line. The encoding is detected
 * as the list loader does it (scripts/io/lists.ts): UTF-8 (with or without BOM), UTF-16, else Windows-1252, converted
 * with a notice (a write rewrites the file as UTF-8); a file mixing encodings is refused, never read into U+FFFD. A value
 * no Salesforce field could hold (a name above 255 characters, any value above 131,072) is refused, naming row and field.
 */
export function readCsvFile(file: string, onNotice?: (message: string) => void): { header: string[]; cells: string[][] } {
    let text: string;
    try {
        const decoded = decode(file, readFileSync(file));
        text = decoded.text;
        if (decoded.encoding !== 'utf-8')
            onNotice?.(`${file} is not UTF-8: read as ${decoded.encoding}; a write to it rewrites it as UTF-8 (every character kept).`);
    } catch (error) {
        if (error instanceof ListError) throw new SoqlError('INVALID_FIELD', error.message);
        throw error;
    }
    let records: string[][];
    try {
        records = parse(text, { skip_empty_lines: true, relax_quotes: false }) as string[][];
    } catch (error) {
        throw new SoqlError('INVALID_FIELD', `${file}: not a valid CSV file: ${(error as Error).message}`);
    }
    const [header, ...cells] = records;
    if (!header || header.length === 0 || header.every((h) => h.trim() === '')) {
        throw new SoqlError('INVALID_FIELD', `${file}: has no header row (expected field API names such as Id,Name)`);
    }
    const bad = header.findIndex((h) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(h.trim()));
    if (bad >= 0) throw new SoqlError('INVALID_FIELD', `${file}: header column ${bad + 1} "${header[bad]}" is not a field API name`);
    const names = header.map((h) => h.trim());
    cells.forEach((row, r) =>
        row.forEach((value, c) => {
            const max = names[c] === 'Name' ? MAX_NAME_CHARS : MAX_FIELD_CHARS;
            if (value.length > max)
                throw new SoqlError(
                    'INVALID_FIELD',
                    `${file}: row ${r + 2}, field ${names[c] ?? `column ${c + 1}`}: ${value.length.toLocaleString('en-US')} characters, above the ${max.toLocaleString('en-US')} ${max === MAX_NAME_CHARS ? 'a Salesforce name holds' : 'any Salesforce field holds'}`
                );
        })
    );
    return { header: names, cells };
}

/** Serialise a table as CSV text (header of field API names, empty cell for null). */
export function tableToCsv(table: Table, header: string[] = table.schema.fieldNames): string {
    const lines: string[][] = [header];
    for (const row of table.rows.values()) lines.push(header.map((h) => toCell(row[h] ?? null)));
    return stringify(lines);
}

export type SnapshotMeta = { asOf?: string; fiscalYearStartMonth?: number };

/**
 * `snapshot.json` beside a snapshot's CSVs, validated: `asOf` a calendar date (or an ISO date-time), `fiscalYearStartMonth`
 * a month number 1–12. Absent: {}. Anything else is refused, naming the file and the field (a bad date would change
 * every result silently).
 */
export function readMeta(dir: string): SnapshotMeta {
    const file = join(dir, 'snapshot.json');
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw new SoqlError('INVALID_FIELD', `${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SoqlError('INVALID_FIELD', `${file} is not a JSON object.`);
    const meta = raw as Record<string, unknown>;
    if (meta.asOf !== undefined) {
        const text = String(meta.asOf);
        const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
        if (typeof meta.asOf !== 'string' || !m)
            throw new SoqlError(
                'INVALID_FIELD',
                `${file}: asOf ${JSON.stringify(meta.asOf)} is not a date (YYYY-MM-DD, or an ISO date-time).`
            );
        const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
        const date = new Date(Date.UTC(y, mo - 1, d));
        if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || Number.isNaN(Date.parse(text)))
            throw new SoqlError('INVALID_FIELD', `${file}: asOf "${text}" is not a calendar date.`);
    }
    const month = meta.fiscalYearStartMonth;
    if (month !== undefined && !(typeof month === 'number' && Number.isInteger(month) && month >= 1 && month <= 12))
        throw new SoqlError('INVALID_FIELD', `${file}: fiscalYearStartMonth ${JSON.stringify(month)} is not a month number 1–12.`);
    return meta as SnapshotMeta;
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
                return file ? { ...readCsvFile(file, options.onNotice), source: file } : undefined;
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
        const meta = readMeta(dir);
        const present = new Set(readdirSync(dir).map((n) => n.toLowerCase()));
        const missing = (options.require ?? []).filter((o) => !present.has(`${o.toLowerCase()}.csv`));
        if (missing.length)
            throw new SoqlError(
                'NOT_FOUND',
                `${join(dir, `${missing[0]}.csv`)} is missing: this command needs ${options.require!.map((o) => `${o}.csv`).join(' and ')} in the snapshot folder (an empty object is a CSV with its header row).`
            );
        // A process killed mid-write leaves its temp file beside the CSV (the CSV itself is whole): clear it away.
        removeStaleTemps(dir);
        return new SnapshotOrg(dir, options, meta);
    }

    /** Objects with a CSV file in the folder (API names as the files spell them). */
    objects(): string[] {
        return [...this.files.values()].map((f) => basename(f).slice(0, -4));
    }

    async query<T extends SObjectRecord = SObjectRecord>(soql: string, options: ReadOptions = {}): Promise<T[]> {
        const result = await this.execute(soql, options.signal);
        return result.rows.map((row) => result.nested(row, false) as T);
    }

    async bulkQuery(soql: string, options: ReadOptions = {}): Promise<Record<string, string>[]> {
        const result = await this.execute(soql, options.signal);
        return result.rows.map((row) => result.flat(row));
    }

    /**
     * Parse (the parser may load: the one wait) and run a query. The signal is checked before and after that wait: the
     * run itself reads the files synchronously, so nothing can fire during it.
     */
    private async execute(soql: string, signal: AbortSignal | undefined) {
        throwIfAborted(signal);
        const parsed = await parseSoqlCached(soql);
        throwIfAborted(signal);
        return executeParsed(this.store, parsed, soql);
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
