/**
 * `abm setup --target-org X [--sellers FILE] [--dry-run]`: the post-install (or post-deploy) steps as one command,
 * idempotent and plan-first: assign the permission sets, make the ABM Account record page the org default, seed seller
 * records from a CSV, and schedule the jobs of config/scheduled-jobs.json. It reads the org, prints what it will do,
 * refuses to change anything when an input is bad or the package is missing, and writes rollback.json as it goes.
 * The decisions live in scripts/core/setup.ts.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { parse } from 'csv-parse/sync';
import { deployProblems, isSuccess } from '../../core/deploy.js';
import {
    abortApex,
    DISPATCHER,
    parseScheduledJobs,
    planAssignments,
    planJobs,
    planRecordPage,
    planSellers,
    scheduleApex,
    SELLER_KEY_COLUMN,
    wantedAssignments,
    withRecordPage,
    type ActionOverride,
    type AssignmentStep,
    type ExistingJob,
    type JobStep,
    type RecordPageStep,
    type SellerRowProblem,
    type SellerStep
} from '../../core/setup.js';
import { deployComponents, executeAnonymous, readComponent } from '../../org/metadata.js';
import { SalesforceOrg } from '../../org/salesforce.js';
import { writeFileAtomic } from '../../org/snapshot.js';
import { AbmError, emitResult, ExitCode, openConnection, parseFlags, UsageError, type Ux } from '../shared.js';
import { pushAll } from '../../core/arrays.js';

const PERMISSION_SETS = ['ABM_Admin', 'ABM_Operations', 'ABM_Seller'];
const RUNNING_USER_PERMISSION_SETS = ['ABM_Admin', 'ABM_Operations'];
const DEFAULT_PAGE = 'ABM_Account_Record_Page';

export type SetupOptions = {
    dryRun: boolean;
    /** Seller rows read from the CSV (header → cell) and the file they came from. */
    sellers?: { file: string; rows: Record<string, string>[] };
    assign: string[];
    jobsFile: string;
    reschedule: boolean;
    recordPage: string;
    skipRecordPage: boolean;
    replaceRecordPage: boolean;
    out: string;
    /** Deploy poll interval (tests use a short one). */
    pollIntervalMs?: number;
};

export type SetupPlan = {
    username: string;
    assignments: AssignmentStep[];
    recordPage: RecordPageStep;
    sellers: SellerStep[];
    jobs: JobStep[];
};

type Outcome = { step: string; target: string; outcome: 'done' | 'failed'; detail?: string };

/** What setup changed, in order, with what it takes to undo it. Written before and after every change. */
export type RollbackFile = {
    org: string;
    startedAt: string;
    changes: (
        | { kind: 'permissionSetAssignment'; id: string; permissionSet: string; username: string }
        | { kind: 'recordPage'; page: string; previous: ActionOverride | null }
        | { kind: 'sellerCreated'; id: string; username: string }
        | { kind: 'sellerUpdated'; id: string; username: string; before: Record<string, unknown> }
        | {
              kind: 'jobScheduled';
              name: string;
              id: string | null;
              replaced?: string;
              /** A job moved off a worker class: what it was (restore: System.schedule(name, cron, new <class>())). */
              replacedJob?: { name: string; class: string; cron: string };
          }
        | { kind: 'jobAborted'; id: string; name: string; class: string; cron: string }
    )[];
};

export type SetupSummary = { plan: SetupPlan; dryRun: boolean; outcomes: Outcome[]; out: string; problems: string[] };

const soql = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const inList = (values: Iterable<string>) => [...values].map(soql).join(', ');

/** Split a list into chunks (SOQL IN lists stay well under the query length limit). */
function chunks<T>(items: T[], size = 200): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

/** Read the seller CSV: header → cell per row; a malformed file is a usage problem naming the file and line. */
export async function readSellerCsv(file: string): Promise<{ file: string; rows: Record<string, string>[] }> {
    let text: string;
    try {
        text = await readFile(file, 'utf8');
    } catch (error) {
        throw new UsageError(
            `--sellers ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`
        );
    }
    try {
        const rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: false }) as Record<string, string>[];
        return { file, rows };
    } catch (error) {
        throw new AbmError(`${file}: not a readable CSV: ${(error as Error).message}`, ExitCode.Failure, [
            'Save the sellers sheet as CSV (UTF-8) with a header row; see data/setup/sellers.example.csv.'
        ]);
    }
}

/** Read the org and plan every step (no writes). */
export async function planSetup(
    conn: Connection,
    options: SetupOptions
): Promise<{ plan: SetupPlan; problems: string[]; overrides: ActionOverride[] }> {
    const org = SalesforceOrg.fromConnection(conn as never, { label: conn.getUsername() });
    const username = conn.getUsername() ?? '';
    if (!username) throw new AbmError('The connection has no username: log in with "sf org login web" and pass --target-org.');
    const problems: string[] = [];

    let jobsJson: unknown;
    try {
        jobsJson = JSON.parse(await readFile(options.jobsFile, 'utf8'));
    } catch (error) {
        throw new AbmError(`${options.jobsFile}: ${(error as Error).message}`);
    }
    const jobs = parseScheduledJobs(jobsJson, options.jobsFile);

    // Users: the running user, the sellers and the --assign targets, in one pass.
    const sellerUsernames = (options.sellers?.rows ?? []).map((r) => (r[SELLER_KEY_COLUMN] ?? '').trim()).filter(Boolean);
    const wanted = wantedAssignments(options.assign, username, RUNNING_USER_PERMISSION_SETS, PERMISSION_SETS);
    if (sellerUsernames.length) wanted.set('ABM_Seller', new Set([...(wanted.get('ABM_Seller') ?? []), ...sellerUsernames]));
    const allUsernames = new Set(
        [username, ...sellerUsernames, ...[...wanted.values()].flatMap((s) => [...s])].map((u) => u.toLowerCase())
    );
    const users = new Map<string, { id: string; isActive: boolean; name?: string }>();
    for (const chunk of chunks([...allUsernames])) {
        const rows = await org.query<{ Id: string; Username: string; Name?: string; IsActive: boolean }>(
            `SELECT Id, Username, Name, IsActive FROM User WHERE Username IN (${inList(chunk)})`
        );
        for (const u of rows) users.set(u.Username.toLowerCase(), { id: u.Id, isActive: u.IsActive !== false, name: u.Name });
    }

    // Permission sets and their current assignments.
    const permissionSets = new Map(
        (
            await org.query<{ Id: string; Name: string }>(`SELECT Id, Name FROM PermissionSet WHERE Name IN (${inList(PERMISSION_SETS)})`)
        ).map((p) => [p.Name, p.Id])
    );
    const assigned = new Set<string>();
    const userIds = [...users.values()].map((u) => u.id);
    if (permissionSets.size && userIds.length) {
        for (const chunk of chunks(userIds)) {
            const rows = await org.query<{ AssigneeId: string; PermissionSetId: string }>(
                `SELECT AssigneeId, PermissionSetId FROM PermissionSetAssignment WHERE PermissionSetId IN (${inList(permissionSets.values())}) AND AssigneeId IN (${inList(chunk)})`
            );
            for (const r of rows) assigned.add(`${r.PermissionSetId}:${r.AssigneeId}`);
        }
    }
    const assignments = planAssignments(wanted, permissionSets, users, assigned);

    // The record page: the org's Account overrides, and the page itself (it must be in the org).
    let overrides: ActionOverride[] = [];
    let recordPage: RecordPageStep;
    if (options.skipRecordPage) recordPage = planRecordPage(options.recordPage, [], false, true);
    else {
        const pages = (
            await conn.tooling.query<{ DeveloperName: string }>(
                `SELECT DeveloperName FROM FlexiPage WHERE DeveloperName = ${soql(options.recordPage)}`
            )
        ).records;
        const account = await readComponent<{ actionOverrides?: RawOverride | RawOverride[] }>(conn, 'CustomObject', 'Account');
        overrides = toList(account?.actionOverrides).map(normaliseOverride);
        recordPage = pages.length
            ? planRecordPage(options.recordPage, overrides, options.replaceRecordPage, false)
            : {
                  page: options.recordPage,
                  action: 'skip',
                  reason: `the Lightning page ${options.recordPage} is not in the org: deploy or install the package first`
              };
        if (!pages.length) problems.push(`Record page: ${recordPage.reason}.`);
    }

    // Sellers.
    let sellers: SellerStep[] = [];
    if (options.sellers?.rows.length) {
        const describe = await org.describe('ABM_Seller__c').catch((error: unknown) => {
            throw new AbmError(`Could not describe ABM_Seller__c (${(error as Error).message}): deploy or install the package first.`);
        });
        const fields = describe.map((f) => ({
            name: f.name,
            type: f.type,
            createable: f.createable !== false,
            updateable: f.updateable !== false
        }));
        const header = Object.keys(options.sellers.rows[0] ?? {});
        const known = new Set(fields.map((f) => f.name.toLowerCase()));
        const read = header.filter((h) => h !== SELLER_KEY_COLUMN && known.has(h.toLowerCase()));
        const existing = new Map<string, Record<string, unknown> & { Id: string }>();
        const sellerUserIds = sellerUsernames.map((u) => users.get(u.toLowerCase())?.id).filter((id): id is string => Boolean(id));
        for (const chunk of chunks(sellerUserIds)) {
            const fieldList = ['Id', 'User__c', ...read.filter((f) => !['id', 'user__c'].includes(f.toLowerCase()))].join(', ');
            const rows = await org.query<Record<string, unknown> & { Id: string; User__c: string }>(
                `SELECT ${fieldList} FROM ABM_Seller__c WHERE User__c IN (${inList(chunk)})`
            );
            for (const r of rows) existing.set(r.User__c, r);
        }
        const planned = planSellers(options.sellers.rows, fields, users, existing);
        sellers = planned.steps;
        pushAll(
            problems,
            planned.problems.map((p: SellerRowProblem) => `${options.sellers?.file}: row ${p.row}, ${p.field}: ${p.problem}`)
        );
    }

    // Scheduled jobs: what the org has under the configured names, the jobs an earlier version scheduled on the worker
    // classes themselves (AsyncApexJob knows the class a job is scheduled on), and whether the classes exist.
    const names = jobs.map((j) => j.name);
    const byName: ExistingJob[] = names.length
        ? (
              await org.query<{ Id: string; CronExpression: string; State: string; CronJobDetail?: { Name?: string } }>(
                  `SELECT Id, CronJobDetail.Name, CronExpression, State FROM CronTrigger WHERE CronJobDetail.Name IN (${inList(names)})`
              )
          ).map((r) => ({ id: r.Id, name: r.CronJobDetail?.Name ?? '', cron: r.CronExpression, state: r.State }))
        : [];
    const onWorkers: ExistingJob[] = names.length
        ? (
              await org.query<{
                  CronTriggerId: string | null;
                  ApexClass?: { Name?: string } | null;
                  CronTrigger?: { CronExpression?: string; State?: string; CronJobDetail?: { Name?: string } | null } | null;
              }>(
                  `SELECT CronTriggerId, ApexClass.Name, CronTrigger.CronJobDetail.Name, CronTrigger.CronExpression, CronTrigger.State FROM AsyncApexJob WHERE JobType = 'ScheduledApex' AND ApexClass.Name IN (${inList(new Set(jobs.map((j) => j.class)))}) AND ApexClass.NamespacePrefix = NULL AND Status IN ('Queued', 'Holding', 'Preparing', 'Processing')`
              )
          ).flatMap((r) =>
              r.CronTriggerId && r.CronTrigger
                  ? [
                        {
                            id: r.CronTriggerId,
                            name: r.CronTrigger.CronJobDetail?.Name ?? '',
                            cron: r.CronTrigger.CronExpression ?? '',
                            state: r.CronTrigger.State ?? 'WAITING',
                            className: r.ApexClass?.Name ?? ''
                        }
                    ]
                  : []
          )
        : [];
    const workerIds = new Set(onWorkers.map((j) => j.id));
    const existingJobs = [...byName.filter((j) => !workerIds.has(j.id)), ...onWorkers];
    const classes = new Set(
        names.length
            ? (
                  await org.query<{ Name: string }>(
                      `SELECT Name FROM ApexClass WHERE Name IN (${inList(new Set([...jobs.map((j) => j.class), DISPATCHER]))})`
                  )
              ).map((r) => r.Name)
            : []
    );
    const jobSteps = planJobs(jobs, existingJobs, classes, options.reschedule);

    for (const a of assignments.filter((s) => s.action === 'blocked'))
        problems.push(`Permission set ${a.permissionSet} → ${a.username}: ${a.reason}.`);
    for (const j of jobSteps.filter((s) => s.action === 'blocked')) problems.push(`Scheduled job "${j.name}": ${j.reason}.`);
    return { plan: { username, assignments, recordPage, sellers, jobs: jobSteps }, problems, overrides };
}

type RawOverride = {
    actionName?: string;
    formFactor?: string;
    type?: string;
    content?: string;
    skipRecordTypeSelect?: string | boolean;
    comment?: string;
};
const toList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
function normaliseOverride(o: RawOverride): ActionOverride {
    return {
        actionName: String(o.actionName ?? ''),
        type: String(o.type ?? 'Default'),
        ...(o.formFactor ? { formFactor: String(o.formFactor) } : {}),
        ...(o.content ? { content: String(o.content) } : {}),
        ...(o.skipRecordTypeSelect === undefined ? {} : { skipRecordTypeSelect: String(o.skipRecordTypeSelect) === 'true' })
    };
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Account's CustomObject with only its action overrides (as source), for the record page deploy. */
export function accountOverridesXml(overrides: ActionOverride[]): string {
    const blocks = overrides.map((o) =>
        [
            '    <actionOverrides>',
            `        <actionName>${xmlText(o.actionName)}</actionName>`,
            ...(o.content ? [`        <content>${xmlText(o.content)}</content>`] : []),
            ...(o.formFactor ? [`        <formFactor>${xmlText(o.formFactor)}</formFactor>`] : []),
            ...(o.skipRecordTypeSelect === undefined
                ? []
                : [`        <skipRecordTypeSelect>${o.skipRecordTypeSelect}</skipRecordTypeSelect>`]),
            `        <type>${xmlText(o.type)}</type>`,
            '    </actionOverrides>'
        ].join('\n')
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n${blocks.join('\n')}\n</CustomObject>\n`;
}

/** Carry out a plan (already printed). Every change is recorded in rollback.json before the next one starts. */
export async function applySetup(
    conn: Connection,
    plan: SetupPlan,
    overrides: ActionOverride[],
    options: Pick<SetupOptions, 'out' | 'pollIntervalMs'>,
    ux: Ux
): Promise<Outcome[]> {
    const org = SalesforceOrg.fromConnection(conn as never, { label: plan.username });
    const outcomes: Outcome[] = [];
    const rollback: RollbackFile = { org: plan.username, startedAt: new Date().toISOString(), changes: [] };
    const rollbackFile = join(options.out, 'rollback.json');
    const save = () => writeFileAtomic(rollbackFile, `${JSON.stringify(rollback, null, 2)}\n`);
    await save();

    // 1. Permission sets (first: the scheduled jobs run as the running user, who needs ABM_Operations).
    const toAssign = plan.assignments.filter((a) => a.action === 'assign');
    if (toAssign.length) {
        const ids = await permissionSetAndUserIds(org, toAssign);
        const results = await org.insert(
            'PermissionSetAssignment',
            toAssign.map((a) => ({
                PermissionSetId: ids.permissionSets.get(a.permissionSet),
                AssigneeId: ids.users.get(a.username.toLowerCase())
            }))
        );
        results.forEach((r, i) => {
            const a = toAssign[i]!;
            if (r.success && r.id)
                rollback.changes.push({ kind: 'permissionSetAssignment', id: r.id, permissionSet: a.permissionSet, username: a.username });
            outcomes.push({
                step: 'permission set',
                target: `${a.permissionSet} → ${a.username}`,
                outcome: r.success ? 'done' : 'failed',
                detail: r.error
            });
        });
        await save();
    }

    // 2. The record page (a Metadata API deploy of Account's action overrides: the org's, with ours for desktop View).
    if (plan.recordPage.action === 'activate') {
        rollback.changes.push({ kind: 'recordPage', page: plan.recordPage.page, previous: plan.recordPage.previous ?? null });
        await save();
        const outcome = await activateRecordPage(conn, withRecordPage(overrides, plan.recordPage.page), options.pollIntervalMs);
        outcomes.push({ step: 'record page', target: plan.recordPage.page, ...outcome });
        if (outcome.outcome === 'failed') rollback.changes.pop();
        await save();
    }

    // 3. Sellers.
    const creates = plan.sellers.filter((s) => s.action === 'create');
    if (creates.length) {
        const results = await org.insert(
            'ABM_Seller__c',
            creates.map((s) => ({ ...s.values }))
        );
        results.forEach((r, i) => {
            const s = creates[i]!;
            if (r.success && r.id) rollback.changes.push({ kind: 'sellerCreated', id: r.id, username: s.username });
            outcomes.push({ step: 'seller', target: s.username, outcome: r.success ? 'done' : 'failed', detail: r.error ?? 'created' });
        });
        await save();
    }
    const updates = plan.sellers.filter((s) => s.action === 'update');
    if (updates.length) {
        for (const s of updates)
            rollback.changes.push({ kind: 'sellerUpdated', id: s.existingId!, username: s.username, before: s.before ?? {} });
        await save();
        const results = await org.update(
            'ABM_Seller__c',
            updates.map((s) => ({ Id: s.existingId, ...s.values }))
        );
        results.forEach((r, i) => {
            const s = updates[i]!;
            outcomes.push({
                step: 'seller',
                target: s.username,
                outcome: r.success ? 'done' : 'failed',
                detail: r.error ?? `updated ${Object.keys(s.values).join(', ')}`
            });
        });
    }

    // 4. Scheduled jobs (anonymous Apex as the running user), then read back to record each job's Id. A job an earlier
    //    version scheduled on a worker class is moved (aborted and scheduled on the dispatcher in one anonymous block) or,
    //    when the configured job already runs, aborted.
    for (const job of plan.jobs.filter((j) => j.action !== 'keep' && j.action !== 'conflict' && j.action !== 'blocked')) {
        const replaces = job.action === 'reschedule' || job.action === 'move' ? job.existingId : undefined;
        const apex = job.action === 'abort' ? abortApex(job.existingId!) : scheduleApex(job, replaces);
        const run = await executeAnonymous(conn, apex);
        if (!run.success) {
            outcomes.push({
                step: 'scheduled job',
                target: job.name,
                outcome: 'failed',
                detail: run.problem ?? 'the anonymous Apex failed'
            });
            continue;
        }
        if (job.action === 'abort') {
            rollback.changes.push({ kind: 'jobAborted', id: job.existingId!, ...job.previous! });
            await save();
            outcomes.push({
                step: 'scheduled job',
                target: job.name,
                outcome: 'done',
                detail: `aborted (it ran on ${job.previous!.class})`
            });
            continue;
        }
        const [scheduled] = await org.query<{ Id: string }>(
            `SELECT Id FROM CronTrigger WHERE CronJobDetail.Name = ${soql(job.name)} ORDER BY CreatedDate DESC LIMIT 1`
        );
        rollback.changes.push({
            kind: 'jobScheduled',
            name: job.name,
            id: scheduled?.Id ?? null,
            ...(replaces ? { replaced: replaces } : {}),
            ...(job.action === 'move' ? { replacedJob: job.previous! } : {})
        });
        await save();
        const moved = job.action === 'move' ? `, moved from ${job.previous!.class}` : '';
        outcomes.push({ step: 'scheduled job', target: job.name, outcome: 'done', detail: `${job.cron} (${job.class}${moved})` });
    }
    ux.log(`Rollback file: ${rollbackFile}`);
    return outcomes;
}

async function permissionSetAndUserIds(org: SalesforceOrg, steps: AssignmentStep[]) {
    const permissionSets = new Map(
        (
            await org.query<{ Id: string; Name: string }>(
                `SELECT Id, Name FROM PermissionSet WHERE Name IN (${inList(new Set(steps.map((s) => s.permissionSet)))})`
            )
        ).map((p) => [p.Name, p.Id])
    );
    const users = new Map<string, string>();
    for (const chunk of chunks([...new Set(steps.map((s) => s.username))])) {
        for (const u of await org.query<{ Id: string; Username: string }>(
            `SELECT Id, Username FROM User WHERE Username IN (${inList(chunk)})`
        )) {
            users.set(u.Username.toLowerCase(), u.Id);
        }
    }
    return { permissionSets, users };
}

async function activateRecordPage(
    conn: Connection,
    overrides: ActionOverride[],
    pollIntervalMs: number | undefined
): Promise<{ outcome: 'done' | 'failed'; detail?: string }> {
    const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
    const dir = await mkdtemp(join(tmpdir(), 'abm-setup-'));
    try {
        const objectDir = join(dir, 'main', 'default', 'objects', 'Account');
        await mkdir(objectDir, { recursive: true });
        await writeFile(join(objectDir, 'Account.object-meta.xml'), accountOverridesXml(overrides));
        const set = ComponentSet.fromSource(dir);
        set.sourceApiVersion = conn.getApiVersion();
        const result = await deployComponents(conn, set, { checkOnly: false, waitMinutes: 10, pollIntervalMs });
        if (isSuccess(result)) return { outcome: 'done', detail: 'org default for Account (desktop)' };
        return {
            outcome: 'failed',
            detail:
                deployProblems(result)
                    .map((p) => `${p.where}: ${p.problem}`)
                    .join('; ') ||
                (result.errorMessage ?? 'deploy failed')
        };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

function printPlan(plan: SetupPlan, dryRun: boolean, ux: Ux): void {
    const verb = dryRun ? 'Plan (dry run: nothing changes)' : 'Plan';
    ux.out(`${verb} for ${plan.username}:`);
    const line = (action: string, what: string, reason: string) => ux.out(`  ${action.padEnd(10)} ${what}  (${reason})`);
    for (const a of plan.assignments) line(a.action, `${a.permissionSet} → ${a.username}`, a.reason);
    line(plan.recordPage.action, `record page ${plan.recordPage.page}`, plan.recordPage.reason);
    for (const s of plan.sellers) line(s.action, `seller ${s.username || `row ${s.row}`}`, s.reason);
    for (const j of plan.jobs) line(j.action, `job "${j.name}" ${j.cron}`, j.reason);
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        'target-org': { type: 'string', short: 'o' },
        'dry-run': { type: 'boolean', default: false },
        sellers: { type: 'string' },
        assign: { type: 'string', multiple: true, default: [] },
        jobs: { type: 'string', default: join('config', 'scheduled-jobs.json') },
        reschedule: { type: 'boolean', default: false },
        'record-page': { type: 'string', default: DEFAULT_PAGE },
        'skip-record-page': { type: 'boolean', default: false },
        'replace-record-page': { type: 'boolean', default: false },
        out: { type: 'string' }
    });
    if (!values['target-org']) throw new UsageError('Name the org to set up with --target-org <alias>.', ['sf org list']);
    const options: SetupOptions = {
        dryRun: values['dry-run'],
        sellers: values.sellers ? await readSellerCsv(values.sellers) : undefined,
        assign: values.assign,
        jobsFile: values.jobs,
        reschedule: values.reschedule,
        recordPage: values['record-page'],
        skipRecordPage: values['skip-record-page'],
        replaceRecordPage: values['replace-record-page'],
        out: values.out ?? join('out', `setup-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`)
    };
    const conn = await openConnection(values['target-org']);
    const summary = await setup(conn, options, ux);
    const failed = summary.outcomes.filter((o) => o.outcome === 'failed');
    for (const o of summary.outcomes) ux.out(`  ${o.outcome.padEnd(6)} ${o.step}: ${o.target}${o.detail ? `  ${o.detail}` : ''}`);
    emitResult(ux, failed.length ? ExitCode.Partial : ExitCode.Success, summary);
}

/** Plan, print, and (unless dry run) apply. Problems stop it before any change. */
export async function setup(conn: Connection, options: SetupOptions, ux: Ux): Promise<SetupSummary> {
    const { plan, problems, overrides } = await planSetup(conn, options);
    await mkdir(options.out, { recursive: true });
    await writeFileAtomic(join(options.out, 'plan.json'), `${JSON.stringify(plan, null, 2)}\n`);
    printPlan(plan, options.dryRun, ux);
    for (const w of [
        ...(plan.recordPage.action === 'conflict' ? [`Record page: ${plan.recordPage.reason}.`] : []),
        ...plan.jobs.filter((j) => j.action === 'conflict').map((j) => `Scheduled job "${j.name}": ${j.reason}.`)
    ])
        ux.warn(w);
    if (problems.length) {
        throw new AbmError(
            `Nothing was changed: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`,
            ExitCode.Failure,
            ['Fix the sellers file or the org (deploy or install ABM RevOps first), then run abm setup again: it is safe to re-run.'],
            { plan, problems }
        );
    }
    const outcomes = options.dryRun ? [] : await applySetup(conn, plan, overrides, options, ux);
    return { plan, dryRun: options.dryRun, outcomes, out: options.out, problems };
}
