/**
 * Offline checks of the ABM reports, report types and dashboard (force-app/main/default/{reports,dashboards,reportTypes}),
 * beyond what `npm run validate` (schema) and `npm run xref` (custom report columns) cover:
 *
 * - every report and dashboard sits in a folder that has its `*Folder-meta.xml`;
 * - every dashboard component's report exists; its grouping columns are groupings of that report; its chart summary is
 *   RowCount, a custom summary formula of the report, or a report column carrying that aggregate;
 * - the dashboard runs as the logged-in user (no running user, which would name an org-specific user);
 * - every report field reference (columns, filters, groupings, buckets, sort, chart, time frame, summary formulas) exists:
 *   standard report tokens against the tokens taken from retrieved reports of public projects (below), `Object.Field__c`
 *   against the project's objects and config/standard-fields.txt, custom report type columns (`table$path`) against the
 *   report type's tables and layout, and each report type layout column against the objects (lookup paths followed);
 * - picklist filter values exist in the field's value set; format rules (Summary needs a grouping, Tabular none); name ≤ 40
 *   and description ≤ 255 characters; the sort column is a column.
 *
 * The checker runs on the real files (no finding expected) and on a temporary copy with planted mistakes (each one found).
 */
import {
    cpSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readFileSync,
    renameSync,
    rmSync,
    statSync,
    writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { child, childrenNamed, childText, parseXml, type XNode } from '../../scripts/check/lib/xml';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'force-app', 'main', 'default');

/**
 * Standard report column tokens used by our reports, per standard report type. Source: reports retrieved from orgs and
 * committed in public projects (SalesforceFoundation/NPSP `reports/`: AccountList uses ACCOUNT.NAME, USERS.NAME (owner),
 * DUE_DATE (last activity), CREATED_DATE; Opportunity uses OPPORTUNITY_NAME, ACCOUNT_NAME, AMOUNT, STAGE_NAME, CLOSE_DATE,
 * CREATED_DATE, WON, CLOSED), plus FULL_NAME (opportunity owner) and AGE (days open / created to close). Only a real org
 * proves them; this list catches typos and tokens borrowed from the wrong report type (ACCOUNT_NAME is not an AccountList token).
 */
const STANDARD_TOKENS: Record<string, Set<string>> = {
    AccountList: new Set(['ACCOUNT.NAME', 'USERS.NAME', 'DUE_DATE', 'CREATED_DATE', 'TYPE', 'INDUSTRY', 'LAST_UPDATE', 'ADDRESS1_STATE']),
    Opportunity: new Set([
        'OPPORTUNITY_NAME',
        'ACCOUNT_NAME',
        'FULL_NAME',
        'AMOUNT',
        'STAGE_NAME',
        'CLOSE_DATE',
        'CREATED_DATE',
        'WON',
        'CLOSED',
        'AGE',
        'TYPE'
    ])
};
/** The object behind `Object.Field__c` columns of a standard report type. */
const STANDARD_TYPE_OBJECTS: Record<string, string[]> = { AccountList: ['Account'], Opportunity: ['Opportunity', 'Account'] };

type Field = { type: string; reference?: string; values?: string[] };
type Schema = Map<string, Map<string, Field>>; // object (lower case) → field API name (lower case) → field

function files(dir: string, suffix: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? files(p, suffix) : p.endsWith(suffix) ? [p] : [];
    });
}

const read = (file: string): XNode => parseXml(readFileSync(file, 'utf8'));
const texts = (node: XNode, name: string): string[] => childrenNamed(node, name).map((n) => n.text.trim());
const lc = (s: string): string => s.toLowerCase();

/** The project's objects plus config/standard-fields.txt (`Obj.Field`, `Obj.FieldId -> Target`). */
function loadSchema(src: string): Schema {
    const schema: Schema = new Map();
    const add = (obj: string, field: string, f: Field): void => {
        if (!schema.has(lc(obj))) schema.set(lc(obj), new Map());
        schema.get(lc(obj))!.set(lc(field), f);
    };
    for (const line of readFileSync(join(ROOT, 'config', 'standard-fields.txt'), 'utf8').split('\n')) {
        const m = /^(\w+)\.(\w+)(\[\])?(?:\s*->\s*([\w|]+))?(?:\s*:\s*\w+)?\s*$/.exec(line.trim());
        if (!m || m[3]) continue;
        add(m[1]!, m[2]!, { type: m[4] ? 'Lookup' : 'Standard', reference: m[4]?.split('|')[0] });
        if (m[4] && /Id$/.test(m[2]!)) add(m[1]!, m[2]!.slice(0, -2), { type: 'Lookup', reference: m[4].split('|')[0] });
    }
    for (const file of files(join(src, 'objects'), '.field-meta.xml')) {
        const obj = basename(dirname(dirname(file)));
        const root = read(file);
        const values = childrenNamed(child(child(root, 'valueSet') ?? root, 'valueSetDefinition') ?? root, 'value').map(
            (v) => childText(v, 'fullName') ?? ''
        );
        add(obj, basename(file, '.field-meta.xml'), {
            type: childText(root, 'type') ?? '',
            reference: childText(root, 'referenceTo'),
            values: values.length ? values : undefined
        });
    }
    return schema;
}

/** Follow `Lookup.Lookup.Field` from an object; returns the field or an error message. */
function resolvePath(schema: Schema, obj: string, path: string): Field | string {
    const segs = path.split('.');
    let current = obj;
    for (const [i, seg] of segs.entries()) {
        const fields = schema.get(lc(current));
        if (!fields) return `object ${current} is unknown`;
        const f = fields.get(lc(seg)) ?? (i < segs.length - 1 ? fields.get(lc(seg) + 'id') : undefined);
        if (!f) return `field ${current}.${seg} does not exist`;
        if (i === segs.length - 1) return f;
        if (!f.reference) return `${current}.${seg} is not a lookup`;
        current = f.reference;
    }
    return 'empty path';
}

type ReportTypeInfo = { tables: Map<string, string>; columns: Set<string> }; // table → object; "table$field" (lower case)

function loadReportTypes(src: string, schema: Schema, findings: string[]): Map<string, ReportTypeInfo> {
    const out = new Map<string, ReportTypeInfo>();
    for (const file of files(join(src, 'reportTypes'), '.reportType-meta.xml')) {
        const root = read(file);
        const base = childText(root, 'baseObject') ?? '';
        const tables = new Map([[lc(base), base]]);
        let table = base;
        let object = base;
        for (let join_ = child(root, 'join'); join_; join_ = child(join_, 'join')) {
            const rel = childText(join_, 'relationship') ?? '';
            const childRel = readFileSync(join(ROOT, 'config', 'standard-fields.txt'), 'utf8').match(
                new RegExp(`^${object}\\.${rel}\\[\\] -> (\\w+)`, 'm')
            );
            if (!childRel) {
                findings.push(`${basename(file)}: join relationship ${object}.${rel} does not exist`);
                break;
            }
            table = `${table}.${rel}`;
            object = childRel[1]!;
            tables.set(lc(table), object);
        }
        const columns = new Set<string>();
        for (const section of childrenNamed(root, 'sections'))
            for (const c of childrenNamed(section, 'columns')) {
                const t = childText(c, 'table') ?? '';
                const f = childText(c, 'field') ?? '';
                const obj = tables.get(lc(t));
                if (!obj) findings.push(`${basename(file)}: column table ${t} is not a table of this report type`);
                else {
                    const r = resolvePath(schema, obj, f);
                    if (typeof r === 'string') findings.push(`${basename(file)}: column ${t}.${f}: ${r}`);
                }
                columns.add(lc(`${t}$${f}`));
            }
        out.set(lc(`${basename(file, '.reportType-meta.xml')}__c`), { tables, columns });
    }
    return out;
}

/** All checks over a source tree (force-app/main/default layout); returns readable findings. */
function checkAnalytics(src: string): { findings: string[]; reports: number; components: number } {
    const findings: string[] = [];
    const schema = loadSchema(src);
    const reportTypes = loadReportTypes(src, schema, findings);
    const reports = new Map<string, XNode>();
    const rel = (f: string): string => relative(src, f);

    for (const file of files(join(src, 'reports'), '.report-meta.xml')) {
        const folder = basename(dirname(file));
        if (!existsSync(join(src, 'reports', `${folder}.reportFolder-meta.xml`)))
            findings.push(`${rel(file)}: folder ${folder} has no reports/${folder}.reportFolder-meta.xml`);
        const root = read(file);
        reports.set(`${folder}/${basename(file, '.report-meta.xml')}`, root);
        const name = childText(root, 'name') ?? '';
        if (name.length === 0 || name.length > 40) findings.push(`${rel(file)}: name must be 1-40 characters (${name.length})`);
        if ((childText(root, 'description') ?? '').length > 255) findings.push(`${rel(file)}: description longer than 255 characters`);

        const type = childText(root, 'reportType') ?? '';
        const buckets = childrenNamed(root, 'buckets').map((b) => childText(b, 'developerName') ?? '');
        const formulas = childrenNamed(root, 'aggregates').map((a) => childText(a, 'developerName') ?? '');
        const checkRef = (ref: string, where: string): Field | undefined => {
            if (ref === 'RowCount' || buckets.includes(ref)) return undefined;
            const crt = reportTypes.get(lc(type));
            if (/__c$/i.test(type)) {
                if (!crt) {
                    findings.push(`${rel(file)}: report type ${type} does not exist`);
                    return undefined;
                }
                const [table = '', path = ''] = ref.split('$');
                const obj = crt.tables.get(lc(table));
                if (!obj || !path) findings.push(`${rel(file)}: ${where} ${ref}: ${table} is not a table of ${type}`);
                else if (!crt.columns.has(lc(ref))) findings.push(`${rel(file)}: ${where} ${ref} is not in the layout of ${type}`);
                else {
                    const r = resolvePath(schema, obj, path);
                    if (typeof r !== 'string') return r;
                }
                return undefined;
            }
            const objects = STANDARD_TYPE_OBJECTS[type];
            if (!objects) {
                findings.push(`${rel(file)}: report type ${type} is not one this check knows`);
                return undefined;
            }
            const dot = ref.indexOf('.');
            if (dot > 0 && objects.includes(ref.slice(0, dot))) {
                const r = resolvePath(schema, ref.slice(0, dot), ref.slice(dot + 1));
                if (typeof r === 'string') findings.push(`${rel(file)}: ${where} ${ref}: ${r}`);
                else return r;
            } else if (!STANDARD_TOKENS[type]!.has(ref))
                findings.push(`${rel(file)}: ${where} ${ref} is not a known ${type} report column`);
            return undefined;
        };

        const columns = childrenNamed(root, 'columns').map((c) => childText(c, 'field') ?? '');
        columns.forEach((c) => checkRef(c, 'column'));
        const groupings = [...childrenNamed(root, 'groupingsDown'), ...childrenNamed(root, 'groupingsAcross')].map(
            (g) => childText(g, 'field') ?? ''
        );
        groupings.forEach((g) => checkRef(g, 'grouping'));
        for (const b of childrenNamed(root, 'buckets')) checkRef(childText(b, 'sourceColumnName') ?? '', 'bucket source');
        for (const item of childrenNamed(child(root, 'filter') ?? root, 'criteriaItems')) {
            const col = childText(item, 'column') ?? '';
            const field = checkRef(col, 'filter');
            const value = childText(item, 'value') ?? '';
            if (field?.values && value !== '')
                for (const v of value.split(','))
                    if (!field.values.includes(v)) findings.push(`${rel(file)}: filter ${col}: '${v}' is not a value of the picklist`);
        }
        const tf = child(root, 'timeFrameFilter');
        if (tf) checkRef(childText(tf, 'dateColumn') ?? '', 'time frame');
        const sort = childText(root, 'sortColumn');
        if (sort !== undefined && !columns.includes(sort) && !formulas.includes(sort))
            findings.push(`${rel(file)}: sortColumn ${sort} is not a column of the report`);
        const chart = child(root, 'chart');
        if (chart) {
            for (const g of [childText(chart, 'groupingColumn'), childText(chart, 'secondaryGroupingColumn')])
                if (g !== undefined && !groupings.includes(g)) findings.push(`${rel(file)}: chart grouping ${g} is not a grouping`);
            for (const s of childrenNamed(chart, 'chartSummaries')) {
                const c = childText(s, 'column') ?? '';
                if (c !== 'RowCount' && !formulas.includes(c) && !columns.includes(c))
                    findings.push(`${rel(file)}: chart summary ${c} is not a column or summary formula`);
            }
        }
        for (const a of childrenNamed(root, 'aggregates')) {
            const formula = childText(a, 'calculatedFormula') ?? '';
            for (const m of formula.matchAll(/([\w.$]+):(SUM|AVG|MAX|MIN|UNIQUE)/g)) {
                const col = childrenNamed(root, 'columns').find((c) => childText(c, 'field') === m[1]);
                const aggs = col ? texts(col, 'aggregateTypes') : [];
                if (!['WON', 'CLOSED'].includes(m[1]!) && !aggs.length)
                    findings.push(`${rel(file)}: summary formula uses ${m[1]}:${m[2]} but the column is not summarised in the report`);
                if (['WON', 'CLOSED'].includes(m[1]!)) checkRef(m[1]!, 'summary formula');
            }
            for (const m of formula.matchAll(/PARENTGROUPVAL\([^,]+,\s*([\w.$]+)\)/g))
                if (!groupings.includes(m[1]!) && m[1] !== 'GRAND_SUMMARY')
                    findings.push(`${rel(file)}: PARENTGROUPVAL grouping ${m[1]} is not a grouping`);
            const down = childText(a, 'downGroupingContext');
            if (down !== undefined && !groupings.includes(down))
                findings.push(`${rel(file)}: downGroupingContext ${down} is not a grouping`);
        }
        const format = childText(root, 'format');
        if (format === 'Summary' && groupings.length === 0) findings.push(`${rel(file)}: a Summary report needs a grouping`);
        if (format === 'Tabular' && groupings.length > 0) findings.push(`${rel(file)}: a Tabular report cannot group`);
        if (format === 'Matrix' && childrenNamed(root, 'groupingsAcross').length === 0)
            findings.push(`${rel(file)}: a Matrix report needs a grouping across`);
    }

    let components = 0;
    for (const file of files(join(src, 'dashboards'), '.dashboard-meta.xml')) {
        const folder = basename(dirname(file));
        if (!existsSync(join(src, 'dashboards', `${folder}.dashboardFolder-meta.xml`)))
            findings.push(`${rel(file)}: folder ${folder} has no dashboards/${folder}.dashboardFolder-meta.xml`);
        const root = read(file);
        if (childText(root, 'dashboardType') !== 'LoggedInUser') findings.push(`${rel(file)}: dashboardType must be LoggedInUser`);
        if (child(root, 'runningUser')) findings.push(`${rel(file)}: runningUser names an org-specific user`);
        const grid = child(root, 'dashboardGridLayout');
        const cols = Number(grid ? childText(grid, 'numberOfColumns') : 0);
        const cells = new Set<string>();
        for (const g of grid ? childrenNamed(grid, 'dashboardGridComponents') : []) {
            components++;
            const [ci, cs, ri, rs] = ['columnIndex', 'colSpan', 'rowIndex', 'rowSpan'].map((n) => Number(childText(g, n)));
            if (ci! + cs! > cols) findings.push(`${rel(file)}: component at row ${ri} column ${ci} is wider than the grid`);
            for (let r = ri!; r < ri! + rs!; r++)
                for (let c = ci!; c < ci! + cs!; c++) {
                    if (cells.has(`${r},${c}`)) findings.push(`${rel(file)}: components overlap at row ${r} column ${c}`);
                    cells.add(`${r},${c}`);
                }
            const comp = child(g, 'dashboardComponent')!;
            const name = childText(comp, 'report') ?? '';
            const report = reports.get(name);
            if (!report) {
                findings.push(`${rel(file)}: component report ${name} does not exist`);
                continue;
            }
            const groupings = [
                ...[...childrenNamed(report, 'groupingsDown'), ...childrenNamed(report, 'groupingsAcross')].map((x) =>
                    childText(x, 'field')
                ),
                ...childrenNamed(report, 'buckets').map((b) => childText(b, 'developerName'))
            ];
            for (const gc of texts(comp, 'groupingColumn'))
                if (!groupings.includes(gc)) findings.push(`${rel(file)}: component on ${name}: ${gc} is not a grouping of the report`);
            for (const s of childrenNamed(comp, 'chartSummary')) {
                const column = childText(s, 'column') ?? '';
                const aggregate = childText(s, 'aggregate');
                if (column === 'RowCount' || childrenNamed(report, 'aggregates').some((a) => childText(a, 'developerName') === column))
                    continue;
                const col = childrenNamed(report, 'columns').find((c) => childText(c, 'field') === column);
                if (!col) findings.push(`${rel(file)}: component on ${name}: ${column} is not a column of the report`);
                else if (!aggregate || !texts(col, 'aggregateTypes').includes(aggregate))
                    findings.push(
                        `${rel(file)}: component on ${name}: the report does not summarise ${column} as ${aggregate ?? '(none)'}`
                    );
            }
        }
    }
    return { findings, reports: reports.size, components };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A temp copy of the analytics metadata and the objects, to plant mistakes in. */
function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-reports-'));
    dirs.push(dir);
    for (const d of ['reports', 'dashboards', 'reportTypes', 'objects']) cpSync(join(SRC, d), join(dir, d), { recursive: true });
    return dir;
}

function edit(file: string, from: string, to: string): void {
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
}

describe('ABM reports and dashboards (the real files)', () => {
    const result = checkAnalytics(SRC);

    it('has no finding', () => {
        expect(result.findings).toEqual([]);
    });

    it('checks every report and every dashboard component', () => {
        expect(result.reports).toBe(files(join(SRC, 'reports'), '.report-meta.xml').length);
        expect(result.reports).toBeGreaterThanOrEqual(12);
        expect(result.components).toBeGreaterThanOrEqual(13);
    });

    it('puts a component on every report of the ABM Reports folder', () => {
        const dash = readFileSync(join(SRC, 'dashboards', 'ABM_Dashboards', 'ABM_Program.dashboard-meta.xml'), 'utf8');
        const used = new Set([...dash.matchAll(/<report>([^<]+)<\/report>/g)].map((m) => m[1]));
        const all = files(join(SRC, 'reports', 'ABM_Reports'), '.report-meta.xml').map(
            (f) => `ABM_Reports/${basename(f, '.report-meta.xml')}`
        );
        expect(all.filter((r) => !used.has(r))).toEqual([]);
    });

    it('uses only fields the data model defines for its ABM columns', () => {
        const model = readFileSync(join(ROOT, 'docs', 'data-model.md'), 'utf8');
        const refs = new Set<string>();
        const reportTypes = new Set(
            files(join(SRC, 'reportTypes'), '.reportType-meta.xml').map((f) => `${basename(f, '.reportType-meta.xml')}__c`)
        );
        for (const f of [...files(join(SRC, 'reports'), '.report-meta.xml'), ...files(join(SRC, 'reportTypes'), '.reportType-meta.xml')])
            for (const m of readFileSync(f, 'utf8').matchAll(/ABM_\w+__c/g)) refs.add(m[0]);
        expect(refs.size).toBeGreaterThan(10);
        expect([...refs].filter((r) => !reportTypes.has(r) && !model.includes(`\`${r}\``))).toEqual([]);
    });
});

describe('the report checks bite (planted mistakes in a copy)', () => {
    it('reports each planted mistake', () => {
        const dir = copy();
        const R = join(dir, 'reports', 'ABM_Reports');
        edit(
            join(dir, 'dashboards', 'ABM_Dashboards', 'ABM_Program.dashboard-meta.xml'),
            'ABM_Reports/ABM_Tier1_Dormant<',
            'ABM_Reports/ABM_Tier1_Dormnt<'
        );
        edit(join(R, 'ABM_Tier1_Stalling.report-meta.xml'), '<field>Account.ABM_Stage__c</field>', '<field>Account.ABM_Stag__c</field>');
        edit(join(R, 'ABM_Tier1_By_Health_Band.report-meta.xml'), '<field>ACCOUNT.NAME</field>', '<field>ACCOUNT_NAME</field>');
        edit(join(R, 'ABM_AE_Tier1_Stage_Mix.report-meta.xml'), '<value>1</value>', '<value>4</value>');
        edit(
            join(R, 'ABM_Campaign_Accounts_Touched.report-meta.xml'),
            '$Contact.Account.ABM_Stage__c</field>',
            '$Contact.Account.ABM_Region__c</field>'
        );
        edit(
            join(R, 'ABM_Win_Rate_By_Tier.report-meta.xml'),
            '<sortColumn>CLOSE_DATE</sortColumn>',
            '<sortColumn>PROBABILITY</sortColumn>'
        );
        edit(
            join(dir, 'dashboards', 'ABM_Dashboards', 'ABM_Program.dashboard-meta.xml'),
            '<column>Account.ABM_DaysIdentifiedToSql__c</column>',
            '<column>Account.ABM_DaysInStage__c</column>'
        );
        mkdirMove(
            join(R, 'ABM_Tier1_Pipeline_YTD.report-meta.xml'),
            join(dir, 'reports', 'Elsewhere', 'ABM_Tier1_Pipeline_YTD.report-meta.xml')
        );

        const { findings } = checkAnalytics(dir);
        const expected = [
            'dashboards/ABM_Dashboards/ABM_Program.dashboard-meta.xml: component report ABM_Reports/ABM_Tier1_Dormnt does not exist',
            'reports/ABM_Reports/ABM_Tier1_Stalling.report-meta.xml: column Account.ABM_Stag__c: field Account.ABM_Stag__c does not exist',
            'reports/ABM_Reports/ABM_Tier1_By_Health_Band.report-meta.xml: column ACCOUNT_NAME is not a known AccountList report column',
            "reports/ABM_Reports/ABM_AE_Tier1_Stage_Mix.report-meta.xml: filter Account.ABM_Tier__c: '4' is not a value of the picklist",
            'reports/ABM_Reports/ABM_Campaign_Accounts_Touched.report-meta.xml: column Campaign.CampaignMembers$Contact.Account.ABM_Region__c is not in the layout of ABM_CampaignsWithMembers__c',
            'reports/ABM_Reports/ABM_Win_Rate_By_Tier.report-meta.xml: sortColumn PROBABILITY is not a column of the report',
            'dashboards/ABM_Dashboards/ABM_Program.dashboard-meta.xml: component on ABM_Reports/ABM_AE_Tier1_Productivity: Account.ABM_DaysInStage__c is not a column of the report',
            'reports/Elsewhere/ABM_Tier1_Pipeline_YTD.report-meta.xml: folder Elsewhere has no reports/Elsewhere.reportFolder-meta.xml',
            'dashboards/ABM_Dashboards/ABM_Program.dashboard-meta.xml: component report ABM_Reports/ABM_Tier1_Pipeline_YTD does not exist'
        ];
        expect([...findings].sort()).toEqual([...expected].sort());
    });

    it('rejects a running user, overlapping tiles and a broken report type column', () => {
        const dir = copy();
        const dash = join(dir, 'dashboards', 'ABM_Dashboards', 'ABM_Program.dashboard-meta.xml');
        edit(dash, '<dashboardType>LoggedInUser</dashboardType>', '<dashboardType>SpecifiedUser</dashboardType>');
        edit(dash, '<columnIndex>4</columnIndex>', '<columnIndex>3</columnIndex>');
        edit(
            join(dir, 'reportTypes', 'ABM_CampaignsWithMembers.reportType-meta.xml'),
            '<field>Contact.Account.ABM_Tier__c</field>',
            '<field>Contact.Acount.ABM_Tier__c</field>'
        );
        const { findings } = checkAnalytics(dir);
        expect(findings).toContain('dashboards/ABM_Dashboards/ABM_Program.dashboard-meta.xml: dashboardType must be LoggedInUser');
        expect(findings).toContain('dashboards/ABM_Dashboards/ABM_Program.dashboard-meta.xml: components overlap at row 0 column 3');
        expect(findings).toContain(
            'ABM_CampaignsWithMembers.reportType-meta.xml: column Campaign.CampaignMembers.Contact.Acount.ABM_Tier__c: field Contact.Acount does not exist'
        );
    });
});

function mkdirMove(from: string, to: string): void {
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
}
