/**
 * Imported for its effect (by test/abm-cli.ts and test/deploy/metadata-double.ts, the suites that run @salesforce/core
 * inside Jest): Jest runs each test file in a realm of its own, so an error Node makes (a missing file's ENOENT) is not
 * `instanceof Error` there. @salesforce/core tells a missing config or alias file that way; inside Jest it then fails on
 * it, or holds a file lock and waits for it second after second (proper-lockfile's retries: about 10 s of a setup or
 * deploy suite). A process has one realm: this realm's error classes are made to recognise Node's too, as they would
 * there. (Only widens `instanceof`: what was an instance still is.)
 */
import { runInThisContext } from 'node:vm';

function shareErrorRealm(): void {
    const outer = runInThisContext('globalThis') as typeof globalThis;
    if (outer.Error === Error) return;
    const names = ['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError'] as const;
    for (const name of names) {
        const inner = globalThis[name] as unknown as (...args: unknown[]) => unknown;
        const other = outer[name] as unknown as (...args: unknown[]) => unknown;
        Object.defineProperty(inner, Symbol.hasInstance, {
            configurable: true,
            value(this: unknown, value: unknown): boolean {
                const own = Function.prototype[Symbol.hasInstance].call(this, value);
                return own || (this === inner && Function.prototype[Symbol.hasInstance].call(other, value));
            }
        });
    }
}
shareErrorRealm();
