/**
 * The schema layer: every `*-meta.xml` checked against the complexType of its metadata type, with the rules the Metadata API
 * really applies (see METADATA-VALIDATION-NOTES.md): unknown elements and repeated elements that are split apart fail a
 * deploy ("Element X is duplicated at this location in type T"), plain out-of-order elements and missing required ones do
 * not (warnings). Plus table-driven CustomField rules that are not in the WSDL.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { METADATA_NS, TOOLING_NS, ModelIndex } from '../metadata-model.js';
import { expectedType, metaSuffix } from './suffixes.js';
import { cmdtValueLimit, limitsFor } from './text-limits.js';
import { didYouMean } from './text.js';
import { child, childrenNamed, childText, localName, parseXml, XmlSyntaxError, type XNode } from './xml.js';
import { pushAll } from '../../core/arrays.js';

export type Severity = 'error' | 'warning';

export interface Finding {
    file: string;
    line: number;
    severity: Severity;
    message: string;
}

/** Types whose meta files VS Code writes in the tooling namespace (they deploy). */
const TOOLING_OK = new Set(['ApexClass', 'ApexTrigger', 'AuraDefinitionBundle', 'ApexPage', 'ApexComponent']);

/** Every `*-meta.xml` under the given files/folders, sorted; `__tests__`, `node_modules` and dot folders skipped. */
export function collectMetaFiles(paths: string[]): string[] {
    const out: string[] = [];
    const visit = (p: string): void => {
        const st = statSync(p);
        if (st.isDirectory()) {
            for (const entry of readdirSync(p)) {
                if (entry.startsWith('.') || entry === 'node_modules' || entry === '__tests__') continue;
                visit(join(p, entry));
            }
        } else if (p.endsWith('-meta.xml')) out.push(p);
    };
    for (const p of paths) visit(p);
    return out.sort();
}

const LEXICAL: Record<string, { re: RegExp; what: string }> = {
    'xsd:boolean': { re: /^(true|false|1|0)$/, what: 'boolean' },
    'xsd:int': { re: /^[+-]?\d+$/, what: 'int' },
    'xsd:long': { re: /^[+-]?\d+$/, what: 'long' },
    'xsd:double': { re: /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/, what: 'double' },
    'xsd:date': { re: /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$/, what: 'date' },
    'xsd:dateTime': {
        re: /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
        what: 'dateTime'
    },
    'xsd:time': { re: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/, what: 'time' }
};

class FileChecker {
    readonly findings: Finding[] = [];
    private rootType = '';
    private root: XNode | undefined;

    constructor(
        private readonly idx: ModelIndex,
        readonly file: string
    ) {}

    error(line: number, message: string): void {
        this.findings.push({ file: this.file, line, severity: 'error', message });
    }

    warn(line: number, message: string): void {
        this.findings.push({ file: this.file, line, severity: 'warning', message });
    }

    run(text: string): void {
        let root: XNode;
        try {
            root = parseXml(text);
        } catch (error) {
            if (error instanceof XmlSyntaxError) this.error(error.line, error.message);
            else this.error(1, `malformed XML: ${(error as Error).message}`);
            return;
        }
        this.root = root;
        const rootName = localName(root.name);
        const prefix = root.name.includes(':') ? root.name.slice(0, root.name.indexOf(':')) : undefined;
        const ns = prefix === undefined ? root.attrs.xmlns : root.attrs[`xmlns:${prefix}`];
        const suffix = metaSuffix(basename(this.file)) ?? '?';
        const expected = expectedType(this.file, rootName);

        if (expected === undefined) {
            if (this.idx.isMetadataType(rootName)) {
                this.warn(root.line, `unknown metadata file suffix .${suffix}-meta.xml; checked as <${rootName}>`);
            } else {
                this.error(root.line, `unknown metadata file suffix .${suffix}-meta.xml and root <${rootName}> is not a metadata type`);
                return;
            }
        }
        const type = expected ?? rootName;
        if (!this.idx.isComplex(type)) {
            this.warn(root.line, `type ${type} is not in the Metadata API ${this.idx.model.apiVersion} model; file not checked`);
            return;
        }
        if (rootName !== type) {
            const hint = this.idx.isMetadataType(rootName) ? '' : didYouMean(rootName, [type]);
            this.error(
                root.line,
                `root element <${rootName}> does not match the file suffix .${suffix}-meta.xml (expected <${type}>)${hint}`
            );
            return;
        }
        if (ns === undefined) this.error(root.line, `missing namespace: <${rootName}> needs xmlns="${METADATA_NS}"`);
        else if (ns !== this.idx.model.namespace && !(ns === TOOLING_NS && TOOLING_OK.has(type))) {
            this.error(root.line, `wrong namespace '${ns}' on <${rootName}> (expected '${this.idx.model.namespace}')`);
        }
        this.rootType = type;
        this.complex(root, type, type);
        this.fullNameMatchesFile(root);
        if (type === 'CustomField') this.customField(root);
        else if (type === 'CustomObject') this.customObject(root);
        else if (type === 'CustomMetadata') this.customMetadataValues(root);
        this.textLimits(root, type);
    }

    /** Texts longer than their column (scripts/check/lib/text-limits.ts): the deploy fails with "data value too large". */
    private textLimits(root: XNode, type: string): void {
        for (const limit of limitsFor(type)) {
            if (limit.onlyNamed !== undefined && !limit.onlyNamed.test(this.componentName(root, type))) continue;
            const steps = limit.path.split('.');
            let nodes = [root];
            for (const step of steps) nodes = nodes.flatMap((n) => childrenNamed(n, step));
            for (const el of nodes) {
                const len = el.text.trim().length;
                if (el.children.length > 0 || len <= limit.max) continue;
                const owner = steps.length > 1 ? childText(childOwner(root, el, steps[0]!) ?? root, 'fullName') : undefined;
                this.error(
                    el.line,
                    `<${type}.${limit.path}>${owner === undefined ? '' : ` of ${owner}`} is ${len} characters; the limit is ${limit.max} (${limit.source}): the deploy fails with "data value too large"`
                );
            }
        }
    }

    private componentName(root: XNode, type: string): string {
        const base = basename(this.file).replace(/\.[A-Za-z0-9]+-meta\.xml$/, '');
        return type === 'CustomField' ? (childText(root, 'fullName') ?? base) : base;
    }

    /** A custom metadata record's text value may not be longer than its field allows. */
    private customMetadataValues(root: XNode): void {
        const type = basename(this.file).split('.')[0]!;
        const objects = join(dirname(dirname(this.file)), 'objects', `${type}__mdt`, 'fields');
        for (const v of childrenNamed(root, 'values')) {
            const field = childText(v, 'field');
            const value = child(v, 'value');
            if (field === undefined || value === undefined || value.attrs['xsi:nil'] === 'true') continue;
            const path = join(objects, `${field}.field-meta.xml`);
            if (!existsSync(path)) continue; // xref reports a missing field
            let def: XNode;
            try {
                def = parseXml(readFileSync(path, 'utf8'));
            } catch {
                continue; // reported on the field file itself
            }
            const length = childText(def, 'length');
            const max = cmdtValueLimit(childText(def, 'type'), length === undefined ? undefined : Number(length));
            const len = value.text.trim().length;
            if (max !== undefined && len > max)
                this.error(
                    value.line,
                    `value of ${type}__mdt.${field} is ${len} characters; the field holds ${max} (${childText(def, 'type')}): the deploy fails with "data value too large"`
                );
        }
    }

    /** Check the children of an element of complex type `type`; `path` names it in messages (e.g. CustomField.valueSet). */
    private complex(node: XNode, type: string, path: string): void {
        if (node.attrs['xsi:nil'] === 'true') return;
        const flat = this.idx.get(type);
        if (flat === undefined) return;
        if (node.text.trim() !== '')
            this.error(node.line, `<${path}> has complex type ${type} and must not contain text ('${clip(node.text.trim())}')`);
        const seen = new Map<string, number>();
        const reported = new Set<string>();
        let prev: string | undefined;
        let maxIndex = -1;
        let maxName = '';
        let orderWarned = false;
        for (const c of node.children) {
            const name = localName(c.name);
            const def = flat.byName.get(name);
            if (def === undefined) {
                if (!flat.open) {
                    this.error(c.line, `Element ${name} invalid at this location in type ${type}${didYouMean(name, flat.byName.keys())}`);
                }
                prev = name;
                continue;
            }
            const count = (seen.get(name) ?? 0) + 1;
            seen.set(name, count);
            let contiguityProblem = false;
            if (count > 1 && def.max !== -1 && count > def.max && !reported.has(name)) {
                reported.add(name);
                contiguityProblem = true;
                this.error(c.line, `Element ${name} is not repeatable in type ${type} (maxOccurs ${def.max}), found it again here`);
            } else if (count > 1 && prev !== name && !reported.has(name)) {
                reported.add(name);
                contiguityProblem = true;
                this.error(
                    c.line,
                    `Element ${name} is duplicated at this location in type ${type} (all <${name}> elements must be contiguous)`
                );
            }
            if (def.index < maxIndex && !contiguityProblem && !orderWarned && count === 1) {
                orderWarned = true;
                this.warn(c.line, `Element ${name} is out of order in type ${type} (the WSDL sequence puts it before <${maxName}>)`);
            }
            if (def.index > maxIndex) {
                maxIndex = def.index;
                maxName = name;
            }
            prev = name;
            this.value(c, def.type, `${path}.${name}`);
        }
        for (const def of flat.elements) {
            if (def.min > 0 && !seen.has(def.name))
                this.warn(node.line, `required element <${def.name}> missing in <${path}> (type ${type})`);
        }
    }

    /** Check an element's value against its declared type. */
    private value(node: XNode, declared: string, path: string): void {
        if (node.attrs['xsi:nil'] === 'true') {
            if (node.children.length > 0 || node.text.trim() !== '') this.error(node.line, `<${path}> has xsi:nil="true" but is not empty`);
            return;
        }
        const xsiType = node.attrs['xsi:type'];
        let type = declared;
        if (xsiType !== undefined && (declared === 'xsd:anyType' || declared === 'xsd:string')) {
            type = xsiType.startsWith('xsd:') ? xsiType : xsiType.replace(/^[a-zA-Z]+:/, '');
        }
        if (this.idx.isComplex(type)) {
            this.complex(node, type, path);
            return;
        }
        if (type === 'xsd:anyType') return;
        if (node.children.length > 0) {
            if (this.rootType === 'LightningComponentBundle' && path === 'LightningComponentBundle.targetConfigs') {
                this.targetConfigs(node);
                return;
            }
            this.error(
                node.children[0]!.line,
                `<${path}> has simple type ${type} and must not contain child elements (found <${localName(node.children[0]!.name)}>)`
            );
            return;
        }
        const raw = node.text;
        const values = this.idx.enumValues(type);
        if (values !== undefined) {
            const v = raw.trim();
            if (!values.includes(v)) {
                const hint = didYouMean(v, values);
                const allowed = hint === '' ? ` allowed: ${values.slice(0, 12).join(', ')}${values.length > 12 ? ', …' : ''}` : hint;
                this.error(node.line, `invalid value '${clip(v)}' for <${path}> (enum ${type})${allowed}`);
            }
            return;
        }
        const base = this.idx.xsdBase(type);
        const lex = LEXICAL[base];
        if (lex !== undefined) {
            const v = raw.trim();
            if (!lex.re.test(v)) this.error(node.line, `invalid ${lex.what} value '${clip(v)}' for <${path}>`);
            else if (base === 'xsd:int' && Math.abs(Number(v)) > 2147483647)
                this.error(node.line, `int value '${v}' out of range for <${path}>`);
        }
    }

    /** LWC targetConfigs: typed base64Binary in the WSDL, but holds XML. */
    private targetConfigs(node: XNode): void {
        const root = this.root!;
        const targets = new Set(childrenNamed(root, 'targets').flatMap((t) => childrenNamed(t, 'target').map((x) => x.text.trim())));
        for (const tc of node.children) {
            if (localName(tc.name) !== 'targetConfig') {
                this.error(tc.line, `Element ${localName(tc.name)} invalid inside <targetConfigs> (expected <targetConfig>)`);
                continue;
            }
            const list = tc.attrs.targets;
            if (list === undefined || list.trim() === '') {
                this.error(tc.line, `<targetConfig> needs a targets="…" attribute`);
                continue;
            }
            for (const t of list.split(',').map((s) => s.trim())) {
                if (!targets.has(t)) this.error(tc.line, `targetConfig target '${t}' is not listed in <targets>${didYouMean(t, targets)}`);
            }
            const names = new Set<string>();
            for (const p of childrenNamed(tc, 'property')) {
                const name = p.attrs.name;
                if (name === undefined || name === '') this.error(p.line, `<property> in targetConfig '${list}' needs a name attribute`);
                else if (names.has(name)) this.error(p.line, `<property name="${name}"> is declared twice in targetConfig '${list}'`);
                else names.add(name);
                if (p.attrs.type === undefined || p.attrs.type === '') {
                    this.error(p.line, `<property name="${name ?? ''}"> in targetConfig '${list}' needs a type attribute`);
                }
            }
        }
    }

    private fullNameMatchesFile(root: XNode): void {
        const fn = child(root, 'fullName');
        if (fn === undefined) return;
        const base = basename(this.file).replace(/\.[A-Za-z0-9]+-meta\.xml$/, '');
        const name = fn.text.trim();
        const expected = base;
        if (name !== expected && name !== decodeURIComponent(expected)) {
            this.error(
                fn.line,
                `<fullName>${name}</fullName> does not match the file name ${basename(this.file)} (expected '${expected}')`
            );
        }
    }

    private customObject(root: XNode): void {
        const objName = basename(this.file).replace(/\.object-meta\.xml$/, '');
        if (!/__(c|mdt|e)$/.test(objName)) return;
        this.apiName(root.line, objName, 'object');
        if (objName.endsWith('__c')) {
            for (const need of ['label', 'pluralLabel', 'nameField', 'deploymentStatus', 'sharingModel']) {
                if (child(root, need) === undefined) this.error(root.line, `custom object ${objName} needs <${need}>`);
            }
        }
    }

    private apiName(line: number, name: string, what: string): void {
        const m = /^(.*)__(c|mdt|e)$/.exec(name);
        if (m === null) return;
        const stem = m[1]!;
        if (!/^[A-Za-z]/.test(stem) || /__/.test(stem) || stem.endsWith('_') || /[^A-Za-z0-9_]/.test(stem)) {
            this.error(
                line,
                `invalid ${what} API name '${name}': start with a letter, use letters, digits and single underscores, no trailing underscore`
            );
        }
        if (stem.length > 40) this.error(line, `${what} API name '${name}' is ${stem.length} characters before __${m[2]}; the limit is 40`);
    }

    /** Table-driven CustomField rules (METADATA-VALIDATION-NOTES.md §4b). */
    private customField(root: XNode): void {
        const fileName = basename(this.file).replace(/\.field-meta\.xml$/, '');
        const name = childText(root, 'fullName') ?? fileName;
        if (!name.endsWith('__c')) return; // standard field: Salesforce owns its shape
        const line = (el: string): number => child(root, el)?.line ?? root.line;
        this.apiName(line('fullName'), name, 'field');
        const type = childText(root, 'type');
        const formula = childText(root, 'formula');
        const has = (el: string): boolean => child(root, el) !== undefined;
        const num = (el: string): number | undefined => {
            const t = childText(root, el);
            return t === undefined || !/^\d+$/.test(t) ? undefined : Number(t);
        };
        const isTrue = (el: string): boolean => childText(root, el) === 'true';
        const need = (el: string, why: string): void => {
            if (!has(el)) this.error(root.line, `${why} needs <${el}>`);
        };
        if (type === undefined) {
            if (!this.isCustomMetadataField()) this.error(root.line, `custom field ${name} needs <type>`);
            return;
        }
        const label = `${type} field ${name}`;
        if (formula !== undefined) {
            const ok = ['Checkbox', 'Currency', 'Date', 'DateTime', 'Number', 'Percent', 'Text', 'Time'];
            if (!ok.includes(type))
                this.error(line('type'), `formula field ${name} has <type>${type}</type>; a formula returns one of ${ok.join(', ')}`);
            if (formula === '') this.error(line('formula'), `formula field ${name} has an empty <formula>`);
        } else {
            switch (type) {
                case 'Text': {
                    need('length', label);
                    const len = num('length');
                    if (has('length') && (len === undefined || len < 1 || len > 255))
                        this.error(line('length'), `${label}: <length> must be 1–255`);
                    break;
                }
                case 'Number':
                case 'Currency':
                case 'Percent': {
                    need('precision', label);
                    need('scale', label);
                    const p = num('precision');
                    const s = num('scale');
                    if (has('precision') && (p === undefined || p < 1 || p > 18))
                        this.error(line('precision'), `${label}: <precision> must be 1–18`);
                    if (p !== undefined && s !== undefined && s > p)
                        this.error(line('scale'), `${label}: <scale> (${s}) must not exceed <precision> (${p})`);
                    break;
                }
                case 'LongTextArea':
                case 'Html': {
                    need('length', label);
                    need('visibleLines', label);
                    const len = num('length');
                    if (has('length') && (len === undefined || len < 256 || len > 131072))
                        this.error(line('length'), `${label}: <length> must be 256–131072`);
                    break;
                }
                case 'Checkbox':
                    need('defaultValue', label);
                    if (isTrue('required')) this.error(line('required'), `${label}: a Checkbox cannot be required`);
                    break;
                case 'Picklist':
                case 'MultiselectPicklist': {
                    need('valueSet', label);
                    const vs = child(root, 'valueSet');
                    if (vs !== undefined && child(vs, 'valueSetDefinition') === undefined && child(vs, 'valueSetName') === undefined) {
                        this.error(vs.line, `${label}: <valueSet> needs <valueSetDefinition> or <valueSetName>`);
                    }
                    if (type === 'MultiselectPicklist') need('visibleLines', label);
                    break;
                }
                case 'Summary':
                    need('summaryOperation', label);
                    need('summaryForeignKey', label);
                    if (childText(root, 'summaryOperation') !== 'count') need('summarizedField', label);
                    break;
            }
        }
        if (type === 'Lookup' || type === 'MasterDetail') {
            need('referenceTo', label);
            need('relationshipName', label);
        }
        if (type === 'Lookup') {
            if (has('relationshipOrder'))
                this.error(line('relationshipOrder'), `Can not specify 'relationshipOrder' for a CustomField of type Lookup`);
            if (isTrue('required') && childText(root, 'deleteConstraint') === 'SetNull') {
                this.error(
                    line('deleteConstraint'),
                    `${label}: a required lookup cannot use deleteConstraint SetNull (use Restrict or Cascade)`
                );
            }
        }
        if (type === 'MasterDetail') {
            if (has('required'))
                this.error(
                    line('required'),
                    `${label}: Master-Detail relationship fields cannot be optional or required (remove <required>)`
                );
            if (has('deleteConstraint'))
                this.error(line('deleteConstraint'), `Can not specify 'deleteConstraint' for a CustomField of type MasterDetail`);
        }
        if (isTrue('externalId') && !['Text', 'Number', 'Email', 'AutoNumber'].includes(type)) {
            this.error(line('externalId'), `${label}: externalId is allowed only on Text, Number, Email and AutoNumber fields`);
        }
        if (isTrue('unique') && !['Text', 'Number', 'Email'].includes(type)) {
            this.error(line('unique'), `${label}: unique is allowed only on Text, Number and Email fields`);
        }
        if (formula !== undefined && (isTrue('unique') || isTrue('externalId') || isTrue('required'))) {
            this.error(root.line, `formula field ${name} cannot be required, unique or an external ID`);
        }
    }

    private isCustomMetadataField(): boolean {
        return /__mdt$/.test(basename(dirname(dirname(this.file))));
    }
}

/** The child of `root` named `name` that contains `el` (e.g. the `<labels>` holding a `<shortDescription>`). */
function childOwner(root: XNode, el: XNode, name: string): XNode | undefined {
    const holds = (n: XNode): boolean => n === el || n.children.some(holds);
    return childrenNamed(root, name).find(holds);
}

const CONTENT_SUFFIXES = new Set(['cls', 'trigger', 'page', 'component', 'email']);

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** Validate one file's text. */
export function validateText(idx: ModelIndex, file: string, text: string): Finding[] {
    const checker = new FileChecker(idx, file);
    checker.run(text);
    return checker.findings;
}

export interface ValidateResult {
    files: number;
    findings: Finding[];
    errors: number;
    warnings: number;
}

/** Validate every meta file under `paths`; file names in findings are relative to `cwd`. Findings sorted by file, line. */
export function validatePaths(idx: ModelIndex, paths: string[], cwd = process.cwd()): ValidateResult {
    const files = collectMetaFiles(paths);
    const findings: Finding[] = [];
    for (const f of files) {
        const rel = relative(cwd, f) || f;
        pushAll(findings, validateText(idx, rel, readFileSync(f, 'utf8')));
        // Types whose meta file sits next to its source file: SDR (and a deploy) fail with "Expected source files" without it.
        const suffix = metaSuffix(basename(f));
        if (suffix !== undefined && CONTENT_SUFFIXES.has(suffix) && !existsSync(f.slice(0, -'-meta.xml'.length))) {
            findings.push({
                file: rel,
                line: 1,
                severity: 'error',
                message: `missing source file ${basename(f.slice(0, -'-meta.xml'.length))} next to this meta file`
            });
        }
    }
    findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const errors = findings.filter((f) => f.severity === 'error').length;
    return { files: files.length, findings, errors, warnings: findings.length - errors };
}

export const formatFinding = (f: Finding): string => `${f.file}:${f.line}: ${f.severity}: ${f.message}`;
