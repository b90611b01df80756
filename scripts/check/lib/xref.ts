/**
 * The cross-reference layer: names used in one file must exist in the project (or in the standard-field list).
 * Every finding is `file:line: message`.
 */
import { basename } from 'node:path';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { Inventory, stripApex, type FieldInfo, type ObjectInfo, type XmlFile } from './inventory.js';
import { didYouMean } from './text.js';
import { child, childrenNamed, childText, localName, walk, type XNode } from './xml.js';

export interface XrefFinding {
    file: string;
    line: number;
    message: string;
}

const lc = (s: string): string => s.toLowerCase();
const isCustomName = (s: string): boolean => /__(c|mdt|e|x|b|r)$/i.test(s);
const isNamespaced = (s: string): boolean => /^[A-Za-z][A-Za-z0-9]*__[A-Za-z].*__[a-z]+$/i.test(s);
const lineOf = (text: string, offset: number): number => {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
};

/** FlexiPage type → the LWC target a component needs to be placed on it. */
const PAGE_TARGETS: Record<string, string> = {
    RecordPage: 'lightning__RecordPage',
    AppPage: 'lightning__AppPage',
    HomePage: 'lightning__HomePage',
    UtilityBar: 'lightning__UtilityBar',
    CommAppPage: 'lightningCommunity__Page',
    CommObjectPage: 'lightningCommunity__Page',
    CommRecordPage: 'lightningCommunity__Page',
    CommThemeLayoutPage: 'lightningCommunity__Page',
    CommQuickActionCreatePage: 'lightningCommunity__Page',
    CommSearchResultPage: 'lightningCommunity__Page',
    CommForgotPasswordPage: 'lightningCommunity__Page',
    CommLoginPage: 'lightningCommunity__Page',
    CommSelfRegisterPage: 'lightningCommunity__Page'
};

const UTILITY_BAR_PROPERTIES = new Set(['eager', 'height', 'icon', 'label', 'scrollable', 'width']);

export class XrefChecker {
    readonly findings: XrefFinding[] = [];

    constructor(readonly inv: Inventory) {}

    private add(file: string, line: number, message: string): void {
        this.findings.push({ file, line, message });
    }

    run(): XrefFinding[] {
        for (const x of this.inv.xml) this.xmlFile(x);
        for (const s of this.inv.apex) this.apex(s.file, s.text);
        for (const s of this.inv.lwcSources) this.lwcSource(s.file, s.text);
        this.relationshipNamesUnique();
        this.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
        return this.findings;
    }

    // ---------- resolution helpers ----------

    /** Report an unknown object; returns the object when it exists. */
    private obj(file: string, line: number, name: string, what: string): ObjectInfo | undefined {
        if (name === '' || isNamespaced(name)) return undefined;
        const o = this.inv.object(name);
        if (o === undefined) {
            const candidates = [...this.inv.objects.values()].map((x) => x.name);
            this.add(file, line, `${what}: object ${name} does not exist${didYouMean(name, candidates)}`);
        }
        return o;
    }

    /**
     * Resolve a dotted field path (`Field__c`, `Account__r.Name`, `Owner.Email`) from an object. Reports the first segment that
     * does not resolve; stops quietly at objects outside the inventory and at polymorphic hops.
     */
    private path(file: string, line: number, objectName: string, path: string, what: string): FieldInfo | undefined {
        let o = this.inv.object(objectName);
        const segs = path.split('.');
        for (let i = 0; i < segs.length; i++) {
            const seg = segs[i]!;
            if (o === undefined) return undefined;
            if (isNamespaced(seg)) return undefined;
            const last = i === segs.length - 1;
            if (o.open && o.fields.get(lc(seg)) === undefined) return undefined;
            if (last) {
                const f = o.fields.get(lc(seg));
                if (f === undefined) {
                    this.add(
                        file,
                        line,
                        `${what}: field ${o.name}.${seg} does not exist${didYouMean(
                            seg,
                            [...o.fields.values()].map((x) => x.name)
                        )}`
                    );
                }
                return f;
            }
            // A hop: Foo__r → Foo__c, Owner → OwnerId (standard lookups), or a standard relationship field named like the object.
            const field: FieldInfo | undefined = /__r$/i.test(seg)
                ? o.fields.get(lc(seg.replace(/__r$/i, '__c')))
                : (o.fields.get(lc(`${seg}Id`)) ?? o.fields.get(lc(seg)));
            if (field === undefined || field.referenceTo.length === 0) {
                const rels = [...o.fields.values()]
                    .filter((f) => f.referenceTo.length > 0)
                    .map((f) => (/__c$/i.test(f.name) ? f.name.replace(/__c$/i, '__r') : f.name.replace(/Id$/, '')));
                this.add(file, line, `${what}: ${o.name} has no relationship ${seg} (in ${path})${didYouMean(seg, rels)}`);
                return undefined;
            }
            if (field.referenceTo.length !== 1) return undefined;
            o = this.inv.object(field.referenceTo[0]!);
        }
        return undefined;
    }

    private exists(set: Set<string>, name: string): boolean {
        return set.has(lc(name));
    }

    private need(set: Set<string>, file: string, line: number, name: string, what: string): void {
        // Skip empty and namespaced names (ns__Thing, ns__Thing__c): they live in an installed package.
        if (name === '' || isNamespaced(name) || (/^[A-Za-z0-9]+__[A-Za-z]/.test(name) && !isCustomName(name))) return;
        if (!this.exists(set, name)) this.add(file, line, `${what} ${name} does not exist`);
    }

    // ---------- XML metadata ----------

    private xmlFile(x: XmlFile): void {
        const type = localName(x.root.name);
        const name = basename(x.file).replace(/\.[A-Za-z]+-meta\.xml$/, '');
        const parts = x.file.split(/[\\/]/);
        const objIdx = parts.lastIndexOf('objects');
        const objectName = objIdx !== -1 ? parts[objIdx + 1] : undefined;
        switch (type) {
            case 'PermissionSet':
            case 'Profile':
                return this.permissionSet(x);
            case 'Flow':
                return this.flow(x);
            case 'FlexiPage':
                return this.flexipage(x);
            case 'CustomField':
                if (objectName !== undefined) this.customField(x, objectName);
                return;
            case 'ValidationRule':
                if (objectName !== undefined) {
                    this.formula(x.file, child(x.root, 'errorConditionFormula'), objectName, `validation rule ${name}`);
                    const df = childText(x.root, 'errorDisplayField');
                    if (df !== undefined && df !== '')
                        this.path(x.file, child(x.root, 'errorDisplayField')!.line, objectName, df, 'errorDisplayField');
                }
                return;
            case 'ListView':
                if (objectName !== undefined) this.listView(x, objectName);
                return;
            case 'CompactLayout':
                if (objectName !== undefined)
                    for (const f of childrenNamed(x.root, 'fields'))
                        this.path(x.file, f.line, objectName, f.text.trim(), 'compact layout field');
                return;
            case 'FieldSet':
                if (objectName !== undefined) {
                    for (const s of [...childrenNamed(x.root, 'displayedFields'), ...childrenNamed(x.root, 'availableFields')]) {
                        const f = child(s, 'field');
                        if (f !== undefined) this.path(x.file, f.line, objectName, f.text.trim(), 'field set field');
                    }
                }
                return;
            case 'RecordType':
                if (objectName !== undefined) this.recordType(x, objectName);
                return;
            case 'Layout':
                return this.layout(x, name);
            case 'CustomTab':
                return this.tab(x, name);
            case 'CustomApplication':
                return this.app(x);
            case 'Dashboard':
                return this.dashboard(x);
            case 'Report':
                return this.report(x);
            case 'ReportType':
                return this.reportType(x);
            case 'CustomMetadata':
                return this.cmdtRecord(x, name);
            case 'CustomObject':
                for (const f of childrenNamed(x.root, 'fields')) this.customField({ file: x.file, root: f }, name);
                return;
        }
    }

    private permissionSet(x: XmlFile): void {
        const { file, root } = x;
        for (const fp of childrenNamed(root, 'fieldPermissions')) {
            const el = child(fp, 'field');
            const ref = el?.text.trim() ?? '';
            const dot = ref.indexOf('.');
            if (el === undefined || dot < 0) continue;
            const o = this.obj(file, el.line, ref.slice(0, dot), `fieldPermissions ${ref}`);
            if (o === undefined) continue;
            const f = this.path(file, el.line, o.name, ref.slice(dot + 1), `fieldPermissions`);
            if (f === undefined) continue;
            if (f.formula && childText(fp, 'editable') === 'true') {
                this.add(
                    file,
                    child(fp, 'editable')!.line,
                    `fieldPermissions ${ref}: ${f.type === 'Summary' || f.type === 'AutoNumber' ? f.type : 'formula'} field cannot be editable`
                );
            }
            if (f.required && f.file !== undefined) {
                this.add(
                    file,
                    el.line,
                    `fieldPermissions ${ref}: ${f.type === 'MasterDetail' ? 'master-detail' : 'required'} fields cannot appear in a permission set (access is implied)`
                );
            }
        }
        for (const op of childrenNamed(root, 'objectPermissions')) {
            const el = child(op, 'object');
            if (el === undefined) continue;
            this.obj(file, el.line, el.text.trim(), 'objectPermissions');
            const flag = (n: string): boolean => childText(op, n) === 'true';
            const deps: [string, string[]][] = [
                ['allowCreate', ['allowRead']],
                ['allowEdit', ['allowRead']],
                ['allowDelete', ['allowRead', 'allowEdit']],
                ['viewAllRecords', ['allowRead']],
                ['modifyAllRecords', ['allowRead', 'allowEdit', 'allowDelete', 'viewAllRecords']]
            ];
            for (const [perm, needs] of deps) {
                if (!flag(perm)) continue;
                const missing = needs.filter((n) => !flag(n));
                if (missing.length > 0)
                    this.add(file, child(op, perm)!.line, `objectPermissions ${el.text.trim()}: ${perm} depends on ${missing.join(', ')}`);
            }
        }
        for (const ca of childrenNamed(root, 'classAccesses')) {
            const el = child(ca, 'apexClass');
            if (el !== undefined) this.need(new Set(this.inv.classes.keys()), file, el.line, el.text.trim(), 'classAccesses: Apex class');
        }
        for (const ts of childrenNamed(root, 'tabSettings')) {
            const el = child(ts, 'tab');
            const tab = el?.text.trim() ?? '';
            if (el !== undefined && !tab.startsWith('standard-')) this.need(this.inv.tabs, file, el.line, tab, 'tabSettings: tab');
        }
        for (const av of childrenNamed(root, 'applicationVisibilities')) {
            const el = child(av, 'application');
            const app = el?.text.trim() ?? '';
            if (el !== undefined && !app.startsWith('standard__'))
                this.need(this.inv.apps, file, el.line, app, 'applicationVisibilities: app');
        }
        for (const cp of childrenNamed(root, 'customPermissions')) {
            const el = child(cp, 'name');
            if (el !== undefined)
                this.need(this.inv.customPermissions, file, el.line, el.text.trim(), 'customPermissions: custom permission');
        }
        for (const pa of childrenNamed(root, 'pageAccesses')) {
            const el = child(pa, 'apexPage');
            if (el !== undefined) this.need(this.inv.pages, file, el.line, el.text.trim(), 'pageAccesses: Visualforce page');
        }
        for (const rt of childrenNamed(root, 'recordTypeVisibilities')) {
            const el = child(rt, 'recordType');
            const ref = el?.text.trim() ?? '';
            const dot = ref.indexOf('.');
            if (el === undefined || dot < 0) continue;
            const o = this.obj(file, el.line, ref.slice(0, dot), `recordTypeVisibilities ${ref}`);
            if (o !== undefined && o.inProject && !o.recordTypes.has(lc(ref.slice(dot + 1))))
                this.add(file, el.line, `recordTypeVisibilities: record type ${ref} does not exist`);
        }
        for (const cm of childrenNamed(root, 'customMetadataTypeAccesses')) {
            const el = child(cm, 'name');
            if (el !== undefined) this.obj(file, el.line, el.text.trim(), 'customMetadataTypeAccesses');
        }
    }

    // ---------- flows ----------

    private flow(x: XmlFile): void {
        const { file, root } = x;
        const names = new Set<string>();
        const nodes = new Set<string>();
        const NODE_KINDS = new Set([
            'actionCalls',
            'apexPluginCalls',
            'assignments',
            'collectionProcessors',
            'customErrors',
            'decisions',
            'loops',
            'orchestratedStages',
            'recordCreates',
            'recordDeletes',
            'recordLookups',
            'recordRollbacks',
            'recordUpdates',
            'screens',
            'steps',
            'subflows',
            'transforms',
            'waits',
            'exitRules'
        ]);
        for (const c of root.children) {
            const n = childText(c, 'name');
            if (n === undefined) continue;
            names.add(n);
            if (NODE_KINDS.has(localName(c.name))) nodes.add(n);
            for (const r of [...childrenNamed(c, 'rules'), ...childrenNamed(c, 'waitEvents')]) {
                const rn = childText(r, 'name');
                if (rn !== undefined) names.add(rn);
            }
        }
        const start = child(root, 'start');
        const startObject = start === undefined ? undefined : childText(start, 'object');
        if (start !== undefined && startObject !== undefined) {
            const o = this.obj(file, child(start, 'object')!.line, startObject, 'flow start');
            if (o !== undefined) {
                for (const f of childrenNamed(start, 'filters')) {
                    const fe = child(f, 'field');
                    if (fe !== undefined) this.path(file, fe.line, o.name, fe.text.trim(), 'flow start filter');
                }
            }
        }
        // Connectors → existing elements.
        for (const n of walk(root)) {
            if (localName(n.name) !== 'targetReference') continue;
            const t = n.text.trim();
            if (t !== '' && !nodes.has(t))
                this.add(file, n.line, `flow connector targets ${t}, which is not an element of this flow${didYouMean(t, nodes)}`);
        }
        for (const kind of ['recordLookups', 'recordCreates', 'recordUpdates', 'recordDeletes']) {
            for (const el of childrenNamed(root, kind)) {
                const objEl = child(el, 'object');
                if (objEl === undefined) continue;
                const o = this.obj(file, objEl.line, objEl.text.trim(), `flow ${kind} ${childText(el, 'name') ?? ''}`);
                if (o === undefined) continue;
                for (const group of ['filters', 'inputAssignments', 'outputAssignments']) {
                    for (const g of childrenNamed(el, group)) {
                        const fe = child(g, 'field');
                        if (fe !== undefined)
                            this.path(file, fe.line, o.name, fe.text.trim(), `flow ${kind} ${childText(el, 'name') ?? ''} ${group}`);
                    }
                }
                for (const q of childrenNamed(el, 'queriedFields'))
                    this.path(file, q.line, o.name, q.text.trim(), `flow ${kind} ${childText(el, 'name') ?? ''} queriedFields`);
                const sortField = child(el, 'sortField');
                if (sortField !== undefined) this.path(file, sortField.line, o.name, sortField.text.trim(), `flow ${kind} sortField`);
            }
        }
        for (const ac of childrenNamed(root, 'actionCalls')) {
            if (childText(ac, 'actionType') !== 'apex') continue;
            const an = child(ac, 'actionName');
            const cls = an?.text.trim() ?? '';
            if (an === undefined || cls === '' || isNamespaced(cls) || cls.includes('.')) continue;
            const info = this.inv.classes.get(lc(cls));
            if (info === undefined)
                this.add(
                    file,
                    an.line,
                    `flow apex action ${childText(ac, 'name') ?? ''}: Apex class ${cls} does not exist${didYouMean(
                        cls,
                        [...this.inv.classes.values()].map((c) => c.name)
                    )}`
                );
            else if (!info.invocable)
                this.add(file, an.line, `flow apex action ${childText(ac, 'name') ?? ''}: Apex class ${cls} has no @InvocableMethod`);
        }
        for (const sf of childrenNamed(root, 'subflows')) {
            const fn = child(sf, 'flowName');
            if (fn !== undefined) this.need(this.inv.flows, file, fn.line, fn.text.trim(), 'subflow: flow');
        }
        // Screen components: extensionName c:foo / foo → project LWC or Aura.
        for (const n of walk(root)) {
            if (localName(n.name) !== 'extensionName') continue;
            const ext = n.text.trim();
            const m = /^(?:c:)?([A-Za-z]\w*)$/.exec(ext);
            if (m === null || !ext.startsWith('c:')) continue;
            if (!this.inv.lwc.has(m[1]!) && !this.inv.aura.has(lc(m[1]!)))
                this.add(file, n.line, `flow screen component ${ext} is not a project LWC or Aura bundle`);
        }
        // $Record paths, $Permission, $Label, $CustomMetadata in every text value.
        for (const n of walk(root)) {
            if (n.children.length > 0 || n.text.trim() === '') continue;
            const tag = localName(n.name);
            const isExpression = tag === 'expression' || tag === 'formulaExpression' || tag === 'text' || tag === 'stringValue';
            this.globalRefs(file, n.line, n.text, startObject, isExpression ? 'flow formula' : `flow <${tag}>`, tag !== 'stringValue');
        }
    }

    /** `$Permission.X`, `$Label.X`, `$CustomMetadata.T.R.F`, `$Setup.X.F`, `$User.F`, `$Record.Path` references inside a text. */
    private globalRefs(
        file: string,
        baseLine: number,
        text: string,
        recordObject: string | undefined,
        what: string,
        recordRefs: boolean
    ): void {
        const re = /\{?!?(\$[A-Za-z_]+)\.([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)/g;
        for (const m of text.matchAll(re)) {
            const line = baseLine + lineOf(text, m.index) - 1;
            const g = m[1]!;
            const rest = m[2]!;
            const segs = rest.split('.');
            switch (lc(g)) {
                case '$permission':
                    this.need(this.inv.customPermissions, file, line, segs[0]!, `${what}: $Permission → custom permission`);
                    break;
                case '$label':
                    if (segs[0] === 'c' && segs[1] !== undefined)
                        this.need(this.inv.labels, file, line, segs[1], `${what}: $Label.c → custom label`);
                    else if (segs.length === 1) this.need(this.inv.labels, file, line, segs[0]!, `${what}: $Label → custom label`);
                    break;
                case '$custommetadata': {
                    const o = this.obj(file, line, segs[0]!, `${what}: $CustomMetadata`);
                    if (o !== undefined && segs[1] !== undefined) {
                        const recs = this.inv.cmdtRecords.get(lc(o.name));
                        if (recs !== undefined && !recs.has(lc(segs[1])))
                            this.add(
                                file,
                                line,
                                `${what}: $CustomMetadata record ${o.name}.${segs[1]} does not exist${didYouMean(lc(segs[1]), recs)}`
                            );
                        if (segs[2] !== undefined) this.path(file, line, o.name, segs[2], `${what}: $CustomMetadata`);
                    }
                    break;
                }
                case '$setup': {
                    const o = this.obj(file, line, segs[0]!, `${what}: $Setup`);
                    if (o !== undefined && segs[1] !== undefined) this.path(file, line, o.name, segs.slice(1).join('.'), `${what}: $Setup`);
                    break;
                }
                case '$user':
                    if (segs.some((s) => /__[cr]$/i.test(s))) this.path(file, line, 'User', rest, `${what}: $User`);
                    break;
                case '$record':
                case '$record__prior':
                    if (recordRefs && recordObject !== undefined) this.path(file, line, recordObject, rest, `${what}: ${g}`);
                    break;
            }
        }
    }

    // ---------- FlexiPages ----------

    private flexipage(x: XmlFile): void {
        const { file, root } = x;
        const pageType = childText(root, 'type') ?? '';
        const target = PAGE_TARGETS[pageType];
        const sobEl = child(root, 'sobjectType');
        const sobject = sobEl?.text.trim();
        if (sobEl !== undefined && sobject !== undefined && sobject !== '') this.obj(file, sobEl.line, sobject, 'FlexiPage sobjectType');
        for (const n of walk(root)) {
            const tag = localName(n.name);
            if (tag === 'componentInstance') this.flexiComponent(file, n, target, pageType);
            else if (tag === 'fieldItem' && sobject !== undefined) {
                const ref = n.text.trim();
                if (ref.startsWith('Record.')) this.path(file, n.line, sobject, ref.slice('Record.'.length), 'FlexiPage fieldItem');
            }
        }
    }

    private flexiComponent(file: string, ci: XNode, target: string | undefined, pageType: string): void {
        const el = child(ci, 'componentName');
        const raw = el?.text.trim() ?? '';
        if (el === undefined || raw === '') return;
        const colon = raw.indexOf(':');
        if (colon !== -1 && raw.slice(0, colon) !== 'c') return; // force:, flexipage:, runtime_*: platform components
        const bundle = raw.slice(colon + 1);
        const lwc = this.inv.lwc.get(bundle);
        if (lwc === undefined) {
            if (!this.inv.aura.has(lc(bundle)))
                this.add(
                    file,
                    el.line,
                    `FlexiPage component ${raw} is not a project LWC or Aura bundle${didYouMean(bundle, this.inv.lwc.keys())}`
                );
            return;
        }
        if (!lwc.isExposed)
            this.add(
                file,
                el.line,
                `FlexiPage component ${raw}: LWC ${bundle} is not exposed (isExposed is not true in ${bundle}.js-meta.xml)`
            );
        if (target !== undefined && !lwc.targets.has(target)) {
            this.add(file, el.line, `FlexiPage component ${raw}: LWC ${bundle} does not list target ${target} (needed on a ${pageType})`);
        }
        const props = target === undefined ? undefined : lwc.properties.get(target);
        // Properties the platform adds to every component in a utility bar.
        const platformProps = pageType === 'UtilityBar' ? UTILITY_BAR_PROPERTIES : new Set<string>();
        for (const p of childrenNamed(ci, 'componentInstanceProperties')) {
            const pn = child(p, 'name');
            const name = pn?.text.trim() ?? '';
            if (pn === undefined || name === '' || target === undefined) continue;
            if (platformProps.has(name)) continue;
            if (props === undefined || !props.has(name)) {
                this.add(
                    file,
                    pn.line,
                    `FlexiPage component ${raw}: property ${name} is not declared in a targetConfig for ${target} of ${bundle}${didYouMean(name, props ?? [])}`
                );
            }
        }
    }

    // ---------- objects ----------

    private customField(x: XmlFile, objectName: string): void {
        const { file, root } = x;
        const name = childText(root, 'fullName') ?? basename(file).replace(/\.field-meta\.xml$/, '');
        for (const r of childrenNamed(root, 'referenceTo'))
            this.obj(file, r.line, r.text.trim(), `field ${objectName}.${name} referenceTo`);
        const vsn = (() => {
            const vs = child(root, 'valueSet');
            return vs === undefined ? undefined : child(vs, 'valueSetName');
        })();
        if (vsn !== undefined)
            this.need(this.inv.globalValueSets, file, vsn.line, vsn.text.trim(), `field ${objectName}.${name}: global value set`);
        const sfk = child(root, 'summaryForeignKey');
        if (sfk !== undefined) {
            const [childObj, fk] = sfk.text.trim().split('.');
            const o = this.obj(file, sfk.line, childObj ?? '', `roll-up ${objectName}.${name} summaryForeignKey`);
            if (o !== undefined && fk !== undefined) {
                const f = this.path(file, sfk.line, o.name, fk, `roll-up ${objectName}.${name} summaryForeignKey`);
                if (f !== undefined && f.type !== 'MasterDetail' && f.file !== undefined)
                    this.add(file, sfk.line, `roll-up ${objectName}.${name}: ${sfk.text.trim()} is not a master-detail field`);
            }
            const sf = child(root, 'summarizedField');
            if (sf !== undefined && o !== undefined) {
                const [, field] = sf.text.trim().split('.');
                if (field !== undefined) this.path(file, sf.line, o.name, field, `roll-up ${objectName}.${name} summarizedField`);
            }
        }
        this.formula(file, child(root, 'formula'), objectName, `formula ${objectName}.${name}`);
        const dv = child(root, 'defaultValue');
        if (dv !== undefined) this.formula(file, dv, objectName, `default value ${objectName}.${name}`);
    }

    /** Field tokens in a formula: `X__c`, `Rel__r.X__c`, `Account.Industry` hops, `$…` globals, ISPICKVAL values. */
    private formula(file: string, el: XNode | undefined, objectName: string, what: string): void {
        if (el === undefined) return;
        const raw = el.text;
        const text = stripFormula(raw);
        this.globalRefs(
            file,
            el.line,
            raw.replace(/"[^"]*"|'[^']*'/g, (s) => ' '.repeat(s.length)),
            undefined,
            what,
            false
        );
        const re = /(?<![\w$.])([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)*)(?!\s*\()/g;
        for (const m of text.matchAll(re)) {
            const tok = m[1]!;
            const segs = tok.split('.');
            if (!segs.some((s) => /__[cr]$/i.test(s))) continue;
            const line = el.line + lineOf(raw, m.index) - 1;
            this.path(file, line, objectName, tok, what);
        }
        // ISPICKVAL(Field__c, 'Value') → value in the field's value set.
        for (const m of raw.matchAll(/ISPICKVAL\s*\(\s*([A-Za-z][\w.]*)\s*,\s*(["'])(.*?)\2\s*\)/gi)) {
            const f = this.inv.field(objectName, m[1]!);
            if (f?.picklistValues !== undefined && !f.picklistValues.includes(m[3]!)) {
                this.add(
                    file,
                    el.line + lineOf(raw, m.index) - 1,
                    `${what}: '${m[3]}' is not a value of picklist ${objectName}.${f.name}${didYouMean(m[3]!, f.picklistValues)}`
                );
            }
        }
    }

    private listView(x: XmlFile, objectName: string): void {
        const { file, root } = x;
        const check = (el: XNode): void => {
            const ref = el.text.trim();
            if (!/__c$/i.test(ref)) return; // standard columns use legacy tokens (ACCOUNT.NAME, CORE.USERS.ALIAS)
            const segs = ref.split('.');
            const field = segs.pop()!;
            const obj = segs.length > 0 && this.inv.object(segs.join('.')) !== undefined ? segs.join('.') : objectName;
            this.path(file, el.line, obj, field, 'list view');
        };
        for (const c of childrenNamed(root, 'columns')) check(c);
        for (const f of childrenNamed(root, 'filters')) {
            const fe = child(f, 'field');
            if (fe !== undefined) check(fe);
        }
    }

    private recordType(x: XmlFile, objectName: string): void {
        for (const pv of childrenNamed(x.root, 'picklistValues')) {
            const pe = child(pv, 'picklist');
            if (pe === undefined) continue;
            const f = this.path(x.file, pe.line, objectName, pe.text.trim(), 'record type picklist');
            if (f?.picklistValues === undefined) continue;
            for (const v of childrenNamed(pv, 'values')) {
                const vn = child(v, 'fullName');
                const value = vn === undefined ? '' : decodeURIComponent(vn.text.trim());
                if (vn !== undefined && !f.picklistValues.includes(value))
                    this.add(x.file, vn.line, `record type: '${value}' is not a value of picklist ${objectName}.${f.name}`);
            }
        }
    }

    private layout(x: XmlFile, name: string): void {
        const objectName = name.slice(0, name.indexOf('-'));
        if (objectName === '' || this.obj(x.file, x.root.line, objectName, `layout ${name}`) === undefined) return;
        for (const n of walk(x.root)) {
            const tag = localName(n.name);
            if (tag === 'layoutItems') {
                const f = child(n, 'field');
                if (f !== undefined) this.path(x.file, f.line, objectName, f.text.trim(), 'layout field');
            } else if (tag === 'relatedLists') {
                const rl = child(n, 'relatedList');
                const ref = rl?.text.trim() ?? '';
                const m = /^([A-Za-z]\w*__c)\.([A-Za-z]\w*__c)$/.exec(ref);
                if (rl !== undefined && m !== null) {
                    const o = this.obj(x.file, rl.line, m[1]!, 'layout related list');
                    if (o !== undefined) this.path(x.file, rl.line, o.name, m[2]!, 'layout related list');
                }
                for (const f of childrenNamed(n, 'fields')) {
                    const t = f.text.trim();
                    if (m !== null && /__c$/i.test(t)) this.path(x.file, f.line, m[1]!, t, 'layout related list column');
                }
            }
        }
    }

    private tab(x: XmlFile, name: string): void {
        const { file, root } = x;
        if (childText(root, 'customObject') === 'true') this.obj(file, child(root, 'customObject')!.line, name, 'object tab');
        const lwc = child(root, 'lwcComponent');
        if (lwc !== undefined && !this.inv.lwc.has(lwc.text.trim())) this.add(file, lwc.line, `tab: LWC ${lwc.text.trim()} does not exist`);
        const fp = child(root, 'flexiPage');
        if (fp !== undefined) this.need(this.inv.flexipages, file, fp.line, fp.text.trim(), 'tab: FlexiPage');
        const page = child(root, 'page');
        if (page !== undefined) this.need(this.inv.pages, file, page.line, page.text.trim(), 'tab: Visualforce page');
    }

    private app(x: XmlFile): void {
        const { file, root } = x;
        for (const t of childrenNamed(root, 'tabs')) {
            const tab = t.text.trim();
            if (!tab.startsWith('standard-') && !this.inv.tabs.has(lc(tab)))
                this.add(file, t.line, `app tab ${tab} does not exist${didYouMean(lc(tab), this.inv.tabs)}`);
        }
        const ub = child(root, 'utilityBar');
        if (ub !== undefined) this.need(this.inv.flexipages, file, ub.line, ub.text.trim(), 'app utilityBar: FlexiPage');
        for (const n of walk(root)) {
            if (localName(n.name) !== 'actionOverrides' && localName(n.name) !== 'profileActionOverrides') continue;
            if (childText(n, 'type') !== 'Flexipage') continue;
            const c = child(n, 'content');
            if (c !== undefined) this.need(this.inv.flexipages, file, c.line, c.text.trim(), 'app action override: FlexiPage');
            const p = child(n, 'pageOrSobjectType');
            if (p !== undefined && p.text.trim() !== 'standard-home') this.obj(file, p.line, p.text.trim(), 'app action override');
        }
    }

    private dashboard(x: XmlFile): void {
        for (const n of walk(x.root)) {
            if (localName(n.name) !== 'report') continue;
            const r = n.text.trim();
            if (r !== '' && !this.inv.reports.has(lc(r)))
                this.add(x.file, n.line, `dashboard component report ${r} does not exist${didYouMean(lc(r), this.inv.reports)}`);
        }
    }

    private report(x: XmlFile): void {
        const { file, root } = x;
        const rtEl = child(root, 'reportType');
        const rt = rtEl?.text.trim() ?? '';
        let baseObject: string | undefined;
        if (rtEl !== undefined) {
            if (rt.includes('$')) {
                const objs = rt.split('$').slice(1);
                for (const o of objs) this.obj(file, rtEl.line, o, `report type ${rt}`);
                baseObject = objs[0];
            } else if (/__c$/i.test(rt)) {
                const crt = this.inv.reportTypes.get(lc(rt.replace(/__c$/i, '')));
                if (crt === undefined)
                    this.add(
                        file,
                        rtEl.line,
                        `report type ${rt} does not exist (no reportTypes/${rt.replace(/__c$/i, '')}.reportType-meta.xml)`
                    );
                else baseObject = childText(crt, 'baseObject');
            }
        }
        for (const c of childrenNamed(root, 'columns')) {
            const f = child(c, 'field');
            const ref = f?.text.trim() ?? '';
            if (f === undefined || !/__c$/i.test(ref)) continue;
            const segs = ref.split(/[.$]/);
            const field = segs.pop()!;
            const objName = segs.length > 0 && this.inv.object(segs[segs.length - 1]!) !== undefined ? segs[segs.length - 1]! : baseObject;
            if (objName !== undefined) this.path(file, f.line, objName, field, `report column ${ref}`);
        }
    }

    private reportType(x: XmlFile): void {
        const { file, root } = x;
        const be = child(root, 'baseObject');
        const base = be === undefined ? undefined : this.obj(file, be.line, be.text.trim(), 'report type baseObject');
        if (base === undefined) return;
        // Tables: baseObject, then baseObject.Rel__r (a join) …
        const tableObject = (table: string): string | undefined => {
            const segs = table.split('.');
            let o: ObjectInfo | undefined = this.inv.object(segs[0]!);
            for (const s of segs.slice(1)) {
                if (o === undefined) return undefined;
                const childName = o.children.get(lc(s));
                o = childName === undefined ? undefined : this.inv.object(childName);
            }
            return o?.name;
        };
        for (const n of walk(root)) {
            if (localName(n.name) === 'relationship' && n.children.length === 0) {
                const rel = n.text.trim();
                if (/__r$/i.test(rel) && ![...this.inv.objects.values()].some((o) => o.children.has(lc(rel))))
                    this.add(file, n.line, `report type join: child relationship ${rel} does not exist`);
            }
            if (localName(n.name) !== 'columns') continue;
            const f = child(n, 'field');
            const t = childText(n, 'table');
            if (f === undefined || t === undefined) continue;
            const o = tableObject(t);
            if (o !== undefined) this.path(file, f.line, o, f.text.trim(), `report type column (table ${t})`);
        }
    }

    private cmdtRecord(x: XmlFile, name: string): void {
        const dot = name.indexOf('.');
        if (dot < 0) return;
        const type = `${name.slice(0, dot)}__mdt`;
        const o = this.obj(x.file, x.root.line, type, `custom metadata record ${name}`);
        if (o === undefined) return;
        for (const v of childrenNamed(x.root, 'values')) {
            const f = child(v, 'field');
            if (f !== undefined) this.path(x.file, f.line, o.name, f.text.trim(), `custom metadata record ${name}`);
        }
    }

    private relationshipNamesUnique(): void {
        const seen = new Map<string, FieldInfo>();
        for (const o of this.inv.objects.values()) {
            for (const f of o.fields.values()) {
                if (f.relationshipName === undefined || f.file === undefined) continue;
                for (const t of f.referenceTo) {
                    const key = `${lc(t)}|${lc(f.relationshipName)}`;
                    const prev = seen.get(key);
                    if (prev !== undefined)
                        this.add(
                            f.file,
                            f.line ?? 1,
                            `There is already a Child Relationship named ${f.relationshipName} on ${t} (${prev.file ?? prev.name})`
                        );
                    else seen.set(key, f);
                }
            }
        }
    }

    // ---------- Apex ----------

    private apex(file: string, text: string): void {
        const code = stripApex(text);
        // Inline SOQL.
        for (const q of findSoql(code)) this.soql(file, lineOf(code, q.start), q.text, code);
        // Schema.SObjectType.X.fields.Y and SObjectType.X.fields.Y (not a method of the field map: .fields.getMap())
        for (const m of code.matchAll(/\b(?:Schema\.)?SObjectType\.([A-Za-z]\w*)(?:\.fields\.([A-Za-z]\w*)(?!\w|\s*\())?/g)) {
            const line = lineOf(code, m.index);
            const o = this.obj(file, line, m[1]!, 'Apex SObjectType');
            if (o !== undefined && m[2] !== undefined) this.path(file, line, o.name, m[2], 'Apex SObjectType field');
        }
        // Obj.Field tokens (Account.ABM_Tier__c, ABM_Seller__c.Role__c): exact-case object names only, so variables don't match.
        for (const m of code.matchAll(/(?<![\w.])([A-Za-z]\w*)\.([A-Za-z]\w*__c)\b(?!\s*\()/g)) {
            const o = this.inv.object(m[1]!);
            if (o === undefined || o.name !== m[1]) continue;
            this.path(file, lineOf(code, m.index), o.name, m[2]!, 'Apex field token');
        }
        // Custom object types: new X__c(...), List<X__c>, X__c.SObjectType.
        for (const m of code.matchAll(/(?:\bnew\s+|<\s*(?:[\w.]+\s*,\s*)?)([A-Za-z]\w*__(?:c|mdt|e))\s*(?=[(>[])/g))
            this.obj(file, lineOf(code, m.index), m[1]!, 'Apex type');
        for (const m of code.matchAll(/\bnew\s+([A-Za-z]\w*__c)\s*\(([^()]*)\)/g)) {
            for (const a of m[2]!.matchAll(/([A-Za-z]\w*__c)\s*=/g))
                this.path(file, lineOf(code, m.index + m[0].indexOf(a[0])), m[1]!, a[1]!, 'Apex sObject constructor');
        }
    }

    private soql(file: string, line: number, query: string, code: string): void {
        void code;
        let parsed;
        const text = query.replace(/\b(LIMIT|OFFSET)\s*:\s*[\w.()]+/gi, '$1 1');
        try {
            // ignoreParseErrors must be passed explicitly: otherwise the library rebuilds its parser (≈40 ms) on every call.
            parsed = parseQuery(text, {
                allowApexBindVariables: true,
                allowPartialQuery: false,
                ignoreParseErrors: false,
                logErrors: false
            });
        } catch {
            // Fallback: FROM object + custom field tokens.
            const from = /\bFROM\s+([A-Za-z]\w*)/i.exec(text)?.[1];
            if (from === undefined) return;
            const o = this.obj(file, line, from, 'SOQL FROM');
            if (o === undefined) return;
            for (const m of text.matchAll(/(?<![\w.:])([A-Za-z]\w*(?:\.[A-Za-z]\w*)*__c)\b/g))
                this.path(file, line + lineOf(text, m.index) - 1, o.name, m[1]!, 'SOQL');
            return;
        }
        this.soqlQuery(file, line, text, parsed as unknown as Record<string, unknown>, undefined);
    }

    private soqlQuery(file: string, line: number, text: string, q: Record<string, unknown>, objectName: string | undefined): void {
        let objName = objectName;
        if (typeof q.sObject === 'string') {
            const o = this.obj(
                file,
                line + lineOf(text, text.search(new RegExp(`\\bFROM\\s+${q.sObject}\\b`, 'i'))) - 1,
                q.sObject,
                'SOQL FROM'
            );
            if (o === undefined) return;
            objName = o.name;
        }
        if (objName === undefined) return;
        const at = (token: string): number => {
            const i = text.indexOf(token);
            return i < 0 ? line : line + lineOf(text, i) - 1;
        };
        const field = (p: string): void => {
            if (p === '' || /[(:]/.test(p) || /^(Id|COUNT)$/i.test(p)) return;
            this.path(file, at(p), objName, p, 'SOQL');
        };
        const visit = (node: unknown): void => {
            if (Array.isArray(node)) {
                node.forEach(visit);
                return;
            }
            if (node === null || typeof node !== 'object') return;
            const n = node as Record<string, unknown>;
            if (n.type === 'FieldSubquery') {
                const sub = n.subquery as Record<string, unknown>;
                const rel = String(sub.relationshipName ?? '');
                const parent = this.inv.object(objName);
                const childObj = parent?.children.get(lc(rel));
                if (childObj === undefined) {
                    if (parent !== undefined && !parent.open && (/__r$/i.test(rel) || parent.inProject || parent.children.size > 0)) {
                        this.add(
                            file,
                            at(rel),
                            `SOQL: ${parent.name} has no child relationship ${rel}${didYouMean(rel, [...parent.children.keys()])}`
                        );
                    }
                    return;
                }
                this.soqlQuery(file, line, text, { ...sub, sObject: undefined }, childObj);
                return;
            }
            if (n.valueQuery !== undefined) {
                this.soqlQuery(file, line, text, n.valueQuery as Record<string, unknown>, undefined);
            }
            if (n.type === 'FieldTypeof') return;
            if (n.type === 'Field' && typeof n.field === 'string') field(n.field);
            else if (n.type === 'FieldRelationship' && typeof n.rawValue === 'string') field(n.rawValue);
            else if (n.type === 'FieldFunctionExpression' && Array.isArray(n.parameters)) {
                if (lc(String(n.functionName)) !== 'fields') for (const p of n.parameters) if (typeof p === 'string') field(p);
            } else if (typeof n.field === 'string' && n.type === undefined) field(n.field);
            if (n.fn !== undefined) visit(n.fn);
            for (const key of ['fields', 'where', 'having', 'left', 'right', 'orderBy', 'groupBy']) if (n[key] !== undefined) visit(n[key]);
            if (Array.isArray(n.parameters) && n.type === undefined) for (const p of n.parameters) if (typeof p === 'string') field(p);
        };
        for (const key of ['fields', 'where', 'having', 'orderBy', 'groupBy']) visit(q[key]);
    }

    // ---------- LWC ----------

    private lwcSource(file: string, text: string): void {
        const at = (i: number): number => lineOf(text, i);
        if (file.endsWith('.js')) {
            for (const m of text.matchAll(
                /(?:from\s+|import\s*\(\s*|jest\.mock\(\s*)['"](@salesforce\/[a-zA-Z]+\/[^'"]+|c\/[^'"]+)['"]/g
            )) {
                this.lwcImport(file, at(m.index), m[1]!);
            }
        } else {
            const html = text.replace(/<!--[\s\S]*?-->/g, (s) => s.replace(/[^\n]/g, ' '));
            for (const m of html.matchAll(/<c-([a-z0-9-]+)[\s/>]/g)) {
                const bundle = m[1]!.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
                if (!this.inv.lwc.has(bundle))
                    this.add(file, at(m.index), `<c-${m[1]}>: LWC ${bundle} does not exist${didYouMean(bundle, this.inv.lwc.keys())}`);
            }
        }
    }

    private lwcImport(file: string, line: number, spec: string): void {
        if (spec.startsWith('c/')) {
            const bundle = spec.slice(2).split('/')[0]!;
            if (!this.inv.lwc.has(bundle))
                this.add(file, line, `import ${spec}: LWC module ${bundle} does not exist${didYouMean(bundle, this.inv.lwc.keys())}`);
            return;
        }
        const [, kind, rest] = /^@salesforce\/([a-zA-Z]+)\/(.*)$/.exec(spec) ?? [];
        if (kind === undefined || rest === undefined) return;
        const what = `import ${spec}`;
        switch (kind) {
            case 'schema': {
                const [objName, ...path] = rest.split('.');
                const o = this.obj(file, line, objName!, what);
                if (o !== undefined && path.length > 0) this.path(file, line, o.name, path.join('.'), what);
                break;
            }
            case 'apex': {
                const parts = rest.split('.');
                if (parts.length !== 2) return; // namespaced or malformed
                const [cls, method] = parts as [string, string];
                const info = this.inv.classes.get(lc(cls));
                if (info === undefined)
                    this.add(
                        file,
                        line,
                        `${what}: Apex class ${cls} does not exist${didYouMean(
                            cls,
                            [...this.inv.classes.values()].map((c) => c.name)
                        )}`
                    );
                else if (!info.auraEnabledStatic.has(method)) {
                    const why = info.auraEnabledNonStatic.has(method)
                        ? 'is @AuraEnabled but not static'
                        : 'is not an @AuraEnabled static method';
                    this.add(file, line, `${what}: ${cls}.${method} ${why}${didYouMean(method, info.auraEnabledStatic)}`);
                }
                break;
            }
            case 'label':
                if (rest.startsWith('c.')) this.need(this.inv.labels, file, line, rest.slice(2), `${what}: custom label`);
                break;
            case 'customPermission':
                if (!rest.includes('.')) this.need(this.inv.customPermissions, file, line, rest, `${what}: custom permission`);
                break;
            case 'resourceUrl':
                this.need(this.inv.staticResources, file, line, rest, `${what}: static resource`);
                break;
            case 'messageChannel':
                this.need(this.inv.messageChannels, file, line, rest.replace(/__c$/, ''), `${what}: message channel`);
                break;
        }
    }
}

/** Blank formula string literals and comments (offsets kept). */
function stripFormula(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, (s) => s.replace(/[^\n]/g, ' '));
}

/** Inline SOQL in stripped Apex: `[SELECT … ]` with bracket balancing. */
export function findSoql(code: string): { start: number; text: string }[] {
    const out: { start: number; text: string }[] = [];
    const re = /\[\s*SELECT\b/gi;
    for (const m of code.matchAll(re)) {
        let depth = 0;
        let end = -1;
        for (let i = m.index; i < code.length; i++) {
            if (code[i] === '[') depth++;
            else if (code[i] === ']' && --depth === 0) {
                end = i;
                break;
            }
        }
        if (end > 0) out.push({ start: m.index, text: code.slice(m.index + 1, end) });
    }
    return out;
}

export { buildInventory } from './inventory.js';
