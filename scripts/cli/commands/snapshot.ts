/**
 * `abm snapshot`: export the book (the objects of docs/data-model.md, only the fields the org has, from describe) into a
 * snapshot folder of `<ApiName>.csv` files with Bulk API 2.0 queries; or copy/filter one snapshot into another.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { BOOK_OBJECTS } from '../../org/describe.js';
import type { Org } from '../../org/index.js';
import { writeFileAtomic } from '../../org/snapshot.js';
import { emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, UsageError, type Ux } from '../shared.js';

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
                    options.pageRows ?? EXPORT_PAGE_ROWS
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
    let asOf = new Date().toISOString();
    if (org.kind === 'snapshot') {
        try {
            asOf = (JSON.parse(await readFile(join(org.label, 'snapshot.json'), 'utf8')) as { asOf?: string }).asOf ?? asOf;
        } catch {
            // no snapshot.json in the source: stamp now
        }
    }
    await writeFileAtomic(join(out, 'snapshot.json'), `${JSON.stringify({ asOf, source: org.kind }, null, 2)}\n`);
    return summary;
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
    if (values.snapshot && values.snapshot === values.out) throw new UsageError('--snapshot and --out must be different folders.');
    const org = await openOrg(values, ux);
    try {
        ux.log(`Exporting ${objects.length} objects from ${org.label} to ${values.out}…`);
        const summary = await exportSnapshot(org, values.out, objects, ux);
        for (const o of summary.objects) ux.out(`  ${o.object}: ${fmt(o.rows)} rows, ${o.fields} fields`);
        emitResult(ux, summary.skipped.length ? ExitCode.Partial : ExitCode.Success, summary);
    } finally {
        await org.close?.();
    }
}
