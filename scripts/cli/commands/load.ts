/**
 * `abm load accounts`: reconcile any number of team lists (CSV in any common dialect/encoding, XLSX sheets) into one
 * account per web domain, report every conflict, and (with --apply) upsert by ABM_WebDomain__c.
 * `abm load signals`: load an intent provider's export into ABM_IntentSignal__c, matched to accounts by domain.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
    parseDate,
    extractRows,
    LIST_FIELDS,
    ListError,
    resolveColumns,
    safeCell,
    type ListField,
    type ListIssue,
    type ListMapping,
    type SourceRow
} from '../../core/lists.js';
import {
    parsePrecedence,
    planSignals,
    reconcile,
    type OrgAccount,
    type OrgAlias,
    type OrgUser,
    type Precedence,
    type ReconcileResult,
    type SignalInputRow
} from '../../core/reconcile.js';
import { readList } from '../../io/lists.js';
import type { Org, RowResult } from '../../org/index.js';
import { esc, page, table } from '../html.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, resolveAsOf, UsageError, type Ux } from '../shared.js';

export const help = `
Reconcile the teams' account lists into one account per web domain, or load intent signals.

Usage:
  abm load accounts --source NAME=FILE[#SHEET] [--source …] [--mapping NAME=FILE.json …]
                    [--precedence "tier=finance,sales;owner=sales"] [--policy FILE.json]
                    (--target-org <alias> | --snapshot <dir>) [--out DIR] [--apply] [--as-of YYYY-MM-DD] [--json]
  abm load signals --file FILE.csv [--mapping FILE.json] (--target-org <alias> | --snapshot <dir>) [--out DIR] [--apply] [--json]

  --source      a list: CSV (delimiter , ; tab |; UTF-8, UTF-16 or Windows-1252, detected) or XLSX (#SHEET, else the first)
  --mapping     which column is which field: {"columns": {"name": "Company", "website": "Web", "tier": "Tier", "ownerEmail": "AE"},
                "dateFormat": "DD/MM/YYYY", "tierValues": {"Strategic": "1"}}; without one, headers are detected by synonyms.
                Fields: ${LIST_FIELDS.join(', ')}
  --precedence  per field, which list wins ("org" = keep the org's value); unnamed lists follow in --source order
  --policy      the same as JSON: {"precedence": {"tier": ["finance", "sales"], "ownerEmail": ["sales"]}}
  --apply       upsert by ABM_WebDomain__c (Bulk API 2.0 from 2,000 rows), only the fields that change; writes
                DIR/rollback.csv first, DIR/failures.csv for rows that fail (exit 68). Re-running is a no-op.

Writes DIR/reconciliation.csv, DIR/conflicts.csv, DIR/rejects.csv (file, line, column, reason), DIR/report.html, DIR/plan.json.
Exit codes: 0 ok (rejected rows are in rejects.csv), 1 a list could not be read (nothing written), 2 usage, 68 some rows failed.

Example: abm load accounts --snapshot data/sample-org --source marketing=data/lists/marketing.csv \\
           --source sales=data/lists/sales.csv --source finance=data/lists/finance.xlsx#Approved \\
           --mapping marketing=data/lists/marketing.mapping.json --policy data/lists/precedence.json
`;

const ColumnsSchema = z
    .object(Object.fromEntries(LIST_FIELDS.map((f) => [f, z.string().min(1).optional()])) as Record<ListField, z.ZodOptional<z.ZodString>>)
    .strict();
const MappingSchema = z
    .object({
        columns: ColumnsSchema.optional(),
        sheet: z.string().optional(),
        encoding: z.string().optional(),
        delimiter: z.enum([',', ';', '\t', '|']).optional(),
        dateFormat: z.enum(['DD/MM/YYYY', 'MM/DD/YYYY']).optional(),
        tierValues: z.record(z.string(), z.string()).optional()
    })
    .strict();
const PolicySchema = z.object({ precedence: z.record(z.string(), z.array(z.string().min(1))) }).strict();

async function readJson<T>(file: string, schema: z.ZodType<T>, what: string): Promise<T> {
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
        throw new AbmError(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
        throw new AbmError(
            `${file}: not a valid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`
        );
    return parsed.data;
}

function pairs(values: string[] | undefined, flag: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const v of values ?? []) {
        const at = v.indexOf('=');
        if (at <= 0 || at === v.length - 1) throw new UsageError(`${flag} "${v}" is not NAME=FILE.`);
        const name = v.slice(0, at).trim();
        if (name === 'org') throw new UsageError(`${flag}: "org" is reserved (it means the org's own values in --precedence).`);
        if (out.has(name)) throw new UsageError(`${flag} names "${name}" twice.`);
        out.set(name, v.slice(at + 1).trim());
    }
    return out;
}

export type LoadedSources = {
    rows: SourceRow[];
    issues: ListIssue[];
    files: { source: string; file: string; format: string; encoding?: string; delimiter?: string; sheet?: string; rows: number }[];
};

/** Read and check every list (all before anything else: one bad list stops the load with nothing written). */
export async function readSources(sources: Map<string, string>, mappings: Map<string, string>, ux: Ux): Promise<LoadedSources> {
    const rows: SourceRow[] = [];
    const issues: ListIssue[] = [];
    const files: LoadedSources['files'] = [];
    for (const [source, spec] of sources) {
        const hash = spec.lastIndexOf('#');
        const file = hash > 0 ? spec.slice(0, hash) : spec;
        const mappingFile = mappings.get(source);
        const mapping: ListMapping | undefined = mappingFile ? await readJson(mappingFile, MappingSchema, 'mapping file') : undefined;
        const sheet = hash > 0 ? spec.slice(hash + 1) : mapping?.sheet;
        const tableData = await readList(file, { sheet, encoding: mapping?.encoding, delimiter: mapping?.delimiter });
        const columns = resolveColumns(tableData, mapping, mappingFile);
        if (!mappingFile) {
            const detected = Object.entries(columns)
                .map(([f, i]) => `${f}="${tableData.header[i as number]}"`)
                .join(', ');
            ux.log(`  ${source}: columns detected from the header: ${detected}`);
        }
        const extracted = extractRows(source, tableData, columns, mapping);
        rows.push(...extracted.rows);
        issues.push(...extracted.issues);
        files.push({
            source,
            file,
            format: tableData.format,
            encoding: tableData.encoding,
            delimiter: tableData.delimiter,
            sheet: tableData.sheet,
            rows: tableData.rows.length
        });
        ux.log(
            `Read ${source}: ${file}${tableData.sheet ? ` (sheet ${tableData.sheet})` : ''} · ${tableData.format}${tableData.encoding ? ` ${tableData.encoding}` : ''}${tableData.delimiter ? ` "${tableData.delimiter === '\t' ? '\\t' : tableData.delimiter}"` : ''} · ${fmt(tableData.rows.length)} rows, ${fmt(extracted.issues.filter((i) => i.action === 'row rejected').length)} rejected`
        );
    }
    return { rows, issues, files };
}

async function readOrgBook(org: Org, ux: Ux) {
    ux.log(`Reading accounts, aliases and users from ${org.label}…`);
    const [accounts, aliases, users] = await Promise.all([
        org.bulkQuery(
            'SELECT Id, Name, ABM_WebDomain__c, Website, OwnerId, ABM_Tier__c, Industry, BillingCountry, ABM_Region__c, NumberOfEmployees, AnnualRevenue, ABM_LastEngagementDate__c FROM Account'
        ),
        org.bulkQuery('SELECT Domain__c, Account__c FROM ABM_DomainAlias__c'),
        org.query('SELECT Id, Email, Username, IsActive FROM User')
    ]);
    return {
        accounts: accounts.map((a) => ({ ...a, Id: a.Id! }) as OrgAccount),
        aliases: aliases as OrgAlias[],
        users: users.map(
            (u) =>
                ({ Id: String(u.Id), Email: u.Email as string, Username: u.Username as string, IsActive: u.IsActive as boolean }) as OrgUser
        )
    };
}

const ISSUE_COLUMNS = ['Source', 'File', 'Line', 'Column', 'Value', 'Reason', 'Action'];
const issueRows = (issues: ListIssue[]) => issues.map((i) => [i.source, i.file, i.line, i.column, safeCell(i.value), i.reason, i.action]);

function reportHtml(result: ReconcileResult, files: LoadedSources['files'], label: string, asOf: string): string {
    const s = result.summary;
    const kpi = (l: string, v: string | number) => `<div class="kpi">${esc(l)}<b>${esc(v)}</b></div>`;
    let body =
        `<p>Against ${esc(label)} · as of ${esc(asOf)}</p><div class="kpis">` +
        kpi('Accounts', fmt(s.accounts)) +
        kpi('Create', fmt(s.create)) +
        kpi('Update', fmt(s.update)) +
        kpi('Unchanged', fmt(s.unchanged)) +
        kpi('Rejected rows', fmt(s.rejectedRows)) +
        kpi('Conflicts', fmt(result.conflicts.length)) +
        `</div><h2>Lists</h2>` +
        table(
            ['List', 'File', 'Format', 'Rows', 'Accounts', 'Rejected'],
            files.map((f) => {
                const x = s.sources.find((y) => y.source === f.source);
                return [
                    f.source,
                    f.file + (f.sheet ? `#${f.sheet}` : ''),
                    `${f.format} ${f.encoding ?? ''}`.trim(),
                    f.rows,
                    x?.accounts ?? 0,
                    x?.rejected ?? 0
                ];
            })
        );
    const overlap = new Map<string, number>();
    for (const a of result.accounts)
        if (a.action !== 'rejected') overlap.set(a.sources.join(' + '), (overlap.get(a.sources.join(' + ')) ?? 0) + 1);
    body +=
        `<h2>Which lists had each account</h2>` +
        table(
            ['Lists', 'Accounts'],
            [...overlap].sort((a, b) => b[1] - a[1])
        );
    body += `<h2>Conflicts by kind</h2>` + table(['Kind', 'Count'], Object.entries(s.conflicts));
    body +=
        `<h2>Conflicts</h2>` +
        table(
            ['Kind', 'Domain', 'Field', 'Values (list, line)', 'Resolution'],
            result.conflicts.map((c) => [
                c.kind,
                c.domain,
                c.field,
                c.values.map((v) => `${v.source}:${v.line} ${v.value}`).join(' · '),
                c.resolution
            ])
        );
    body +=
        `<h2>Accounts to create or update</h2>` +
        table(
            ['Domain', 'Name', 'Action', 'Lists', 'Changes'],
            result.accounts
                .filter((a) => a.action === 'create' || a.action === 'update')
                .map((a) => [
                    a.domain,
                    a.name,
                    a.action,
                    a.sources.join(', '),
                    a.changes.map((c) => `${c.field}: ${c.from || '∅'} → ${c.to} (${c.source})`).join('; ')
                ])
        );
    body +=
        `<h2>Rejected rows and ignored values</h2>` +
        table(
            ISSUE_COLUMNS,
            issueRows(result.issues).map((r) => r.map((c) => String(c)))
        );
    return page('Account list reconciliation', body);
}

async function runAccounts(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        source: { type: 'string', multiple: true },
        mapping: { type: 'string', multiple: true },
        precedence: { type: 'string' },
        policy: { type: 'string' },
        out: { type: 'string', default: join('out', 'load') },
        apply: { type: 'boolean', default: false },
        'as-of': { type: 'string' },
        'run-id': { type: 'string' }
    });
    const sources = pairs(values.source, '--source');
    if (sources.size === 0) throw new UsageError('Name at least one list with --source NAME=FILE[#SHEET].');
    const mappings = pairs(values.mapping, '--mapping');
    for (const name of mappings.keys()) if (!sources.has(name)) throw new UsageError(`--mapping names "${name}", which is not a --source.`);
    let precedence: Precedence = {};
    if (values.policy) {
        const p = await readJson(values.policy, PolicySchema, 'load policy');
        precedence = parsePrecedence(
            Object.entries(p.precedence)
                .map(([f, s]) => `${f}=${s.join(',')}`)
                .join(';')
        );
    }
    if (values.precedence) {
        try {
            precedence = { ...precedence, ...parsePrecedence(values.precedence) };
        } catch (error) {
            throw new UsageError(`--precedence: ${(error as Error).message}`);
        }
    }
    for (const [field, list] of Object.entries(precedence))
        for (const s of list)
            if (s !== 'org' && !sources.has(s)) throw new UsageError(`The precedence for ${field} names "${s}", which is not a --source.`);

    let loaded: LoadedSources;
    try {
        loaded = await readSources(sources, mappings, ux);
    } catch (error) {
        if (error instanceof ListError)
            throw new AbmError(
                `${error.message}. Nothing was loaded.`,
                ExitCode.Failure,
                ['Fix the file (or its mapping) and run the load again.'],
                { file: error.file, row: error.row, column: error.column }
            );
        throw error;
    }
    const org = await openOrg(values, ux);
    const asOf = await resolveAsOf(values['as-of'], org);
    const book = await readOrgBook(org, ux);
    ux.log(
        `Reconciling ${fmt(loaded.rows.length)} rows against ${fmt(book.accounts.length)} accounts and ${fmt(book.aliases.length)} aliases…`
    );
    const result = reconcile({
        sources: [...sources.keys()],
        rows: loaded.rows,
        accounts: book.accounts,
        aliases: book.aliases,
        users: book.users,
        precedence,
        asOf
    });
    result.issues.unshift(...loaded.issues);
    result.summary.rejectedRows = result.issues.filter((i) => i.action === 'row rejected').length;
    for (const s of result.summary.sources) s.rows = loaded.files.find((f) => f.source === s.source)?.rows ?? s.rows;
    for (const s of result.summary.sources)
        s.rejected = result.issues.filter((i) => i.source === s.source && i.action === 'row rejected').length;

    const out = values.out;
    await mkdir(out, { recursive: true });
    const files = {
        reconciliation: join(out, 'reconciliation.csv'),
        conflicts: join(out, 'conflicts.csv'),
        rejects: join(out, 'rejects.csv'),
        report: join(out, 'report.html'),
        plan: join(out, 'plan.json')
    };
    await writeFile(
        files.reconciliation,
        stringify(
            result.accounts.map((a) => [
                a.domain,
                safeCell(a.name),
                a.action,
                a.accountId ?? '',
                a.sources.join(';'),
                a.rows,
                a.viaAlias.join(';'),
                a.conflicts,
                a.changes
                    .map((c) => `${c.field}=${c.to}`)
                    .map(safeCell)
                    .join('; ')
            ]),
            { header: true, columns: ['Domain', 'Name', 'Action', 'AccountId', 'Lists', 'Rows', 'ViaAlias', 'Conflicts', 'Changes'] }
        )
    );
    await writeFile(
        files.conflicts,
        stringify(
            result.conflicts.flatMap((c) =>
                c.values.map((v) => [c.kind, c.domain, c.field, v.source, v.file, v.line, safeCell(v.value), c.resolution])
            ),
            { header: true, columns: ['Kind', 'Domain', 'Field', 'Source', 'File', 'Line', 'Value', 'Resolution'] }
        )
    );
    await writeFile(files.rejects, stringify(issueRows(result.issues), { header: true, columns: ISSUE_COLUMNS }));
    await writeFile(files.report, reportHtml(result, loaded.files, org.label, asOf));
    const records = result.accounts.filter((a) => a.record).map((a) => a.record!);
    await writeFile(
        files.plan,
        `${JSON.stringify({ asOf, source: org.label, files: loaded.files, summary: result.summary, records }, null, 2)}\n`
    );

    const s = result.summary;
    ux.log('');
    for (const x of s.sources)
        ux.log(
            `  ${x.source.padEnd(12)} ${fmt(x.rows).padStart(7)} rows → ${fmt(x.accounts).padStart(6)} accounts, ${fmt(x.rejected)} rejected`
        );
    ux.log(
        `One list: ${fmt(s.accounts)} accounts · create ${fmt(s.create)} · update ${fmt(s.update)} · unchanged ${fmt(s.unchanged)} · rejected rows ${fmt(s.rejectedRows)}`
    );
    ux.log(
        `Conflicts: ${
            Object.entries(s.conflicts)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${k} ${n}`)
                .join(' · ') || 'none'
        }`
    );
    ux.log(`Report: ${resolve(files.report)}\nRejects: ${resolve(files.rejects)}`);

    const summary = {
        dryRun: !values.apply,
        asOf,
        target: org.label,
        summary: s,
        conflicts: result.conflicts.length,
        files,
        written: 0,
        failed: 0
    };
    if (!values.apply) {
        ux.log(
            records.length
                ? `Plan only: ${records.length} accounts would be written. Run again with --apply to write them.`
                : 'Nothing to write: the org already matches the lists.'
        );
        emitResult(ux, ExitCode.Success, summary);
        return;
    }
    if (!records.length) {
        ux.log('Nothing to write: the org already matches the lists.');
        emitResult(ux, ExitCode.Success, summary);
        return;
    }
    const runId = values['run-id'] ?? `load-${asOf.replace(/-/g, '')}-${Date.now().toString(36)}`;
    const applied = await applyAccounts(org, result, runId, out, ux);
    emitResult(ux, applied.failed ? ExitCode.Partial : ExitCode.Success, { ...summary, ...applied, runId });
}

/** Upsert by ABM_WebDomain__c: rollback file first, then the write, failures file, and an audit record per owner change. */
export async function applyAccounts(org: Org, result: ReconcileResult, runId: string, out: string, ux: Ux) {
    const planned = result.accounts.filter((a) => a.record);
    const rollback = join(out, 'rollback.csv');
    const fields = [...new Set(planned.flatMap((a) => a.changes.map((c) => c.field)))].sort();
    await writeFile(
        rollback,
        stringify(
            planned.map((a) => [
                a.action,
                a.accountId ?? '',
                a.domain,
                ...fields.map((f) => (a.action === 'update' ? (a.changes.find((c) => c.field === f)?.from ?? '') : ''))
            ]),
            { header: true, columns: ['Action', 'AccountId', 'ABM_WebDomain__c', ...fields.map((f) => `Previous.${f}`)] }
        )
    );
    ux.log(`Writing ${planned.length} accounts to ${org.label} (upsert by ABM_WebDomain__c; rollback file ${rollback})…`);
    const records = planned.map((a) => ({ ...a.record!, ...(a.record!.OwnerId ? { ABM_LastAssignmentRunId__c: runId } : {}) }));
    const bar = ux.progress('Upserting accounts', records.length);
    const results: RowResult[] = await org.upsert('Account', 'ABM_WebDomain__c', records, { onProgress: (d) => bar.update(d) });
    bar.stop();
    const failed = results.map((r, i) => ({ r, a: planned[i]! })).filter(({ r }) => !r.success);
    if (failed.length) {
        await writeFile(
            join(out, 'failures.csv'),
            stringify(
                failed.map(({ r, a }) => [a.domain, safeCell(a.name), a.action, r.error ?? 'unknown error', JSON.stringify(a.record)]),
                { header: true, columns: ['Domain', 'Name', 'Action', 'Error', 'Record'] }
            )
        );
    }
    const ownerChanges = results
        .map((r, i) => ({ r, a: planned[i]! }))
        .filter(({ r, a }) => r.success && a.changes.some((c) => c.field === 'OwnerId'));
    if (ownerChanges.length) {
        const audit = await org.insert(
            'ABM_Assignment__c',
            ownerChanges.map(({ r, a }) => {
                const c = a.changes.find((x) => x.field === 'OwnerId')!;
                return {
                    Account__c: r.id,
                    PreviousOwner__c: c.from || null,
                    NewOwner__c: c.to,
                    Role__c: 'AE',
                    Reason__c: `Account list load: owner from ${c.source}`.slice(0, 255),
                    Rule__c: 'List load',
                    RunId__c: runId,
                    Source__c: 'Load',
                    AssignedAt__c: new Date().toISOString()
                };
            }),
            { returnIds: false }
        );
        const auditFailed = audit.filter((x) => !x.success);
        if (auditFailed.length) ux.warn(`${auditFailed.length} owner-change audit records failed (${auditFailed[0]!.error}).`);
    }
    const created = results.filter((r) => r.success && r.created).length;
    const updated = results.filter((r) => r.success && !r.created).length;
    ux.log(
        `Created ${created}, updated ${updated}, failed ${failed.length}.${failed.length ? ` Failures: ${resolve(out, 'failures.csv')}` : ''}`
    );
    return {
        written: created + updated,
        created,
        updated,
        failed: failed.length,
        rollbackFile: rollback,
        ...(failed.length ? { failuresFile: join(out, 'failures.csv') } : {})
    };
}

const SIGNAL_SYNONYMS: Record<keyof Omit<SignalInputRow, 'file' | 'line'>, string[]> = {
    domain: ['domain', 'website', 'companydomain', 'accountdomain', 'url', 'web'],
    topic: ['topic', 'intenttopic', 'keyword', 'theme'],
    strength: ['strength', 'score', 'intentscore', 'surgescore', 'compositescore'],
    source: ['source', 'provider', 'vendor'],
    type: ['type', 'signaltype', 'activity', 'activitytype'],
    date: ['date', 'signaldate', 'week', 'weekof', 'detected', 'detectedon', 'timestamp']
};

async function runSignals(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        file: { type: 'string' },
        mapping: { type: 'string' },
        out: { type: 'string', default: join('out', 'load-signals') },
        apply: { type: 'boolean', default: false }
    });
    if (!values.file) throw new UsageError('Name the intent export with --file FILE.csv.');
    const mapping = values.mapping
        ? await readJson(
              values.mapping,
              z.object({ columns: z.record(z.string(), z.string()), dateFormat: z.enum(['DD/MM/YYYY', 'MM/DD/YYYY']).optional() }).strict(),
              'signals mapping'
          )
        : undefined;
    let rows: SignalInputRow[];
    try {
        const t = await readList(values.file);
        const key = (h: string) => h.toLowerCase().replace(/[\s\-_.()/#:]+/g, '');
        const col: Partial<Record<keyof typeof SIGNAL_SYNONYMS, number>> = {};
        for (const f of Object.keys(SIGNAL_SYNONYMS) as (keyof typeof SIGNAL_SYNONYMS)[]) {
            const named = mapping?.columns[f];
            const i = named
                ? t.header.findIndex((h) => h.trim().toLowerCase() === named.toLowerCase())
                : t.header.findIndex((h) => SIGNAL_SYNONYMS[f].includes(key(h)));
            if (named && i < 0)
                throw new ListError(
                    `the mapping names column "${named}" for ${f}, but the header has no such column`,
                    values.file,
                    1,
                    named
                );
            if (i >= 0) col[f] = i;
        }
        for (const required of ['domain', 'topic', 'date'] as const)
            if (col[required] === undefined) throw new ListError(`no ${required} column (header: ${t.header.join(', ')})`, values.file, 1);
        const cell = (cells: string[], f: keyof typeof SIGNAL_SYNONYMS) => (col[f] === undefined ? '' : (cells[col[f]!] ?? ''));
        rows = t.rows
            .filter((r) => r.cells.some((c) => c.trim()))
            .map((r) => ({
                file: values.file!,
                line: r.line,
                domain: cell(r.cells, 'domain'),
                topic: cell(r.cells, 'topic'),
                strength: cell(r.cells, 'strength'),
                source: cell(r.cells, 'source'),
                type: cell(r.cells, 'type'),
                date: cell(r.cells, 'date')
            }));
    } catch (error) {
        if (error instanceof ListError)
            throw new AbmError(`${error.message}. Nothing was loaded.`, ExitCode.Failure, [], {
                file: error.file,
                row: error.row,
                column: error.column
            });
        throw error;
    }
    const org = await openOrg(values, ux);
    ux.log(`Reading accounts, aliases and existing signals from ${org.label}…`);
    const [accounts, aliases, existing] = await Promise.all([
        org.bulkQuery('SELECT Id, ABM_WebDomain__c FROM Account'),
        org.bulkQuery('SELECT Domain__c, Account__c FROM ABM_DomainAlias__c'),
        org.bulkQuery('SELECT Account__c, Topic__c, SignalDate__c, Source__c FROM ABM_IntentSignal__c')
    ]);
    const plan = planSignals(
        rows,
        accounts.map((a) => ({ Id: a.Id!, ABM_WebDomain__c: a.ABM_WebDomain__c })),
        aliases,
        existing,
        (v) => parseDate(v, mapping?.dateFormat)
    );
    await mkdir(values.out, { recursive: true });
    const rejects = join(values.out, 'rejects.csv');
    await writeFile(rejects, stringify(issueRows(plan.issues), { header: true, columns: ISSUE_COLUMNS }));
    ux.log(
        `${fmt(rows.length)} signals: ${fmt(plan.records.length)} new, ${fmt(plan.duplicates)} already loaded, ${fmt(plan.issues.length)} rejected (${resolve(rejects)}).`
    );
    const summary = {
        dryRun: !values.apply,
        rows: rows.length,
        new: plan.records.length,
        duplicates: plan.duplicates,
        rejected: plan.issues.length,
        inserted: 0,
        failed: 0,
        rejects
    };
    if (!values.apply || plan.records.length === 0) {
        if (!values.apply && plan.records.length) ux.log('Plan only: run again with --apply to insert them.');
        emitResult(ux, ExitCode.Success, summary);
        return;
    }
    const bar = ux.progress('Inserting signals', plan.records.length);
    const results = await org.insert(
        'ABM_IntentSignal__c',
        plan.records.map((record) => {
            const r: Record<string, unknown> = { ...record };
            delete r.line;
            delete r.domain;
            return r;
        }),
        { onProgress: (d) => bar.update(d), returnIds: false }
    );
    bar.stop();
    const failed = results.map((r, i) => ({ r, p: plan.records[i]! })).filter(({ r }) => !r.success);
    if (failed.length) {
        await writeFile(
            join(values.out, 'failures.csv'),
            stringify(
                failed.map(({ r, p }) => [p.line, p.domain, safeCell(p.Topic__c), p.SignalDate__c, r.error ?? '']),
                { header: true, columns: ['Line', 'Domain', 'Topic', 'Date', 'Error'] }
            )
        );
    }
    ux.log(`Inserted ${results.length - failed.length}, failed ${failed.length}.`);
    emitResult(ux, failed.length ? ExitCode.Partial : ExitCode.Success, {
        ...summary,
        inserted: results.length - failed.length,
        failed: failed.length
    });
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'accounts') return runAccounts(rest, ux);
    if (sub === 'signals') return runSignals(rest, ux);
    throw new UsageError(`Unknown subcommand "${sub ?? ''}": use accounts or signals.`, ['abm load --help']);
}
