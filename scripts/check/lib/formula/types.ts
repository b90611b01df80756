/**
 * The formula type checker: resolves every field and `$` global reference to a type (through lookups, `$CustomMetadata`,
 * `$Record`/`$Record__Prior` and `{!resource}` in flows, `$User`, `$Setup`, `$Permission`, `$Label`, `$Flow`), checks
 * function names, arity, argument types, operator operand types (text vs number, date arithmetic, `&` on text only),
 * where picklists may appear, where context-bound functions may appear (ISCHANGED, PRIORVALUE, VLOOKUP, REGEX, …) and
 * the result type against the declared one (field type, flow `dataType`, boolean for validation rules and entry
 * conditions).
 */
import type { FieldInfo, Inventory } from '../inventory.js';
import { didYouMean } from '../text.js';
import { arityText, type Context, type FType, FUNCTIONS, type FunctionSpec } from './functions.js';
import { FormulaSyntaxError, type Node, parseFormula } from './syntax.js';

export interface FlowResource {
    name: string;
    type: FType;
    /** SObject variables and record lookups: their object. */
    object?: string;
    collection: boolean;
}

export interface FlowEnv {
    /** The triggering object of a record-triggered flow (`$Record`). */
    recordObject?: string;
    /** Resource name (lower case) → resource. */
    resources: Map<string, FlowResource>;
}

/** One formula in the project. */
export interface FormulaSite {
    file: string;
    /** Line of the element holding the formula; the text starts on it. */
    line: number;
    /** The formula as the platform reads it (XML entities decoded). */
    text: string;
    /** What holds it, for messages: `formula field Account.ABM_X__c`, `validation rule Account.Y`, `flow F formula frmZ`. */
    what: string;
    context: Context;
    /** The record object whose fields bare names refer to (formula fields, validation rules, default values). */
    object?: string;
    /** The result type the holder needs (undefined: not checked). */
    expected?: FType;
    /** The declared type as written (`Currency`, `Checkbox`, `String`), for messages. */
    expectedAs?: string;
    flow?: FlowEnv;
}

export type FormulaRule = 'formula-syntax' | 'formula-function' | 'formula-arity' | 'formula-type' | 'formula-reference' | 'formula-result';

export interface FormulaFinding {
    file: string;
    line: number;
    rule: FormulaRule;
    /** The offending token as written. */
    token: string;
    message: string;
}

const lc = (s: string): string => s.toLowerCase();

/** Functions that accept a picklist field, and which of their parameters. */
const PICKLIST_PARAMS: Record<string, number[]> = {
    ispickval: [0],
    text: [0],
    case: [0],
    isblank: [0],
    isnull: [0],
    ischanged: [0],
    priorvalue: [0]
};
const MULTIPICKLIST_PARAMS: Record<string, number[]> = {
    includes: [0],
    isblank: [0],
    isnull: [0],
    ischanged: [0],
    priorvalue: [0],
    text: [0]
};

const FLOW_GLOBALS: Record<string, FType> = {
    currentdate: 'Date',
    currentdatetime: 'DateTime',
    faultmessage: 'Text',
    interviewguid: 'Text',
    currentrecord: 'Text',
    interviewstarttime: 'DateTime',
    activestages: 'Text',
    currentstage: 'Text'
};

const CUSTOM_TYPES: Record<string, FType> = {
    checkbox: 'Boolean',
    number: 'Number',
    currency: 'Number',
    percent: 'Number',
    text: 'Text',
    textarea: 'Text',
    longtextarea: 'Text',
    html: 'Text',
    email: 'Text',
    phone: 'Text',
    url: 'Text',
    encryptedtext: 'Text',
    autonumber: 'Text',
    picklist: 'Picklist',
    multiselectpicklist: 'MultiPicklist',
    date: 'Date',
    datetime: 'DateTime',
    time: 'Time',
    lookup: 'Text',
    masterdetail: 'Text',
    hierarchy: 'Text',
    externallookup: 'Text',
    metadatarelationship: 'Text',
    location: 'Geolocation'
};

const DESCRIBE_TYPES: Record<string, FType> = {
    boolean: 'Boolean',
    int: 'Number',
    double: 'Number',
    currency: 'Number',
    percent: 'Number',
    string: 'Text',
    textarea: 'Text',
    email: 'Text',
    phone: 'Text',
    url: 'Text',
    id: 'Text',
    reference: 'Text',
    combobox: 'Text',
    encryptedstring: 'Text',
    picklist: 'Picklist',
    multipicklist: 'MultiPicklist',
    date: 'Date',
    datetime: 'DateTime',
    time: 'Time',
    location: 'Geolocation'
};

/** The formula type of a field (Any when unknown: unknown types are never reported). */
export function fieldType(f: FieldInfo): FType {
    if (f.type !== undefined) return CUSTOM_TYPES[lc(f.type)] ?? 'Any';
    if (f.describeType !== undefined) return DESCRIBE_TYPES[f.describeType] ?? 'Any';
    return 'Any';
}

/** Flow `dataType` (variables, formulas, constants) → formula type. */
export function flowDataType(dataType: string | undefined): FType {
    switch (dataType) {
        case 'Boolean':
            return 'Boolean';
        case 'Number':
        case 'Currency':
            return 'Number';
        case 'String':
            return 'Text';
        case 'Date':
            return 'Date';
        case 'DateTime':
            return 'DateTime';
        case 'Time':
            return 'Time';
        case 'Picklist':
            return 'Picklist';
        case 'Multipicklist':
            return 'MultiPicklist';
        default:
            return 'Any';
    }
}

interface Problem {
    rule: FormulaRule;
    start: number;
    token: string;
    message: string;
}

/** Check one formula; returns its findings (file:line per token). */
export function checkFormula(inv: Inventory, site: FormulaSite): FormulaFinding[] {
    const problems: Problem[] = [];
    let ast: Node | undefined;
    try {
        ast = parseFormula(site.text, { merge: site.flow !== undefined });
    } catch (error) {
        if (!(error instanceof FormulaSyntaxError)) throw error;
        problems.push({ rule: 'formula-syntax', start: error.start, token: error.token, message: error.message });
    }
    if (ast !== undefined) {
        const checker = new TypeChecker(inv, site, problems);
        const result = checker.use(ast, checker.infer(ast), 'the formula result');
        if (site.expected !== undefined && result !== 'Any' && result !== 'Null' && result !== site.expected) {
            problems.push({
                rule: 'formula-result',
                start: ast.start,
                token: tokenText(site.text, ast),
                message: `the formula returns ${result}, but ${site.what} needs ${site.expected}${site.expectedAs !== undefined && site.expectedAs !== site.expected ? ` (${site.expectedAs})` : ''}`
            });
        }
    }
    return problems.map((p) => ({
        file: site.file,
        line: site.line + countNewlines(site.text, p.start),
        rule: p.rule,
        token: p.token,
        message: `${site.what}: ${p.message}`
    }));
}

function countNewlines(text: string, end: number): number {
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
    return n;
}

function tokenText(src: string, node: Node): string {
    const s = src.slice(node.start, node.kind === 'call' ? node.nameEnd : node.end);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

class TypeChecker {
    constructor(
        private readonly inv: Inventory,
        private readonly site: FormulaSite,
        private readonly problems: Problem[]
    ) {}

    private report(rule: FormulaRule, node: Node | { start: number; token: string }, message: string): void {
        const token = 'token' in node ? node.token : tokenText(this.site.text, node);
        this.problems.push({ rule, start: node.start, token, message });
    }

    /** A value consumed by something that does not accept picklists: report picklists, return the type. */
    use(node: Node, t: FType, consumer: string): FType {
        if (t === 'Picklist' || t === 'MultiPicklist') {
            const fns =
                t === 'Picklist'
                    ? 'ISPICKVAL, CASE, TEXT, ISBLANK, ISNULL, ISCHANGED, PRIORVALUE'
                    : 'INCLUDES, ISBLANK, ISNULL, ISCHANGED, PRIORVALUE';
            this.report(
                'formula-type',
                node,
                `${t === 'Picklist' ? 'picklist' : 'multi-select picklist'} used in ${consumer}: only ${fns} accept it (wrap it, e.g. TEXT(...))`
            );
            return 'Any';
        }
        return t;
    }

    infer(node: Node): FType {
        switch (node.kind) {
            case 'number':
                return 'Number';
            case 'string':
                return 'Text';
            case 'boolean':
                return 'Boolean';
            case 'null':
                return 'Null';
            case 'ref':
                return this.ref(node);
            case 'unary': {
                const t = this.use(node.arg, this.infer(node.arg), `operator ${node.op}`);
                const want: FType = node.op === 'NOT' ? 'Boolean' : 'Number';
                if (!fits(t, [want])) this.report('formula-type', node.arg, `operator ${node.op} needs ${want}, received ${t}`);
                return want;
            }
            case 'binary':
                return this.binary(node);
            case 'call':
                return this.call(node);
        }
    }

    private binary(node: Extract<Node, { kind: 'binary' }>): FType {
        const op = node.op;
        const l = this.use(node.left, this.infer(node.left), `operator ${op}`);
        const r = this.use(node.right, this.infer(node.right), `operator ${op}`);
        const opTok = { start: node.opStart, token: op };
        const known = (t: FType): boolean => t !== 'Any' && t !== 'Null';
        switch (op) {
            case '&&':
            case '||':
                for (const [side, t] of [[node.left, l] as const, [node.right, r] as const])
                    if (!fits(t, ['Boolean'])) this.report('formula-type', side, `operator ${op} needs Boolean, received ${t}`);
                return 'Boolean';
            case '=':
            case '==':
            case '!=':
            case '<>':
                if (known(l) && known(r) && l !== r)
                    this.report(
                        'formula-type',
                        opTok,
                        `comparison ${op} of ${l} with ${r} (${this.src(node.left)} ${op} ${this.src(node.right)}): both sides must have the same type`
                    );
                return 'Boolean';
            case '<':
            case '<=':
            case '>':
            case '>=':
                if (known(l) && known(r) && l !== r)
                    this.report(
                        'formula-type',
                        opTok,
                        `comparison ${op} of ${l} with ${r} (${this.src(node.left)} ${op} ${this.src(node.right)}): both sides must have the same type`
                    );
                else if (known(l) && !['Number', 'Text', 'Date', 'DateTime', 'Time'].includes(l))
                    this.report('formula-type', opTok, `comparison ${op} is not defined for ${l}`);
                return 'Boolean';
            case '&':
                for (const [side, t] of [[node.left, l] as const, [node.right, r] as const])
                    if (!fits(t, ['Text']))
                        this.report('formula-type', side, `operator & joins Text, received ${t} (convert with TEXT(...))`);
                return 'Text';
            case '+':
            case '-': {
                // One side unknown: only `+` on a date/time or text keeps the known side's type (Date - ? may be Number).
                if (!known(l) || !known(r)) return op === '+' && known(l) && l !== 'Number' ? l : 'Any';
                const result = arithmetic(op, l, r);
                if (result === undefined) {
                    this.report('formula-type', opTok, `operator ${op} is not defined for ${l} ${op} ${r}`);
                    return 'Any';
                }
                return result;
            }
            default: // * / ^
                for (const [side, t] of [[node.left, l] as const, [node.right, r] as const])
                    if (!fits(t, ['Number'])) this.report('formula-type', side, `operator ${op} needs Number, received ${t}`);
                return 'Number';
        }
    }

    private src(node: Node): string {
        return tokenText(this.site.text, node);
    }

    private call(node: Extract<Node, { kind: 'call' }>): FType {
        const name = lc(node.name);
        const nameTok = { start: node.start, token: node.name };
        const spec = FUNCTIONS.get(name);
        if (spec === undefined) {
            this.report(
                'formula-function',
                nameTok,
                `unknown function ${node.name}()${didYouMean(
                    node.name.toUpperCase(),
                    [...FUNCTIONS.values()].map((f) => f.name)
                )}`
            );
            for (const a of node.args) this.infer(a);
            return 'Any';
        }
        if ((spec.only !== undefined && !spec.only.includes(this.site.context)) || spec.not?.includes(this.site.context) === true) {
            this.report('formula-function', nameTok, `${spec.name}() is not available in ${contextText(this.site.context)}`);
        }
        const n = node.args.length;
        if (n < spec.min || n > spec.max) {
            this.report(
                'formula-arity',
                nameTok,
                `${spec.name}() takes ${arityText(spec)} argument${spec.max === 1 ? '' : 's'}, received ${n}`
            );
        }
        if (name === 'case' && n >= 2 && (n < 4 || n % 2 !== 0)) {
            this.report(
                'formula-arity',
                nameTok,
                `CASE() takes an expression, value/result pairs and an else result (an even number of arguments, at least 4), received ${n}`
            );
        }
        const raw = node.args.map((a) => this.infer(a));
        const picklistOk = PICKLIST_PARAMS[name] ?? [];
        const multiOk = MULTIPICKLIST_PARAMS[name] ?? [];
        const types = raw.map((t, i) =>
            (t === 'Picklist' && picklistOk.includes(i)) || (t === 'MultiPicklist' && multiOk.includes(i))
                ? t
                : this.use(node.args[i]!, t, `${spec.name}()`)
        );
        if (['ischanged', 'priorvalue'].includes(name) && node.args[0] !== undefined && node.args[0].kind !== 'ref')
            this.report('formula-type', node.args[0], `${spec.name}() takes a field, not an expression`);
        if (name === 'ispickval' && node.args[1] !== undefined && node.args[1].kind !== 'string')
            this.report('formula-type', node.args[1], 'ISPICKVAL() compares with a text literal in quotes, not a field or an expression');
        if (spec.result !== 'special') {
            this.checkParams(spec, node, types);
            return spec.result;
        }
        return this.special(spec, node, types);
    }

    private checkParams(spec: FunctionSpec, node: Extract<Node, { kind: 'call' }>, types: FType[]): void {
        types.forEach((t, i) => {
            const accepted = spec.params[Math.min(i, spec.params.length - 1)];
            if (accepted === undefined || i >= spec.max) return;
            if (!fits(t, accepted))
                this.report(
                    'formula-type',
                    node.args[i]!,
                    `${spec.name}() argument ${i + 1} must be ${accepted.join(' or ')}, received ${t}`
                );
        });
    }

    private special(spec: FunctionSpec, node: Extract<Node, { kind: 'call' }>, types: FType[]): FType {
        const name = lc(spec.name);
        const args = node.args;
        switch (name) {
            case 'if':
                if (types[0] !== undefined && !fits(types[0], ['Boolean']))
                    this.report('formula-type', args[0]!, `IF() condition must be Boolean, received ${types[0]}`);
                return this.unify(node, 'IF() results', args.slice(1), types.slice(1));
            case 'blankvalue':
            case 'nullvalue':
                return this.unify(node, `${spec.name}() arguments`, args, types);
            case 'case': {
                const subject = types[0] === 'Picklist' ? 'Text' : (types[0] ?? 'Any');
                const results: Node[] = [];
                const resultTypes: FType[] = [];
                for (let i = 1; i < args.length; i++) {
                    const isElse = i === args.length - 1;
                    if (!isElse && i % 2 === 1) {
                        if (types[0] === 'Picklist' && args[i]!.kind !== 'string')
                            this.report('formula-type', args[i]!, 'CASE() on a picklist compares with text literals in quotes');
                        else if (!fits(types[i]!, [subject]) && subject !== 'Any' && subject !== 'Null')
                            this.report(
                                'formula-type',
                                args[i]!,
                                `CASE() value must be ${subject} like the expression, received ${types[i]!}`
                            );
                    } else {
                        results.push(args[i]!);
                        resultTypes.push(types[i]!);
                    }
                }
                return this.unify(node, 'CASE() results', results, resultTypes);
            }
            case 'max':
            case 'min':
                this.checkParams(spec, node, types);
                return this.unify(node, `${spec.name}() arguments`, args, types);
            case 'addmonths':
                this.checkParams(spec, node, types);
                return types[0] === 'DateTime' ? 'DateTime' : 'Date';
            case 'priorvalue':
                return types[0] ?? 'Any';
            default:
                return 'Any';
        }
    }

    /** All of these must have one type (Null and Any fit any); returns it. */
    private unify(node: Extract<Node, { kind: 'call' }>, what: string, args: Node[], types: FType[]): FType {
        let result: FType = 'Null';
        types.forEach((t, i) => {
            if (t === 'Any' || t === 'Null') return;
            if (result === 'Null' || result === 'Any') result = t;
            else if (t !== result)
                this.report('formula-type', args[i]!, `${what} must have one type: ${result} and ${t} (${this.src(args[i]!)})`);
        });
        void node;
        return types.includes('Any') && result === 'Null' ? 'Any' : result;
    }

    // ---------- references ----------

    private ref(node: Extract<Node, { kind: 'ref' }>): FType {
        const name = node.name;
        const segs = name.split('.');
        const head = segs[0]!;
        const ctx = this.site.context;
        if (ctx === 'reportFormula') return this.reportRef(node);
        if (this.site.flow !== undefined && !node.merge) {
            this.report('formula-reference', node, `flow formulas reference fields and resources as {!${name}}, not ${name}`);
            return 'Any';
        }
        if (head.startsWith('$')) return this.global(node, lc(head), segs.slice(1));
        if (this.site.flow !== undefined) {
            const res = this.site.flow.resources.get(lc(head));
            if (res === undefined) {
                this.report(
                    'formula-reference',
                    node,
                    `flow resource ${head} does not exist${didYouMean(
                        head,
                        [...this.site.flow.resources.values()].map((r) => r.name)
                    )}`
                );
                return 'Any';
            }
            if (segs.length === 1) return res.collection ? 'Any' : res.type;
            return res.object === undefined || res.collection ? 'Any' : this.path(node, res.object, segs.slice(1));
        }
        if (ctx === 'defaultValue') {
            this.report(
                'formula-reference',
                node,
                `a default value cannot reference fields of the record (${name}); only $ globals, functions and literals`
            );
            return 'Any';
        }
        if (this.site.object === undefined) return 'Any';
        return this.path(node, this.site.object, segs);
    }

    private reportRef(node: Extract<Node, { kind: 'ref' }>): FType {
        if (/^rowcount$/i.test(node.name)) return 'Number';
        const m = /:([A-Za-z]+)$/.exec(node.name);
        if (m !== null) {
            if (!['sum', 'avg', 'min', 'max', 'unique'].includes(lc(m[1]!)))
                this.report('formula-reference', node, `summary ${m[1]} is not one of SUM, AVG, MIN, MAX, UNIQUE`);
            return 'Number';
        }
        // Grouping names (USERS.NAME, GRAND_SUMMARY) are PARENTGROUPVAL/PREVGROUPVAL arguments: typed Text here.
        return 'Text';
    }

    /** A dotted path from an object: hops through lookups (`X__r`, `Owner`, `Account`), ends on a field. */
    private path(node: Node, objectName: string, segs: string[]): FType {
        let o = this.inv.object(objectName);
        for (let i = 0; i < segs.length; i++) {
            const seg = segs[i]!;
            if (o === undefined || seg.includes(':') || /^[A-Za-z0-9]+__[A-Za-z0-9_]+__[cr]$/i.test(seg)) return 'Any';
            const last = i === segs.length - 1;
            if (last) {
                const f = o.fields.get(lc(seg));
                if (f === undefined) {
                    if (o.open) return 'Any';
                    this.report(
                        'formula-reference',
                        node,
                        `field ${o.name}.${seg} does not exist${didYouMean(
                            seg,
                            [...o.fields.values()].map((x) => x.name)
                        )}`
                    );
                    return 'Any';
                }
                return fieldType(f);
            }
            const hop = /__r$/i.test(seg)
                ? o.fields.get(lc(seg.replace(/__r$/i, '__c')))
                : (o.fields.get(lc(`${seg}Id`)) ?? o.fields.get(lc(seg)));
            if (hop === undefined || hop.referenceTo.length === 0) {
                if (o.open) return 'Any';
                this.report('formula-reference', node, `${o.name} has no relationship ${seg} (in ${segs.join('.')})`);
                return 'Any';
            }
            if (hop.referenceTo.length !== 1) return 'Any';
            o = this.inv.object(hop.referenceTo[0]!);
        }
        return 'Any';
    }

    private global(node: Extract<Node, { kind: 'ref' }>, g: string, rest: string[]): FType {
        const flow = this.site.flow;
        const needRest = (n: number): boolean => {
            if (rest.length >= n) return true;
            this.report('formula-reference', node, `${node.name} is incomplete`);
            return false;
        };
        switch (g) {
            case '$user':
                return needRest(1) ? this.path(node, 'User', rest) : 'Any';
            case '$profile':
                return needRest(1) ? this.path(node, 'Profile', rest) : 'Any';
            case '$userrole':
                return needRest(1) ? this.path(node, 'UserRole', rest) : 'Any';
            case '$organization':
                return needRest(1) ? this.path(node, 'Organization', rest) : 'Any';
            case '$setup': {
                if (!needRest(2)) return 'Any';
                if (this.inv.object(rest[0]!) === undefined) {
                    this.report('formula-reference', node, `$Setup: custom setting ${rest[0]!} does not exist`);
                    return 'Any';
                }
                return this.path(node, rest[0]!, rest.slice(1));
            }
            case '$custommetadata': {
                if (!needRest(3)) return 'Any';
                const [type, record, ...field] = rest as [string, string, ...string[]];
                if (this.inv.object(type) === undefined) {
                    this.report('formula-reference', node, `$CustomMetadata: type ${type} does not exist`);
                    return 'Any';
                }
                const records = this.inv.cmdtRecords.get(lc(type));
                if (records !== undefined && !records.has(lc(record)))
                    this.report(
                        'formula-reference',
                        node,
                        `$CustomMetadata: ${type} has no record ${record}${didYouMean(record, records)}`
                    );
                return this.path(node, type, field);
            }
            case '$permission':
                if (needRest(1) && !this.inv.customPermissions.has(lc(rest[0]!)))
                    this.report('formula-reference', node, `$Permission: custom permission ${rest[0]!} does not exist`);
                return 'Boolean';
            case '$label': {
                const label = rest[0] === 'c' ? rest[1] : rest[0];
                if (label !== undefined && !this.inv.labels.has(lc(label)))
                    this.report('formula-reference', node, `$Label: custom label ${label} does not exist`);
                return 'Text';
            }
            case '$flow':
                if (flow === undefined) {
                    this.report('formula-reference', node, `$Flow is only available in flows`);
                    return 'Any';
                }
                if (!needRest(1)) return 'Any';
                if (FLOW_GLOBALS[lc(rest[0]!)] === undefined)
                    this.report(
                        'formula-reference',
                        node,
                        `$Flow.${rest[0]!} does not exist${didYouMean(rest[0]!, ['CurrentDate', 'CurrentDateTime', 'FaultMessage', 'InterviewGuid', 'CurrentRecord', 'InterviewStartTime', 'ActiveStages', 'CurrentStage'])}`
                    );
                return FLOW_GLOBALS[lc(rest[0]!)] ?? 'Any';
            case '$record':
            case '$record__prior':
                if (flow?.recordObject === undefined) {
                    this.report('formula-reference', node, `${node.name.split('.')[0]!} is only available in record-triggered flows`);
                    return 'Any';
                }
                return rest.length === 0 ? 'Any' : this.path(node, flow.recordObject, rest);
            case '$system':
                return rest.length === 1 && lc(rest[0]!) === 'origindatetime' ? 'DateTime' : 'Any';
            case '$api':
            case '$network':
            case '$site':
            case '$objecttype':
            case '$action':
            case '$resource':
            case '$component':
            case '$page':
            case '$currentpage':
            case '$messagechannel':
            case '$orchestration':
            case '$apex':
                return 'Any';
            default:
                this.report('formula-reference', node, `unknown global ${node.name.split('.')[0]!}`);
                return 'Any';
        }
    }
}

function fits(t: FType, accepted: FType[]): boolean {
    return t === 'Any' || t === 'Null' || accepted.includes('Any') || accepted.includes(t);
}

/** `+` / `-` on known types (Salesforce's date arithmetic), undefined when not defined. */
function arithmetic(op: string, l: FType, r: FType): FType | undefined {
    const temporal = (t: FType): boolean => t === 'Date' || t === 'DateTime' || t === 'Time';
    if (l === 'Number' && r === 'Number') return 'Number';
    if (temporal(l) && r === 'Number') return l;
    if (op === '+' && l === 'Number' && (r === 'Date' || r === 'DateTime')) return r;
    if (op === '-' && temporal(l) && l === r) return 'Number';
    if (op === '+' && l === 'Text' && r === 'Text') return 'Text';
    return undefined;
}

function contextText(c: Context): string {
    return {
        formulaField: 'formula fields',
        validationRule: 'validation rules',
        defaultValue: 'default values',
        flowFormula: 'flow formulas',
        flowEntry: 'flow entry conditions',
        reportFormula: 'report formulas'
    }[c];
}

/** The type of a flow reference (`$Record.X__c`, `varName`, `Get_Seller.User__c`), with the problems resolving it. */
export function flowRefType(
    inv: Inventory,
    flow: FlowEnv,
    name: string,
    file: string,
    line: number,
    what: string
): { type: FType; findings: FormulaFinding[] } {
    const problems: Problem[] = [];
    const text = `{!${name}}`;
    const site: FormulaSite = { file, line, text, what, context: 'flowFormula', flow };
    let type: FType = 'Any';
    try {
        type = new TypeChecker(inv, site, problems).infer(parseFormula(text, { merge: true }));
    } catch (error) {
        if (!(error instanceof FormulaSyntaxError)) throw error;
        problems.push({ rule: 'formula-reference', start: 0, token: name, message: `malformed reference ${name}` });
    }
    return { type, findings: problems.map((p) => ({ file, line, rule: p.rule, token: name, message: `${what}: ${p.message}` })) };
}

/** The type of a field of an object (Any when the object or field is unknown or untyped). */
export function objectFieldType(inv: Inventory, object: string, field: string): FType | undefined {
    const o = inv.object(object);
    if (o === undefined) return 'Any';
    const f = o.fields.get(lc(field));
    if (f === undefined) return o.open ? 'Any' : undefined;
    return fieldType(f);
}
