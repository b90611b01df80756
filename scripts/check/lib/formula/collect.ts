/**
 * Every formula in a project, with what the platform needs of it: formula fields and default values (result type = the
 * field's type), validation rules (boolean), flow formula resources (their `dataType`), flow entry conditions
 * (`start/filterFormula`, boolean), other flow `formulaExpression`s (screen validation, boolean) and report summary
 * formulas (`aggregates/calculatedFormula`, number). Flows also get their resources (variables, formulas, constants,
 * record lookups, …) and triggering object, for `{!name}` and `$Record` references.
 */
import { basename } from 'node:path';
import type { Inventory, XmlFile } from '../inventory.js';
import { child, childrenNamed, childText, localName, walk, type XNode } from '../xml.js';
import type { FType } from './functions.js';
import { type FlowEnv, type FlowResource, type FormulaSite, flowDataType } from './types.js';

const FIELD_RESULT: Record<string, FType> = {
    Checkbox: 'Boolean',
    Number: 'Number',
    Currency: 'Number',
    Percent: 'Number',
    Text: 'Text',
    TextArea: 'Text',
    LongTextArea: 'Text',
    Html: 'Text',
    Email: 'Text',
    Phone: 'Text',
    Url: 'Text',
    Date: 'Date',
    DateTime: 'DateTime',
    Time: 'Time'
};

export function collectFormulas(inv: Inventory): FormulaSite[] {
    const sites: FormulaSite[] = [];
    for (const x of inv.xml) {
        switch (localName(x.root.name)) {
            case 'CustomField':
                fieldSites(x, sites);
                break;
            case 'ValidationRule': {
                const el = child(x.root, 'errorConditionFormula');
                const object = objectOf(x.file);
                if (el !== undefined)
                    sites.push({
                        file: x.file,
                        line: el.line,
                        text: el.text,
                        what: `validation rule ${object ?? ''}.${childText(x.root, 'fullName') ?? basename(x.file).replace(/\..*$/, '')}`,
                        context: 'validationRule',
                        object,
                        expected: 'Boolean',
                        expectedAs: 'a Boolean (true = show the error)'
                    });
                break;
            }
            case 'Flow':
                flowSites(x, sites);
                break;
            case 'Report':
                for (const agg of childrenNamed(x.root, 'aggregates')) {
                    const el = child(agg, 'calculatedFormula');
                    if (el === undefined) continue;
                    sites.push({
                        file: x.file,
                        line: el.line,
                        text: el.text,
                        what: `report ${basename(x.file).replace(/\.report-meta\.xml$/, '')} summary formula ${childText(agg, 'developerName') ?? ''}`,
                        context: 'reportFormula',
                        expected: 'Number',
                        expectedAs: childText(agg, 'datatype')
                    });
                }
                break;
        }
    }
    return sites;
}

function objectOf(file: string): string | undefined {
    const parts = file.split(/[\\/]/);
    const i = parts.lastIndexOf('objects');
    return i === -1 ? undefined : parts[i + 1];
}

function fieldSites(x: XmlFile, sites: FormulaSite[]): void {
    const object = objectOf(x.file);
    const name = childText(x.root, 'fullName') ?? basename(x.file).replace(/\.field-meta\.xml$/, '');
    const type = childText(x.root, 'type') ?? '';
    const formula = child(x.root, 'formula');
    if (formula !== undefined) {
        sites.push({
            file: x.file,
            line: formula.line,
            text: formula.text,
            what: `formula field ${object ?? ''}.${name}`,
            context: 'formulaField',
            object,
            expected: FIELD_RESULT[type],
            expectedAs: type
        });
    }
    const dv = child(x.root, 'defaultValue');
    if (dv !== undefined && dv.text.trim() !== '') {
        sites.push({
            file: x.file,
            line: dv.line,
            text: dv.text,
            what: `default value of ${object ?? ''}.${name}`,
            context: 'defaultValue',
            object,
            expected: FIELD_RESULT[type],
            expectedAs: type
        });
    }
}

/** A flow's resources and triggering object. */
export function flowEnv(root: XNode): FlowEnv {
    const resources = new Map<string, FlowResource>();
    const add = (r: FlowResource): void => {
        resources.set(r.name.toLowerCase(), r);
    };
    // Every named element can be referenced ({!Screen_Field}, {!Loop_Item}, {!Get_Records}); untyped unless known below.
    for (const el of root.children) {
        const n = childText(el, 'name');
        if (n !== undefined) add({ name: n, type: 'Any', collection: false });
        for (const f of walk(el)) {
            if (localName(f.name) === 'fields' && childText(f, 'name') !== undefined && childText(f, 'fieldType') !== undefined)
                add({ name: childText(f, 'name')!, type: 'Any', collection: false });
        }
    }
    for (const v of childrenNamed(root, 'variables')) {
        const dataType = childText(v, 'dataType');
        add({
            name: childText(v, 'name') ?? '',
            type: dataType === 'SObject' ? 'Any' : flowDataType(dataType),
            object: dataType === 'SObject' ? childText(v, 'objectType') : undefined,
            collection: childText(v, 'isCollection') === 'true'
        });
    }
    for (const tag of ['formulas', 'constants']) {
        for (const f of childrenNamed(root, tag))
            add({ name: childText(f, 'name') ?? '', type: flowDataType(childText(f, 'dataType')), collection: false });
    }
    for (const t of childrenNamed(root, 'textTemplates')) add({ name: childText(t, 'name') ?? '', type: 'Text', collection: false });
    for (const l of childrenNamed(root, 'recordLookups')) {
        if (childText(l, 'storeOutputAutomatically') !== 'true') continue;
        add({
            name: childText(l, 'name') ?? '',
            type: 'Any',
            object: childText(l, 'object'),
            collection: childText(l, 'getFirstRecordOnly') !== 'true'
        });
    }
    const start = child(root, 'start');
    const triggerType = start === undefined ? undefined : childText(start, 'triggerType');
    const recordObject = start !== undefined && /^Record/.test(triggerType ?? '') ? childText(start, 'object') : undefined;
    return { recordObject, resources };
}

function flowSites(x: XmlFile, sites: FormulaSite[]): void {
    const flowName = basename(x.file).replace(/\.flow-meta\.xml$/, '');
    const env = flowEnv(x.root);
    for (const f of childrenNamed(x.root, 'formulas')) {
        const el = child(f, 'expression');
        if (el === undefined) continue;
        const dataType = childText(f, 'dataType');
        const expected = flowDataType(dataType);
        sites.push({
            file: x.file,
            line: el.line,
            text: el.text,
            what: `flow ${flowName} formula ${childText(f, 'name') ?? ''}`,
            context: 'flowFormula',
            expected: expected === 'Any' ? undefined : expected,
            expectedAs: dataType,
            flow: env
        });
    }
    const start = child(x.root, 'start');
    const entry = start === undefined ? undefined : child(start, 'filterFormula');
    if (entry !== undefined) {
        sites.push({
            file: x.file,
            line: entry.line,
            text: entry.text,
            what: `flow ${flowName} entry condition`,
            context: 'flowEntry',
            expected: 'Boolean',
            flow: env
        });
    }
    for (const n of walk(x.root)) {
        if (localName(n.name) !== 'formulaExpression') continue;
        sites.push({
            file: x.file,
            line: n.line,
            text: n.text,
            what: `flow ${flowName} formula expression`,
            context: 'flowFormula',
            expected: 'Boolean',
            flow: env
        });
    }
}
