/**
 * Reading several team lists at once: each large list is read, checked and turned into columns in its own worker
 * thread (node:worker_threads), so a slow workbook overlaps the CSVs on a machine with more than one core, and the
 * parse's garbage (cell arrays, SheetJS's cell objects) dies with the thread instead of filling the main heap.
 *
 * A thread sends back only compact data: per-field string arrays and one line-number buffer (transferred, not copied),
 * never an object per row; it exits before its result is used, so its heap is gone before the reconcile. Errors are
 * the same as in-thread: a `ListError` comes back as a `ListError` (file, row, column, the same message); a thread that
 * crashes (out of memory, killed) is an error naming the list. Small lists are read in this thread (a thread costs
 * a few tens of milliseconds to start).
 *
 * The worker script is `list-worker.js` next to this module in the compiled CLI (lib/, ES modules). From the
 * TypeScript sources (Jest's transform, tsx: CommonJS) it is `list-worker.ts`, loaded through tsx's require hook.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import {
    extractColumns,
    ListError,
    resolveColumns,
    type ListField,
    type ListIssue,
    type ListMapping,
    type ListRows,
    type ListTable
} from '../core/lists.js';
import { readList, type ReadOptions } from './lists.js';

/** One list to read: its source name, file, read options and mapping (already validated). */
export type ListJob = {
    source: string;
    file: string;
    read: ReadOptions;
    mapping?: ListMapping;
    mappingFile?: string;
};

/** A list read and checked: what the file was, the columns used, its rows as columns and its issues. */
export type ListRead = Omit<ListTable, 'rows'> & {
    source: string;
    columns: Partial<Record<ListField, number>>;
    /** Data rows in the file (blank and rejected rows included). */
    rowCount: number;
    rows: ListRows;
    issues: ListIssue[];
    /** When the read started (ms since the epoch), how long it took, and the CPU time of the thread that did it. */
    took: { startedAt: number; ms: number; cpuMs?: number; thread: boolean };
};

/** `auto`: see `readLists`; `always` / `never`: every list in a thread of its own / none. */
export type ThreadMode = 'auto' | 'always' | 'never';

/** Lists smaller than this are read in the calling thread (starting a thread costs more than it saves). */
export const THREAD_MIN_BYTES = 1024 * 1024;

/** Read, check and extract one list in this thread. */
export async function readOneList(job: ListJob): Promise<ListRead> {
    const startedAt = performance.timeOrigin + performance.now();
    const cpu = threadCpuMs();
    const table = await readList(job.file, job.read);
    const columns = resolveColumns(table, job.mapping, job.mappingFile);
    const { rows, issues } = extractColumns(job.source, table, columns, job.mapping);
    return {
        source: job.source,
        file: job.file,
        format: table.format,
        encoding: table.encoding,
        delimiter: table.delimiter,
        sheet: table.sheet,
        header: table.header,
        columns,
        rowCount: table.rows.length,
        rows,
        issues,
        took: {
            startedAt,
            ms: performance.timeOrigin + performance.now() - startedAt,
            cpuMs: cpu === undefined ? undefined : threadCpuMs()! - cpu,
            thread: !isMainThread
        }
    };
}

/** This thread's CPU time (user + system) in ms, where Node tells it. */
function threadCpuMs(): number | undefined {
    if (typeof process.threadCpuUsage !== 'function') return undefined;
    const u = process.threadCpuUsage();
    return (u.user + u.system) / 1000;
}

/** What a worker thread posts back: the list read, or its error (a ListError's parts, or any error's message). */
export type WorkerReply =
    | { ok: true; read: ListRead }
    | { ok: false; list?: { reason: string; file: string; row?: number; column?: string }; message: string; stack?: string };

/** An error thrown in a worker thread, as the reply carries it (a ListError stays a ListError). */
export function errorReply(error: unknown): WorkerReply {
    if (error instanceof ListError)
        return {
            ok: false,
            list: { reason: error.reason, file: error.file, row: error.row, column: error.column },
            message: error.message
        };
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, message: e.message, stack: e.stack };
}

/** How to start the worker: the compiled script (ES module), or the TypeScript source through tsx (CommonJS). */
async function workerEntry(): Promise<{ script: string | URL; eval: boolean }> {
    if (typeof __filename === 'string') {
        // From the sources (Jest, tsx): this module is CommonJS and its sibling is TypeScript.
        const tsx = require.resolve('tsx/cjs/api');
        const script = join(dirname(__filename), 'list-worker.ts');
        return { script: `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(script)});`, eval: true };
    }
    const { LIST_WORKER } = await import('./list-worker-url.js');
    return { script: LIST_WORKER, eval: false };
}

/**
 * Read one list in a worker thread; resolves once the thread has exited (its heap freed). The thread gets no Node
 * options of this process (`--import tsx` under the bench, `--input-type`, …): its script loads what it needs.
 */
export async function readListInThread(job: ListJob, resourceLimits?: { maxOldGenerationSizeMb?: number }): Promise<ListRead> {
    const entry = await workerEntry();
    return new Promise<ListRead>((resolve, reject) => {
        const worker = new Worker(entry.script, { eval: entry.eval, workerData: job, resourceLimits, execArgv: [] });
        let reply: WorkerReply | undefined;
        let crash: Error | undefined;
        worker.once('message', (m: WorkerReply) => (reply = m));
        worker.once('error', (e: Error) => (crash = e));
        worker.once('exit', (code) => {
            if (reply?.ok) return resolve(reply.read);
            if (reply && !reply.ok) {
                if (reply.list) return reject(new ListError(reply.list.reason, reply.list.file, reply.list.row, reply.list.column));
                const e = new Error(reply.message);
                if (reply.stack) e.stack = reply.stack;
                return reject(e);
            }
            const why = crash
                ? (crash as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
                    ? 'it ran out of memory'
                    : crash.message
                : `it stopped with exit code ${code}`;
            reject(new Error(`${job.file}: the thread reading this list failed before it finished: ${why}`));
        });
    });
}

/**
 * A list's reading cost, roughly (its bytes; a workbook's XML takes about three times as long per byte as CSV), or 0
 * when it is too small to be worth a thread (or cannot be stat'ed: this thread reads it, for its error).
 */
async function cost(file: string): Promise<number> {
    try {
        const size = (await stat(file)).size;
        if (size < THREAD_MIN_BYTES) return 0;
        return /\.xls[xm]$/i.test(file) ? 3 * size : size;
    } catch {
        return 0;
    }
}

/**
 * Read several lists at once; each outcome in the order of `jobs` (a job is a promise: its mapping may still be being
 * read). `auto`: the costliest large lists get a thread each, as many as there are other cores (and never all of
 * them: this thread would only wait), and this thread reads the others while they run. On 2 cores, three lists of
 * 100,000 rows: the workbook in a thread, the two CSVs here. `whileThreadsRun` is the caller's work on the lists read
 * here, done while the threads finish.
 */
export async function readLists(
    jobs: Promise<ListJob>[],
    mode: ThreadMode = 'auto',
    whileThreadsRun?: (readHere: ListRead[]) => void
): Promise<PromiseSettledResult<ListRead>[]> {
    const prepared = await Promise.allSettled(
        jobs.map(async (pending) => {
            const job = await pending;
            return { job, cost: mode === 'auto' ? await cost(job.file) : 0 };
        })
    );
    let inThread: boolean[];
    if (mode === 'auto') {
        const large = prepared.flatMap((p, i) => (p.status === 'fulfilled' && p.value.cost > 0 ? [{ i, cost: p.value.cost }] : []));
        const threads = Math.min(availableParallelism() - 1, large.length - 1);
        const chosen = new Set(
            large
                .sort((x, y) => y.cost - x.cost)
                .slice(0, Math.max(0, threads))
                .map((x) => x.i)
        );
        inThread = prepared.map((_, i) => chosen.has(i));
    } else inThread = prepared.map(() => mode === 'always');
    const threaded = prepared.map((p, i) => {
        if (p.status === 'rejected' || !inThread[i]) return undefined;
        const read = readListInThread(p.value.job);
        read.catch(() => undefined); // settled below, in order
        return read;
    });
    // The threads are started: now this thread reads its lists, one after the other, then does the caller's work on
    // them while the threads finish.
    const settle = async (read: () => Promise<ListRead>): Promise<PromiseSettledResult<ListRead>> => {
        try {
            return { status: 'fulfilled', value: await read() };
        } catch (error) {
            return { status: 'rejected', reason: error };
        }
    };
    const here: (PromiseSettledResult<ListRead> | undefined)[] = [];
    for (let i = 0; i < prepared.length; i++) {
        const p = prepared[i]!;
        here.push(p.status === 'rejected' ? p : threaded[i] ? undefined : await settle(() => readOneList(p.value.job)));
    }
    whileThreadsRun?.(here.flatMap((o) => (o?.status === 'fulfilled' ? [o.value] : [])));
    const outcomes: PromiseSettledResult<ListRead>[] = [];
    for (let i = 0; i < prepared.length; i++) outcomes.push(here[i] ?? (await settle(() => threaded[i]!)));
    return outcomes;
}
