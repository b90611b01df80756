/**
 * A small evaluator of Salesforce formula fields for the cross-tool test: it evaluates the formula text of
 * force-app (parsed by the project's formula checker, scripts/check/lib/formula/syntax.ts) on one record, so the test
 * compares the org's own definitions with the CLI's on the same book. It covers what the ABM formula fields use: IF,
 * AND, OR, NOT, ISBLANK, BLANKVALUE, ISPICKVAL, TODAY, DATEVALUE, arithmetic on numbers and dates, comparisons, other
 * formula fields (evaluated recursively), parent fields (`Owner.IsActive`) and `$CustomMetadata` settings. Dates are
 * 'YYYY-MM-DD' strings. An unsupported function or operator throws, so the test cannot pass by skipping a formula.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormula, type Node } from '../../scripts/check/lib/formula/syntax';

export type Value = string | number | boolean | null;
export type FieldDef = { formula: string; blankAsZero: boolean; type: string };

const ROOT = join(__dirname, '..', '..', 'force-app', 'main', 'default');
const SETTINGS_ROOT = join(__dirname, '..', '..', 'force-app-settings', 'main', 'default');

/** The formula fields of an object: name → formula text, blank treatment, type. */
export function formulaFields(object: string, names: string[]): Map<string, FieldDef> {
    const out = new Map<string, FieldDef>();
    for (const name of names) {
        const xml = readFileSync(join(ROOT, 'objects', object, 'fields', `${name}.field-meta.xml`), 'utf8');
        const text = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
        const decode = (s: string) =>
            s
                .replace(/&lt;/g, '<')
                .replace(/&gt;/g, '>')
                .replace(/&quot;/g, '"')
                .replace(/&apos;/g, "'")
                .replace(/&amp;/g, '&');
        const formula = text('formula');
        if (!formula) throw new Error(`${object}.${name} has no formula`);
        out.set(name.toLowerCase(), {
            formula: decode(formula),
            blankAsZero: text('formulaTreatBlanksAs') === 'BlankAsZero',
            type: text('type') ?? ''
        });
    }
    return out;
}

/** Types of the standard fields the formulas read (custom fields: their field-meta.xml). */
const STANDARD_TYPES: Record<string, string> = {
    Id: 'Id',
    Name: 'Text',
    OwnerId: 'Lookup',
    LastActivityDate: 'Date',
    CreatedDate: 'DateTime',
    NumberOfEmployees: 'Number',
    AnnualRevenue: 'Currency',
    BillingLatitude: 'Number',
    BillingLongitude: 'Number'
};

const fieldTypes = new Map<string, string>();
function customFieldType(object: string, name: string): string {
    const key = `${object}.${name}`;
    let type = fieldTypes.get(key);
    if (type === undefined) {
        const xml = readFileSync(join(ROOT, 'objects', object, 'fields', `${name}.field-meta.xml`), 'utf8');
        type = /<type>([^<]*)<\/type>/.exec(xml)?.[1] ?? 'Text';
        fieldTypes.set(key, type);
    }
    return type;
}

/**
 * A CSV row of `object` (text values, as `sf data export` writes them) as the formula engine sees it: numbers for
 * Number/Currency/Percent fields, booleans for checkboxes, text for everything else (a picklist value "1" stays the
 * text "1", as ISPICKVAL compares it), blank as null.
 */
export function typedRecord(object: string, row: Record<string, string | undefined>): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (const [name, raw] of Object.entries(row)) {
        const type = STANDARD_TYPES[name] ?? (name.endsWith('__c') ? customFieldType(object, name) : 'Text');
        if (raw === undefined || raw === '') out[name] = type === 'Checkbox' ? false : null;
        else if (type === 'Number' || type === 'Currency' || type === 'Percent') out[name] = Number(raw);
        else if (type === 'Checkbox') out[name] = raw === 'true';
        else out[name] = raw;
    }
    return out;
}

/** The values of the ABM_Setting__mdt record Default as deployed (customMetadata/ABM_Setting.Default.md-meta.xml). */
export function deployedSettings(): Record<string, Value> {
    const xml = readFileSync(join(SETTINGS_ROOT, 'customMetadata', 'ABM_Setting.Default.md-meta.xml'), 'utf8');
    const out: Record<string, Value> = {};
    for (const m of xml.matchAll(
        /<values>\s*<field>([^<]+)<\/field>\s*<value([^>]*)>([^<]*)<\/value>|<values>\s*<field>([^<]+)<\/field>\s*<value[^>]*\/>/g
    )) {
        if (m[4]) out[m[4]] = null;
        else out[m[1]!] = /xsd:double/.test(m[2]!) ? Number(m[3]) : /xsd:boolean/.test(m[2]!) ? m[3] === 'true' : m[3]!;
    }
    return out;
}

const DAY = 86_400_000;
const days = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / DAY);
const isDate = (v: Value): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * Evaluate formula field `name` on `record` (field API name → value, parent fields as 'Owner.IsActive'), with TODAY()
 * = `today` and `$CustomMetadata.ABM_Setting__mdt.Default.X` from `settings`.
 */
export function evaluateField(
    fields: Map<string, FieldDef>,
    name: string,
    record: Record<string, Value>,
    today: string,
    settings: Record<string, Value>
): Value {
    const def = fields.get(name.toLowerCase());
    if (!def) throw new Error(`unknown formula field ${name}`);
    const lower = new Map(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
    const ref = (n: string): Value => {
        const key = n.toLowerCase();
        const setting = /^\$custommetadata\.abm_setting__mdt\.default\.(.+)$/.exec(key);
        if (setting) {
            const entry = Object.entries(settings).find(([k]) => k.toLowerCase() === setting[1]);
            return entry ? entry[1] : null;
        }
        if (fields.has(key)) return evaluateField(fields, key, record, today, settings);
        if (!lower.has(key)) throw new Error(`${name}: the record has no value for ${n}`);
        return lower.get(key)!;
    };
    const blank = (v: Value) => v === null || v === '';
    const ev = (node: Node): Value => {
        switch (node.kind) {
            case 'number':
            case 'string':
            case 'boolean':
                return node.value;
            case 'null':
                return null;
            case 'ref':
                return ref(node.name);
            case 'unary': {
                const v = ev(node.arg);
                if (node.op === '-') return v === null ? null : -(v as number);
                if (node.op === '!' || node.op.toLowerCase() === 'not') return v === null ? null : !v;
                throw new Error(`unsupported unary ${node.op}`);
            }
            case 'binary': {
                if (node.op === '&&' || node.op === '||') {
                    const l = ev(node.left);
                    const r = ev(node.right);
                    return node.op === '&&' ? !!l && !!r : !!l || !!r;
                }
                let l = ev(node.left);
                let r = ev(node.right);
                if (def.blankAsZero) {
                    if (l === null && typeof r === 'number') l = 0;
                    if (r === null && typeof l === 'number') r = 0;
                }
                switch (node.op) {
                    case '=':
                    case '==':
                        return l === null || r === null ? blank(l) && blank(r) : l === r;
                    case '<>':
                    case '!=':
                        return l === null || r === null ? !(blank(l) && blank(r)) : l !== r;
                }
                if (l === null || r === null) return null;
                switch (node.op) {
                    case '+':
                        return (l as number) + (r as number);
                    case '-':
                        if (isDate(l) && isDate(r)) return days(l, r);
                        return (l as number) - (r as number);
                    case '*':
                        return (l as number) * (r as number);
                    case '/':
                        return (l as number) / (r as number);
                    case '<':
                        return l < r;
                    case '<=':
                        return l <= r;
                    case '>':
                        return l > r;
                    case '>=':
                        return l >= r;
                }
                throw new Error(`unsupported operator ${node.op}`);
            }
            case 'call': {
                const fn = node.name.toUpperCase();
                const a = node.args;
                switch (fn) {
                    case 'IF': {
                        const c = ev(a[0]!);
                        return c === true ? ev(a[1]!) : ev(a[2]!);
                    }
                    case 'AND':
                        return a.every((x) => ev(x) === true);
                    case 'OR':
                        return a.some((x) => ev(x) === true);
                    case 'NOT':
                        return !ev(a[0]!);
                    case 'ISBLANK':
                        return blank(ev(a[0]!));
                    case 'BLANKVALUE': {
                        const v = ev(a[0]!);
                        return blank(v) ? ev(a[1]!) : v;
                    }
                    case 'ISPICKVAL':
                        return ev(a[0]!) === ev(a[1]!);
                    case 'TODAY':
                        return today;
                    case 'DATEVALUE': {
                        const v = ev(a[0]!);
                        return v === null ? null : String(v).slice(0, 10);
                    }
                }
                throw new Error(`unsupported function ${fn}`);
            }
        }
    };
    const value = ev(parseFormula(def.formula));
    if (value === null && def.blankAsZero && (def.type === 'Number' || def.type === 'Checkbox')) return def.type === 'Number' ? 0 : false;
    return value;
}
