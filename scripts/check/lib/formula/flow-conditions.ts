/**
 * Flow conditions are typed comparisons, not formulas, but they go wrong the same way: a decision rule or a record
 * filter that compares a number field with a text value, orders booleans, or tests IsNull with a non-boolean, is rejected
 * when the flow is saved or deployed. Checked here: decision/wait/loop `<conditions>` (`leftValueReference` against
 * `rightValue`) and the `<filters>` of the start element and of record elements (`field` of the element's object against
 * `value`).
 */
import { basename } from 'node:path';
import type { Inventory, XmlFile } from '../inventory.js';
import { child, childrenNamed, childText, localName, walk, type XNode } from '../xml.js';
import type { FType } from './functions.js';
import { flowEnv } from './collect.js';
import { type FlowEnv, type FormulaFinding, flowRefType, objectFieldType } from './types.js';
import { pushAll } from '../../../core/arrays.js';

const ORDERED = new Set(['GreaterThan', 'GreaterThanOrEqualTo', 'LessThan', 'LessThanOrEqualTo']);
const TEXTUAL = new Set(['Contains', 'StartsWith', 'EndsWith']);
const BOOLEAN_RIGHT = new Set(['IsNull', 'IsChanged', 'IsBlank', 'WasSet', 'WasSelected', 'WasVisited']);

/** The type of a `<rightValue>` / `<value>` element. */
function valueType(
    inv: Inventory,
    env: FlowEnv,
    value: XNode,
    file: string,
    what: string,
    out: FormulaFinding[]
): { type: FType; text: string } | undefined {
    const v = value.children[0];
    if (v === undefined) return undefined;
    const text = v.text.trim();
    switch (localName(v.name)) {
        case 'stringValue':
            return { type: 'Text', text: `"${text}"` };
        case 'numberValue':
            return { type: 'Number', text };
        case 'booleanValue':
            return { type: 'Boolean', text };
        case 'dateValue':
            return { type: 'Date', text };
        case 'dateTimeValue':
            return { type: 'DateTime', text };
        case 'elementReference': {
            const r = flowRefType(inv, env, text, file, v.line, what);
            pushAll(out, r.findings);
            return { type: r.type, text };
        }
        default:
            return undefined;
    }
}

function compatible(left: FType, right: FType): boolean {
    if (left === 'Any' || right === 'Any' || left === 'Null' || right === 'Null') return true;
    const norm = (t: FType): FType => (t === 'Picklist' || t === 'MultiPicklist' ? 'Text' : t);
    return norm(left) === norm(right);
}

function check(
    left: { type: FType; text: string },
    operator: string,
    right: { type: FType; text: string } | undefined,
    at: { file: string; line: number; what: string },
    out: FormulaFinding[]
): void {
    const add = (message: string): void => {
        out.push({ file: at.file, line: at.line, rule: 'formula-type', token: operator, message: `${at.what}: ${message}` });
    };
    if (right === undefined) return;
    if (BOOLEAN_RIGHT.has(operator)) {
        if (!compatible('Boolean', right.type))
            add(`${left.text} ${operator} needs a Boolean value (true/false), received ${right.type} (${right.text})`);
        return;
    }
    if (ORDERED.has(operator) && ['Boolean', 'Picklist', 'MultiPicklist'].includes(left.type)) {
        add(`${operator} is not defined for ${left.type} (${left.text})`);
        return;
    }
    if (TEXTUAL.has(operator) && !['Text', 'Picklist', 'MultiPicklist', 'Any'].includes(left.type)) {
        add(`${operator} needs a text field, ${left.text} is ${left.type}`);
        return;
    }
    if (operator === 'In' || operator === 'NotIn') return;
    if (!compatible(left.type, right.type))
        add(`condition ${left.text} ${operator} ${right.text} compares ${left.type} with ${right.type}`);
}

export function checkFlowConditions(inv: Inventory, x: XmlFile): FormulaFinding[] {
    if (localName(x.root.name) !== 'Flow') return [];
    const out: FormulaFinding[] = [];
    const env = flowEnv(x.root);
    const flowName = basename(x.file).replace(/\.flow-meta\.xml$/, '');
    for (const c of [...walk(x.root)].filter((n) => localName(n.name) === 'conditions')) {
        const leftEl = child(c, 'leftValueReference');
        const operator = childText(c, 'operator') ?? '';
        if (leftEl === undefined) continue;
        const what = `flow ${flowName} condition`;
        const left = flowRefType(inv, env, leftEl.text.trim(), x.file, leftEl.line, what);
        pushAll(out, left.findings);
        const rv = child(c, 'rightValue');
        const right = rv === undefined ? undefined : valueType(inv, env, rv, x.file, what, out);
        check({ type: left.type, text: leftEl.text.trim() }, operator, right, { file: x.file, line: c.line, what }, out);
    }
    const filterHolders: { el: XNode; object: string | undefined; what: string }[] = [];
    const start = child(x.root, 'start');
    if (start !== undefined) filterHolders.push({ el: start, object: childText(start, 'object'), what: `flow ${flowName} start filter` });
    for (const tag of ['recordLookups', 'recordUpdates', 'recordDeletes']) {
        for (const el of childrenNamed(x.root, tag))
            filterHolders.push({ el, object: childText(el, 'object'), what: `flow ${flowName} ${childText(el, 'name') ?? tag} filter` });
    }
    for (const h of filterHolders) {
        if (h.object === undefined) continue;
        for (const f of childrenNamed(h.el, 'filters')) {
            const fieldEl = child(f, 'field');
            if (fieldEl === undefined) continue;
            const field = fieldEl.text.trim();
            const type = objectFieldType(inv, h.object, field);
            if (type === undefined) {
                out.push({
                    file: x.file,
                    line: fieldEl.line,
                    rule: 'formula-reference',
                    token: field,
                    message: `${h.what}: field ${h.object}.${field} does not exist`
                });
                continue;
            }
            const value = child(f, 'value');
            const right = value === undefined ? undefined : valueType(inv, env, value, x.file, h.what, out);
            check({ type, text: field }, childText(f, 'operator') ?? '', right, { file: x.file, line: f.line, what: h.what }, out);
        }
    }
    return out;
}
