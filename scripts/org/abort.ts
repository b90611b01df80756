/**
 * Abortable org reads (`{ signal }` on `Org.query`, `bulkQuery`, `bulkQueryPages`): what an aborted read rejects with,
 * and waits that end the moment the signal fires (a caller that gives up on a read must not wait out a poll interval or a
 * request whose answer nobody wants).
 */

/**
 * The error an aborted read rejects with: the signal's reason when it is an Error (`controller.abort(myError)`), else a
 * DOMException named 'AbortError', as fetch rejects (a bare `controller.abort()` already carries one).
 */
export function abortError(signal: AbortSignal): Error {
    return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

/** Reject at once when the signal has already fired (no request is sent, no file read). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
    if (signal?.aborted) throw abortError(signal);
}

/**
 * `work`, or the abort if the signal fires first. The work itself is not stopped (a call that takes no signal, such as
 * jsforce's `request()`): it runs to its end and its outcome, answer or error, is dropped.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    if (!signal) return work;
    return new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(abortError(signal));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}

/** Wait `ms`, or until the signal fires (then reject with the abort, the timer cleared). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortError(signal));
        const onAbort = () => {
            clearTimeout(timer);
            reject(abortError(signal!));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
