/**
 * Platform rules the Metadata API schema cannot express (../shared/ORG-REVIEW.md, item by item; docs/checks.md lists
 * which items only an org can prove). Each rule reads the files as the platform does and names file, line and token:
 *
 * - `owner-on-detail`: the detail side of a master-detail has no owner: no OwnerId / Owner.* in its layouts, compact
 *   layouts, list views, search layouts, report types, reports, Apex SOQL, LWC schema imports or flows.
 * - `cmdt-long-text-getinstance`: `getInstance()` / `getAll()` on a custom metadata type return only the first 255
 *   characters of its long text area fields: Apex that reads such a field from them gets a cut value.
 * - `profile-by-name`: standard profile names are translated in non-English orgs; Apex must not find a profile by Name.
 * - `label-copy-in-test`: an Apex test that compares with a hand copy of a custom label's text breaks when the label
 *   changes (or is translated); compare with System.Label.X.
 * - `without-sharing-why`: a `without sharing` class says why in its ApexDoc (the project's security rule).
 * - `slds-component-hook`: SLDS 2 (Cosmos) ignores component styling hooks (`--slds-c-*`) set by a component.
 * - `stale-cacheable-wire`: a component on a record page (exposed there, or rendered inside one) that wires cacheable
 *   Apex with reactive parameters shows stale data after a contact or task is saved in a standard form, or the record
 *   is edited, unless a RefreshView provider or a getRecord wire handler calls refreshApex / notifyRecordUpdateAvailable
 *   (a refreshApex after the component's own save does not count).
 * - `imperative-cacheable-call`: a cacheable Apex method called imperatively is answered from the client cache for the
 *   same arguments, so it shows pre-save data after any mutation, and refreshApex cannot refresh it.
 * - `unbound-refresh-handler`: a RefreshView handler passed as `this.method` runs without the component as `this` under
 *   Lightning Locker (orgs with Lightning Web Security off), so it throws instead of refreshing; bind it or use an arrow.
 * - `dynamic-dashboard-limit`: dashboards running as the logged-in user are limited per edition (Developer Edition and
 *   scratch orgs: 3, Enterprise: 5); the project may not ship more than its scratch org's edition allows.
 * - `detail-edit-without-master-edit`: with writeRequiresMasterRead false, editing a detail record needs edit access on
 *   its master: a permission set that grants create/edit on a detail of a custom master must grant edit on the master.
 * - `settings-without-mock`: the org's ABM settings record (ABM_Setting.Default) is the admin's own and a deploy never
 *   overwrites it, so an Apex test that runs a class reading `AbmSettingSelector.getDefault()` (directly or through
 *   the classes it calls) must mock the settings (`AbmSettingSelector.useMock`) or it fails once an admin tunes them.
 *   Setting `X.bypassOverride` (the trigger seam) or reading a constant (`X.DEFAULT_POOL`) does not count as running X.
 *   The selector's own test may read the live record, but a test method that reads it (getDefault, webmailDomains,
 *   hostingDomains) without a mock may not look for a value shipped in force-app-settings' ABM_Setting.Default.
 * - `org-job-count-in-test`: AsyncApexJob and CronTrigger are org data that tests see (the org's own nightly and weekly
 *   runs): a test that counts them must bind the Ids it started (`Id = :jobId`, `Id NOT IN :before`).
 * - `schedule-off-dispatcher`: a pending scheduled job locks its class (and, Salesforce Help 000384960, the classes it
 *   uses) against deploys; production code schedules every job on the dispatcher AbmScheduledJob, which names its
 *   worker as a string (Type.forName), so only that small, stable class is locked.
 * - `duplicate-alert-save`: an org's duplicate rules (the standard Lead, Contact and Account rules are active in every
 *   new org, Allow with an alert) make Apex DML refuse a record that matches another one with DUPLICATES_DETECTED, even
 *   an update that changes no matching field, unless the save passes DMLOptions with DuplicateRuleHeader.allowSave. So
 *   production Apex that inserts, updates or upserts Lead, Contact or Account records (a DML statement or a
 *   Database.insert/update/upsert call) passes AbmSaveResults.partialSaveAllowingDuplicates() /
 *   allOrNoneSaveAllowingDuplicates() or options whose DuplicateRuleHeader.allowSave it sets to true, or says on the
 *   line (or the line above) `// honours duplicate rules: why`. The record type comes from `new T(`, `new List<T>`
 *   or the variable's declaration in the file (List/Set/Map/array of T, or T); a generic SObject list is not followed.
 *   Test classes are out of scope (their inserts create test data; a duplicate there fails the test, not a user).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { type Inventory, stripApex } from './inventory.js';
import { child, childrenNamed, childText, localName, walk, type XNode } from './xml.js';
import { findSoql } from './xref.js';
import { readLwcJs } from './lwc-js.js';
import { pushAll } from '../../core/arrays.js';

export type PlatformRule =
    | 'owner-on-detail'
    | 'cmdt-long-text-getinstance'
    | 'profile-by-name'
    | 'label-copy-in-test'
    | 'without-sharing-why'
    | 'slds-component-hook'
    | 'stale-cacheable-wire'
    | 'imperative-cacheable-call'
    | 'unbound-refresh-handler'
    | 'dynamic-dashboard-limit'
    | 'detail-edit-without-master-edit'
    | 'settings-without-mock'
    | 'org-job-count-in-test'
    | 'schedule-off-dispatcher'
    | 'duplicate-alert-save';

export interface PlatformFinding {
    file: string;
    line: number;
    rule: PlatformRule;
    token: string;
    message: string;
}

const lc = (s: string): string => s.toLowerCase();
const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

/** Dynamic dashboards allowed per edition (Salesforce Help, "Dynamic Dashboards"). */
const DYNAMIC_DASHBOARDS: Record<string, number> = { developer: 3, enterprise: 5, unlimited: 10, performance: 10, professional: 3 };

/** Reading the org's settings record, and the test of the selector itself (which may read the live record). */
const SETTINGS_READ = /\bAbmSettingSelector\s*\.\s*getDefault\s*\(/;
const SETTINGS_MOCK = /\bAbmSettingSelector\s*\.\s*useMock\s*\(/;
const SETTINGS_SELECTOR_TEST = 'AbmSettingSelectorTest';

/** Objects with standard duplicate rules active by default (Salesforce Help, "Standard Duplicate Rules"). */
const DUPLICATE_RULE_OBJECTS = new Set(['lead', 'contact', 'account']);
const ALLOW_SAVE_HELPER = /\bAbmSaveResults\s*\.\s*(?:partialSaveAllowingDuplicates|allOrNoneSaveAllowingDuplicates)\s*\(/i;
const HONOURS_DUPLICATE_RULES = /\/\/.*\bhonou?rs duplicate rules\b/i;

const OWNER_TOKEN = /^(OwnerId|Owner\..+|OWNER\..+|CORE\.USERS\..+|Owner)$/i;

export class PlatformRules {
    readonly findings: PlatformFinding[] = [];
    /** Detail objects (lower case) → their master-detail field. */
    private readonly details = new Map<string, { object: string; field: string; master: string; writeRequiresMasterRead: boolean }>();

    constructor(
        private readonly inv: Inventory,
        /** The project folder (for config/project-scratch-def.json and LWC CSS files). */
        private readonly projectDir: string
    ) {
        for (const x of inv.xml) {
            if (localName(x.root.name) !== 'CustomField' || childText(x.root, 'type') !== 'MasterDetail') continue;
            const object = objectOf(x.file);
            if (object === undefined) continue;
            this.details.set(lc(object), {
                object,
                field: childText(x.root, 'fullName') ?? '',
                master: childText(x.root, 'referenceTo') ?? '',
                writeRequiresMasterRead: childText(x.root, 'writeRequiresMasterRead') === 'true'
            });
        }
    }

    private add(file: string, line: number, rule: PlatformRule, token: string, message: string): void {
        this.findings.push({ file, line, rule, token, message });
    }

    run(): PlatformFinding[] {
        for (const x of this.inv.xml) this.xml(x.file, x.root);
        for (const s of this.inv.apex) this.apex(s.file, s.text);
        this.settingsMocks();
        for (const s of this.inv.lwcSources) if (s.file.endsWith('.js')) this.lwcJs(s.file, s.text);
        this.lwcCss();
        this.dashboards();
        this.findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
        return this.findings;
    }

    private detail(object: string | undefined): { object: string; field: string } | undefined {
        return object === undefined ? undefined : this.details.get(lc(object));
    }

    private ownerMessage(object: string, where: string): string {
        const d = this.details.get(lc(object))!;
        return `${where}: ${d.object} is the detail side of a master-detail (${d.field} → ${d.master}) and has no owner; records take the owner of their master (use ${d.field.replace(/__c$/, '__r')}.OwnerId)`;
    }

    // ---------- metadata XML ----------

    private xml(file: string, root: XNode): void {
        const type = localName(root.name);
        const object = objectOf(file);
        const ownerIn = (els: XNode[], where: string, obj: string | undefined): void => {
            if (this.detail(obj) === undefined) return;
            for (const el of els) {
                const t = el.text.trim();
                if (OWNER_TOKEN.test(t)) this.add(file, el.line, 'owner-on-detail', t, this.ownerMessage(obj!, where));
            }
        };
        switch (type) {
            case 'Layout': {
                const obj = basename(file).split('-')[0];
                const fields = [...walk(root)].filter((n) => localName(n.name) === 'layoutItems').flatMap((n) => childrenNamed(n, 'field'));
                ownerIn(fields, 'layout field', obj);
                break;
            }
            case 'CompactLayout':
                ownerIn(childrenNamed(root, 'fields'), 'compact layout field', object);
                break;
            case 'ListView':
                ownerIn(
                    [...childrenNamed(root, 'columns'), ...childrenNamed(root, 'filters').flatMap((f) => childrenNamed(f, 'field'))],
                    'list view column/filter',
                    object
                );
                break;
            case 'CustomObject': {
                const name = basename(file).replace(/\.object-meta\.xml$/, '');
                const sl = child(root, 'searchLayouts');
                if (sl !== undefined) ownerIn(sl.children, 'search layout field', name);
                break;
            }
            case 'ReportType':
                this.reportType(file, root);
                break;
            case 'Report':
                this.report(file, root);
                break;
            case 'Flow':
                this.flow(file, root);
                break;
            case 'PermissionSet':
                this.permissionSet(file, root);
                break;
        }
    }

    /** Report type columns `<table>` = a detail object (or a path ending at one) with an owner field. */
    private reportType(file: string, root: XNode): void {
        const tables = new Map<string, string>(); // table path (lower) → object
        const base = childText(root, 'baseObject') ?? '';
        tables.set(lc(base), base);
        let path = base;
        let object = base;
        for (let j = child(root, 'join'); j !== undefined; j = child(j, 'join')) {
            const rel = childText(j, 'relationship') ?? '';
            const target = this.inv.object(object)?.children.get(lc(rel)) ?? this.inv.object(object)?.children.get(lc(`${rel}`));
            path = `${path}.${rel}`;
            if (target === undefined) break;
            object = target;
            tables.set(lc(path), target);
        }
        for (const col of [...walk(root)].filter((n) => localName(n.name) === 'columns')) {
            const field = child(col, 'field');
            const table = childText(col, 'table') ?? '';
            const obj = tables.get(lc(table));
            if (field === undefined || obj === undefined || this.detail(obj) === undefined) continue;
            const f = field.text.trim();
            if (OWNER_TOKEN.test(f))
                this.add(file, field.line, 'owner-on-detail', f, this.ownerMessage(obj, `report type column ${table}.${f}`));
        }
    }

    /** Report columns/filters/groupings on a detail object: `Detail__c$Owner`, `Detail__c.Owner.Name`, `OWNER` on `CustomEntity$Detail__c`. */
    private report(file: string, root: XNode): void {
        const reportType = childText(root, 'reportType') ?? '';
        const m = /^CustomEntity\$(\w+)$/.exec(reportType);
        const entity = m?.[1];
        for (const n of walk(root)) {
            const tag = localName(n.name);
            if (!['field', 'column'].includes(tag) || n.children.length > 0) continue;
            const t = n.text.trim();
            // `Object$Owner`, `Object$OwnerId`, `Object.Owner.Name`, `Object$Owner.Name` (custom report types) …
            const typed = /^(\w+__c)[.$](Owner(?:Id)?)\b/i.exec(t);
            if (typed !== null && this.detail(typed[1]) !== undefined) {
                this.add(file, n.line, 'owner-on-detail', t, this.ownerMessage(typed[1]!, `report ${tag}`));
                continue;
            }
            // … and the standard report tokens (`OWNER`, `OWNER_ID`, `CUST_OWNER_NAME`) on a custom object report type.
            if (
                entity !== undefined &&
                this.detail(entity) !== undefined &&
                /^(OWNER|OWNER_ID|OWNER_NAME|CUST_OWNER(_\w+)?|Owner(Id)?)$/i.test(t)
            )
                this.add(file, n.line, 'owner-on-detail', t, this.ownerMessage(entity, `report ${tag}`));
        }
    }

    private flow(file: string, root: XNode): void {
        const start = child(root, 'start');
        const recordObject = start === undefined ? undefined : childText(start, 'object');
        if (this.detail(recordObject) !== undefined) {
            for (const n of walk(root)) {
                if (n.children.length > 0) continue;
                for (const m of n.text.matchAll(/\$Record(?:__Prior)?\.(OwnerId|Owner\.\w+)/gi))
                    this.add(
                        file,
                        n.line + lineAt(n.text, m.index) - 1,
                        'owner-on-detail',
                        m[0],
                        this.ownerMessage(recordObject!, 'flow $Record reference')
                    );
            }
        }
        for (const tag of ['recordLookups', 'recordUpdates', 'recordCreates', 'recordDeletes']) {
            for (const el of childrenNamed(root, tag)) {
                const obj = childText(el, 'object');
                if (this.detail(obj) === undefined) continue;
                const refs = [
                    ...childrenNamed(el, 'queriedFields'),
                    ...childrenNamed(el, 'filters').flatMap((f) => childrenNamed(f, 'field')),
                    ...childrenNamed(el, 'inputAssignments').flatMap((f) => childrenNamed(f, 'field')),
                    ...childrenNamed(el, 'outputAssignments').flatMap((f) => childrenNamed(f, 'field'))
                ];
                for (const r of refs) {
                    const t = r.text.trim();
                    if (OWNER_TOKEN.test(t)) this.add(file, r.line, 'owner-on-detail', t, this.ownerMessage(obj!, `flow ${tag}`));
                }
            }
        }
    }

    private permissionSet(file: string, root: XNode): void {
        const perms = new Map<string, XNode>();
        for (const op of childrenNamed(root, 'objectPermissions')) perms.set(lc(childText(op, 'object') ?? ''), op);
        for (const d of this.details.values()) {
            if (d.writeRequiresMasterRead) continue;
            const master = this.inv.object(d.master);
            if (master === undefined || master.standard) continue; // standard masters: edit usually comes from the profile
            const op = perms.get(lc(d.object));
            if (op === undefined || (childText(op, 'allowCreate') !== 'true' && childText(op, 'allowEdit') !== 'true')) continue;
            const mp = perms.get(lc(d.master));
            if (mp !== undefined && childText(mp, 'allowEdit') === 'true') continue;
            this.add(
                file,
                op.line,
                'detail-edit-without-master-edit',
                d.object,
                `grants create/edit on ${d.object}, but not edit on its master ${d.master}: with writeRequiresMasterRead false, editing a detail record needs edit access on the master record, so these users can't save ${d.object} records`
            );
        }
    }

    // ---------- Apex ----------

    private apex(file: string, text: string): void {
        const code = stripApex(text);
        const isTest = /@IsTest\b/i.test(code);
        for (const q of findSoql(code)) this.soql(file, lineAt(code, q.start), text.slice(q.start + 1, q.start + 1 + q.text.length));
        this.longTextCmdt(file, code);
        if (isTest) this.labelCopies(file, text, code);
        if (isTest) this.orgJobCounts(file, text, code);
        else this.scheduleOffDispatcher(file, code);
        if (!isTest) this.duplicateAlertSaves(file, text, code);
        this.withoutSharing(file, text, code);
    }

    /** Lead, Contact and Account DML without options that let alert-only duplicate rules pass. */
    private duplicateAlertSaves(file: string, text: string, code: string): void {
        const lines = text.split('\n');
        const check = (at: number, token: string, target: string, options: string[]): void => {
            const type = recordTypeOf(target, code, at);
            if (type === undefined || !DUPLICATE_RULE_OBJECTS.has(lc(type))) return;
            const allows = (o: string): boolean =>
                ALLOW_SAVE_HELPER.test(o) ||
                (/^\w+$/.test(o.trim()) &&
                    new RegExp(`\\b${o.trim()}\\s*\\.\\s*DuplicateRuleHeader\\s*\\.\\s*allowSave\\s*=\\s*true\\b`, 'i').test(code));
            if (options.some(allows)) return;
            const line = lineAt(code, at);
            if (HONOURS_DUPLICATE_RULES.test(lines[line - 1] ?? '') || HONOURS_DUPLICATE_RULES.test(lines[line - 2] ?? '')) return;
            this.add(
                file,
                line,
                'duplicate-alert-save',
                token,
                `${token} of ${type} records without DMLOptions that allow saving duplicates: an org's duplicate rule (the standard ${type} rule is active in new orgs, Allow with an alert) refuses an Apex save of a record that matches another one with DUPLICATES_DETECTED, even when no matching field changed; pass AbmSaveResults.partialSaveAllowingDuplicates() or allOrNoneSaveAllowingDuplicates() (DuplicateRuleHeader.allowSave = true), or mark the line '// honours duplicate rules: <why>'`
            );
        };
        // A DML statement at the start of a statement. The lookahead before the lookbehind only orders the (zero-width)
        // tests: the lookbehind then runs only where a keyword starts, not at every position of the class (50 × faster).
        for (const m of code.matchAll(/\b(?=insert|update|upsert)(?<=(?:^|[;{})]|\belse)\s*)(insert|update|upsert)\s+(?:as\s+(?:user|system)\s+)?([^;]+);/gim))
            check(m.index, m[1]!, m[2]!.trim().split(/\s+(?=[\w.]+$)/)[0]!, []);
        for (const m of code.matchAll(/\bDatabase\s*\.\s*(insert|update|upsert)\s*\(/gi)) {
            const args = topLevelArgs(code, m.index + m[0].length);
            if (args.length > 0) check(m.index, `Database.${m[1]!}`, args[0]!, args.slice(1));
        }
    }

    /** One inline query; `raw` is its unstripped text (string literals kept), starting on line `baseLine`. */
    private soql(file: string, baseLine: number, raw: string): void {
        // Profiles by name (the literal survives in `raw`, which is the unstripped query text).
        if (/\bFROM\s+Profile\b/i.test(raw)) {
            const m = /\bWHERE\b[\s\S]*?\b(Name)\s*(=|IN\b|LIKE\b)\s*('[^']*'|\([^)]*\)|:\s*\w+)/i.exec(raw);
            if (m !== null) {
                this.add(
                    file,
                    baseLine + lineAt(raw, m.index + m[0].indexOf(m[1]!)) - 1,
                    'profile-by-name',
                    `Name ${m[2]!} ${m[3]!}`.replace(/\s+/g, ' '),
                    'Profile looked up by Name: standard profile names are translated in non-English orgs ("Standard User" is "Standardbenutzer" in German); find it by UserLicense.Name or UserType, or give access with a permission set'
                );
            }
        }
        let parsed: Record<string, unknown>;
        try {
            parsed = parseQuery(raw.replace(/\b(LIMIT|OFFSET)\s*:\s*[\w.()]+/gi, '$1 1'), {
                allowApexBindVariables: true,
                allowPartialQuery: false,
                ignoreParseErrors: false,
                logErrors: false
            }) as unknown as Record<string, unknown>;
        } catch {
            return; // xref reports queries it cannot parse
        }
        this.ownerInQuery(file, baseLine, raw, parsed, typeof parsed.sObject === 'string' ? parsed.sObject : undefined);
    }

    private ownerInQuery(file: string, baseLine: number, raw: string, q: Record<string, unknown>, object: string | undefined): void {
        const names: string[] = [];
        for (const f of (q.fields as Record<string, unknown>[] | undefined) ?? []) {
            if (f.type === 'FieldSubquery') {
                const sub = f.subquery as Record<string, unknown>;
                const rel = typeof sub.relationshipName === 'string' ? sub.relationshipName : '';
                const childObject = object === undefined ? undefined : this.inv.object(object)?.children.get(lc(rel));
                this.ownerInQuery(file, baseLine, raw, sub, childObject);
                continue;
            }
            const v = typeof f.rawValue === 'string' ? f.rawValue : typeof f.field === 'string' ? f.field : undefined;
            if (v !== undefined) names.push(v);
        }
        const collect = (node: unknown): void => {
            if (Array.isArray(node)) node.forEach(collect);
            else if (node !== null && typeof node === 'object') {
                for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
                    if (k === 'field' && typeof v === 'string') names.push(v);
                    else if (k !== 'subquery' && k !== 'valueQuery') collect(v);
                }
            }
        };
        collect(q.where);
        collect(q.orderBy);
        collect(q.groupBy);
        if (this.detail(object) === undefined) return;
        for (const n of names) {
            if (!/^(OwnerId|Owner\.\w+)$/i.test(n)) continue;
            const at = raw.search(new RegExp(`(?<![\\w.])${n.replace('.', '\\.')}\\b`, 'i'));
            this.add(file, baseLine + (at === -1 ? 0 : lineAt(raw, at) - 1), 'owner-on-detail', n, this.ownerMessage(object!, 'SOQL'));
        }
    }

    private longTextCmdt(file: string, code: string): void {
        for (const m of code.matchAll(/\b(\w+__mdt)\s*\.\s*(getInstance|getAll)\s*\(/gi)) {
            const type = this.inv.object(m[1]!);
            if (type === undefined) continue;
            const longFields = [...type.fields.values()].filter((f) => f.type === 'LongTextArea').map((f) => f.name);
            const read = longFields.filter((f) => new RegExp(`\\.\\s*${f}\\b`, 'i').test(code));
            if (read.length === 0) continue;
            this.add(
                file,
                lineAt(code, m.index),
                'cmdt-long-text-getinstance',
                `${m[1]!}.${m[2]!}`,
                `${m[1]!}.${m[2]!}() returns only the first 255 characters of the long text area field${read.length === 1 ? '' : 's'} ${read.join(', ')} read in this file: query the record with SOQL (e.g. once, cached in a static) to get the whole value`
            );
        }
    }

    private labelCopies(file: string, text: string, code: string): void {
        const labels = this.labelValues();
        if (labels.size === 0) return;
        // String literals: positions from the stripped code (comments gone), contents from the text.
        for (const m of code.matchAll(/'([^'\n]*)'/g)) {
            const literal = text.slice(m.index + 1, m.index + m[0].length - 1).replace(/\\'/g, "'");
            if (literal.length < 12) continue;
            for (const [name, value] of labels) {
                const exact = value === literal;
                const copy = !exact && literal.length >= 20 && value.includes(literal);
                if (!exact && !copy) continue;
                this.add(
                    file,
                    lineAt(code, m.index),
                    'label-copy-in-test',
                    `'${literal.length > 40 ? `${literal.slice(0, 37)}...` : literal}'`,
                    `${exact ? 'a copy of' : 'part of'} custom label ${name}'s text: compare with System.Label.${name}${exact ? '' : " (or assert on a part that isn't user text)"}; a copy breaks when the label is reworded or translated`
                );
                break;
            }
        }
    }

    private labelCache: Map<string, string> | undefined;

    private labelValues(): Map<string, string> {
        if (this.labelCache !== undefined) return this.labelCache;
        this.labelCache = new Map();
        for (const x of this.inv.xml) {
            if (localName(x.root.name) !== 'CustomLabels') continue;
            for (const l of childrenNamed(x.root, 'labels'))
                this.labelCache.set(childText(l, 'fullName') ?? '', (child(l, 'value')?.text ?? '').trim());
        }
        return this.labelCache;
    }

    /** A test query that counts the org's Apex jobs or schedules without binding the Ids the test started. */
    private orgJobCounts(file: string, text: string, code: string): void {
        for (const q of findSoql(code)) {
            const raw = text.slice(q.start + 1, q.start + 1 + q.text.length);
            const from = /\bFROM\s+(AsyncApexJob|CronTrigger)\b/i.exec(raw);
            if (from === null) continue;
            const after = code.slice(q.start + 1 + q.text.length);
            const counts = /\bCOUNT\s*\(\s*\)/i.test(raw) || /^\s*\]\s*\.\s*size\s*\(/.test(after);
            if (!counts || /\b(Id|CronTriggerId)\s*(=|IN\b|NOT\s+IN\b)\s*:/i.test(raw)) continue;
            this.add(
                file,
                lineAt(code, q.start),
                'org-job-count-in-test',
                `count FROM ${from[1]!}`,
                `counts ${from[1]!} rows without binding the Ids this test started: the org's own scheduled and batch runs are visible to tests and are counted too; take a baseline (Id NOT IN :before, AbmTestData.countJobsStartedSince) or bind the job Id (Id = :jobId)`
            );
        }
    }

    /** Production code scheduling a job on another class than the dispatcher. */
    private scheduleOffDispatcher(file: string, code: string): void {
        for (const m of code.matchAll(/\bSystem\s*\.\s*schedule\s*\([^;]*?\bnew\s+(\w+)\s*\(/gi)) {
            if (m[1]! === 'AbmScheduledJob') continue;
            this.add(
                file,
                lineAt(code, m.index),
                'schedule-off-dispatcher',
                `new ${m[1]!}`,
                `schedules a job on ${m[1]!}: a pending job locks that class (and the classes it uses) against every later deploy; schedule it as new AbmScheduledJob('${m[1]!}')`
            );
        }
    }

    /** The values of the shipped settings record (each line of a list), lower case. */
    private shippedSettings(): Set<string> {
        const values = new Set<string>();
        for (const x of this.inv.xml) {
            if (localName(x.root.name) !== 'CustomMetadata' || !/ABM_Setting\.Default\.md-meta\.xml$/.test(x.file)) continue;
            for (const v of childrenNamed(x.root, 'values'))
                for (const line of (childText(v, 'value') ?? '').split('\n')) if (line.trim().length > 3) values.add(lc(line.trim()));
        }
        return values;
    }

    /** Test methods that read the live settings without a mock and look for a value the package ships. */
    private shippedSettingsInTests(tests: { file: string; code: string }[]): void {
        const shipped = this.shippedSettings();
        if (shipped.size === 0) return;
        for (const t of tests) {
            const text = this.inv.apex.find((s) => s.file === t.file)?.text ?? '';
            // One segment per test method (split at @IsTest; offsets kept).
            const starts = [...t.code.matchAll(/@IsTest\b/gi)].map((m) => m.index);
            starts.forEach((start, i) => {
                const end = starts[i + 1] ?? t.code.length;
                const code = t.code.slice(start, end);
                if (!/\bAbmSettingSelector\s*\.\s*(getDefault|webmailDomains|hostingDomains)\s*\(/.test(code) || SETTINGS_MOCK.test(code)) return;
                for (const m of text.slice(start, end).matchAll(/'((?:[^'\\]|\\.)*)'/g)) {
                    if (!shipped.has(lc(m[1]!.trim()))) continue;
                    this.add(
                        t.file,
                        lineAt(t.code, start + m.index),
                        'settings-without-mock',
                        `'${m[1]!}'`,
                        `test reads the org's settings without a mock and looks for '${m[1]!}', a value shipped in ABM_Setting.Default: the record is the admin's own (a deploy never overwrites it), so compare with the org's record as a query returns it, or mock the settings`
                    );
                }
            });
        }
    }

    /** Tests that run a class reading the org's settings record without mocking it. */
    private settingsMocks(): void {
        const classes = this.inv.apex
            .filter((s) => s.file.endsWith('.cls'))
            .map((s) => ({ file: s.file, name: basename(s.file, '.cls'), code: stripApex(s.text) }));
        const isTest = (c: { code: string }): boolean => /@IsTest\b/i.test(c.code);
        const uses = (code: string, name: string): RegExpExecArray | null =>
            new RegExp(`\\b${name}\\b(?!\\s*\\.\\s*(?:bypassOverride|[A-Z][A-Z0-9_]*)\\b)`).exec(code);
        const readers = new Set(classes.filter((c) => !isTest(c) && SETTINGS_READ.test(c.code)).map((c) => c.name));
        for (let grew = true; grew; ) {
            grew = false;
            for (const c of classes) {
                if (isTest(c) || readers.has(c.name) || ![...readers].some((r) => uses(c.code, r) !== null)) continue;
                readers.add(c.name);
                grew = true;
            }
        }
        this.shippedSettingsInTests(classes.filter(isTest));
        for (const t of classes) {
            if (!isTest(t) || t.name === SETTINGS_SELECTOR_TEST || SETTINGS_MOCK.test(t.code)) continue;
            const hit = [...readers].map((r) => ({ r, m: uses(t.code, r) })).find((h) => h.m !== null);
            if (hit === undefined) continue;
            this.add(
                t.file,
                lineAt(t.code, hit.m!.index),
                'settings-without-mock',
                hit.r,
                `test runs ${hit.r}, which reads the org's settings (AbmSettingSelector.getDefault()), without AbmSettingSelector.useMock: the Default record is the admin's own (a deploy never overwrites it), so the test fails once an admin tunes it; mock the settings (AbmTestData.settings())`
            );
        }
    }

    private withoutSharing(file: string, text: string, code: string): void {
        for (const m of code.matchAll(/\bwithout\s+sharing\s+class\s+(\w+)/gi)) {
            const before = text.slice(0, m.index);
            const doc =
                /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:(?:public|global|private|protected|virtual|abstract)\s+)*$/.exec(
                    before
                );
            if (doc !== null && /sharing/i.test(doc[1]!)) continue;
            this.add(
                file,
                lineAt(code, m.index),
                'without-sharing-why',
                `without sharing class ${m[1]!}`,
                `class ${m[1]!} runs without sharing but its ApexDoc does not say why: explain which records it must see beyond the user's sharing and which permission check authorises it`
            );
        }
    }

    // ---------- LWC ----------

    private lwcJs(file: string, text: string): void {
        for (const m of text.matchAll(/@salesforce\/schema\/(\w+)\.(OwnerId|Owner\.\w+)/g)) {
            if (this.detail(m[1]) !== undefined)
                this.add(file, lineAt(text, m.index), 'owner-on-detail', m[0], this.ownerMessage(m[1]!, 'LWC schema import'));
        }
        const bundle = basename(dirname(file));
        const js = readLwcJs(file, text);
        // Cacheable Apex called imperatively: the client cache answers a repeated call with its earlier result.
        for (const use of js.imperative) {
            const method = js.apexImports.get(use.local)!;
            if (!this.isCacheable(method)) continue;
            this.add(
                file,
                use.line,
                'imperative-cacheable-call',
                use.local,
                `${bundle} calls cacheable ${method} imperatively: the client-side cache answers a repeated call with its earlier result, so after a save (a reassign in a modal, an edit in another component or tab) the user sees the old data, and refreshApex refreshes only wires. Remove cacheable=true from a method that is only called imperatively, or wire it and refresh the wire`
            );
        }
        for (const h of js.unboundRefreshHandlers)
            this.add(
                file,
                h.line,
                'unbound-refresh-handler',
                `this.${h.method}`,
                `${bundle} registers the RefreshView handler this.${h.method} unbound: under Lightning Locker (an org with Lightning Web Security off) it is called without the component as this and throws instead of refreshing; pass this.${h.method}.bind(this) or an arrow function`
            );
        // Record-page component (or a component rendered inside one) wiring cacheable Apex keyed by the record id,
        // refreshed neither when the page refreshes nor when the record changes.
        const host = this.recordPageHosts().get(bundle);
        if (host === undefined || js.refreshesOnPageRefresh || js.refreshesOnRecordChange) return;
        for (const w of js.wires) {
            const method = js.apexImports.get(w.adapter);
            if (method === undefined || !w.reactive || !this.isCacheable(method)) continue;
            this.add(
                file,
                w.line,
                'stale-cacheable-wire',
                `@wire(${w.adapter}`,
                `${bundle} is on record pages${host === bundle ? '' : ` (inside ${host})`} and wires cacheable ${method} (reactive parameters), but nothing refreshes it when the page does: a contact or task saved in a standard form, or an edit on another tab, leaves the old values until a reload (a refreshApex after the component's own save does not cover that). Register a RefreshView handler (registerRefreshHandler from lightning/refresh) that calls refreshApex, or call it from a getRecord wire handler`
            );
        }
    }

    private hosts: Map<string, string> | undefined;

    /**
     * Bundles that render on record pages → the exposed record-page bundle they render in: the bundles with a
     * lightning__RecordPage target and, transitively, every bundle their templates use (`<c-…>`) or their JavaScript
     * imports (`c/…`, e.g. a LightningModal).
     */
    private recordPageHosts(): Map<string, string> {
        if (this.hosts !== undefined) return this.hosts;
        const uses = new Map<string, Set<string>>();
        for (const s of this.inv.lwcSources) {
            const bundle = basename(dirname(s.file));
            const set = uses.get(bundle) ?? new Set<string>();
            uses.set(bundle, set);
            const refs = s.file.endsWith('.html')
                ? [...s.text.matchAll(/<c-([a-z0-9-]+)/g)].map((m) => m[1]!.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()))
                : [...s.text.matchAll(/from\s+'c\/(\w+)'/g)].map((m) => m[1]!);
            refs.forEach((r) => set.add(r));
        }
        this.hosts = new Map();
        for (const [name, info] of this.inv.lwc) {
            if (!info.targets.has('lightning__RecordPage')) continue;
            const queue = [name];
            while (queue.length > 0) {
                const b = queue.shift()!;
                if (this.hosts.has(b)) continue;
                this.hosts.set(b, name);
                pushAll(queue, uses.get(b) ?? []);
            }
        }
        return this.hosts;
    }

    private isCacheable(method: string): boolean {
        const [cls, name] = method.split('.') as [string, string];
        const src = this.inv.apex.find((a) => basename(a.file, '.cls') === cls);
        if (src === undefined) return false;
        const re = new RegExp(`@AuraEnabled\\s*\\(([^)]*)\\)[^;{(]*?\\b${name}\\s*\\(`, 'i');
        const m = re.exec(stripApex(src.text));
        return m !== null && /cacheable\s*=\s*true/i.test(m[1]!);
    }

    private lwcCss(): void {
        const seen = new Set<string>();
        for (const s of this.inv.lwcSources) {
            const dir = dirname(s.file);
            if (seen.has(dir)) continue;
            seen.add(dir);
            const css = join(dir, `${basename(dir)}.css`);
            const path = join(this.projectDir, css);
            if (!existsSync(path) && !existsSync(css)) continue;
            const text = readFileSync(existsSync(path) ? path : css, 'utf8');
            for (const m of text.matchAll(/--slds-c-[\w-]+/g)) {
                this.add(
                    css,
                    lineAt(text, m.index),
                    'slds-component-hook',
                    m[0],
                    `component styling hook ${m[0]} is not supported by SLDS 2 (Cosmos): the style is lost there; use global --slds-g-* hooks (with fallbacks) or a class of the component's own markup`
                );
            }
        }
    }

    private dashboards(): void {
        const dynamic: { file: string; line: number; type: string }[] = [];
        for (const x of this.inv.xml) {
            if (localName(x.root.name) !== 'Dashboard') continue;
            const t = child(x.root, 'dashboardType');
            if (t !== undefined && ['LoggedInUser', 'MyTeamUser'].includes(t.text.trim()))
                dynamic.push({ file: x.file, line: t.line, type: t.text.trim() });
        }
        const def = join(this.projectDir, 'config', 'project-scratch-def.json');
        let edition = 'developer';
        if (existsSync(def)) edition = lc((JSON.parse(readFileSync(def, 'utf8')) as { edition?: string }).edition ?? 'developer');
        const limit = DYNAMIC_DASHBOARDS[edition] ?? 3;
        dynamic
            .slice(limit)
            .forEach((d) =>
                this.add(
                    d.file,
                    d.line,
                    'dynamic-dashboard-limit',
                    d.type,
                    `${dynamic.length} dashboards run as the viewer (${d.type}); ${edition} edition orgs (config/project-scratch-def.json) allow ${limit}: the deploy fails past that. Run this one as a named user`
                )
            );
    }
}

function objectOf(file: string): string | undefined {
    const parts = file.split(/[\\/]/);
    const i = parts.lastIndexOf('objects');
    return i === -1 ? undefined : parts[i + 1];
}

/** The comma-separated arguments of a call whose '(' ends just before `from` (nesting and brackets respected). */
function topLevelArgs(code: string, from: number): string[] {
    const args: string[] = [];
    let depth = 0;
    let start = from;
    for (let i = from; i < code.length; i++) {
        const c = code[i]!;
        if ('([{<'.includes(c)) depth++;
        else if (')]}>'.includes(c)) {
            if (depth === 0) {
                args.push(code.slice(start, i).trim());
                return args.filter((a) => a.length > 0);
            }
            depth--;
        } else if (c === ',' && depth === 0) {
            args.push(code.slice(start, i).trim());
            start = i + 1;
        }
    }
    return [];
}

/** The SObject type of a DML target: `new T(…)`, `new List<T>…`, `new T[]…`, or the declaration of its variable before `at`. */
function recordTypeOf(target: string, code: string, at: number): string | undefined {
    const created = /^new\s+(?:(?:List|Set)\s*<\s*([\w.]+)\s*>|([\w.]+)\s*(?:\(|\[))/i.exec(target);
    if (created !== null) return (created[1] ?? created[2])!.replace(/^Schema\./i, '');
    const name = /^(?:this\s*\.\s*)?(\w+)/i.exec(target)?.[1];
    if (name === undefined) return undefined;
    const declaration = new RegExp(
        `(?:\\b(?:List|Set)\\s*<\\s*([\\w.]+)\\s*>|\\bMap\\s*<[^<>;]*?,\\s*([\\w.]+)\\s*>|\\b([\\w.]+)\\s*\\[\\s*\\]|\\b([\\w.]+))\\s+${name}\\s*[=;,):]`,
        'gi'
    );
    // The last declaration before the save, else (a member field declared below its methods) the first in the file.
    const declared = (text: string, last: boolean): string | undefined => {
        let type: string | undefined;
        for (const d of text.matchAll(declaration)) {
            const word = d[1] ?? d[2] ?? d[3] ?? d[4];
            if (/^(return|new|else|throw|final|when|as|user|system|insert|update|upsert|delete|undelete|merge)$/i.test(word!)) continue;
            type = word;
            if (!last) break;
        }
        return type;
    };
    return (declared(code.slice(0, at), true) ?? declared(code, false))?.replace(/^Schema\./i, '');
}
