/**
 * The Metadata API WSDL compiled into the small model the schema checker needs: every complexType reachable from a
 * metadata type (its `complexContent/extension` base and its `xsd:sequence` elements with type, minOccurs, maxOccurs)
 * and every enum `simpleType`. `compileWsdl` builds it, `loadModel` reads a committed one (`config/metadata-model-<v>.json`,
 * or `.json.gz`), and `ModelIndex` answers "what may appear inside type T" with the base chain already flattened.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parseXml, localName, type XNode } from './lib/xml.js';

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
export const TOOLING_NS = 'urn:metadata.tooling.soap.sforce.com';

/** One sequence element: [name, type, minOccurs, maxOccurs (-1 = unbounded)]. Types are `xsd:*` or a model type name. */
export type ElementTuple = [string, string, number, number];

export interface ModelType {
    /** Base type (complexContent/extension), if any. */
    b?: string;
    /** Sequence elements in order. */
    e: ElementTuple[];
}

export interface MetadataModel {
    apiVersion: string;
    namespace: string;
    /** Complex types, by name. */
    types: Record<string, ModelType>;
    /** Enum simple types: allowed values in WSDL order. */
    enums: Record<string, string[]>;
    /** Non-enum simple types (e.g. ID): the xsd base they restrict. */
    simple: Record<string, string>;
}

const stripPrefix = (qname: string): string => (qname.startsWith('tns:') ? qname.slice(4) : qname);

/** Compile Metadata API WSDL text into the checker model (only types reachable from the metadata types). */
export function compileWsdl(wsdlText: string): MetadataModel {
    const version = /Metadata API version (\d+\.\d+)/.exec(wsdlText)?.[1] ?? /\/services\/Soap\/m\/(\d+\.\d+)/.exec(wsdlText)?.[1];
    if (version === undefined)
        throw new Error('not a Metadata API WSDL: no "Metadata API version N.N" and no /services/Soap/m/N.N endpoint');
    const root = parseXml(wsdlText);
    const types = root.children.find((c) => localName(c.name) === 'types');
    const schema = types?.children.find((c) => localName(c.name) === 'schema');
    if (schema === undefined) throw new Error('not a Metadata API WSDL: no <types><xsd:schema>');
    const namespace = schema.attrs.targetNamespace ?? METADATA_NS;

    const all: Record<string, ModelType> = {};
    const enums: Record<string, string[]> = {};
    const simple: Record<string, string> = {};
    for (const node of schema.children) {
        const kind = localName(node.name);
        const name = node.attrs.name;
        if (name === undefined) continue;
        if (kind === 'complexType') all[name] = compileComplex(node);
        else if (kind === 'simpleType') {
            const restriction = node.children.find((c) => localName(c.name) === 'restriction');
            const values = (restriction?.children ?? []).filter((c) => localName(c.name) === 'enumeration').map((c) => c.attrs.value ?? '');
            if (values.length > 0) enums[name] = values;
            else simple[name] = restriction?.attrs.base ?? 'xsd:string';
        }
    }

    // Keep what the checker can reach: metadata types (base chain reaches Metadata) and everything their elements use.
    const isMetadata = (name: string): boolean => {
        for (let t: string | undefined = name, depth = 0; t !== undefined && depth < 20; t = all[t]?.b, depth++)
            if (t === 'Metadata') return true;
        return false;
    };
    const keep = new Set<string>();
    const stack = Object.keys(all).filter(isMetadata);
    while (stack.length > 0) {
        const name = stack.pop()!;
        if (keep.has(name) || all[name] === undefined) continue;
        keep.add(name);
        const t = all[name]!;
        if (t.b !== undefined) stack.push(t.b);
        for (const [, type] of t.e) if (all[type] !== undefined) stack.push(type);
    }
    const usedSimple = new Set<string>();
    for (const name of keep) for (const [, type] of all[name]!.e) usedSimple.add(type);

    const model: MetadataModel = { apiVersion: version, namespace, types: {}, enums: {}, simple: {} };
    for (const name of [...keep].sort()) model.types[name] = all[name]!;
    for (const name of Object.keys(enums).sort()) if (usedSimple.has(name)) model.enums[name] = enums[name]!;
    for (const name of Object.keys(simple).sort()) if (usedSimple.has(name)) model.simple[name] = simple[name]!;
    return model;
}

function compileComplex(node: XNode): ModelType {
    const out: ModelType = { e: [] };
    let seqParent = node;
    const content = node.children.find((c) => localName(c.name) === 'complexContent');
    const extension = content?.children.find((c) => localName(c.name) === 'extension');
    if (extension !== undefined) {
        out.b = stripPrefix(extension.attrs.base ?? '');
        seqParent = extension;
    }
    const sequence = seqParent.children.find((c) => localName(c.name) === 'sequence');
    for (const el of sequence?.children ?? []) {
        const kind = localName(el.name);
        if (kind === 'element') {
            const max = el.attrs.maxOccurs;
            out.e.push([
                el.attrs.name ?? '',
                stripPrefix(el.attrs.type ?? 'xsd:anyType'),
                Number(el.attrs.minOccurs ?? '1'),
                max === 'unbounded' ? -1 : Number(max ?? '1')
            ]);
        } else if (kind === 'any') out.e.push(['*', 'xsd:anyType', 0, -1]);
    }
    return out;
}

/**
 * Serialise a model. Plain `.json` is formatted by the project's Prettier (so `prettier --check` passes on the committed file);
 * a path ending in `.gz` is written gzipped and compact.
 */
export async function writeModel(model: MetadataModel, path: string): Promise<void> {
    const ordered: MetadataModel = {
        apiVersion: model.apiVersion,
        namespace: model.namespace,
        types: {},
        enums: model.enums,
        simple: model.simple
    };
    for (const [name, t] of Object.entries(model.types)) ordered.types[name] = t.b === undefined ? { e: t.e } : { b: t.b, e: t.e };
    const compact = JSON.stringify(ordered);
    if (path.endsWith('.gz')) {
        writeFileSync(path, gzipSync(compact, { level: 9 }));
        return;
    }
    let text = `${JSON.stringify(ordered, null, 4)}\n`;
    try {
        const prettier = await import('prettier');
        const options = (await prettier.resolveConfig(path)) ?? {};
        text = await prettier.format(compact, { ...options, filepath: path, parser: 'json', plugins: [] });
    } catch {
        // Prettier is a dev dependency; without it the model is still valid JSON.
    }
    writeFileSync(path, text);
}

/** Read a model written by writeModel (plain or .gz). */
export function loadModel(path: string): MetadataModel {
    const raw = readFileSync(path);
    const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    const model = JSON.parse(text) as MetadataModel;
    if (typeof model.apiVersion !== 'string' || typeof model.types !== 'object' || typeof model.enums !== 'object') {
        throw new Error(`${path}: not a metadata model (expected apiVersion, types, enums)`);
    }
    return model;
}

export interface ElementDef {
    name: string;
    type: string;
    min: number;
    max: number;
    /** Position in the flattened sequence (base elements first). */
    index: number;
}

export interface FlatType {
    name: string;
    elements: ElementDef[];
    byName: Map<string, ElementDef>;
    /** The sequence ends with xsd:any (anything goes). */
    open: boolean;
}

/** Lookups over a model with base chains flattened (cached per type). */
export class ModelIndex {
    private readonly flat = new Map<string, FlatType>();

    constructor(readonly model: MetadataModel) {}

    isComplex(type: string): boolean {
        return this.model.types[type] !== undefined;
    }

    enumValues(type: string): string[] | undefined {
        return this.model.enums[type];
    }

    /** xsd base of a named non-enum simple type (e.g. ID → xsd:string), or the xsd type itself. */
    xsdBase(type: string): string {
        return type.startsWith('xsd:') ? type : (this.model.simple[type] ?? 'xsd:string');
    }

    /** True when the type's base chain reaches Metadata (it can be a file's root). */
    isMetadataType(type: string): boolean {
        for (let t: string | undefined = type, depth = 0; t !== undefined && depth < 20; t = this.model.types[t]?.b, depth++) {
            if (t === 'Metadata') return type !== 'Metadata';
        }
        return false;
    }

    get(type: string): FlatType | undefined {
        const cached = this.flat.get(type);
        if (cached !== undefined) return cached;
        if (this.model.types[type] === undefined) return undefined;
        const chain: ModelType[] = [];
        for (let t: string | undefined = type, depth = 0; t !== undefined && depth < 20; t = this.model.types[t]?.b, depth++) {
            const mt = this.model.types[t];
            if (mt === undefined) break;
            chain.unshift(mt);
        }
        const elements: ElementDef[] = [];
        let open = false;
        for (const mt of chain) {
            for (const [name, etype, min, max] of mt.e) {
                if (name === '*') open = true;
                else elements.push({ name, type: etype, min, max, index: elements.length });
            }
        }
        const result: FlatType = { name: type, elements, byName: new Map(elements.map((e) => [e.name, e])), open };
        this.flat.set(type, result);
        return result;
    }
}
