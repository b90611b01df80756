/**
 * The read step of `abm load accounts`: every team list read and checked (the lists at once, each large one in a
 * thread of its own: scripts/io/read-lists.ts), with its mapping file validated. Nothing here touches the org; the
 * org's accounts, fetched meanwhile by the command, are indexed here when they arrive, and the rows read are resolved
 * against them while the other lists are still being read (what `reconcile` would otherwise do first, after them).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import {
    joinRows,
    LIST_FIELDS,
    type ListField,
    type ListIssue,
    type ListMapping,
    type ListRows,
    type RowColumns
} from '../../core/lists.js';
import { indexOrg, normalizeRowDomains, prepareRows, type OrgBook, type OrgIndex } from '../../core/reconcile.js';
import { readLists, type ListJob, type ListRead, type ThreadMode } from '../../io/read-lists.js';
import { AbmError, fmt, type Ux } from '../shared.js';

const ColumnsSchema = z
    .object(Object.fromEntries(LIST_FIELDS.map((f) => [f, z.string().min(1).optional()])) as Record<ListField, z.ZodOptional<z.ZodString>>)
    .strict();
const MappingSchema = z
    .object({
        columns: ColumnsSchema.optional(),
        sheet: z.string().optional(),
        encoding: z.string().optional(),
        delimiter: z.enum([',', ';', '\t', '|']).optional(),
        dateFormat: z.enum(['DD/MM/YYYY', 'MM/DD/YYYY']).optional(),
        tierValues: z.record(z.string(), z.string()).optional()
    })
    .strict();

/** A JSON file checked against its schema; an error names the file and every problem. */
export async function readJson<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
        throw new AbmError(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
        throw new AbmError(
            `${file}: not a valid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`
        );
    return parsed.data;
}

export type LoadedSources = {
    rows: RowColumns;
    issues: ListIssue[];
    /** Per list (as `files`): when its read started, how long it took, its thread's CPU time (for benchmarks). */
    took: ListRead['took'][];
    files: { source: string; file: string; format: string; encoding?: string; delimiter?: string; sheet?: string; rows: number }[];
    /** The org's book indexed, when it arrived during the read (`rows` are then resolved against it: pass it to `reconcile`). */
    index?: OrgIndex;
};

/**
 * Read and check every list (all before anything else: one bad list stops the load with nothing written). The lists
 * are read at once, each large one in a thread of its own (scripts/io/read-lists.ts); errors and log lines come in
 * source order, as if they were read one after the other.
 *
 * `book`: the org's accounts, aliases and users, being fetched meanwhile. When they arrive before the last list is in,
 * they are indexed (`indexOrg`) once this thread has read its own lists and started the others' threads (never before:
 * a thread started late would finish late), and every list is resolved against the index (`prepareRows`) as soon as
 * both are there. A book that fails is not this step's error: the caller awaits it for that.
 */
export async function readSources(
    sources: Map<string, string>,
    mappings: Map<string, string>,
    ux: Ux,
    threads: ThreadMode = 'auto',
    book?: Promise<OrgBook>
): Promise<LoadedSources> {
    let arrived: OrgBook | undefined;
    let index: OrgIndex | undefined;
    /** The lists read so far; undefined until this thread has read its own (and the threads are running). */
    let read: ListRows[] | undefined;
    const resolveAhead = () => {
        if (!read || !arrived) return;
        index ??= indexOrg(arrived);
        for (const list of read) if (!list.prepared) prepareRows(index, list);
    };
    book?.then(
        (b) => {
            arrived = b;
            resolveAhead();
        },
        () => undefined
    );
    const settled = await readLists(
        [...sources].map(async ([source, spec]): Promise<ListJob> => {
            const hash = spec.lastIndexOf('#');
            const file = hash > 0 ? spec.slice(0, hash) : spec;
            const mappingFile = mappings.get(source);
            const mapping: ListMapping | undefined = mappingFile ? await readJson(mappingFile, MappingSchema, 'mapping file') : undefined;
            const sheet = hash > 0 ? spec.slice(hash + 1) : mapping?.sheet;
            return { source, file, read: { sheet, encoding: mapping?.encoding, delimiter: mapping?.delimiter }, mapping, mappingFile };
        }),
        threads,
        // What reconcile does first with each row, done here while the threads finish (the CSVs' websites normalised,
        // and resolved against the org when it is in, while the workbook is still being read).
        (readHere) => {
            read = readHere.map((list) => list.rows);
            for (const list of read) normalizeRowDomains(list);
            resolveAhead();
        }
    );
    const lists: ListRows[] = [];
    const issues: ListIssue[] = [];
    const files: LoadedSources['files'] = [];
    const took: LoadedSources['took'] = [];
    for (const outcome of settled) {
        if (outcome.status === 'rejected') throw outcome.reason;
        const list = outcome.value;
        const { source, file } = list;
        if (!mappings.has(source)) {
            const detected = Object.entries(list.columns)
                .map(([f, i]) => `${f}="${list.header[i as number]}"`)
                .join(', ');
            ux.log(`  ${source}: columns detected from the header: ${detected}`);
        }
        lists.push(list.rows);
        took.push(list.took);
        // One by one: spreading 100,000s of issues into push() overflows the call stack.
        for (const issue of list.issues) issues.push(issue);
        files.push({
            source,
            file,
            format: list.format,
            encoding: list.encoding,
            delimiter: list.delimiter,
            sheet: list.sheet,
            rows: list.rowCount
        });
        ux.log(
            `Read ${source}: ${file}${list.sheet ? ` (sheet ${list.sheet})` : ''} · ${list.format}${list.encoding ? ` ${list.encoding}` : ''}${list.delimiter ? ` "${list.delimiter === '\t' ? '\\t' : list.delimiter}"` : ''} · ${fmt(list.rowCount)} rows, ${fmt(list.issues.filter((i) => i.action === 'row rejected').length)} rejected`
        );
    }
    // Every list is in: the threads' lists are resolved now too, when the org is (what `reconcile` would do first).
    read = lists;
    resolveAhead();
    read = undefined; // a book that arrives from now on is the caller's to index
    return { rows: joinRows(lists), issues, took, files, index };
}
