/**
 * A SOQL evaluator over the in-memory store (`store.ts`): a query parsed by @jetstreamapp/soql-parser-js (soql.ts parses,
 * soql-cache.ts keeps parsed queries across processes) is compiled into closures (field getters through lookups, a WHERE
 * predicate, sort keys) and run over the rows. This module does not load the parser (only its types): loading it costs
 * about half a second of CPU (chevrotain analyses the grammar). Shared by the snapshot adapter and the local API double,
 * so both answer the same query the same way.
 *
 * Supported: fields, parent fields through lookups (`Owner.Name`, `Account.Owner.IsActive`), child subqueries
 * (`(SELECT Id FROM Contacts)`), WHERE with AND/OR/NOT and parentheses, = != < <= > >= LIKE IN NOT IN INCLUDES EXCLUDES,
 * null, semi-joins (`Id IN (SELECT AccountId FROM Contact)`), date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER,
 * THIS_FISCAL_YEAR …; clock and fiscal year from the store), ORDER BY (several keys, ASC/DESC, NULLS FIRST/LAST),
 * LIMIT/OFFSET, COUNT(), and COUNT/COUNT_DISTINCT/SUM/AVG/MIN/MAX with GROUP BY and HAVING. Names are case-insensitive.
 * Unknown fields fail with INVALID_FIELD in Salesforce's words; syntax errors with MALFORMED_QUERY.
 */
import type {
    FieldType as ParsedField,
    FunctionExp,
    HavingClause,
    OrderByClause,
    Query,
    Subquery,
    WhereClause
} from '@jetstreamapp/soql-parser-js';
import { CHILD_RELATIONSHIPS, type FieldDef, type SoqlFieldType } from './describe.js';
import { idKey } from './ids.js';
import type { SObjectRecord } from './index.js';
import { isNumeric, isText, keyOf, SoqlError, toCell, toJson, type RecordStore, type Row, type Table, type Value } from './store.js';

/** A selected column: its flat name (`Owner.Name`), how to read it from a base row, and its type. */
export type Column = { key: string; path: string[]; type: SoqlFieldType; get: (row: Row) => Value };

export type QueryResult = {
    /** The queried object's API name. */
    object: string;
    /** True for aggregate queries (rows are AggregateResult rows). */
    aggregate: boolean;
    /** `SELECT COUNT() …`: totalSize is the count, no rows. */
    countOnly: boolean;
    totalSize: number;
    /** The result rows in order (base rows of the object, or aggregate rows). */
    rows: Row[];
    columns: Column[];
    /** A row as the REST API returns it: parent fields nested, `attributes` on every level (optional). */
    nested(row: Row, withAttributes?: boolean): SObjectRecord;
    /** A row as Bulk API 2.0 query returns it: flat strings keyed by column name. */
    flat(row: Row): Record<string, string>;
};

export type QueryOptions = { apiVersion?: string };

type Step = { rel: FieldDef; targets: string[] | undefined; name: string };
type Resolved = { steps: Step[]; field: FieldDef; key: string; get: (row: Row) => Value };

const DAY = 86_400_000;

function invalidField(soql: string, name: string, object: string): SoqlError {
    const at = soql.toLowerCase().indexOf(name.toLowerCase());
    const column = at < 0 ? 1 : at + 1;
    return new SoqlError(
        'INVALID_FIELD',
        `\n${soql}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n` +
            `No such column '${name}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
    );
}

function badRelationship(soql: string, name: string): SoqlError {
    const at = soql.toLowerCase().indexOf(name.toLowerCase());
    const column = at < 0 ? 1 : at + 1;
    return new SoqlError(
        'INVALID_FIELD',
        `\n${soql}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n` +
            `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
    );
}

/** Target objects of a lookup: the registry's, else what its name says (`AccountId` → Account, `OwnerId` → User). */
function targetsOf(rel: FieldDef, owner: string): string[] | undefined {
    if (rel.referenceTo?.length) return rel.referenceTo;
    if (/^(Owner|CreatedBy|LastModifiedBy)Id$/i.test(rel.name)) return ['User'];
    if (/^ParentId$/i.test(rel.name)) return [owner];
    return undefined;
}

/** Compiles field paths of one query against one object. */
class Resolver {
    constructor(
        readonly store: RecordStore,
        readonly table: Table,
        readonly soql: string
    ) {}

    resolve(path: string): Resolved {
        const parts = path.split('.');
        // `Account.Name` in a query on Account may carry the object name (or alias) as a prefix.
        if (parts.length > 1 && parts[0]!.toLowerCase() === this.table.name.toLowerCase() && !this.table.schema.relationship(parts[0]!)) {
            parts.shift();
        }
        const steps: Step[] = [];
        let schemaTable: Table | undefined = this.table;
        for (const part of parts.slice(0, -1)) {
            if (!schemaTable) throw badRelationship(this.soql, part);
            const rel = schemaTable.schema.relationship(part);
            if (!rel) throw badRelationship(this.soql, part);
            const targets = targetsOf(rel, schemaTable.name);
            steps.push({ rel, targets, name: rel.relationshipName ?? part });
            schemaTable = targets?.length === 1 ? this.store.table(targets[0]!) : undefined;
        }
        const leaf = parts[parts.length - 1]!;
        let field: FieldDef | undefined;
        if (schemaTable) {
            field = schemaTable.schema.field(leaf);
            if (!field) throw invalidField(this.soql, leaf, schemaTable.name);
        } else {
            // Polymorphic or unknown target: take the field from the first target that has it.
            const last = steps[steps.length - 1]!;
            for (const name of last.targets ?? this.store.loadedTables().map((t) => t.name)) {
                field = this.store.table(name)?.schema.field(leaf);
                if (field) break;
            }
            if (!field) throw invalidField(this.soql, leaf, last.name);
        }
        const key = [...steps.map((s) => s.name), field.name].join('.');
        const fieldName = field.name;
        const store = this.store;
        let get: (row: Row) => Value;
        if (steps.length === 0) {
            get = (row) => row[fieldName] ?? null;
        } else {
            get = (row) => {
                let current: Row | undefined = row;
                for (const step of steps) {
                    const id: Value | undefined = current[step.rel.name];
                    if (id === null || id === undefined) return null;
                    current = store.findById(String(id), step.targets)?.row;
                    if (!current) return null;
                }
                return current[fieldName] ?? null;
            };
        }
        return { steps, field, key, get };
    }
}

// ---------- literals and comparison ----------

type Comparable = string | number | boolean | null;

function unquote(raw: string): string {
    const s = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
    return s.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
}

/** Normalise a stored value for comparison: text lower case, Ids case-safe, datetimes epoch ms. */
function norm(type: SoqlFieldType, value: Value): Comparable {
    if (value === null) return null;
    if (type === 'datetime') return Date.parse(String(value));
    return keyOf(type, value);
}

type Range = { lo: number; hi: number }; // epoch ms, [lo, hi)

/** A literal as a comparable value for a field of `type`, or a date range for date literals. */
function literal(type: SoqlFieldType, literalType: string, raw: string, store: RecordStore, n?: number): Comparable | Range {
    switch (literalType) {
        case 'NULL':
            return null;
        case 'STRING':
            if (isNumeric(type) || type === 'boolean') {
                throw new SoqlError(
                    'INVALID_FIELD',
                    `value of filter criterion for field must be of type ${type} and should not be enclosed in quotes`
                );
            }
            return type === 'date' || type === 'datetime'
                ? norm(type, unquote(raw))
                : keyOf(type === 'id' || type === 'reference' ? type : 'string', unquote(raw));
        case 'BOOLEAN':
            return raw.toLowerCase() === 'true';
        case 'INTEGER':
        case 'DECIMAL':
        case 'INTEGER_WITH_CURRENCY_PREFIX':
        case 'DECIMAL_WITH_CURRENCY_PREFIX':
            return Number(raw.replace(/^[A-Z]{3}/, ''));
        case 'DATE':
            return type === 'datetime' ? Date.parse(`${raw}T00:00:00Z`) : raw;
        case 'DATETIME': {
            const ms = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
            return type === 'date' ? new Date(ms).toISOString().slice(0, 10) : ms;
        }
        case 'DATE_LITERAL':
        case 'DATE_N_LITERAL':
            return dateRange(raw, store, n);
        case 'APEX_BIND_VARIABLE':
            throw new SoqlError('MALFORMED_QUERY', `Bind variables are only allowed in Apex code: :${raw}`);
        default:
            throw new SoqlError('MALFORMED_QUERY', `unsupported literal ${raw}`);
    }
}

const utcDay = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
const monthStart = (y: number, m: number) => Date.UTC(y, m, 1);

/** The [lo, hi) range of a date literal, in UTC days, from the store's clock. */
export function dateRange(literalText: string, store: RecordStore, nValue?: number): Range {
    const [name, nText] = literalText.toUpperCase().split(':');
    const n = nValue ?? (nText === undefined ? 0 : Number(nText));
    const now = store.now();
    const today = utcDay(now);
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth();
    const weekStart = today - now.getUTCDay() * DAY; // weeks start on Sunday (en_US locale)
    const q = Math.floor(m / 3);
    const fy0 = store.fiscalYearStartMonth - 1;
    const fiscalOffset = (m - fy0 + 12) % 12;
    const fyStartYear = m >= fy0 ? y : y - 1;
    const fq = Math.floor(fiscalOffset / 3);
    const quarter = (startYear: number, startMonth: number, k: number): Range => ({
        lo: monthStart(startYear, startMonth + 3 * k),
        hi: monthStart(startYear, startMonth + 3 * k + 3)
    });
    const fiscalQ = (k: number) => quarter(fyStartYear, fy0, fq + k);
    const fiscalY = (k: number): Range => ({ lo: monthStart(fyStartYear + k, fy0), hi: monthStart(fyStartYear + k + 1, fy0) });
    switch (name) {
        case 'TODAY':
            return { lo: today, hi: today + DAY };
        case 'YESTERDAY':
            return { lo: today - DAY, hi: today };
        case 'TOMORROW':
            return { lo: today + DAY, hi: today + 2 * DAY };
        case 'THIS_WEEK':
            return { lo: weekStart, hi: weekStart + 7 * DAY };
        case 'LAST_WEEK':
            return { lo: weekStart - 7 * DAY, hi: weekStart };
        case 'NEXT_WEEK':
            return { lo: weekStart + 7 * DAY, hi: weekStart + 14 * DAY };
        case 'THIS_MONTH':
            return { lo: monthStart(y, m), hi: monthStart(y, m + 1) };
        case 'LAST_MONTH':
            return { lo: monthStart(y, m - 1), hi: monthStart(y, m) };
        case 'NEXT_MONTH':
            return { lo: monthStart(y, m + 1), hi: monthStart(y, m + 2) };
        case 'LAST_90_DAYS':
            return { lo: today - 90 * DAY, hi: today + DAY };
        case 'NEXT_90_DAYS':
            return { lo: today + DAY, hi: today + 91 * DAY };
        case 'THIS_QUARTER':
            return quarter(y, 0, q);
        case 'LAST_QUARTER':
            return quarter(y, 0, q - 1);
        case 'NEXT_QUARTER':
            return quarter(y, 0, q + 1);
        case 'THIS_YEAR':
            return { lo: monthStart(y, 0), hi: monthStart(y + 1, 0) };
        case 'LAST_YEAR':
            return { lo: monthStart(y - 1, 0), hi: monthStart(y, 0) };
        case 'NEXT_YEAR':
            return { lo: monthStart(y + 1, 0), hi: monthStart(y + 2, 0) };
        case 'THIS_FISCAL_QUARTER':
            return fiscalQ(0);
        case 'LAST_FISCAL_QUARTER':
            return fiscalQ(-1);
        case 'NEXT_FISCAL_QUARTER':
            return fiscalQ(1);
        case 'THIS_FISCAL_YEAR':
            return fiscalY(0);
        case 'LAST_FISCAL_YEAR':
            return fiscalY(-1);
        case 'NEXT_FISCAL_YEAR':
            return fiscalY(1);
        case 'LAST_N_DAYS':
            return { lo: today - n * DAY, hi: today + DAY };
        case 'NEXT_N_DAYS':
            return { lo: today + DAY, hi: today + (n + 1) * DAY };
        case 'N_DAYS_AGO':
            return { lo: today - n * DAY, hi: today - (n - 1) * DAY };
        case 'LAST_N_WEEKS':
            return { lo: weekStart - 7 * n * DAY, hi: weekStart };
        case 'NEXT_N_WEEKS':
            return { lo: weekStart + 7 * DAY, hi: weekStart + 7 * (n + 1) * DAY };
        case 'N_WEEKS_AGO':
            return { lo: weekStart - 7 * n * DAY, hi: weekStart - 7 * (n - 1) * DAY };
        case 'LAST_N_MONTHS':
            return { lo: monthStart(y, m - n), hi: monthStart(y, m) };
        case 'NEXT_N_MONTHS':
            return { lo: monthStart(y, m + 1), hi: monthStart(y, m + 1 + n) };
        case 'N_MONTHS_AGO':
            return { lo: monthStart(y, m - n), hi: monthStart(y, m - n + 1) };
        case 'LAST_N_QUARTERS':
            return { lo: quarter(y, 0, q - n).lo, hi: quarter(y, 0, q).lo };
        case 'NEXT_N_QUARTERS':
            return { lo: quarter(y, 0, q + 1).lo, hi: quarter(y, 0, q + 1 + n).lo };
        case 'N_QUARTERS_AGO':
            return quarter(y, 0, q - n);
        case 'LAST_N_YEARS':
            return { lo: monthStart(y - n, 0), hi: monthStart(y, 0) };
        case 'NEXT_N_YEARS':
            return { lo: monthStart(y + 1, 0), hi: monthStart(y + 1 + n, 0) };
        case 'N_YEARS_AGO':
            return { lo: monthStart(y - n, 0), hi: monthStart(y - n + 1, 0) };
        case 'LAST_N_FISCAL_QUARTERS':
            return { lo: fiscalQ(-n).lo, hi: fiscalQ(0).lo };
        case 'NEXT_N_FISCAL_QUARTERS':
            return { lo: fiscalQ(1).lo, hi: fiscalQ(1 + n).lo };
        case 'N_FISCAL_QUARTERS_AGO':
            return fiscalQ(-n);
        case 'LAST_N_FISCAL_YEARS':
            return { lo: fiscalY(-n).lo, hi: fiscalY(0).lo };
        case 'NEXT_N_FISCAL_YEARS':
            return { lo: fiscalY(1).lo, hi: fiscalY(1 + n).lo };
        case 'N_FISCAL_YEARS_AGO':
            return fiscalY(-n);
        default:
            throw new SoqlError('MALFORMED_QUERY', `unexpected date literal ${literalText}`);
    }
}

const isRange = (v: Comparable | Range): v is Range => typeof v === 'object' && v !== null;

/** Compare two non-null comparables of the same kind. */
function cmp(a: Comparable, b: Comparable): number {
    if (a === b) return 0;
    return (a as string | number) < (b as string | number) ? -1 : 1;
}

function likeToRegExp(pattern: string): RegExp {
    let out = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i]!;
        if (c === '\\' && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        else if (c === '%') out += '[\\s\\S]*';
        else if (c === '_') out += '[\\s\\S]';
        else out += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${out}$`, 'i');
}

type Predicate = (row: Row) => boolean;

/** One condition: `field op literal`, compiled to a predicate. */
function compileCondition(
    resolver: Resolver,
    cond: {
        field?: string;
        fn?: FunctionExp;
        operator: string;
        value?: string | string[];
        literalType?: string | string[];
        valueQuery?: Query;
        dateLiteralVariable?: number | number[];
    },
    store: RecordStore
): Predicate {
    if (cond.fn) return compileFunctionCondition(resolver, cond, store);
    const target = resolver.resolve(cond.field!);
    const type = target.field.type;
    const get = target.get;
    const op = cond.operator.toUpperCase();
    const valueOf = (row: Row): Comparable => norm(type, get(row));

    if (cond.valueQuery) {
        const sub = executeParsed(store, cond.valueQuery, resolver.soql, {});
        const col = sub.columns[0];
        if (!col) throw new SoqlError('MALFORMED_QUERY', 'semi-join subquery selects no field');
        const set = new Set<Comparable>();
        for (const r of sub.rows) set.add(norm(type === 'id' || type === 'reference' ? type : col.type, col.get(r)));
        if (op === 'IN') return (row) => set.has(valueOf(row));
        if (op === 'NOT IN') return (row) => !set.has(valueOf(row));
        throw new SoqlError('MALFORMED_QUERY', `unexpected operator ${op} before a subquery`);
    }

    const rawValues = Array.isArray(cond.value) ? cond.value : [cond.value ?? ''];
    const types = Array.isArray(cond.literalType) ? cond.literalType : rawValues.map(() => (cond.literalType as string) ?? 'STRING');
    const ns = Array.isArray(cond.dateLiteralVariable) ? cond.dateLiteralVariable : rawValues.map(() => cond.dateLiteralVariable as number);
    const literals = rawValues.map((raw, i) => literal(type, types[i] ?? 'STRING', raw, store, ns[i]));
    const lit = literals[0]!;

    // Date literals compare against a range; a date field compares by day.
    const asMs = (v: Comparable): number | null => {
        if (v === null) return null;
        if (typeof v === 'number') return v;
        return Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`);
    };
    const inRange = (v: Comparable, r: Range) => {
        const ms = asMs(v);
        return ms !== null && ms >= r.lo && ms < r.hi;
    };

    switch (op) {
        case '=':
            if (isRange(lit)) return (row) => inRange(valueOf(row), lit);
            if (lit === null) return (row) => get(row) === null;
            return (row) => valueOf(row) === lit;
        case '!=':
        case '<>':
            if (isRange(lit)) return (row) => !inRange(valueOf(row), lit);
            if (lit === null) return (row) => get(row) !== null;
            return (row) => valueOf(row) !== lit;
        case '<':
        case '<=':
        case '>':
        case '>=': {
            if (isRange(lit)) {
                const bound = op === '<' || op === '>=' ? lit.lo : lit.hi;
                const strict = op === '<' || op === '<=';
                return (row) => {
                    const ms = asMs(valueOf(row));
                    if (ms === null) return false;
                    return strict ? ms < bound : ms >= bound;
                };
            }
            if (lit === null) return () => false;
            const test =
                op === '<'
                    ? (c: number) => c < 0
                    : op === '<='
                      ? (c: number) => c <= 0
                      : op === '>'
                        ? (c: number) => c > 0
                        : (c: number) => c >= 0;
            return (row) => {
                const v = valueOf(row);
                return v !== null && test(cmp(v, lit));
            };
        }
        case 'LIKE': {
            if (!isText(type) && type !== 'id' && type !== 'reference')
                throw new SoqlError('INVALID_FIELD', `invalid operator on field: ${target.key}`);
            const re = likeToRegExp(typeof lit === 'string' ? unquote(rawValues[0]!) : '');
            return (row) => {
                const v = get(row);
                return v !== null && re.test(String(v));
            };
        }
        case 'IN':
        case 'NOT IN': {
            const plain = literals.filter((l): l is Comparable => !isRange(l));
            const ranges = literals.filter(isRange);
            const set = new Set(plain);
            const hit = (row: Row) => {
                const v = valueOf(row);
                return set.has(v) || ranges.some((r) => inRange(v, r));
            };
            if (op === 'IN') return hit;
            return (row) => !hit(row);
        }
        case 'INCLUDES':
        case 'EXCLUDES': {
            const wanted = rawValues.map((raw) =>
                unquote(raw)
                    .split(';')
                    .map((s) => s.trim().toLowerCase())
            );
            const includes = (row: Row) => {
                const v = get(row);
                if (v === null) return false;
                const have = new Set(
                    String(v)
                        .split(';')
                        .map((s) => s.trim().toLowerCase())
                );
                return wanted.some((all) => all.every((w) => have.has(w)));
            };
            return op === 'INCLUDES' ? includes : (row) => !includes(row);
        }
        default:
            throw new SoqlError('MALFORMED_QUERY', `unexpected operator ${op}`);
    }
}

/** Date functions in WHERE: CALENDAR_YEAR(f), CALENDAR_MONTH(f), DAY_ONLY(f) … compared with a literal. */
function compileFunctionCondition(
    resolver: Resolver,
    cond: { fn?: FunctionExp; operator: string; value?: string | string[] },
    store: RecordStore
): Predicate {
    const fn = cond.fn!;
    const param = fn.parameters?.[0];
    if (typeof param !== 'string') throw new SoqlError('MALFORMED_QUERY', `unsupported function ${fn.rawValue ?? ''}`);
    const target = resolver.resolve(param);
    const part = datePart(fn.functionName ?? '', store);
    const values = (Array.isArray(cond.value) ? cond.value : [cond.value ?? '']).map((v) => (/^\d+$/.test(v) ? Number(v) : unquote(v)));
    const op = cond.operator.toUpperCase();
    return (row) => {
        const v = target.get(row);
        if (v === null) return false;
        const p = part(String(v));
        const c = cmp(p, values[0]!);
        switch (op) {
            case '=':
                return c === 0;
            case '!=':
                return c !== 0;
            case '<':
                return c < 0;
            case '<=':
                return c <= 0;
            case '>':
                return c > 0;
            case '>=':
                return c >= 0;
            case 'IN':
                return values.includes(p);
            case 'NOT IN':
                return !values.includes(p);
            default:
                throw new SoqlError('MALFORMED_QUERY', `unexpected operator ${op}`);
        }
    };
}

function datePart(name: string, store: RecordStore): (v: string) => number | string {
    const d = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    switch (name.toUpperCase()) {
        case 'CALENDAR_YEAR':
            return (v) => d(v).getUTCFullYear();
        case 'CALENDAR_MONTH':
            return (v) => d(v).getUTCMonth() + 1;
        case 'CALENDAR_QUARTER':
            return (v) => Math.floor(d(v).getUTCMonth() / 3) + 1;
        case 'DAY_IN_MONTH':
            return (v) => d(v).getUTCDate();
        case 'DAY_IN_WEEK':
            return (v) => d(v).getUTCDay() + 1;
        case 'DAY_ONLY':
            return (v) => d(v).toISOString().slice(0, 10);
        case 'FISCAL_YEAR':
            return (v) => {
                const x = d(v);
                const start = store.fiscalYearStartMonth - 1;
                return start === 0 ? x.getUTCFullYear() : x.getUTCMonth() >= start ? x.getUTCFullYear() + 1 : x.getUTCFullYear();
            };
        case 'FISCAL_QUARTER':
            return (v) => Math.floor(((d(v).getUTCMonth() - (store.fiscalYearStartMonth - 1) + 12) % 12) / 3) + 1;
        default:
            throw new SoqlError('MALFORMED_QUERY', `unsupported function ${name}`);
    }
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: Record<string, unknown> };

/** The parser encodes WHERE as a right-leaning chain with paren counts; flatten it to tokens and re-parse with precedence. */
function tokens(where: WhereClause | HavingClause | undefined, out: Token[]): Token[] {
    let node = where as { left?: Record<string, unknown> | null; operator?: string; right?: unknown } | undefined;
    while (node) {
        const left = node.left;
        if (left) {
            const open = Number(left.openParen ?? 0);
            for (let i = 0; i < open; i++) out.push('(');
            if ('operator' in left) out.push({ cond: left });
            const close = Number(left.closeParen ?? 0);
            for (let i = 0; i < close; i++) out.push(')');
        }
        if (node.operator) out.push(node.operator.toUpperCase() as Token);
        node = node.right as typeof node;
    }
    return out;
}

function compileWhere(
    where: WhereClause | HavingClause | undefined,
    leaf: (cond: Record<string, unknown>) => Predicate
): Predicate | undefined {
    if (!where) return undefined;
    const list = tokens(where, []);
    let i = 0;
    const peek = () => list[i];
    const parseOr = (): Predicate => {
        const parts = [parseAnd()];
        while (peek() === 'OR') {
            i++;
            parts.push(parseAnd());
        }
        return parts.length === 1 ? parts[0]! : (row) => parts.some((p) => p(row));
    };
    const parseAnd = (): Predicate => {
        const parts = [parseUnary()];
        while (peek() === 'AND') {
            i++;
            parts.push(parseUnary());
        }
        return parts.length === 1 ? parts[0]! : (row) => parts.every((p) => p(row));
    };
    const parseUnary = (): Predicate => {
        const t = list[i++];
        if (t === 'NOT') {
            const inner = parseUnary();
            return (row) => !inner(row);
        }
        if (t === '(') {
            const inner = parseOr();
            if (list[i++] !== ')') throw new SoqlError('MALFORMED_QUERY', 'unbalanced parentheses in WHERE');
            return inner;
        }
        if (t && typeof t === 'object') return leaf(t.cond);
        throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE');
    };
    const predicate = parseOr();
    if (i !== list.length) throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE');
    return predicate;
}

// ---------- execution ----------

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

type SubqueryColumn = { name: string; run: (parent: Row) => { rows: Row[]; result: QueryResult } };

/** Run a parsed query (`soql`: its text, for the error messages) against the store. */
export function executeParsed(store: RecordStore, query: Query, soql: string, options: QueryOptions = {}): QueryResult {
    if (!query.sObject) throw new SoqlError('MALFORMED_QUERY', 'missing FROM');
    const table = store.requireTable(query.sObject);
    const resolver = new Resolver(store, table, soql);
    const fields = query.fields ?? [];
    const aggregate = fields.some((f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn) || asArray(query.groupBy).length > 0;
    const where = compileWhere(query.where, (cond) => compileCondition(resolver, cond as never, store));

    // Filter, using the Id index for `Id = '…'` / `Id IN (…)` at the top level.
    let rows = candidateRows(table, query.where);
    if (where) rows = rows.filter(where);

    if (aggregate) return aggregateResult(store, table, resolver, query, rows, soql, options);

    const columns: Column[] = [];
    const subqueries: SubqueryColumn[] = [];
    for (const field of fields) addColumns(field, resolver, columns, subqueries, store, soql, options);

    rows = sortRows(rows, asArray(query.orderBy), resolver);
    const totalBeforeLimit = rows.length;
    const offset = query.offset ?? 0;
    if (offset || query.limit !== undefined) rows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    void totalBeforeLimit;
    return makeResult(table.name, rows, columns, subqueries, options);
}

function makeResult(object: string, rows: Row[], columns: Column[], subqueries: SubqueryColumn[], options: QueryOptions): QueryResult {
    const version = options.apiVersion ?? '66.0';
    return {
        object,
        aggregate: false,
        countOnly: false,
        totalSize: rows.length,
        rows,
        columns,
        nested(row, withAttributes = true) {
            const out: SObjectRecord = {};
            if (withAttributes) out.attributes = { type: object, url: `/services/data/v${version}/sobjects/${object}/${String(row.Id)}` };
            for (const col of columns) setNested(out, col, row, withAttributes, version);
            for (const sub of subqueries) {
                const { rows: children, result } = sub.run(row);
                out[sub.name] = children.length
                    ? { totalSize: children.length, done: true, records: children.map((c) => result.nested(c, withAttributes)) }
                    : null;
            }
            return out;
        },
        flat(row) {
            const out: Record<string, string> = {};
            for (const col of columns) out[col.key] = toCell(col.get(row));
            return out;
        }
    };
}

type NestInfo = { steps: Step[]; store: RecordStore; fieldName: string };
const nestInfo = new WeakMap<Column, NestInfo>();

function setNested(out: SObjectRecord, col: Column, row: Row, withAttributes: boolean, version: string): void {
    const info = nestInfo.get(col);
    if (!info || info.steps.length === 0) {
        out[col.path[col.path.length - 1]!] = toJson(col.type, col.get(row));
        return;
    }
    let target: Record<string, unknown> = out;
    let current: Row | undefined = row;
    for (const step of info.steps) {
        const existing = target[step.name];
        if (existing === null) return;
        const id: Value | undefined = current?.[step.rel.name];
        const parent: { table: Table; row: Row } | undefined =
            id === null || id === undefined ? undefined : info.store.findById(String(id), step.targets);
        if (!parent) {
            target[step.name] = null;
            return;
        }
        if (existing === undefined) {
            const obj: Record<string, unknown> = {};
            if (withAttributes)
                obj.attributes = {
                    type: parent.table.name,
                    url: `/services/data/v${version}/sobjects/${parent.table.name}/${String(parent.row.Id)}`
                };
            target[step.name] = obj;
        }
        target = target[step.name] as Record<string, unknown>;
        current = parent.row;
    }
    target[info.fieldName] = toJson(col.type, current?.[info.fieldName] ?? null);
}

function addColumns(
    field: ParsedField,
    resolver: Resolver,
    columns: Column[],
    subqueries: SubqueryColumn[],
    store: RecordStore,
    soql: string,
    options: QueryOptions
): void {
    const push = (path: string) => {
        const r = resolver.resolve(path);
        const col: Column = { key: r.key, path: r.key.split('.'), type: r.field.type, get: r.get };
        nestInfo.set(col, { steps: r.steps, store, fieldName: r.field.name });
        if (!columns.some((c) => c.key.toLowerCase() === col.key.toLowerCase())) columns.push(col);
    };
    switch (field.type) {
        case 'Field':
            push(field.field);
            return;
        case 'FieldRelationship':
            push([...field.relationships, field.field].join('.'));
            return;
        case 'FieldFunctionExpression': {
            const name = field.functionName.toUpperCase();
            if (name === 'FIELDS') {
                for (const f of resolver.table.schema.fieldNames) push(f);
                return;
            }
            if (name === 'TOLABEL' || name === 'FORMAT' || name === 'CONVERTCURRENCY') {
                const p = field.parameters[0];
                if (typeof p === 'string') push(p);
                return;
            }
            throw new SoqlError('MALFORMED_QUERY', `unsupported function in SELECT: ${field.rawValue ?? name}`);
        }
        case 'FieldSubquery':
            subqueries.push(compileSubquery(field.subquery, resolver, store, soql, options));
            return;
        default:
            throw new SoqlError('MALFORMED_QUERY', 'TYPEOF is not supported by the local SOQL evaluator');
    }
}

function compileSubquery(sub: Subquery, resolver: Resolver, store: RecordStore, soql: string, options: QueryOptions): SubqueryColumn {
    const parent = resolver.table.name;
    const rel = CHILD_RELATIONSHIPS.find(
        (c) => c.parent.toLowerCase() === parent.toLowerCase() && c.name.toLowerCase() === sub.relationshipName.toLowerCase()
    );
    if (!rel) {
        throw new SoqlError(
            'INVALID_TYPE',
            `\n${soql}\nERROR at Row:1:Column:1\nDidn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
        );
    }
    const childTable = store.requireTable(rel.child);
    const childResolver = new Resolver(store, childTable, soql);
    const fkDef = childTable.schema.field(rel.field);
    if (!fkDef) throw invalidField(soql, rel.field, rel.child);
    const where = compileWhere(sub.where, (cond) => compileCondition(childResolver, cond as never, store));
    const columns: Column[] = [];
    const nestedSubs: SubqueryColumn[] = [];
    for (const f of sub.fields ?? []) addColumns(f, childResolver, columns, nestedSubs, store, soql, options);
    const orderBy = asArray(sub.orderBy);
    const result = makeResult(childTable.name, [], columns, nestedSubs, options);
    return {
        name: rel.name,
        run(parentRow) {
            let rows = [...(childTable.lookup(fkDef, parentRow.Id ?? null) ?? [])];
            if (where) rows = rows.filter(where);
            rows = sortRows(rows, orderBy, childResolver);
            const offset = sub.offset ?? 0;
            if (offset || sub.limit !== undefined) rows = rows.slice(offset, sub.limit === undefined ? undefined : offset + sub.limit);
            return { rows, result };
        }
    };
}

/** Rows to scan: all, or the few an `Id = x` / `Id IN (…)` at the top level of WHERE names. */
function candidateRows(table: Table, where: WhereClause | undefined): Row[] {
    const top = where as
        | {
              left?: { field?: string; operator?: string; value?: string | string[]; openParen?: number; valueQuery?: unknown };
              operator?: string;
          }
        | undefined;
    const left = top?.left;
    const onlyAnd = !top?.operator || top.operator === 'AND';
    if (
        left &&
        onlyAnd &&
        !left.openParen &&
        !left.valueQuery &&
        left.field?.toLowerCase() === 'id' &&
        (left.operator === '=' || left.operator === 'IN')
    ) {
        const values = Array.isArray(left.value) ? left.value : [left.value ?? ''];
        const out: Row[] = [];
        for (const v of values) {
            const row = table.rows.get(idKey(unquote(v)));
            if (row && !out.includes(row)) out.push(row);
        }
        return out;
    }
    return [...table.rows.values()];
}

type SortKey = { get: (row: Row) => Comparable; desc: boolean; nullsFirst: boolean };

function sortRows(rows: Row[], orderBy: OrderByClause[], resolver: Resolver): Row[] {
    if (!orderBy.length) return rows;
    const keys: SortKey[] = orderBy.map((o) => {
        if (!('field' in o)) throw new SoqlError('MALFORMED_QUERY', 'ORDER BY a function needs GROUP BY');
        const r = resolver.resolve(o.field);
        const type = r.field.type;
        const desc = o.order === 'DESC';
        return { get: (row: Row) => norm(type, r.get(row)), desc, nullsFirst: o.nulls ? o.nulls === 'FIRST' : !desc };
    });
    return sortByKeys(rows, keys);
}

function sortByKeys<T>(rows: T[], keys: { get: (row: T) => Comparable; desc: boolean; nullsFirst: boolean }[]): T[] {
    const decorated = rows.map((row, i) => ({ row, i, k: keys.map((k) => k.get(row)) }));
    decorated.sort((a, b) => {
        for (let j = 0; j < keys.length; j++) {
            const key = keys[j]!;
            const x = a.k[j]!;
            const y = b.k[j]!;
            if (x === y) continue;
            if (x === null) return key.nullsFirst ? -1 : 1;
            if (y === null) return key.nullsFirst ? 1 : -1;
            const c = cmp(x, y);
            return key.desc ? -c : c;
        }
        return a.i - b.i;
    });
    return decorated.map((d) => d.row);
}

// ---------- aggregates ----------

type AggSpec = { alias: string; fn: string; get?: (row: Row) => Value; type: SoqlFieldType; raw: string };

function aggregateResult(
    store: RecordStore,
    table: Table,
    resolver: Resolver,
    query: Query,
    rows: Row[],
    soql: string,
    options: QueryOptions
): QueryResult {
    const fields = query.fields ?? [];
    const groupBy = asArray(query.groupBy).map((g) => {
        if (!('field' in g)) throw new SoqlError('MALFORMED_QUERY', 'GROUP BY a function is not supported by the local SOQL evaluator');
        return resolver.resolve(g.field);
    });
    // COUNT() alone: the count is the answer.
    if (
        fields.length === 1 &&
        fields[0]!.type === 'FieldFunctionExpression' &&
        fields[0]!.functionName.toUpperCase() === 'COUNT' &&
        fields[0]!.parameters.length === 0 &&
        !groupBy.length
    ) {
        return {
            object: table.name,
            aggregate: true,
            countOnly: true,
            totalSize: rows.length,
            rows: [],
            columns: [],
            nested: () => ({}),
            flat: () => ({})
        };
    }
    let expr = 0;
    const groupCols: { alias: string; r: (typeof groupBy)[number] }[] = [];
    const aggs: AggSpec[] = [];
    for (const f of fields) {
        if (f.type === 'FieldFunctionExpression' && f.isAggregateFn) {
            const fn = f.functionName.toUpperCase();
            const param = f.parameters[0];
            const r = typeof param === 'string' ? resolver.resolve(param) : undefined;
            const alias = f.alias ?? `expr${expr++}`;
            aggs.push({
                alias,
                fn,
                get: r?.get,
                type: fn.startsWith('COUNT') ? 'int' : (r?.field.type ?? 'int'),
                raw: (f.rawValue ?? '').toLowerCase()
            });
        } else if (f.type === 'Field' || f.type === 'FieldRelationship') {
            const path = f.type === 'Field' ? f.field : [...f.relationships, f.field].join('.');
            const r = resolver.resolve(path);
            if (!groupBy.some((g) => g.key.toLowerCase() === r.key.toLowerCase())) {
                throw new SoqlError('MALFORMED_QUERY', `Field must be grouped or aggregated: ${r.field.name}`);
            }
            groupCols.push({ alias: (f as { alias?: string }).alias ?? r.field.name, r });
        } else {
            throw new SoqlError('MALFORMED_QUERY', 'unsupported field in an aggregate query');
        }
    }
    const groups = new Map<string, { sample: Row; members: Row[] }>();
    for (const row of rows) {
        const key = JSON.stringify(groupBy.map((g) => norm(g.field.type, g.get(row))));
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { sample: row, members: [] }));
        group.members.push(row);
    }
    if (!groupBy.length && !groups.size) groups.set('[]', { sample: {}, members: [] });
    let out: Row[] = [];
    for (const { sample, members } of groups.values()) {
        const row: Row = {};
        for (const g of groupCols) row[g.alias] = toJson(g.r.field.type, g.r.get(sample));
        for (const a of aggs) row[a.alias] = aggregate(a, members);
        out.push(row);
    }
    const aggByRaw = (raw: string) => aggs.find((a) => a.raw === raw.toLowerCase());
    if (query.having) {
        const having = compileWhere(query.having, (cond) => {
            const c = cond as { fn?: FunctionExp; field?: string; operator: string; value?: string };
            const spec = c.fn ? aggByRaw(c.fn.rawValue ?? '') : undefined;
            const key = spec?.alias ?? groupCols.find((g) => g.r.key.toLowerCase() === (c.field ?? '').toLowerCase())?.alias;
            if (!key) throw new SoqlError('MALFORMED_QUERY', 'HAVING must use a selected aggregate or grouped field');
            const value = /^-?\d+(\.\d+)?$/.test(c.value ?? '') ? Number(c.value) : unquote(c.value ?? '').toLowerCase();
            return (row) => {
                const v = row[key] ?? null;
                if (v === null) return false;
                const x = typeof v === 'string' ? v.toLowerCase() : v;
                const k = cmp(x, value);
                return { '=': k === 0, '!=': k !== 0, '<': k < 0, '<=': k <= 0, '>': k > 0, '>=': k >= 0 }[c.operator] ?? false;
            };
        });
        if (having) out = out.filter(having);
    }
    const orderBy = asArray(query.orderBy);
    if (orderBy.length) {
        out = sortByKeys(
            out,
            orderBy.map((o) => {
                const key =
                    'fn' in o
                        ? aggByRaw(o.fn.rawValue ?? '')?.alias
                        : groupCols.find((g) => g.r.key.toLowerCase() === o.field.toLowerCase())?.alias;
                if (!key) throw new SoqlError('MALFORMED_QUERY', 'ORDER BY must use a selected aggregate or grouped field');
                const desc = o.order === 'DESC';
                return {
                    get: (row: Row) => {
                        const v = row[key] ?? null;
                        return typeof v === 'string' ? v.toLowerCase() : v;
                    },
                    desc,
                    nullsFirst: o.nulls ? o.nulls === 'FIRST' : !desc
                };
            })
        );
    }
    const offset = query.offset ?? 0;
    if (offset || query.limit !== undefined) out = out.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    const columns: Column[] = [
        ...groupCols.map((g) => ({ key: g.alias, path: [g.alias], type: g.r.field.type, get: (row: Row) => row[g.alias] ?? null })),
        ...aggs.map((a) => ({ key: a.alias, path: [a.alias], type: a.type, get: (row: Row) => row[a.alias] ?? null }))
    ];
    void store;
    void soql;
    void options;
    return {
        object: table.name,
        aggregate: true,
        countOnly: false,
        totalSize: out.length,
        rows: out,
        columns,
        nested(row, withAttributes = true) {
            const rec: SObjectRecord = withAttributes ? { attributes: { type: 'AggregateResult' } } : {};
            for (const c of columns) rec[c.key] = row[c.key] ?? null;
            return rec;
        },
        flat(row) {
            const rec: Record<string, string> = {};
            for (const c of columns) rec[c.key] = toCell(row[c.key] ?? null);
            return rec;
        }
    };
}

function aggregate(spec: AggSpec, rows: Row[]): Value {
    const values = spec.get ? rows.map(spec.get).filter((v): v is string | number | boolean => v !== null) : rows.map(() => 1);
    switch (spec.fn) {
        case 'COUNT':
            return values.length;
        case 'COUNT_DISTINCT':
            return new Set(values.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))).size;
        case 'SUM':
            return values.length ? values.reduce<number>((s, v) => s + Number(v), 0) : null;
        case 'AVG':
            return values.length ? values.reduce<number>((s, v) => s + Number(v), 0) / values.length : null;
        case 'MIN':
        case 'MAX': {
            if (!values.length) return null;
            let best = values[0]!;
            for (const v of values) {
                const c = cmp(typeof v === 'string' ? v.toLowerCase() : v, typeof best === 'string' ? best.toLowerCase() : best);
                if (spec.fn === 'MIN' ? c < 0 : c > 0) best = v;
            }
            return toJson(spec.type, best);
        }
        default:
            throw new SoqlError('MALFORMED_QUERY', `unsupported aggregate function ${spec.fn}`);
    }
}
