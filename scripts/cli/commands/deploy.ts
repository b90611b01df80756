/**
 * `abm deploy --target-org X [--dry-run]`: deploy force-app with the right test level, assign the permission sets,
 * and print component and test failures readably. The decisions live in scripts/core/deploy.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import {
    chooseTestPlan,
    customMetadataRecord,
    deployProblems,
    findTestClasses,
    isSuccess,
    orgKind,
    planAssignments,
    planScheduledClass,
    planSettingsRecords,
    SCHEDULED_JOB_DISPATCHER,
    TEST_LEVELS,
    type DeployProblem,
    type DeployResultLike,
    type OrganizationInfo,
    type ScheduledClassPlan,
    type SettingsRecordPlan,
    type TestLevel,
    type TestPlan
} from '../../core/deploy.js';
import { deployComponents } from '../../org/metadata.js';
import { packageDirectories } from '../../org/project.js';
import { AbmError, emitResult, ExitCode, openConnection, parseFlags, UsageError, type Ux } from '../shared.js';
import { pushAll } from '../../core/arrays.js';

const PERMISSION_SETS = ['ABM_Seller', 'ABM_Operations', 'ABM_Admin'];
const SETTINGS_RECORD = 'ABM_Setting.Default';

export type DeploySummary = {
    username: string;
    orgKind: string;
    checkOnly: boolean;
    deployId?: string;
    status?: string;
    components: number;
    testPlan: TestPlan;
    /** Custom metadata records: seeded (the org lacked them) or kept (the org's own values, left out of the deploy). */
    settings: SettingsRecordPlan;
    /** The scheduled-job dispatcher: deployed, or left out while jobs lock it and the org has the same code. */
    scheduledJobs: ScheduledClassPlan;
    problems: DeployProblem[];
    assignments: { permissionSet: string; username: string; outcome: 'assigned' | 'already assigned' | string }[];
};

/** Apex classes in the source dirs (name → source), for finding the project's test classes. */
async function readApexClasses(sourceDirs: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    async function walk(dir: string): Promise<void> {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) await walk(path);
            else if (entry.name.endsWith('.cls')) found.set(basename(entry.name, '.cls'), await readFile(path, 'utf8'));
        }
    }
    for (const dir of sourceDirs) await walk(dir);
    return found;
}

/** The deploy itself, given a connection: used by the command and by the end-to-end test against the API double. */
export async function deploy(
    conn: Connection,
    options: {
        sourceDirs: string[];
        dryRun: boolean;
        testLevel?: TestLevel;
        assign: string[];
        waitMinutes: number;
        pollIntervalMs?: number;
    },
    ux: Ux
): Promise<DeploySummary> {
    const username = conn.getUsername() ?? 'unknown user';
    const [organization] = (await conn.query<OrganizationInfo>('SELECT IsSandbox, TrialExpirationDate, OrganizationType FROM Organization'))
        .records;
    if (!organization) throw new AbmError('Could not read the Organization record: is the user allowed to query it?');
    const kind = orgKind(organization);
    const components = ComponentSet.fromSource(options.sourceDirs);
    const all = components.toArray();
    const records = all.filter((c) => c.type.name === 'CustomMetadata').map((c) => c.fullName);
    if (!records.includes(SETTINGS_RECORD))
        throw new AbmError(
            `The settings record ${SETTINGS_RECORD} is missing from ${options.sourceDirs.join(', ')}: the automation needs it.`
        );
    const apexSources = await readApexClasses(options.sourceDirs);
    const testPlan = chooseTestPlan(kind, findTestClasses(apexSources), options.testLevel);
    // Validate the assignment flags before deploying anything.
    const assignmentPlan = planAssignments(options.assign, username, PERMISSION_SETS);

    // Custom metadata records are the org's settings: created when absent, never overwritten (an admin may have changed
    // them in Setup). Formulas read them ($CustomMetadata.ABM_Setting__mdt.Default), so absent ones go first, with their
    // types, in a deploy of their own; the main deploy leaves every record out.
    const settings = planSettingsRecords(records, await settingsInOrg(conn, records));
    const withSource = (set: ComponentSet) => {
        set.sourceApiVersion = components.sourceApiVersion;
        return set;
    };
    type Phase = { label: string; set: ComponentSet; tests: TestPlan | undefined };
    const phases: Phase[] = [];
    if (settings.seed.length) {
        const types = new Set(settings.seed.map((r) => customMetadataRecord(r).type));
        const seed = new Set(settings.seed);
        phases.push({
            label: `the settings the org lacks (${settings.seed.join(', ')}) and their types`,
            set: withSource(
                new ComponentSet(all.filter((c) => (c.type.name === 'CustomObject' && types.has(c.fullName)) || seed.has(c.fullName)))
            ),
            tests: undefined
        });
        if (options.dryRun) {
            ux.warn(
                `The org has no ${settings.seed.join(', ')} yet: formulas that read it can only validate once the settings are deployed ` +
                    '(a real deploy puts them in first).'
            );
        }
    }
    for (const kept of settings.keep) ux.log(`Keeping the org's ${kept} (its values are the org's own; a deploy never overwrites them).`);
    // Scheduled jobs lock the class they run on: every ABM job runs on the dispatcher, which is left out of the deploy
    // while the org's copy is the same as ours (docs/install.md, "Deploying while jobs are scheduled").
    const scheduledJobs = planScheduledClass(
        SCHEDULED_JOB_DISPATCHER,
        apexSources.get(SCHEDULED_JOB_DISPATCHER),
        ...(await scheduledClassInOrg(conn, SCHEDULED_JOB_DISPATCHER))
    );
    if (scheduledJobs.action === 'leave-out') ux.log(`${SCHEDULED_JOB_DISPATCHER}: ${scheduledJobs.reason}.`);
    if (scheduledJobs.action === 'changed') ux.warn(scheduledJobs.reason);
    const leftOut = (c: { type: { name: string }; fullName: string }) =>
        scheduledJobs.action === 'leave-out' && c.type.name === 'ApexClass' && c.fullName === SCHEDULED_JOB_DISPATCHER;
    const main = withSource(new ComponentSet(all.filter((c) => c.type.name !== 'CustomMetadata' && !leftOut(c))));
    phases.push({ label: `${options.sourceDirs.join(', ')} to ${username} (${kind})`, set: main, tests: testPlan });

    const summary: DeploySummary = {
        username,
        orgKind: kind,
        checkOnly: options.dryRun,
        components: main.size + settings.seed.length,
        testPlan,
        settings,
        scheduledJobs,
        problems: [],
        assignments: []
    };
    for (const phase of phases) {
        ux.log(
            `${options.dryRun ? 'Validating' : 'Deploying'} ${phase.label}: ${phase.set.size} components${phase.tests ? `; tests: ${phase.tests.reason}` : ''}.`
        );
        const bar = ux.progress('Deploy', phase.set.size);
        let response: DeployResultLike;
        try {
            response = await deployComponents(
                conn,
                phase.set,
                { checkOnly: options.dryRun, waitMinutes: options.waitMinutes, pollIntervalMs: options.pollIntervalMs, tests: phase.tests },
                (done) => bar.update(done)
            );
        } finally {
            bar.stop();
        }
        summary.deployId = response.id;
        summary.status = response.status;
        pushAll(summary.problems, deployProblems(response));
        if (!isSuccess(response)) return summary;
    }
    if (options.dryRun) return summary;

    for (const { permissionSet, usernames } of assignmentPlan) {
        pushAll(summary.assignments, await assignPermissionSet(conn, permissionSet, usernames));
    }
    return summary;
}

/**
 * The org's source of an Apex class (undefined when it has none) and the names of the jobs scheduled on it that are
 * pending or running (AsyncApexJob of type ScheduledApex).
 */
async function scheduledClassInOrg(conn: Connection, className: string): Promise<[string | undefined, string[]]> {
    const [cls] = (
        await conn.query<{ Body: string }>(`SELECT Body FROM ApexClass WHERE Name = ${soqlString(className)} AND NamespacePrefix = NULL`)
    ).records;
    if (!cls) return [undefined, []];
    const jobs = (
        await conn.query<{ CronTrigger: { CronJobDetail: { Name: string } | null } | null }>(
            `SELECT CronTrigger.CronJobDetail.Name FROM AsyncApexJob WHERE JobType = 'ScheduledApex' AND ApexClass.Name = ${soqlString(className)} AND Status IN ('Queued', 'Holding', 'Preparing', 'Processing')`
        )
    ).records;
    return [cls.Body, jobs.map((j) => j.CronTrigger?.CronJobDetail?.Name ?? 'unnamed job')];
}

/** The DeveloperNames the org has for each custom metadata type the records belong to (a type the org lacks has none). */
async function settingsInOrg(conn: Connection, records: string[]): Promise<Map<string, Set<string>>> {
    const found = new Map<string, Set<string>>();
    for (const type of new Set(records.map((r) => customMetadataRecord(r).type))) {
        try {
            const rows = (await conn.query<{ DeveloperName: string }>(`SELECT DeveloperName FROM ${type}`)).records;
            found.set(type, new Set(rows.map((r) => r.DeveloperName)));
        } catch {
            found.set(type, new Set()); // INVALID_TYPE: the type is not in the org yet
        }
    }
    return found;
}

const soqlString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Assign one permission set to users, skipping existing assignments; per-user outcome. */
async function assignPermissionSet(conn: Connection, permissionSet: string, usernames: string[]): Promise<DeploySummary['assignments']> {
    const [ps] = (await conn.query<{ Id: string }>(`SELECT Id FROM PermissionSet WHERE Name = ${soqlString(permissionSet)}`)).records;
    if (!ps) return usernames.map((username) => ({ permissionSet, username, outcome: 'permission set not found after deploy' }));
    const users = (
        await conn.query<{ Id: string; Username: string }>(
            `SELECT Id, Username FROM User WHERE Username IN (${usernames.map(soqlString).join(', ')})`
        )
    ).records;
    const existing = new Set(
        (
            await conn.query<{ AssigneeId: string }>(
                `SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSetId = ${soqlString(ps.Id)}`
            )
        ).records.map((r) => r.AssigneeId)
    );
    const outcomes: DeploySummary['assignments'] = [];
    const toInsert: { username: string; AssigneeId: string }[] = [];
    for (const username of usernames) {
        const user = users.find((u) => u.Username.toLowerCase() === username.toLowerCase());
        if (!user) outcomes.push({ permissionSet, username, outcome: 'no such user' });
        else if (existing.has(user.Id)) outcomes.push({ permissionSet, username, outcome: 'already assigned' });
        else toInsert.push({ username, AssigneeId: user.Id });
    }
    if (toInsert.length) {
        const results = await conn.sobject('PermissionSetAssignment').create(
            toInsert.map((u) => ({ AssigneeId: u.AssigneeId, PermissionSetId: ps.Id })),
            { allOrNone: false }
        );
        results.forEach((r, i) => {
            const username = toInsert[i]!.username;
            outcomes.push({
                permissionSet,
                username,
                outcome: r.success
                    ? 'assigned'
                    : r.errors.map((e) => (typeof e === 'string' ? e : `${e.errorCode}: ${e.message}`)).join('; ')
            });
        });
    }
    return outcomes;
}

function printSummary(summary: DeploySummary, ux: Ux): void {
    const verb = summary.checkOnly ? 'Validation' : 'Deploy';
    ux.out(
        `${verb} ${summary.deployId ?? ''}: ${summary.status ?? 'unknown'} (${summary.components} components, ${summary.testPlan.testLevel}).`
    );
    if (summary.settings.seed.length) ux.out(`  settings created: ${summary.settings.seed.join(', ')}`);
    if (summary.settings.keep.length) ux.out(`  settings kept (the org's values): ${summary.settings.keep.join(', ')}`);
    if (summary.scheduledJobs.action !== 'deploy') ux.out(`  ${summary.scheduledJobs.className}: ${summary.scheduledJobs.reason}`);
    for (const p of summary.problems) ux.out(`  ${p.kind.padEnd(9)} ${p.where}  ${p.problem}`);
    for (const a of summary.assignments) ux.out(`  ${a.permissionSet} → ${a.username}: ${a.outcome}`);
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        'target-org': { type: 'string', short: 'o' },
        'dry-run': { type: 'boolean', default: false },
        'test-level': { type: 'string' },
        assign: { type: 'string', multiple: true, default: [] },
        'source-dir': { type: 'string', multiple: true, default: [] },
        wait: { type: 'string', default: '33' }
    });
    if (!values['target-org']) throw new UsageError('Name the org to deploy to with --target-org <alias>.', ['sf org list']);
    const testLevel = values['test-level'] as TestLevel | undefined;
    if (testLevel && !TEST_LEVELS.includes(testLevel)) throw new UsageError(`--test-level must be one of ${TEST_LEVELS.join(', ')}.`);
    const waitMinutes = Number(values.wait);
    if (!(waitMinutes > 0)) throw new UsageError('--wait must be a positive number of minutes.');

    const summary = await deploy(
        await openConnection(values['target-org']),
        {
            sourceDirs: values['source-dir'].length ? values['source-dir'] : packageDirectories(process.cwd()),
            dryRun: values['dry-run'],
            testLevel,
            assign: values.assign,
            waitMinutes
        },
        ux
    );
    printSummary(summary, ux);
    const failedAssignments = summary.assignments.filter((a) => a.outcome !== 'assigned' && a.outcome !== 'already assigned');
    const status =
        summary.problems.length || summary.status !== 'Succeeded'
            ? ExitCode.Failure
            : failedAssignments.length
              ? ExitCode.Partial
              : ExitCode.Success;
    emitResult(ux, status, summary);
}
