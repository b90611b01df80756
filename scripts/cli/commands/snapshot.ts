/**
 * `abm snapshot`: export the book (the objects of docs/data-model.md, only the fields the org has, from describe) into a
 * snapshot folder of `<ApiName>.csv` files with Bulk API 2.0 queries; or copy/filter one snapshot into another.
 */
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { BOOK_OBJECTS } from '../../org/describe.js';
import type { Org } from '../../org/index.js';
import { writeFileAtomic } from '../../org/snapshot.js';
import { emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, readSnapshotMeta, UsageError, type Ux } from '../shared.js';

export type SnapshotSummary = {
    out: string;
    source: string;
    objects: { object: string; rows: number; fields: number; file: string }[];
    skipped: string[];
};

/** Rows per Bulk API 2.0 result page when exporting (a page of the widest book object is about a MB of CSV). */
export const EXPORT_PAGE_ROWS = 10_000;

/**
 * Write `file` by appending text chunks to a temporary file beside it, renamed over `file` when `fill` succeeds (a
 * failed export leaves the previous file, never a half-written one).
 */
async function writeStreamAtomic<T>(file: string, fill: (write: (text: string) => Promise<void>) => Promise<T>): Promise<T> {
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
    const handle = await open(temp, 'w');
    try {
        const result = await fill(async (text) => {
            if (text) await handle.write(text);
        });
        await handle.sync();
        await handle.close();
        await rename(temp, file);
        return result;
    } catch (error) {
        await handle.close().catch(() => undefined);
        await rm(temp, { force: true });
        throw error;
    }
}

/** Export `objects` from `org` into `out`. */
export async function exportSnapshot(
    org: Org,
    out: string,
    objects: string[],
    ux: Ux,
    options: { pageRows?: number } = {}
): Promise<SnapshotSummary> {
    await mkdir(out, { recursive: true });
    const summary: SnapshotSummary = { out, source: org.label, objects: [], skipped: [] };
    const bar = ux.progress('Exporting', objects.length);
    let done = 0;
    for (const object of objects) {
        let fields: string[];
        try {
            fields = (await org.describe(object)).map((f) => f.name);
        } catch (error) {
            ux.warn(`${object}: skipped (${(error as Error).message.split('\n')[0] ?? ''})`);
            summary.skipped.push(object);
            bar.update(++done);
            continue;
        }
        // Bulk API 2.0 rejects compound address fields.
        fields = fields.filter((f) => !/^(BillingAddress|ShippingAddress|MailingAddress|OtherAddress|Address)$/.test(f));
        if (!fields.includes('Id')) fields.unshift('Id');
        const soql = `SELECT ${fields.join(', ')} FROM ${object}`;
        const file = join(out, `${object}.csv`);
        // Result pages go straight to the file: an org's 500,000 tasks are never all in memory.
        const rows = await writeStreamAtomic(file, async (write) => {
            await write(stringify([fields]));
            if (org.bulkQueryPages) {
                return org.bulkQueryPages(
                    soql,
                    ({ header, rows: page }) => {
                        const at = fields.map((f) => header.indexOf(f));
                        return write(stringify(page.map((cells) => at.map((i) => (i < 0 ? '' : (cells[i] ?? ''))))));
                    },
                    { pageSize: options.pageRows ?? EXPORT_PAGE_ROWS }
                );
            }
            const all = await org.bulkQuery(soql);
            await write(stringify(all.map((r) => fields.map((f) => r[f] ?? ''))));
            return all.length;
        });
        summary.objects.push({ object, rows, fields: fields.length, file });
        bar.update(++done);
    }
    bar.stop();
    // The as-of date and the fiscal year's first month travel with the data (a quarter is read from them).
    let asOf = new Date().toISOString();
    let fiscalYearStartMonth: number | undefined;
    if (org.kind === 'snapshot') {
        const meta = await readSnapshotMeta(org.label);
        asOf = meta.asOf ?? asOf;
        fiscalYearStartMonth = meta.fiscalYearStartMonth;
    } else {
        const [row] = await org.query('SELECT FiscalYearStartMonth FROM Organization').catch(() => []);
        if (row?.FiscalYearStartMonth) fiscalYearStartMonth = Number(row.FiscalYearStartMonth);
    }
    await writeFileAtomic(
        join(out, 'snapshot.json'),
        `${JSON.stringify({ asOf, ...(fiscalYearStartMonth ? { fiscalYearStartMonth } : {}), source: org.kind }, null, 2)}\n`
    );
    return summary;
}

/**
 * `--out` before any export: a new or empty folder, or one without a snapshot in it (files of two snapshots would mix,
 * and the other's snapshot.json would be replaced); never the source folder itself, nor a file.
 */
async function checkOut(out: string, source: string | undefined): Promise<void> {
    let names: string[];
    try {
        const info = await stat(out);
        if (!info.isDirectory()) throw new UsageError(`--out ${out} is a file, not a folder.`);
        names = await readdir(out);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        if (error instanceof UsageError) throw error;
        throw new UsageError(`--out ${out}: ${(error as Error).message}`);
    }
    if (source && existsSync(source) && realpathSync(source) === realpathSync(out))
        throw new UsageError('--snapshot and --out must be different folders.');
    const snapshotFiles = names.filter((n) => n === 'snapshot.json' || n.toLowerCase().endsWith('.csv'));
    if (snapshotFiles.length)
        throw new UsageError(
            `--out ${out} already holds a snapshot (${snapshotFiles.slice(0, 2).join(', ')}${snapshotFiles.length > 2 ? ', …' : ''}): export into a new or empty folder.`
        );
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, { ...ORG_FLAGS, out: { type: 'string' }, objects: { type: 'string' } });
    if (!values.out)
        throw new UsageError('Name the folder to write with --out <dir>.', ['abm snapshot --target-org my-org --out data/my-org']);
    const objects = values.objects
        ? values.objects
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
        : BOOK_OBJECTS;
    await checkOut(values.out, values.snapshot);
    const org = await openOrg(values, ux, []);
    try {
        ux.log(`Exporting ${objects.length} objects from ${org.label} to ${values.out}…`);
        const summary = await exportSnapshot(org, values.out, objects, ux);
        for (const o of summary.objects) ux.out(`  ${o.object}: ${fmt(o.rows)} rows, ${o.fields} fields`);
        emitResult(ux, summary.skipped.length ? ExitCode.Partial : ExitCode.Success, summary);
    } finally {
        await org.close?.();
    }
}
