/**
 * The load's read step reads large lists in worker threads (scripts/io/read-lists.ts). A list read in a thread must
 * give exactly what it gives read in this thread: the same rows, issues and file facts, or the same error (a
 * `ListError` with the same message, file, row and column) — checked on the bad-input corpus (one file of each kind
 * of outcome) and on the sample lists. A thread that crashes is an error naming the list; the compiled CLI (lib/, ES modules) finds its
 * worker script as well as the sources under Jest do.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSources, type LoadedSources } from '../../scripts/cli/commands/load';
import { Ux } from '../../scripts/cli/shared';
import { joinRows, ListError, toRows, type ListMapping } from '../../scripts/core/lists';
import { readListInThread, readLists, type ListJob, type ListRead, type ThreadMode } from '../../scripts/io/read-lists';

const ROOT = join(__dirname, '..', '..');
const BAD = join(ROOT, 'test', 'fixtures', 'bad-input');
const LISTS = join(ROOT, 'data', 'lists');

type Outcome = { error: { type: string; message: string; file?: string; row?: number; column?: string } } | { loaded: unknown };

/** What reading gives, comparable across threads (rows as objects, timings left out). */
async function outcome(sources: Map<string, string>, mappings: Map<string, string>, threads: ThreadMode): Promise<Outcome> {
    try {
        const loaded: LoadedSources = await readSources(sources, mappings, new Ux(true), threads);
        expect(loaded.took.map((t) => t.thread)).toEqual([...sources.keys()].map(() => threads === 'always'));
        return { loaded: { rows: toRows(loaded.rows), issues: loaded.issues, files: loaded.files } };
    } catch (error) {
        const e = error as ListError;
        return { error: { type: e.constructor.name, message: e.message, file: e.file, row: e.row, column: e.column } };
    }
}

describe('a list read in a worker thread gives what it gives read here', () => {
    /**
     * One file of each kind of outcome the thread has to carry back: rows with rejects (CSV, XLSX); a ListError with a
     * row and a column (header check), with a row only (CSV parser), with neither (decoder, workbook reader).
     */
    const files = [
        'formula-hyperlink.csv',
        'xlsx-formula-text.xlsx',
        'duplicate-header.csv',
        'unclosed-quote.csv',
        'empty.csv',
        'xlsx-missing-sheet.xlsx'
    ];

    it('the bad-input corpus: rows, issues and errors (message, file, row, column)', async () => {
        expect(files.every((f) => existsSync(join(BAD, f)))).toBe(true);
        const jobs = () =>
            files.map(async (name): Promise<ListJob> => {
                const mappingFile = join(BAD, name.replace(/\.[a-z]+$/, '.mapping.json'));
                const mapping = existsSync(mappingFile) ? (JSON.parse(readFileSync(mappingFile, 'utf8')) as ListMapping) : undefined;
                const sheet = name === 'xlsx-missing-sheet.xlsx' ? 'Nope' : mapping?.sheet;
                return { source: 'list', file: join(BAD, name), read: { sheet, encoding: mapping?.encoding }, mapping, mappingFile };
            });
        const comparable = (o: PromiseSettledResult<ListRead>) => {
            if (o.status === 'fulfilled') {
                const { took, rows, ...rest } = o.value;
                return { thread: took.thread, read: { ...rest, rows: toRows(joinRows([rows])) } };
            }
            const e = o.reason as ListError;
            return { error: { type: e.constructor.name, message: e.message, file: e.file, row: e.row, column: e.column } };
        };
        const here = (await readLists(jobs(), 'never')).map(comparable);
        const threaded = (await readLists(jobs(), 'always')).map(comparable);
        expect(here.filter((o) => 'error' in o).length).toBe(4);
        expect(here.every((o) => !('thread' in o) || o.thread === false)).toBe(true);
        expect(threaded.every((o) => !('thread' in o) || o.thread === true)).toBe(true);
        const strip = (o: ReturnType<typeof comparable>) => ('read' in o ? { read: o.read } : o);
        expect(threaded.map(strip)).toEqual(here.map(strip));
    });

    it('the sample lists, read at once (CSV in Windows-1252 with a mapping, CSV, an XLSX sheet)', async () => {
        const sources = new Map([
            ['marketing', join(LISTS, 'marketing.csv')],
            ['sales', join(LISTS, 'sales.csv')],
            ['finance', `${join(LISTS, 'finance.xlsx')}#Approved`]
        ]);
        const mappings = new Map([['marketing', join(LISTS, 'marketing.mapping.json')]]);
        const here = await outcome(sources, mappings, 'never');
        expect('loaded' in here && (here.loaded as { rows: unknown[] }).rows.length).toBeGreaterThan(100);
        expect(await outcome(sources, mappings, 'always')).toEqual(here);
    });

    it('the first failing list in source order is the error, as when the lists were read one after the other', async () => {
        const sources = new Map([
            ['sales', join(LISTS, 'sales.csv')],
            ['broken', join(BAD, 'unclosed-quote.csv')],
            ['empty', join(BAD, 'empty.csv')]
        ]);
        for (const threads of ['never', 'always'] as const) {
            const r = await outcome(sources, new Map(), threads);
            expect(r).toMatchObject({ error: { type: 'ListError', file: join(BAD, 'unclosed-quote.csv'), row: 2 } });
        }
    });
});

it('a thread that crashes (out of memory) is an error naming the list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abm-read-threads-'));
    try {
        const file = join(dir, 'big.csv');
        const lines = ['Name,Website,Tier'];
        for (let i = 0; i < 60_000; i++) lines.push(`Company ${i},company${i}.com,${(i % 3) + 1}`);
        writeFileSync(file, `${lines.join('\n')}\n`);
        await expect(readListInThread({ source: 'big', file, read: {} }, { maxOldGenerationSizeMb: 4 })).rejects.toThrow(
            `${file}: the thread reading this list failed before it finished: it ran out of memory`
        );
        // The same list with the memory it needs is read.
        const read = await readListInThread({ source: 'big', file, read: {} });
        expect(read.rows.length).toBe(60_000);
        expect(read.took.thread).toBe(true);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});

it('the compiled CLI (lib/, ES modules) reads a list in a worker thread', () => {
    // lib/ is rebuilt by the suite's global setup when scripts/ changed.
    const script = `
        const { readLists } = await import(${JSON.stringify(join(ROOT, 'lib', 'io', 'read-lists.js'))});
        const [r] = await readLists([Promise.resolve({ source: 'sales', file: ${JSON.stringify(join(LISTS, 'sales.csv'))}, read: {} })], 'always');
        process.stdout.write(JSON.stringify({ status: r.status, thread: r.value?.took.thread, rows: r.value?.rows.length, website: r.value?.rows.values.website?.[0] }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Record<
        string,
        unknown
    >;
    expect(out).toMatchObject({ status: 'fulfilled', thread: true });
    expect(out.rows).toBeGreaterThan(100);
    expect(out.website).toMatch(/\./);
});
