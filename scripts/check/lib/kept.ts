/**
 * A result kept for the process, per key (the parsers of the checks key by file text: the inventory and several rules
 * read the same file, and a test checks many copies of the project that differ in one file). The value is shared:
 * callers must not modify it.
 */
export function kept<T>(cache: Map<string, T>, key: string, compute: () => T): T {
    let value = cache.get(key);
    if (value === undefined) {
        value = compute();
        cache.set(key, value);
    }
    return value;
}
