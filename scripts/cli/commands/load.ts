/**
 * `abm load accounts`: reconcile any number of team lists (CSV in any common dialect/encoding, XLSX sheets) into one
 * account per web domain, report every conflict, and (with --apply) upsert by ABM_WebDomain__c.
 * `abm load signals`: load an intent provider's export into ABM_IntentSignal__c, matched to accounts by domain.
 */
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { parseDate, ListError, safeCell, type ListIssue } from '../../core/lists.js';
import type { OrgAccount, OrgAlias, OrgBook, OrgUser, Precedence, ReconcileResult, SignalInputRow } from '../../core/reconcile.js';
import { readList } from '../../io/lists.js';
import type { Org } from '../../org/index.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { esc, page, table } from '../html.js';
import { prepareOutDir, Run, sealPlan, sha256, targetOf } from '../runs.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, resolveAsOf, UsageError, type Ux } from '../shared.js';
import {
    applyAccountPlan,
    applySignalPlan,
    loadPlanKind,
    rollbackLoad,
    type AccountLoadPlan,
    type PlannedAccount,
    type SignalLoadPlan
} from './load-write.js';
import type { LoadedSources } from './load-read.js';

// The planning side (reconcile, the list readers, and with them the web-domain normaliser, whose public suffix list
// costs about 0.1 s of CPU to load) is imported where a plan is made: `abm load apply` and `rollback` only read a saved
// plan and write, and start without it.
const reading = () => import('./load-read.js');
const reconciling = () => import('../../core/reconcile.js');

export type { LoadedSources } from './load-read.js';

/** load-read.ts `readSources`, kept here for the callers that import it from the command. */
export async function readSources(...args: Parameters<typeof import('./load-read.js').readSources>): Promise<LoadedSources> {
    return (await reading()).readSources(...args);
}

const PolicySchema = z.object({ precedence: z.record(z.string(), z.array(z.string().min(1))) }).strict();

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

async function readOrgBook(org: Org, ux: Ux, signal?: AbortSignal): Promise<OrgBook> {
    ux.log(`Reading accounts, aliases and users from ${org.label}…`);
    // The three reads run at once. One that fails stops the others, and the book settles only when all three have
    // (a stopped Bulk API query has aborted its job on the server by then): nothing is left running behind an error.
    const stop = new AbortController();
    const options = { signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal };
    const stopOthers = <T>(read: Promise<T>): Promise<T> =>
        read.catch((error: unknown) => {
            stop.abort(error);
            throw error;
        });
    const reads = [
        stopOthers(
            org.bulkQuery(
                'SELECT Id, Name, ABM_WebDomain__c, Website, OwnerId, ABM_Tier__c, Industry, BillingCountry, ABM_Region__c, NumberOfEmployees, AnnualRevenue, ABM_LastEngagementDate__c, ABM_TierChangedDate__c FROM Account',
                options
            )
        ),
        stopOthers(org.bulkQuery('SELECT Domain__c, Account__c FROM ABM_DomainAlias__c', options)),
        stopOthers(org.query('SELECT Id, Email, Username, IsActive FROM User', options))
    ] as const;
    await Promise.allSettled(reads);
    const [accounts, aliases, users] = await Promise.all(reads);
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
        'run-id': { type: 'string' },
        'runs-dir': { type: 'string', default: join('out', 'runs') },
        force: { type: 'boolean', default: false }
    });
    const sources = pairs(values.source, '--source');
    if (sources.size === 0) throw new UsageError('Name at least one list with --source NAME=FILE[#SHEET].');
    const mappings = pairs(values.mapping, '--mapping');
    for (const name of mappings.keys()) if (!sources.has(name)) throw new UsageError(`--mapping names "${name}", which is not a --source.`);
    const { readJson } = await reading();
    const { parsePrecedence, reconcile } = await reconciling();
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

    // The org's side (connecting, the as-of date, the accounts, aliases and users) is fetched while the lists are read:
    // against a real org that is seconds of network time, and the read step indexes the accounts as soon as they are
    // in (the rows read meanwhile are resolved against them). A bad list stops the fetch: its queries are aborted, on
    // the server too, before the error is reported (nothing was written either way).
    const fetching = new AbortController();
    const orgSide = (async () => {
        const org = await openOrg(values, ux);
        const asOf = await resolveAsOf(values['as-of'], org);
        const target = await targetOf(org);
        const book = await readOrgBook(org, ux, fetching.signal);
        return { org, asOf, target, book };
    })();
    orgSide.catch(() => undefined); // awaited after the lists: a list's error comes first
    let loaded: LoadedSources;
    let side: Awaited<typeof orgSide>;
    try {
        loaded = await readSources(
            sources,
            mappings,
            ux,
            'auto',
            orgSide.then((s) => s.book)
        );
        await prepareOutDir(values.out);
        side = await orgSide;
    } catch (error) {
        // Whatever stops the load before the book is in (a list, the --out folder) stops the fetch first.
        fetching.abort();
        await orgSide.catch(() => undefined);
        if (error instanceof ListError)
            throw new AbmError(
                `${error.message}. Nothing was loaded.`,
                ExitCode.Failure,
                ['Fix the file (or its mapping) and run the load again.'],
                { file: error.file, row: error.row, column: error.column }
            );
        throw error;
    }
    const { org, asOf, target, book } = side;
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
        asOf,
        index: loaded.index
    });
    result.issues = loaded.issues.concat(result.issues);
    result.summary.rejectedRows = result.issues.filter((i) => i.action === 'row rejected').length;
    for (const s of result.summary.sources) s.rows = loaded.files.find((f) => f.source === s.source)?.rows ?? s.rows;
    for (const s of result.summary.sources)
        s.rejected = result.issues.filter((i) => i.source === s.source && i.action === 'row rejected').length;

    const out = values.out;
    const files = {
        reconciliation: join(out, 'reconciliation.csv'),
        conflicts: join(out, 'conflicts.csv'),
        rejects: join(out, 'rejects.csv'),
        report: join(out, 'report.html'),
        plan: join(out, 'plan.json')
    };
    await writeFileAtomic(
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
    await writeFileAtomic(
        files.conflicts,
        stringify(
            result.conflicts.flatMap((c) =>
                c.values.map((v) => [c.kind, c.domain, c.field, v.source, v.file, v.line, safeCell(v.value), c.resolution])
            ),
            { header: true, columns: ['Kind', 'Domain', 'Field', 'Source', 'File', 'Line', 'Value', 'Resolution'] }
        )
    );
    await writeFileAtomic(files.rejects, stringify(issueRows(result.issues), { header: true, columns: ISSUE_COLUMNS }));
    await writeFileAtomic(files.report, reportHtml(result, loaded.files, org.label, asOf));
    const planned: PlannedAccount[] = result.accounts
        .filter((a) => a.record && (a.action === 'create' || a.action === 'update'))
        .map((a) => ({
            domain: a.domain,
            name: a.name,
            action: a.action as 'create' | 'update',
            accountId: a.accountId,
            changes: a.changes,
            record: a.record!
        }));
    const runId =
        values['run-id'] ??
        `load-${asOf.replace(/-/g, '')}-${sha256(JSON.stringify(planned.map((a) => a.record))).slice(0, 8)}-${Date.now().toString(36)}`;
    Run.folder('.', runId);
    const plan: AccountLoadPlan = {
        runId,
        asOf,
        source: org.label,
        target,
        files: loaded.files,
        summary: result.summary as unknown as Record<string, unknown>,
        accounts: planned
    };
    await writeFileAtomic(files.plan, `${JSON.stringify(sealPlan('load-accounts', plan), null, 2)}\n`);
    const records = planned;

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
        runId,
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
                ? `Plan only: ${records.length} accounts would be written. Apply it with: abm load apply --plan ${files.plan} ${orgFlag(values)}`
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
    const applied = await applyAccountPlan(
        org,
        { planFile: files.plan, force: values.force, resume: false, runsDir: values['runs-dir'], orgFlag: orgFlag(values) },
        ux
    );
    emitResult(ux, applied.status, { ...summary, ...applied.summary });
}

const orgFlag = (values: { snapshot?: string; 'target-org'?: string }) =>
    values.snapshot ? `--snapshot ${values.snapshot}` : `--target-org ${values['target-org'] ?? '…'}`;

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
        apply: { type: 'boolean', default: false },
        'run-id': { type: 'string' },
        'runs-dir': { type: 'string', default: join('out', 'runs') },
        force: { type: 'boolean', default: false }
    });
    if (!values.file) throw new UsageError('Name the intent export with --file FILE.csv.');
    const { readJson } = await reading();
    const { planSignals } = await reconciling();
    await prepareOutDir(values.out);
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
    const target = await targetOf(org);
    ux.log(`Reading accounts, aliases and existing signals from ${org.label}…`);
    const [accounts, aliases, existing] = await Promise.all([
        org.bulkQuery('SELECT Id, ABM_WebDomain__c FROM Account'),
        org.bulkQuery('SELECT Domain__c, Account__c FROM ABM_DomainAlias__c'),
        org.bulkQuery('SELECT Account__c, Topic__c, SignalDate__c, Source__c FROM ABM_IntentSignal__c')
    ]);
    const planned = planSignals(
        rows,
        accounts.map((a) => ({ Id: a.Id!, ABM_WebDomain__c: a.ABM_WebDomain__c })),
        aliases,
        existing,
        (v) => parseDate(v, mapping?.dateFormat)
    );
    const rejects = join(values.out, 'rejects.csv');
    await writeFileAtomic(rejects, stringify(issueRows(planned.issues), { header: true, columns: ISSUE_COLUMNS }));
    const runId =
        values['run-id'] ??
        `signals-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${sha256(JSON.stringify(planned.records)).slice(0, 8)}`;
    Run.folder('.', runId);
    const planFile = join(values.out, 'plan.json');
    const plan: SignalLoadPlan = { runId, source: org.label, target, file: values.file, signals: planned.records };
    await writeFileAtomic(planFile, `${JSON.stringify(sealPlan('load-signals', plan), null, 2)}\n`);
    ux.log(
        `${fmt(rows.length)} signals: ${fmt(planned.records.length)} new, ${fmt(planned.duplicates)} already loaded, ${fmt(planned.issues.length)} rejected (${resolve(rejects)}).`
    );
    const summary = {
        dryRun: !values.apply,
        runId,
        rows: rows.length,
        new: planned.records.length,
        duplicates: planned.duplicates,
        rejected: planned.issues.length,
        inserted: 0,
        failed: 0,
        rejects,
        plan: planFile
    };
    if (!values.apply || planned.records.length === 0) {
        if (!values.apply && planned.records.length)
            ux.log(`Plan only: apply it with: abm load apply --plan ${planFile} ${orgFlag(values)} (or run again with --apply).`);
        emitResult(ux, ExitCode.Success, summary);
        return;
    }
    const applied = await applySignalPlan(
        org,
        { planFile, force: values.force, resume: false, runsDir: values['runs-dir'], orgFlag: orgFlag(values) },
        ux
    );
    emitResult(ux, applied.status, { ...summary, ...applied.summary });
}

/** The flags of `abm load apply` and `abm load rollback` (each adds its own: --plan and --resume, or --run). */
const WRITE_FLAGS = {
    ...ORG_FLAGS,
    force: { type: 'boolean', default: false },
    'runs-dir': { type: 'string', default: join('out', 'runs') }
} as const;

/** `abm load apply --plan FILE` (an account or signal load plan). */
async function runApply(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, { ...WRITE_FLAGS, plan: { type: 'string' }, resume: { type: 'boolean', default: false } });
    if (!values.plan)
        throw new UsageError('Name the saved plan with --plan DIR/plan.json (from "abm load accounts" or "abm load signals").');
    const org = await openOrg(values, ux);
    const options = {
        force: values.force,
        runsDir: values['runs-dir'],
        orgFlag: orgFlag(values),
        planFile: values.plan,
        resume: values.resume
    };
    const done =
        (await loadPlanKind(values.plan)) === 'load-signals'
            ? await applySignalPlan(org, options, ux)
            : await applyAccountPlan(org, options, ux);
    emitResult(ux, done.status, done.summary);
}

/** `abm load rollback --run ID`. */
async function runRollback(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, { ...WRITE_FLAGS, run: { type: 'string' } });
    if (!values.run) throw new UsageError('Name the run to roll back with --run <runId>.');
    const org = await openOrg(values, ux);
    const done = await rollbackLoad(
        org,
        { force: values.force, runsDir: values['runs-dir'], orgFlag: orgFlag(values), runId: values.run },
        ux
    );
    emitResult(ux, done.status, done.summary);
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'accounts') return runAccounts(rest, ux);
    if (sub === 'signals') return runSignals(rest, ux);
    if (sub === 'apply') return runApply(rest, ux);
    if (sub === 'rollback') return runRollback(rest, ux);
    throw new UsageError(`Unknown subcommand "${sub ?? ''}": use accounts, signals, apply or rollback.`, ['abm load --help']);
}
