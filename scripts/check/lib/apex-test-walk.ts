/**
 * The Apex test walk (docs/apex-test-walk.md) has one row per Apex test method: what the test saves, what fires, and why
 * it passes in an org with Private sharing and a non-English admin. This module lists the test methods of a set of Apex
 * sources and the rows of the walk, so a check can name every test method without a row and every row without a test.
 */

/** `Class.method` for every `@IsTest` method of an Apex class source (the class name is the file's). */
export function apexTestMethods(className: string, source: string): string[] {
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
    const methods: string[] = [];
    for (const m of code.matchAll(/@IsTest(?:\s*\([^)]*\))?\s+(?:(?:public|private|global)\s+)?static\s+void\s+(\w+)\s*\(/gi))
        methods.push(`${className}.${m[1]!}`);
    for (const m of code.matchAll(/\bstatic\s+testMethod\s+void\s+(\w+)\s*\(/gi)) methods.push(`${className}.${m[1]!}`);
    return methods;
}

/** The `Class.method` named in the first cell of every table row of the walk. */
export function walkRows(markdown: string): string[] {
    const rows: string[] = [];
    for (const line of markdown.split('\n')) {
        const m = /^\|\s*`(\w+\.\w+)`\s*\|/.exec(line);
        if (m) rows.push(m[1]!);
    }
    return rows;
}

/** Test methods without a row, rows without a test method, and rows listed twice. */
export function compareWalk(methods: string[], rows: string[]): string[] {
    const problems: string[] = [];
    const rowSet = new Set(rows);
    const methodSet = new Set(methods);
    for (const m of methods) if (!rowSet.has(m)) problems.push(`${m}: test method without a row in docs/apex-test-walk.md`);
    for (const r of rows) if (!methodSet.has(r)) problems.push(`${r}: row in docs/apex-test-walk.md without a test method`);
    const seen = new Set<string>();
    for (const r of rows) {
        if (seen.has(r)) problems.push(`${r}: listed twice in docs/apex-test-walk.md`);
        seen.add(r);
    }
    return problems;
}
