/**
 * Text integrity of metadata: the text inside elements is what users read and what the platform evaluates, so a
 * formatter or a hand edit that wraps it changes the product.
 *
 * - `text-line-break`: no line break inside text shown as one line in the UI or in Setup: custom label values and
 *   short descriptions, labels (field, object, picklist value, list view, layout section, flow element, …), help
 *   text, error messages, descriptions.
 * - `text-rewrap`: in formulas and flow expressions, a line break is harmless only between tokens: one inside a string
 *   literal, between the two characters of an operator (`<` `=`) or inside a `{!merge}` reference changes the meaning
 *   (or breaks it), exactly what a re-wrapping formatter does.
 */
import type { XmlFile } from './inventory.js';
import { localName, walk, type XNode } from './xml.js';

export interface TextFinding {
    file: string;
    line: number;
    rule: 'text-line-break' | 'text-rewrap';
    /** The words around the break, the break shown as ⏎. */
    token: string;
    message: string;
}

/** Elements shown on one line (element → what users call it). `value` only in CustomLabels. */
const ONE_LINE: Record<string, string> = {
    label: 'label',
    pluralLabel: 'plural label',
    masterLabel: 'label',
    relationshipLabel: 'relationship label',
    shortDescription: 'label short description',
    inlineHelpText: 'help text',
    errorMessage: 'error message',
    description: 'description',
    interviewLabel: 'interview label',
    title: 'title'
};

/** Formula-bearing elements (parsed with the formula grammar's token rules). */
const FORMULA = new Set(['formula', 'errorConditionFormula', 'expression', 'filterFormula', 'formulaExpression', 'calculatedFormula']);
/** Flow texts that carry `{!merge}` references. */
const MERGE_TEXT = new Set(['stringValue', 'text', 'interviewLabel', 'errorMessage', 'label', 'fieldText', 'helpText']);

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '==', '&&', '||']);

function around(text: string, at: number): string {
    const before = /(\S{0,20})\s*$/.exec(text.slice(0, at))?.[1] ?? '';
    const after = /^\s*(\S{0,20})/.exec(text.slice(at))?.[1] ?? '';
    return `${before}⏎${after}`;
}

function lineOfOffset(el: XNode, text: string, at: number): number {
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
    return el.line + n;
}

/** Offsets of line breaks that change a formula's meaning, with why. */
export function meaningfulBreaks(text: string): { at: number; why: string }[] {
    const out: { at: number; why: string }[] = [];
    let quote: string | undefined;
    let inComment = false;
    let inMerge = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (inComment) {
            if (c === '*' && text[i + 1] === '/') {
                inComment = false;
                i++;
            }
            continue;
        }
        if (quote !== undefined) {
            if (c === '\\') i++;
            else if (c === quote) quote = undefined;
            else if (c === '\n' || c === '\r') {
                out.push({
                    at: i,
                    why: 'a line break inside a string literal (the literal is broken: a syntax error, and the text would change)'
                });
                quote = undefined;
            }
            continue;
        }
        if (inMerge) {
            if (c === '}') inMerge = false;
            else if (c === '\n') out.push({ at: i, why: 'a line break inside a {!merge} reference' });
            continue;
        }
        if (c === '"' || c === "'") quote = c;
        else if (c === '/' && text[i + 1] === '*') {
            inComment = true;
            i++;
        } else if (c === '{' && text[i + 1] === '!') inMerge = true;
        else if (c === '\n') {
            const before = /(\S)\s*$/.exec(text.slice(0, i))?.[1] ?? '';
            const after = /^\s*(\S)/.exec(text.slice(i))?.[1] ?? '';
            if (TWO_CHAR_OPS.has(before + after))
                out.push({ at: i, why: `a line break inside the operator ${before + after} (it becomes two tokens: a syntax error)` });
        }
    }
    return out;
}

/** Line breaks inside `{!…}` of a plain text (flow string values, templates). */
function mergeBreaks(text: string): number[] {
    const out: number[] = [];
    for (const m of text.matchAll(/\{![^}]*\}/g)) {
        const inner = m[0].indexOf('\n');
        if (inner !== -1) out.push(m.index + inner);
    }
    return out;
}

export function lintText(files: XmlFile[]): TextFinding[] {
    const findings: TextFinding[] = [];
    for (const x of files) {
        const rootType = localName(x.root.name);
        for (const el of walk(x.root)) {
            if (el.children.length > 0 || el === x.root) continue;
            const tag = localName(el.name);
            const text = el.text;
            const oneLine = ONE_LINE[tag] ?? (rootType === 'CustomLabels' && tag === 'value' ? 'custom label value' : undefined);
            if (oneLine !== undefined) {
                const at = text.trim() === '' ? -1 : text.trim().search(/[\r\n]/);
                if (at !== -1) {
                    const offset = text.indexOf(text.trim()) + at;
                    findings.push({
                        file: x.file,
                        line: lineOfOffset(el, text, offset),
                        rule: 'text-line-break',
                        token: around(text, offset),
                        message: `line break inside a ${oneLine} <${tag}>: users see it as written (write the text on one line)`
                    });
                    continue;
                }
            }
            if (FORMULA.has(tag)) {
                for (const b of meaningfulBreaks(text))
                    findings.push({
                        file: x.file,
                        line: lineOfOffset(el, text, b.at),
                        rule: 'text-rewrap',
                        token: around(text, b.at),
                        message: `<${tag}>: ${b.why}; re-wrapping changed the meaning`
                    });
            } else if (rootType === 'Flow' && MERGE_TEXT.has(tag)) {
                for (const at of mergeBreaks(text))
                    findings.push({
                        file: x.file,
                        line: lineOfOffset(el, text, at),
                        rule: 'text-rewrap',
                        token: around(text, at),
                        message: `<${tag}>: a line break inside a {!merge} reference; re-wrapping changed the meaning`
                    });
            }
        }
    }
    return findings;
}
