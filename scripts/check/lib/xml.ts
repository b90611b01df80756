/**
 * XML reading for the metadata checkers: fast-xml-parser (order preserved, start offsets captured) turned into a small
 * element tree with 1-based line numbers. Malformed XML is reported with the line XMLValidator gives.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { kept } from './kept.js';

export interface XNode {
    /** Tag name as written (prefix included, e.g. `xsi:type` stays on attributes only). */
    name: string;
    attrs: Record<string, string>;
    children: XNode[];
    /** Concatenated character data (text + CDATA) directly inside this element, untrimmed. */
    text: string;
    line: number;
}

export class XmlSyntaxError extends Error {
    constructor(
        message: string,
        readonly line: number
    ) {
        super(message);
        this.name = 'XmlSyntaxError';
    }
}

const parser = new XMLParser({
    preserveOrder: true,
    captureMetaData: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
    cdataPropName: '#cdata',
    commentPropName: '#comment',
    ignoreDeclaration: true,
    ignorePiTags: true
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type RawEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Offsets of line starts, for offset → line lookups by binary search. */
function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
}

function lineAt(starts: number[], offset: number): number {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
    }
    return lo + 1;
}

function tagOf(entry: RawEntry): string | undefined {
    for (const key of Object.keys(entry)) if (key !== ':@') return key;
    return undefined;
}

function textOf(items: unknown): string {
    let s = '';
    for (const item of items as RawEntry[]) {
        const t = item['#text'];
        if (t !== undefined) s += String(t);
    }
    return s;
}

function build(entry: RawEntry, name: string, starts: number[]): XNode {
    const meta = (entry as unknown as Record<symbol, { startIndex?: number } | undefined>)[META];
    const node: XNode = { name, attrs: entry[':@'] ?? {}, children: [], text: '', line: lineAt(starts, meta?.startIndex ?? 0) };
    for (const child of entry[name] as RawEntry[]) {
        const tag = tagOf(child);
        if (tag === undefined || tag === '#comment') continue;
        if (tag === '#text') node.text += String(child['#text']);
        else if (tag === '#cdata') node.text += textOf(child['#cdata']);
        else node.children.push(build(child, tag, starts));
    }
    return node;
}

/**
 * The trees parsed in this process, by text (XNode trees are never modified after parsing): a test that checks many
 * copies of the project (test/check/planted.ts) parses each unchanged file once. Malformed text is not kept.
 */
const parsed = new Map<string, XNode>();

/**
 * Parse one XML document; returns its root element (the same tree for the same text: do not modify it). Throws
 * XmlSyntaxError (with line) on malformed input.
 */
export function parseXml(text: string): XNode {
    return kept(parsed, text, () => parseXmlText(text));
}

function parseXmlText(text: string): XNode {
    const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
    if (valid !== true) throw new XmlSyntaxError(`malformed XML: ${valid.err.msg}`, valid.err.line);
    let raw: RawEntry[];
    try {
        raw = parser.parse(text) as RawEntry[];
    } catch (error) {
        throw new XmlSyntaxError(`malformed XML: ${(error as Error).message}`, 1);
    }
    const starts = lineStarts(text);
    const roots = raw.filter((e) => {
        const tag = tagOf(e);
        return tag !== undefined && !tag.startsWith('#') && !tag.startsWith('?');
    });
    if (roots.length !== 1) throw new XmlSyntaxError(`malformed XML: expected exactly one root element, found ${roots.length}`, 1);
    const root = roots[0]!;
    return build(root, tagOf(root)!, starts);
}

/** Local name of a possibly prefixed tag. */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** First child with the given local name. */
export const child = (node: XNode, name: string): XNode | undefined => node.children.find((c) => localName(c.name) === name);

/** All children with the given local name. */
export const childrenNamed = (node: XNode, name: string): XNode[] => node.children.filter((c) => localName(c.name) === name);

/** Trimmed text of the first child with the given local name. */
export const childText = (node: XNode, name: string): string | undefined => {
    const c = child(node, name);
    return c === undefined ? undefined : c.text.trim();
};

/** Depth-first walk of every element under (and including) node. */
export function* walk(node: XNode): Generator<XNode> {
    yield node;
    for (const c of node.children) yield* walk(c);
}
