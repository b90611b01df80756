/**
 * Team account lists, after they have been read into rows of text (reading files, encodings, CSV dialects and XLSX
 * sheets is `scripts/io/lists.ts`): which column holds which field (a mapping file or header synonyms), and the checks
 * every cell passes before a row reaches reconciliation (lengths, CSV-injection formulas, dates, tiers, numbers).
 *
 * Nothing is dropped silently and nothing is half-loaded: a row with any cell that cannot be used becomes a `ListIssue`
 * (file, line, column, reason) and is not loaded. Pure: no I/O, no clock.
 */

/** The fields a team list can carry, and the Account field each one fills. */
export const LIST_FIELDS = [
    'name',
    'website',
    'industry',
    'country',
    'region',
    'tier',
    'ownerEmail',
    'employees',
    'revenue',
    'lastEngagement'
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

/** Account field API name per list field (`website` fills Website on create only; the domain is ABM_WebDomain__c). */
export const ACCOUNT_FIELD: Record<ListField, string> = {
    name: 'Name',
    website: 'Website',
    industry: 'Industry',
    country: 'BillingCountry',
    region: 'ABM_Region__c',
    tier: 'ABM_Tier__c',
    ownerEmail: 'OwnerId',
    employees: 'NumberOfEmployees',
    revenue: 'AnnualRevenue',
    lastEngagement: 'ABM_LastEngagementDate__c'
};

/** Longest value each field takes (the Account field's length); longer cells reject the row. */
export const MAX_LENGTH: Record<ListField, number> = {
    name: 255,
    website: 255,
    industry: 255,
    country: 80,
    region: 40,
    tier: 20,
    ownerEmail: 80,
    employees: 20,
    revenue: 30,
    lastEngagement: 40
};

/** Header synonyms (compared lower-case with spaces, dashes, dots and underscores removed). */
export const HEADER_SYNONYMS: Record<ListField, string[]> = {
    name: ['name', 'accountname', 'account', 'company', 'companyname', 'organisation', 'organization', 'customer', 'customername', 'firma'],
    website: [
        'website',
        'web',
        'webdomain',
        'domain',
        'url',
        'site',
        'websiteurl',
        'homepage',
        'companywebsite',
        'companydomain',
        'webaddress',
        'websiteaddress'
    ],
    industry: ['industry', 'sector', 'vertical', 'branche'],
    country: ['country', 'billingcountry', 'hqcountry', 'countryname', 'land', 'pays'],
    region: ['region', 'salesregion', 'geo', 'geography', 'theatre', 'theater'],
    tier: ['tier', 'abmtier', 'targettier', 'accounttier', 'priority', 'abmpriority', 'segment'],
    ownerEmail: ['owner', 'owneremail', 'accountowner', 'accountowneremail', 'ae', 'aeemail', 'salesrep', 'rep', 'repemail'],
    employees: ['employees', 'numberofemployees', 'headcount', 'size', 'companysize', 'fte', 'staff'],
    revenue: ['revenue', 'annualrevenue', 'arr', 'turnover', 'sales'],
    lastEngagement: ['lastengagement', 'lastengagementdate', 'lastactivity', 'lastactivitydate', 'lasttouch', 'lastcontacted']
};

/** A problem with a whole list (fatal: nothing is loaded), naming the file and, where known, the row and column. */
export class ListError extends Error {
    constructor(
        /** What is wrong, without the place (the message is the place, then this). */
        readonly reason: string,
        readonly file: string,
        readonly row?: number,
        readonly column?: string
    ) {
        super(`${file}${row !== undefined ? `: row ${row}` : ''}${column !== undefined ? `, column "${column}"` : ''}: ${reason}`);
        this.name = 'ListError';
    }
}

/** A list read into text: the header and each data row with its 1-based line (CSV) or row number (XLSX). */
export type ListTable = {
    file: string;
    format: 'csv' | 'xlsx';
    encoding?: string;
    delimiter?: string;
    sheet?: string;
    header: string[];
    rows: { line: number; cells: string[] }[];
};

/** A source's mapping file (validated at the boundary by the command): list field → header text. */
export type ListMapping = {
    columns?: Partial<Record<ListField, string>>;
    sheet?: string;
    encoding?: string;
    delimiter?: string;
    /** How to read dates like 03/04/2026: `DD/MM/YYYY` or `MM/DD/YYYY` (ISO dates are always read). */
    dateFormat?: 'DD/MM/YYYY' | 'MM/DD/YYYY';
    /** Extra tier words, e.g. `{ "Strategic": "1" }`. */
    tierValues?: Record<string, string>;
};

export type ListIssue = {
    source: string;
    file: string;
    /** 1-based line (CSV) or row (XLSX); 0 for issues about a whole domain group. */
    line: number;
    column: string;
    value: string;
    reason: string;
    action: 'row rejected' | 'value ignored' | 'flagged';
};

export type SourceRow = {
    source: string;
    file: string;
    line: number;
    values: Partial<Record<ListField, string>>;
};

/**
 * The checked rows of one list, column by column (what `extractColumns` gives and a reader thread sends back): row i
 * is its `line[i]` and `values[field]?.[i]` (undefined: no value). No object per row, and nothing that a structured
 * clone would copy once per row but the values themselves.
 */
export type ListRows = {
    source: string;
    file: string;
    length: number;
    line: Int32Array;
    values: Partial<Record<ListField, (string | undefined)[]>>;
    /** Each row's website normalised ahead, where it is a company domain (`normalizeRowDomains` in reconcile.ts). */
    domain?: (string | undefined)[];
    /** Each row's domain and name resolved ahead against an org index (`prepareRows` in reconcile.ts). */
    prepared?: PreparedRows;
};

/**
 * Rows resolved ahead against one org index (reconcile.ts `indexOrg` / `prepareRows`): per row, the id of its domain
 * (`NO_DOMAIN` when it has no company domain) and of its name key (`NO_NAME` when it has no name); `UNPREPARED` in a
 * joined table's rows whose list was not prepared.
 */
export type PreparedRows = { index: object; domain: Int32Array; name: Int32Array };
export const UNPREPARED = -0x80000000;

/**
 * The rows of several lists, column by column (what `reconcile` works on): row i is `source[i]`, `file[i]`,
 * `line[i]` and `values[field]?.[i]`. `source` and `file` hold one string per list (each row points to its list's).
 */
export type RowColumns = {
    length: number;
    source: string[];
    file: string[];
    line: ArrayLike<number>;
    values: Partial<Record<ListField, (string | undefined)[]>>;
    /** As `ListRows.domain`, for the rows whose list had it. */
    domain?: (string | undefined)[];
    /** As `ListRows.prepared` (one index for all lists; `UNPREPARED` in the rows of a list prepared against none). */
    prepared?: PreparedRows;
};

/** The lists' rows as one table (in list order). */
export function joinRows(lists: ListRows[]): RowColumns {
    let length = 0;
    for (const l of lists) length += l.length;
    const source = new Array<string>(length);
    const file = new Array<string>(length);
    const line = new Int32Array(length);
    /**
     * One column of every list joined: each list's own column (or no values for its rows) concatenated by the engine,
     * which copies them whole instead of element by element.
     */
    const join = (of: (l: ListRows) => (string | undefined)[] | undefined): (string | undefined)[] =>
        ([] as (string | undefined)[]).concat(
            ...lists.map((l) => {
                const column = of(l);
                if (column === undefined) return new Array<string | undefined>(l.length).fill(undefined);
                return column.length === l.length ? column : Array.from({ length: l.length }, (_, k) => column[k]);
            })
        );
    // (The fields in the order the lists first have them.)
    const values: RowColumns['values'] = {};
    for (const field of new Set(lists.flatMap((l) => Object.keys(l.values) as ListField[]))) values[field] = join((l) => l.values[field]);
    const domain = lists.some((l) => l.domain) ? join((l) => l.domain) : undefined;
    const index = lists.find((l) => l.prepared)?.prepared!.index;
    const prepared: PreparedRows | undefined = index && {
        index,
        domain: new Int32Array(length).fill(UNPREPARED),
        name: new Int32Array(length).fill(UNPREPARED)
    };
    let at = 0;
    for (const l of lists) {
        const ids = l.prepared;
        if (prepared && ids && ids.index === index) {
            prepared.domain.set(ids.domain.subarray(0, l.length), at);
            prepared.name.set(ids.name.subarray(0, l.length), at);
        }
        source.fill(l.source, at, at + l.length);
        file.fill(l.file, at, at + l.length);
        line.set(l.line.subarray(0, l.length), at);
        at += l.length;
    }
    return { length, source, file, line, values, domain, prepared };
}

/** Row objects as columns (the row-shaped form tests and small callers build). */
export function toColumns(rows: readonly SourceRow[]): RowColumns {
    const length = rows.length;
    const values: RowColumns['values'] = {};
    const line = new Float64Array(length);
    const source = new Array<string>(length);
    const file = new Array<string>(length);
    for (let i = 0; i < length; i++) {
        const r = rows[i]!;
        source[i] = r.source;
        file[i] = r.file;
        line[i] = r.line;
        for (const field in r.values) {
            const v = r.values[field as ListField];
            if (v === undefined) continue;
            (values[field as ListField] ??= new Array<string | undefined>(length).fill(undefined))[i] = v;
        }
    }
    return { length, source, file, line, values };
}

/** Row i of a columnar table as a row object (only the fields it has a value for, in LIST_FIELDS order). */
export function rowAt(t: RowColumns, i: number): SourceRow {
    const values: Partial<Record<ListField, string>> = {};
    for (const field of LIST_FIELDS) {
        const v = t.values[field]?.[i];
        if (v !== undefined) values[field] = v;
    }
    return { source: t.source[i]!, file: t.file[i]!, line: t.line[i]!, values };
}

/** Every row of a columnar table as row objects. */
export const toRows = (t: RowColumns): SourceRow[] => Array.from({ length: t.length }, (_, i) => rowAt(t, i));

const headerKey = (h: string) => h.toLowerCase().replace(/[\s\-_.()/#:]+/g, '');

/** Columns by header synonyms: the first header matching each field wins; a header is used once. */
export function detectColumns(header: string[]): Partial<Record<ListField, number>> {
    const columns: Partial<Record<ListField, number>> = {};
    const used = new Set<number>();
    for (const field of LIST_FIELDS) {
        const synonyms = HEADER_SYNONYMS[field];
        for (const synonym of synonyms) {
            const index = header.findIndex((h, i) => !used.has(i) && headerKey(h) === synonym);
            if (index >= 0) {
                columns[field] = index;
                used.add(index);
                break;
            }
        }
    }
    return columns;
}

/** Validate a header: no duplicate names, no nameless column, and it looks like a header, not data. */
export function checkHeader(table: ListTable): void {
    const { header, file } = table;
    if (header.length === 0 || header.every((h) => h.trim() === '')) throw new ListError('has no header row', file, 1);
    const seen = new Map<string, number>();
    header.forEach((h, i) => {
        const key = h.trim().toLowerCase();
        if (!key) {
            if (table.rows.some((r) => (r.cells[i] ?? '').trim() !== ''))
                throw new ListError(`column ${i + 1} has data but no header name`, file, 1, `#${i + 1}`);
            return;
        }
        const first = seen.get(key);
        if (first !== undefined) {
            throw new ListError(
                `duplicate header: columns ${first + 1} and ${i + 1} are both named "${h.trim()}" (rename one, or say which to use in a mapping file)`,
                file,
                1,
                h.trim()
            );
        }
        seen.set(key, i);
    });
    const looksLikeData = header.filter((h) => /^(https?:\/\/|www\.)|^[a-z0-9-]+(\.[a-z0-9-]+)+$|@|^\d[\d.,]*$/i.test(h.trim()));
    if (looksLikeData.length > 0 && Object.keys(detectColumns(header)).length === 0) {
        throw new ListError(
            `the first row looks like data, not a header ("${looksLikeData[0]!.trim()}"): add a header row such as Name,Website,Tier`,
            file,
            1
        );
    }
    if (table.rows.every((r) => r.cells.every((c) => c.trim() === ''))) throw new ListError('has a header row but no data rows', file);
}

/** The columns to read: the mapping's (every named column must exist) or detected ones; a website column is required. */
export function resolveColumns(
    table: ListTable,
    mapping: ListMapping | undefined,
    mappingFile?: string
): Partial<Record<ListField, number>> {
    checkHeader(table);
    const byName = new Map(table.header.map((h, i) => [h.trim().toLowerCase(), i]));
    let columns: Partial<Record<ListField, number>>;
    if (mapping?.columns && Object.keys(mapping.columns).length > 0) {
        columns = {};
        for (const [field, column] of Object.entries(mapping.columns) as [ListField, string][]) {
            const index = byName.get(column.trim().toLowerCase());
            if (index === undefined) {
                throw new ListError(
                    `the mapping ${mappingFile ?? ''} names column "${column}" for ${field}, but the header has no such column (columns: ${table.header.join(', ')})`,
                    table.file,
                    1,
                    column
                );
            }
            columns[field] = index;
        }
    } else {
        columns = detectColumns(table.header);
    }
    if (columns.website === undefined) {
        throw new ListError(
            `no website/domain column (header: ${table.header.join(', ')}); name it in a mapping file: { "columns": { "website": "<header>" } }`,
            table.file,
            1
        );
    }
    return columns;
}

/** Cells that a spreadsheet would run as a formula (CSV injection): `=…`, `@…`, `+`/`-` followed by a non-number. */
export function isFormula(value: string): boolean {
    // Most cells start with a letter or digit: not a formula (no allocation on the hot path).
    const c = value.charCodeAt(0);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return false;
    const v = value.replace(/^[\s"']+/, '');
    if (/^[=@]/.test(v)) return true;
    if (/^[+-]/.test(v) && !/^[+-]\s*[\d(]/.test(v)) return true;
    return /^[\t\r]/.test(value);
}

/** Neutralise a value for a CSV a spreadsheet will open (OWASP: prefix a quote). */
export const safeCell = (value: unknown): string => {
    const s = value === null || value === undefined ? '' : String(value);
    return isFormula(s) ? `'${s}` : s;
};

/** Tier words → picklist value, or undefined. */
export function parseTier(value: string, extra: Record<string, string> = {}): '1' | '2' | '3' | 'Not ABM' | undefined {
    const v = value.trim().toLowerCase();
    for (const [word, tier] of Object.entries(extra)) if (word.trim().toLowerCase() === v) return parseTier(tier);
    const m = /^(?:abm\s*)?(?:tier|t)?\s*[-_ ]?\s*([123]|i{1,3}|one|two|three)$/.exec(v);
    if (m) {
        const t = m[1]!;
        return t === '1' || t === 'i' || t === 'one' ? '1' : t === '2' || t === 'ii' || t === 'two' ? '2' : '3';
    }
    if (['not abm', 'notabm', 'none', 'non-abm', 'non abm', 'n/a', '0', 'tier 0', '-'].includes(v)) return 'Not ABM';
    return undefined;
}

const REGIONS: Record<string, string> = {
    'north america': 'North America',
    na: 'North America',
    namer: 'North America',
    amer: 'North America',
    us: 'North America',
    emea: 'EMEA',
    europe: 'EMEA',
    apac: 'APAC',
    asia: 'APAC',
    'asia pacific': 'APAC',
    'asia-pacific': 'APAC',
    latam: 'LATAM',
    'latin america': 'LATAM',
    'south america': 'LATAM'
};
export const parseRegion = (value: string): string | undefined => REGIONS[value.trim().toLowerCase()];

/** A whole number from "1,200", "1 200", "1200.0", "12k"; undefined when it is not one. */
export function parseNumber(value: string): number | undefined {
    const v = value
        .trim()
        .replace(/^[$€£]\s*/, '')
        .replace(/[\s,_]/g, '')
        .toLowerCase();
    const m = /^(\d+(?:\.\d+)?)([km]|mn|bn|b)?$/.exec(v);
    if (!m) return undefined;
    const scale = { k: 1e3, m: 1e6, mn: 1e6, b: 1e9, bn: 1e9 }[m[2] ?? ''] ?? 1;
    return Math.round(Number(m[1]) * scale);
}

const pad = (n: number) => String(n).padStart(2, '0');
function validDate(y: number, m: number, d: number): string | undefined {
    const t = Date.UTC(y, m - 1, d);
    const dt = new Date(t);
    if (y < 1900 || y > 2100 || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
    return `${y}-${pad(m)}-${pad(d)}`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as YYYY-MM-DD. Reads ISO (2026-03-04, 2026-03-04T…), 4 Mar 2026 / March 4, 2026, 2026/03/04, and
 * d/m/y or m/d/y only when the mapping declares which (or the day is > 12, which leaves one reading). Returns a
 * reason string when it cannot.
 */
export function parseDate(value: string, format?: ListMapping['dateFormat']): { date: string } | { error: string } {
    const v = value.trim();
    let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(v);
    if (m) {
        const d = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
        return d ? { date: d } : { error: `"${v}" is not a calendar date` };
    }
    m = /^(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{4})$/i.exec(v) ?? null;
    if (m) {
        const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
        const d = month ? validDate(Number(m[3]), month, Number(m[1])) : undefined;
        return d ? { date: d } : { error: `"${v}" is not a calendar date` };
    }
    m = /^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/i.exec(v);
    if (m) {
        const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
        const d = month ? validDate(Number(m[3]), month, Number(m[2])) : undefined;
        return d ? { date: d } : { error: `"${v}" is not a calendar date` };
    }
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(v);
    if (m) {
        const a = Number(m[1]);
        const b = Number(m[2]);
        const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
        let order = format;
        if (!order) {
            if (a > 12 && b <= 12) order = 'DD/MM/YYYY';
            else if (b > 12 && a <= 12) order = 'MM/DD/YYYY';
            else if (a === b) order = 'DD/MM/YYYY';
            else
                return {
                    error: `"${v}" is ambiguous (day/month or month/day?): declare "dateFormat": "DD/MM/YYYY" or "MM/DD/YYYY" in the mapping file`
                };
        }
        const d = order === 'DD/MM/YYYY' ? validDate(y, b, a) : validDate(y, a, b);
        return d ? { date: d } : { error: `"${v}" is not a calendar date as ${order}` };
    }
    if (/^\d{5}(\.\d+)?$/.test(v)) {
        // An Excel serial date that lost its format (days since 1899-12-30).
        const t = Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 86_400_000;
        return { date: new Date(t).toISOString().slice(0, 10) };
    }
    return { error: `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}" is not a date (use YYYY-MM-DD)` };
}

const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
/** White space that `replace(/\s+/g, ' ')` would change: a run of two, or one that is not a plain space. */
const SPACE_TO_COLLAPSE = /\s\s|[^\S ]/;
/** A cell with something other than white space (`c.trim() !== ''` without the copy). */
const hasText = (c: string): boolean => /\S/.test(c);

/** Distinct values a per-list cache keeps (a tier, region or owner column has a few; a garbage column is not cached). */
const CACHE_LIMIT = 4096;

/** `parse` with its results kept for the first CACHE_LIMIT distinct inputs (a list repeats the same few values). */
function cached<T>(parse: (value: string) => T): (value: string) => T {
    const seen = new Map<string, T>();
    return (value) => {
        let result = seen.get(value);
        if (result === undefined && !seen.has(value)) {
            result = parse(value);
            if (seen.size < CACHE_LIMIT) seen.set(value, result);
        }
        return result as T;
    };
}

/** A whole number's text as `parseNumber` gives it back: plain digits, no leading zero, exact as a double. */
const CANONICAL_INTEGER = /^(?:0|[1-9]\d{0,14})$/;

/**
 * The rows of one list as typed values, with every problem as an issue. Rows with a wrong cell count, a formula or
 * control characters in a used cell, a cell too long for its field, or a value that does not parse (tier, region,
 * number, date, email) are rejected. Blank rows are skipped (they carry nothing).
 *
 * Built for 100,000s of rows: column by column, nothing is allocated per row but its values (the per-cell checks run
 * on the cell text; tiers, regions and owners are parsed once per distinct value).
 */
export function extractColumns(
    source: string,
    table: ListTable,
    columns: Partial<Record<ListField, number>>,
    mapping: ListMapping = {}
): { rows: ListRows; issues: ListIssue[] } {
    const issues: ListIssue[] = [];
    const lines = new Int32Array(table.rows.length);
    let length = 0;
    const file = table.file;
    const width = table.header.length;
    const checkWidth = table.format === 'csv';
    const used = (Object.entries(columns) as [ListField, number][])
        .sort((a, b) => a[1] - b[1])
        .map(([field, index]) => ({ field, index, column: table.header[index] ?? `#${index + 1}`, max: MAX_LENGTH[field] }));
    const out: Partial<Record<ListField, (string | undefined)[]>> = {};
    for (const { field } of used) out[field] = [];
    /** The accepted values of the row being read, by its place in `used` (copied to the columns if it is kept). */
    const values: (string | undefined)[] = used.map(() => undefined);
    const tierValues = mapping.tierValues && Object.keys(mapping.tierValues).length > 0 ? mapping.tierValues : undefined;
    const tierOf = cached((value) => parseTier(value, tierValues));
    const regionOf = cached(parseRegion);
    const ownerOf = cached((value) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? value.toLowerCase() : ''));
    let line = 0;
    let rejected = false;
    const issue = (column: string, value: string, reason: string, action: ListIssue['action']) => {
        if (action === 'row rejected') rejected = true;
        issues.push({ source, file, line, column, value: value.length > 200 ? `${value.slice(0, 200)}…` : value, reason, action });
    };
    for (const row of table.rows) {
        const cells = row.cells;
        if (!cells.some(hasText)) continue;
        line = row.line;
        rejected = false;
        if (cells.length !== width && checkWidth) {
            issue('', cells.join(table.delimiter ?? ','), `has ${cells.length} cells but the header has ${width}`, 'row rejected');
            continue;
        }
        values.fill(undefined);
        for (let u = 0; u < used.length; u++) {
            const { field, index, column, max } = used[u]!;
            const raw = cells[index] ?? '';
            const value = raw.trim();
            if (!value) continue;
            if (isFormula(raw)) {
                issue(
                    column,
                    raw,
                    'CSV injection: the cell is a spreadsheet formula; kept as text in this report, not loaded',
                    'row rejected'
                );
                continue;
            }
            if (CONTROL.test(value)) {
                issue(column, raw, 'contains control characters (binary data?)', 'row rejected');
                continue;
            }
            if (value.length > max) {
                issue(column, raw, `${value.length.toLocaleString('en-US')} characters; ${field} takes at most ${max}`, 'row rejected');
                continue;
            }
            if (field === 'tier') {
                const tier = tierOf(value);
                if (tier) values[u] = tier;
                else
                    issue(
                        column,
                        raw,
                        `"${value}" is not a tier (1, 2, 3 or Not ABM); add it to "tierValues" in the mapping`,
                        'row rejected'
                    );
            } else if (field === 'region') {
                const region = regionOf(value);
                if (region) values[u] = region;
                else issue(column, raw, `"${value}" is not a region (North America, EMEA, APAC, LATAM)`, 'row rejected');
            } else if (field === 'employees' || field === 'revenue') {
                const n = CANONICAL_INTEGER.test(value) ? value : parseNumber(value);
                if (n !== undefined) values[u] = String(n);
                else issue(column, raw, `"${value}" is not a number`, 'row rejected');
            } else if (field === 'lastEngagement') {
                const d = parseDate(value, mapping.dateFormat);
                if ('date' in d) values[u] = d.date;
                else issue(column, raw, d.error, 'row rejected');
            } else if (field === 'ownerEmail') {
                const email = ownerOf(value);
                if (email) values[u] = email;
                else issue(column, raw, `"${value}" is not an email address`, 'row rejected');
            } else {
                values[u] = SPACE_TO_COLLAPSE.test(value) ? value.replace(/\s+/g, ' ') : value;
            }
        }
        if (rejected) continue;
        lines[length++] = line;
        for (let u = 0; u < used.length; u++) out[used[u]!.field]!.push(values[u]);
    }
    return { rows: { source, file, length, line: lines.subarray(0, length), values: out }, issues };
}

/** `extractColumns` with a row object per row (the row-shaped form). */
export function extractRows(
    source: string,
    table: ListTable,
    columns: Partial<Record<ListField, number>>,
    mapping: ListMapping = {}
): { rows: SourceRow[]; issues: ListIssue[] } {
    const { rows, issues } = extractColumns(source, table, columns, mapping);
    return { rows: toRows(joinRows([rows])), issues };
}
