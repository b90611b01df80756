/**
 * The project inventory for the cross-reference checker: every object and field (incl. decomposed files and the
 * standard-field list), relationship names, Apex classes and their @AuraEnabled static / @InvocableMethod methods,
 * LWC bundles (targets, isExposed, targetConfig properties), flows, labels, custom permissions, static resources,
 * tabs, apps, FlexiPages, reports, dashboards, report types, message channels, global value sets and CMDT records.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { kept } from './kept.js';
import { child, childrenNamed, childText, parseXml, type XNode } from './xml.js';

export interface FieldInfo {
    name: string;
    /** Metadata API field type (`Text`, `Checkbox`, `Lookup`, …) of a project field; for a formula field, its result type. */
    type?: string;
    /** Describe type (`string`, `boolean`, `date`, …) of a standard field, from the standard list's `: type`. */
    describeType?: string;
    formula: boolean;
    required: boolean;
    /** Lookup / MasterDetail target objects (standard polymorphic lookups can have several). */
    referenceTo: string[];
    /** Child relationship name (custom lookups: `<relationshipName>`, used as `X__r` in subqueries). */
    relationshipName?: string;
    picklistValues?: string[];
    file?: string;
    line?: number;
}

export interface ObjectInfo {
    name: string;
    /** Declared in the project (objects/<Name>/) as opposed to only in the standard list. */
    inProject: boolean;
    standard: boolean;
    fields: Map<string, FieldInfo>;
    /** Child relationship name (lower case, incl. __r) → child object. */
    children: Map<string, string>;
    recordTypes: Set<string>;
    /** Known object whose fields are not listed (`Object.*` in the standard list): field references are not checked. */
    open: boolean;
}

export interface LwcInfo {
    name: string;
    isExposed: boolean;
    targets: Set<string>;
    /** target → property names declared in a targetConfig for it. */
    properties: Map<string, Set<string>>;
    metaFile?: string;
}

export interface ApexClassInfo {
    name: string;
    file: string;
    auraEnabledStatic: Set<string>;
    auraEnabledNonStatic: Set<string>;
    invocable: boolean;
}

export interface XmlFile {
    /** Path relative to the working directory. */
    file: string;
    root: XNode;
}

export interface SourceFile {
    file: string;
    text: string;
}

const lc = (s: string): string => s.toLowerCase();

export class Inventory {
    readonly objects = new Map<string, ObjectInfo>();
    readonly classes = new Map<string, ApexClassInfo>();
    readonly triggers = new Set<string>();
    readonly lwc = new Map<string, LwcInfo>();
    readonly aura = new Set<string>();
    readonly flows = new Set<string>();
    readonly labels = new Set<string>();
    readonly customPermissions = new Set<string>();
    readonly staticResources = new Set<string>();
    readonly tabs = new Set<string>();
    readonly apps = new Set<string>();
    readonly flexipages = new Set<string>();
    readonly reports = new Set<string>();
    readonly dashboards = new Set<string>();
    readonly reportTypes = new Map<string, XNode>();
    readonly messageChannels = new Set<string>();
    readonly globalValueSets = new Set<string>();
    readonly pages = new Set<string>();
    /** Type__mdt (lower) → record DeveloperNames (lower). */
    readonly cmdtRecords = new Map<string, Set<string>>();
    /** Every parsed metadata XML file, for the checks. */
    readonly xml: XmlFile[] = [];
    readonly apex: SourceFile[] = [];
    readonly lwcSources: SourceFile[] = [];

    object(name: string): ObjectInfo | undefined {
        return this.objects.get(lc(name));
    }

    ensureObject(name: string, inProject: boolean): ObjectInfo {
        let o = this.objects.get(lc(name));
        if (o === undefined) {
            o = {
                name,
                inProject,
                standard: !/__[a-z]+$/i.test(name),
                fields: new Map(),
                children: new Map(),
                recordTypes: new Set(),
                open: false
            };
            this.objects.set(lc(name), o);
        }
        if (inProject) o.inProject = true;
        return o;
    }

    field(object: string, field: string): FieldInfo | undefined {
        return this.object(object)?.fields.get(lc(field));
    }

    /** Add `Object.Field [-> Target|Target]` and `Object.Child[] -> ChildObject` lines (the standard list / an org describe). */
    addStandard(text: string, source: string): void {
        text.split(/\r?\n/).forEach((raw, i) => {
            const line = raw.replace(/#.*$/, '').trim();
            if (line === '') return;
            const star = /^([A-Za-z][\w]*)\.\*$/.exec(line);
            if (star !== null) {
                this.ensureObject(star[1]!, false).open = true;
                return;
            }
            const m = /^([A-Za-z][\w]*)\.([A-Za-z][\w]*)(\[\])?\s*(?:->\s*([\w|]+))?\s*(?::\s*([a-z]+))?$/.exec(line);
            if (m === null) {
                throw new Error(
                    `${source}:${i + 1}: expected "Object.Field", "Object.Field : type", "Object.Field -> Target", "Object.Child[] -> ChildObject" or "Object.*"`
                );
            }
            const [, obj, name, isChild, target, describeType] = m;
            const o = this.ensureObject(obj!, false);
            if (isChild !== undefined) {
                if (target !== undefined) o.children.set(lc(name!), target);
                return;
            }
            if (!o.fields.has(lc(name!))) {
                o.fields.set(lc(name!), {
                    name: name!,
                    describeType: describeType ?? (target === undefined ? undefined : 'reference'),
                    formula: false,
                    required: false,
                    referenceTo: target === undefined ? [] : target.split('|')
                });
            }
        });
    }
}

/** Implicit fields every custom object / CMDT type / platform event has. */
const CUSTOM_OBJECT_FIELDS = [
    'Id',
    'Name',
    'OwnerId',
    'CreatedDate',
    'CreatedById',
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp',
    'IsDeleted',
    'RecordTypeId',
    'LastActivityDate',
    'LastViewedDate',
    'LastReferencedDate',
    'CurrencyIsoCode'
];
const CUSTOM_OBJECT_LOOKUPS: Record<string, string> = {
    OwnerId: 'User',
    CreatedById: 'User',
    LastModifiedById: 'User',
    RecordTypeId: 'RecordType'
};
/** Describe types of the implicit fields (the rest are `string`). */
const IMPLICIT_TYPES: Record<string, string> = {
    Id: 'id',
    OwnerId: 'reference',
    CreatedById: 'reference',
    LastModifiedById: 'reference',
    RecordTypeId: 'reference',
    CreatedDate: 'datetime',
    LastModifiedDate: 'datetime',
    SystemModstamp: 'datetime',
    LastViewedDate: 'datetime',
    LastReferencedDate: 'datetime',
    LastActivityDate: 'date',
    IsDeleted: 'boolean',
    IsProtected: 'boolean',
    CurrencyIsoCode: 'picklist',
    Language: 'picklist'
};
const CMDT_FIELDS = [
    'Id',
    'DeveloperName',
    'MasterLabel',
    'Label',
    'QualifiedApiName',
    'NamespacePrefix',
    'Language',
    'IsProtected',
    'CreatedDate',
    'CreatedById',
    'LastModifiedDate',
    'LastModifiedById',
    'SystemModstamp'
];
const EVENT_FIELDS = ['ReplayId', 'EventUuid', 'CreatedDate', 'CreatedById'];

function walkFiles(dir: string, out: string[]): void {
    for (const entry of readdirSync(dir)) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        const p = join(dir, entry);
        if (statSync(p).isDirectory()) walkFiles(p, out);
        else out.push(p);
    }
}

const APEX_METHOD =
    /@AuraEnabled\b(?:\s*\([^)]*\))?((?:\s+(?:public|global|private|protected|static|override|virtual|with|without|inherited|sharing))*)\s+[\w<>,.\s[\]]+?\s+(\w+)\s*\(/gi;

/** Scan the package directories (relative to cwd) into an inventory. Unparseable XML is skipped (the schema checker reports it). */
export function buildInventory(dirs: string[], standardText: string, standardSource: string, cwd = process.cwd()): Inventory {
    const inv = new Inventory();
    inv.addStandard(standardText, standardSource);
    const files: string[] = [];
    for (const d of dirs) walkFiles(d, files);
    files.sort();
    const rel = (p: string): string => relative(cwd, p) || p;

    for (const path of files) {
        const parts = path.split(sep);
        const name = basename(path);
        if (parts.includes('__tests__')) continue;
        const folderIdx = (folder: string): number => parts.lastIndexOf(folder);
        if (name.endsWith('.cls') || name.endsWith('.trigger')) {
            const text = readFileSync(path, 'utf8');
            inv.apex.push({ file: rel(path), text });
            const cls = name.replace(/\.(cls|trigger)$/, '');
            if (name.endsWith('.trigger')) inv.triggers.add(lc(cls));
            else {
                const info: ApexClassInfo = {
                    name: cls,
                    file: rel(path),
                    auraEnabledStatic: new Set(),
                    auraEnabledNonStatic: new Set(),
                    invocable: /@InvocableMethod\b/i.test(text)
                };
                for (const m of stripApex(text).matchAll(APEX_METHOD)) {
                    const modifiers = lc(m[1] ?? '');
                    (/\bstatic\b/.test(modifiers) ? info.auraEnabledStatic : info.auraEnabledNonStatic).add(m[2]!);
                }
                inv.classes.set(lc(cls), info);
            }
            continue;
        }
        const lwcIdx = folderIdx('lwc');
        if (lwcIdx !== -1 && parts.length === lwcIdx + 3) {
            const bundle = parts[lwcIdx + 1]!;
            if (!inv.lwc.has(bundle)) inv.lwc.set(bundle, { name: bundle, isExposed: false, targets: new Set(), properties: new Map() });
            if (name.endsWith('.js') || name.endsWith('.html')) inv.lwcSources.push({ file: rel(path), text: readFileSync(path, 'utf8') });
        }
        const auraIdx = folderIdx('aura');
        if (auraIdx !== -1 && parts.length === auraIdx + 3) inv.aura.add(lc(parts[auraIdx + 1]!));
        if (!name.endsWith('-meta.xml')) continue;
        let root: XNode;
        try {
            root = parseXml(readFileSync(path, 'utf8'));
        } catch {
            continue;
        }
        const file = rel(path);
        inv.xml.push({ file, root });
        const m = /^(.*)\.([A-Za-z]+)-meta\.xml$/.exec(name);
        if (m === null) continue;
        const [, base, suffix] = m as unknown as [string, string, string];
        const objIdx = folderIdx('objects');
        switch (suffix) {
            case 'object':
                registerObject(inv, base, root);
                break;
            case 'field':
                if (objIdx !== -1) registerField(inv, parts[objIdx + 1]!, root, file);
                break;
            case 'recordType':
                if (objIdx !== -1) inv.ensureObject(parts[objIdx + 1]!, true).recordTypes.add(lc(base));
                break;
            case 'js':
                if (lwcIdx !== -1) registerLwc(inv, parts[lwcIdx + 1]!, root, file);
                break;
            case 'flow':
                inv.flows.add(lc(base));
                break;
            case 'labels':
                for (const l of childrenNamed(root, 'labels')) inv.labels.add(lc(childText(l, 'fullName') ?? ''));
                break;
            case 'customPermission':
                inv.customPermissions.add(lc(base));
                break;
            case 'resource':
                inv.staticResources.add(lc(base));
                break;
            case 'tab':
                inv.tabs.add(lc(base));
                break;
            case 'app':
                if (auraIdx === -1) inv.apps.add(lc(base));
                break;
            case 'flexipage':
                inv.flexipages.add(lc(base));
                break;
            case 'report':
            case 'dashboard': {
                const folder = suffix === 'report' ? 'reports' : 'dashboards';
                const idx = folderIdx(folder);
                const fullName = [...parts.slice(idx + 1, -1), base].join('/');
                (suffix === 'report' ? inv.reports : inv.dashboards).add(lc(fullName));
                break;
            }
            case 'reportType':
                inv.reportTypes.set(lc(base), root);
                break;
            case 'messageChannel':
                inv.messageChannels.add(lc(base));
                break;
            case 'globalValueSet':
                inv.globalValueSets.add(lc(base));
                break;
            case 'page':
                inv.pages.add(lc(base));
                break;
            case 'md': {
                const dot = base.indexOf('.');
                if (dot > 0) {
                    const type = lc(`${base.slice(0, dot)}__mdt`);
                    if (!inv.cmdtRecords.has(type)) inv.cmdtRecords.set(type, new Set());
                    inv.cmdtRecords.get(type)!.add(lc(base.slice(dot + 1)));
                }
                break;
            }
        }
    }
    // Objects that exist only as a folder of fields (standard objects extended by the project) still count.
    for (const o of inv.objects.values()) {
        if (o.standard) continue;
        const implicit = o.name.endsWith('__mdt') ? CMDT_FIELDS : o.name.endsWith('__e') ? EVENT_FIELDS : CUSTOM_OBJECT_FIELDS;
        // The detail side of a master-detail has no owner: its records take the owner of their master.
        const isDetail = [...o.fields.values()].some((f) => f.type === 'MasterDetail');
        for (const f of implicit) {
            if (isDetail && f === 'OwnerId') continue;
            if (!o.fields.has(lc(f))) {
                const target = CUSTOM_OBJECT_LOOKUPS[f];
                o.fields.set(lc(f), {
                    name: f,
                    describeType: IMPLICIT_TYPES[f] ?? 'string',
                    formula: false,
                    required: false,
                    referenceTo: target === undefined ? [] : [target]
                });
            }
        }
    }
    // Child relationships of custom lookups (parent.children: `<relationshipName>__r` → child object).
    for (const o of inv.objects.values()) {
        for (const f of o.fields.values()) {
            if (f.relationshipName !== undefined)
                for (const t of f.referenceTo) inv.ensureObject(t, false).children.set(lc(`${f.relationshipName}__r`), o.name);
        }
    }
    return inv;
}

function registerObject(inv: Inventory, name: string, root: XNode): void {
    const o = inv.ensureObject(name, true);
    // Non-decomposed (mdapi-style) object files carry their fields inline.
    for (const f of childrenNamed(root, 'fields')) registerField(inv, o.name, f, undefined);
}

function registerField(inv: Inventory, objectName: string, root: XNode, file: string | undefined): void {
    const o = inv.ensureObject(objectName, true);
    const name = childText(root, 'fullName') ?? (file === undefined ? '' : basename(file).replace(/\.field-meta\.xml$/, ''));
    if (name === '') return;
    const valueSet = child(root, 'valueSet');
    const def = valueSet === undefined ? undefined : child(valueSet, 'valueSetDefinition');
    const info: FieldInfo = {
        name,
        type: childText(root, 'type'),
        formula: child(root, 'formula') !== undefined || childText(root, 'type') === 'Summary' || childText(root, 'type') === 'AutoNumber',
        required: childText(root, 'required') === 'true' || childText(root, 'type') === 'MasterDetail',
        referenceTo: childrenNamed(root, 'referenceTo').map((r) => r.text.trim()),
        relationshipName: childText(root, 'relationshipName'),
        picklistValues: def === undefined ? undefined : childrenNamed(def, 'value').map((v) => childText(v, 'fullName') ?? ''),
        file,
        line: root.line
    };
    o.fields.set(lc(name), info);
}

function registerLwc(inv: Inventory, bundle: string, root: XNode, file: string): void {
    const info = inv.lwc.get(bundle) ?? {
        name: bundle,
        isExposed: false,
        targets: new Set<string>(),
        properties: new Map<string, Set<string>>()
    };
    info.metaFile = file;
    info.isExposed = childText(root, 'isExposed') === 'true';
    for (const t of childrenNamed(root, 'targets')) for (const x of childrenNamed(t, 'target')) info.targets.add(x.text.trim());
    for (const tcs of childrenNamed(root, 'targetConfigs')) {
        for (const tc of childrenNamed(tcs, 'targetConfig')) {
            for (const target of (tc.attrs.targets ?? '').split(',').map((s) => s.trim())) {
                const set = info.properties.get(target) ?? new Set<string>();
                for (const p of childrenNamed(tc, 'property')) if (p.attrs.name !== undefined) set.add(p.attrs.name);
                info.properties.set(target, set);
            }
        }
    }
    inv.lwc.set(bundle, info);
}

const stripped = new Map<string, string>();

/**
 * Blank out Apex/JS comments and string-literal contents (keeping quotes, offsets and newlines). Kept per text for the
 * process: the inventory and several rules strip the same class, and a test checks many copies of the project.
 */
export function stripApex(text: string): string {
    return kept(stripped, text, () => stripText(text));
}

function stripText(text: string): string {
    let out = '';
    let i = 0;
    const n = text.length;
    while (i < n) {
        const c = text[i]!;
        const d = text[i + 1];
        if (c === '/' && d === '/') {
            while (i < n && text[i] !== '\n') {
                out += ' ';
                i++;
            }
        } else if (c === '/' && d === '*') {
            while (i < n && !(text[i] === '*' && text[i + 1] === '/')) {
                out += text[i] === '\n' ? '\n' : ' ';
                i++;
            }
            out += i < n ? '  ' : '';
            i += 2;
        } else if (c === "'") {
            out += "'";
            i++;
            while (i < n && text[i] !== "'" && text[i] !== '\n') {
                if (text[i] === '\\') {
                    out += ' ';
                    i++;
                }
                out += ' ';
                i++;
            }
            if (i < n) {
                out += text[i] === '\n' ? '\n' : "'";
                i++;
            }
        } else {
            out += c;
            i++;
        }
    }
    return out;
}
