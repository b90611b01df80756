/**
 * Array helpers safe for any length. `target.push(...items)`, `unshift(...items)` and `Math.max(...items)` pass every
 * element as a call argument, and V8 throws "Maximum call stack size exceeded" above ~125,000 of them: a real org's
 * book, list or plan gets there. ESLint refuses the spread forms in scripts/ (eslint.config.js, no-restricted-syntax).
 */

/** Appends `items` to `target` one by one; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
    for (const item of items) target.push(item);
    return target;
}

/** The largest of `values`, or `empty` when there are none (Math.max() of nothing is -Infinity). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
    let max = empty;
    let seen = false;
    for (const v of values) {
        max = seen ? Math.max(max, v) : v;
        seen = true;
    }
    return seen ? max : empty;
}

/** The smallest of `values`, or `empty` when there are none. */
export function minOf(values: Iterable<number>, empty = Infinity): number {
    let min = empty;
    let seen = false;
    for (const v of values) {
        min = seen ? Math.min(min, v) : v;
        seen = true;
    }
    return seen ? min : empty;
}
