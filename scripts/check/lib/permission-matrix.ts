/**
 * The permission matrix exists twice: as the expectations of the Apex test `AbmPermissionMatrixTest` (a map from feature
 * to one Boolean per permission-set column) and as the table under "## Permission matrix" in docs/permissions.md. This
 * module reads both and lists every difference, so the documented matrix can never drift from the one the tests prove.
 */

export type Matrix = { columns: string[]; rows: Map<string, boolean[]> };

const ALLOWED = '✓';
const DENIED = '✗';

/** The columns of the Apex test: `SETS = new List<String>{ '', 'ABM_Seller', … }` ('' is "no ABM set"). */
function apexColumns(source: string): string[] {
    const m = /SETS\s*=\s*new List<String>\s*\{([^}]*)\}/.exec(source);
    if (!m) throw new Error('AbmPermissionMatrixTest: no SETS list found');
    return [...m[1]!.matchAll(/'([^']*)'/g)].map((x) => (x[1] === '' ? 'no ABM set' : x[1]!));
}

/** Reads the EXPECTED map of the Apex test, resolving the String constants used as keys. */
export function readApexMatrix(source: string): Matrix {
    const constants = new Map<string, string>();
    for (const m of source.matchAll(/static final String (\w+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*;/g))
        constants.set(m[1]!, m[2]!.replace(/\\'/g, "'"));
    const block = /EXPECTED\s*=\s*new Map<String, List<Boolean>>\s*\{([\s\S]*?)\n\s*\};/.exec(source);
    if (!block) throw new Error('AbmPermissionMatrixTest: no EXPECTED map found');
    const rows = new Map<string, boolean[]>();
    for (const m of block[1]!.matchAll(/(\w+|'(?:[^'\\]|\\.)*')\s*=>\s*new List<Boolean>\s*\{([^}]*)\}/g)) {
        const key = m[1]!.startsWith("'") ? m[1]!.slice(1, -1) : constants.get(m[1]!);
        if (key === undefined) throw new Error(`AbmPermissionMatrixTest: EXPECTED uses an unknown constant ${m[1]!}`);
        rows.set(
            key,
            m[2]!.split(',').map((v) => v.trim() === 'true')
        );
    }
    return { columns: apexColumns(source), rows };
}

/** Reads the table under "## Permission matrix" (first column: feature; then one ✓/✗ per permission set). */
export function readDocMatrix(markdown: string): Matrix {
    const start = markdown.indexOf('\n## Permission matrix');
    if (start < 0) throw new Error('docs/permissions.md: no "## Permission matrix" section');
    const end = markdown.indexOf('\n## ', start + 1);
    const lines = markdown
        .slice(start, end < 0 ? undefined : end)
        .split('\n')
        .filter((l) => l.startsWith('|'));
    const cells = (line: string): string[] =>
        line
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim());
    const header = cells(lines[0] ?? '');
    const rows = new Map<string, boolean[]>();
    for (const line of lines.slice(2)) {
        const [feature, ...marks] = cells(line);
        rows.set(
            feature!,
            marks.map((mark) => {
                if (mark !== ALLOWED && mark !== DENIED)
                    throw new Error(`docs/permissions.md: "${mark}" in row "${feature!}" is neither ${ALLOWED} nor ${DENIED}`);
                return mark === ALLOWED;
            })
        );
    }
    return { columns: header.slice(1), rows };
}

/** Every difference between the Apex expectations and the docs table, in words (empty when they agree). */
export function compareMatrices(apex: Matrix, doc: Matrix): string[] {
    const problems: string[] = [];
    if (apex.columns.join('|') !== doc.columns.join('|'))
        problems.push(`columns differ: test ${apex.columns.join(', ')}; docs ${doc.columns.join(', ')}`);
    const apexKeys = [...apex.rows.keys()];
    const docKeys = [...doc.rows.keys()];
    for (const key of apexKeys) if (!doc.rows.has(key)) problems.push(`row "${key}" is tested but missing from the docs table`);
    for (const key of docKeys) if (!apex.rows.has(key)) problems.push(`row "${key}" is in the docs table but not tested`);
    const common = apexKeys.filter((k) => doc.rows.has(k));
    if (common.join('|') !== docKeys.filter((k) => apex.rows.has(k)).join('|')) problems.push('rows are in a different order');
    for (const key of common) {
        const a = apex.rows.get(key)!;
        const d = doc.rows.get(key)!;
        apex.columns.forEach((column, i) => {
            if (a[i] !== d[i])
                problems.push(
                    `"${key}" × ${column}: test expects ${a[i] ? 'allowed' : 'denied'}, docs say ${d[i] === undefined ? 'nothing' : d[i] ? 'allowed' : 'denied'}`
                );
        });
    }
    return problems;
}

/** The rows of EXPECTED that no test method asserts (`assertRow(CONSTANT)`), by constant name. */
export function unassertedRows(source: string): string[] {
    const block = /EXPECTED\s*=\s*new Map<String, List<Boolean>>\s*\{([\s\S]*?)\n\s*\};/.exec(source);
    if (!block) return [];
    const keys = [...block[1]!.matchAll(/(\w+)\s*=>/g)].map((m) => m[1]!);
    return keys.filter((k) => !new RegExp(`assertRow\\(\\s*${k}\\s*\\)`).test(source));
}
