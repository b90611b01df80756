/**
 * The worker thread that reads one team list (see read-lists.ts): reads, checks and extracts the list named by
 * `workerData`, posts the result (its line buffer transferred, not copied) or the error, and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorReply, readOneList, type ListJob, type WorkerReply } from './read-lists.js';

const port = parentPort;
if (!port) throw new Error('list-worker runs as a worker thread (see read-lists.ts)');
readOneList(workerData as ListJob).then(
    (read) => port.postMessage({ ok: true, read } satisfies WorkerReply, [read.rows.line.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage(errorReply(error))
);
