/**
 * `abm deploy --target-org X [--dry-run]`: deploy force-app with the right test level, assign the permission sets,
 * and print component and test failures readably. The decisions live in scripts/core/deploy.ts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Connection, Org } from '@salesforce/core';
import { ComponentSet, type MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import {
    chooseTestPlan,
    deployProblems,
    findTestClasses,
    isSuccess,
    orgKind,
    planAssignments,
    TEST_LEVELS,
    type DeployProblem,
    type DeployResultLike,
    type OrganizationInfo,
    type TestLevel,
    type TestPlan
} from '../../core/deploy.js';
import { AbmError, emitResult, ExitCode, parseFlags, UsageError, type Ux } from '../shared.js';

export const help = `
Deploy the project's metadata (force-app) to an org, assign the permission sets, and report failures.

Usage: abm deploy --target-org <alias> [--dry-run] [--test-level <level>] [--assign PERMSET[=user,...]]... [--wait <minutes>] [--json]

  -o, --target-org   org alias or username from "sf org login" (the CLI's auth store; no credentials in files)
  --dry-run          validate only (a check-only deploy); nothing is saved and no permission sets are assigned
  --test-level       NoTestRun | RunSpecifiedTests | RunLocalTests | RunAllTestsInOrg
                     default: none in scratch orgs; the project's test classes (RunSpecifiedTests) in sandboxes and production
  --assign           permission set to assign after the deploy, to users (default: ABM_Admin to the running user); repeatable
  --source-dir       default force-app
  --wait             minutes to wait for the deploy (default 33)

Example: abm deploy -o uat --dry-run
`;

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
    problems: DeployProblem[];
    assignments: { permissionSet: string; username: string; outcome: 'assigned' | 'already assigned' | string }[];
};

/** Apex classes in the source dir (name → source), for finding the project's test classes. */
async function readApexClasses(sourceDir: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    async function walk(dir: string): Promise<void> {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
            const path = join(dir, entry.name);
            if (entry.isDirectory()) await walk(path);
            else if (entry.name.endsWith('.cls')) found.set(basename(entry.name, '.cls'), await readFile(path, 'utf8'));
        }
    }
    await walk(sourceDir);
    return found;
}

/** The deploy itself, given a connection: used by the command and by the end-to-end test against the API double. */
export async function deploy(
    conn: Connection,
    options: { sourceDir: string; dryRun: boolean; testLevel?: TestLevel; assign: string[]; waitMinutes: number; pollIntervalMs?: number },
    ux: Ux
): Promise<DeploySummary> {
    const username = conn.getUsername() ?? 'unknown user';
    const [organization] = (await conn.query<OrganizationInfo>('SELECT IsSandbox, TrialExpirationDate, OrganizationType FROM Organization'))
        .records;
    if (!organization) throw new AbmError('Could not read the Organization record: is the user allowed to query it?');
    const kind = orgKind(organization);
    const components = ComponentSet.fromSource(options.sourceDir);
    const settings = components.toArray().find((c) => c.type.name === 'CustomMetadata' && c.fullName === SETTINGS_RECORD);
    if (!settings)
        throw new AbmError(`The settings record ${SETTINGS_RECORD} is missing from ${options.sourceDir}: the automation needs it.`);
    const testPlan = chooseTestPlan(kind, findTestClasses(await readApexClasses(options.sourceDir)), options.testLevel);
    // Validate the assignment flags before deploying anything.
    const assignmentPlan = planAssignments(options.assign, username, PERMISSION_SETS);

    // Formulas read the settings record ($CustomMetadata.ABM_Setting__mdt.Default), so in an org that doesn't have it yet
    // the settings type and its records go first, in a deploy of their own.
    type Phase = { label: string; set: ComponentSet; tests: TestPlan | undefined };
    const phases: Phase[] = [];
    if (!(await hasSettingsRecord(conn))) {
        const settingsOnly = new ComponentSet(
            components
                .toArray()
                .filter((c) => (c.type.name === 'CustomObject' && c.fullName === 'ABM_Setting__mdt') || c.type.name === 'CustomMetadata')
        );
        settingsOnly.sourceApiVersion = components.sourceApiVersion;
        phases.push({ label: 'the settings (ABM_Setting__mdt and its records)', set: settingsOnly, tests: undefined });
        if (options.dryRun) {
            ux.warn(
                'The org has no ABM_Setting__mdt Default record yet: formulas that read it can only validate once the settings are deployed ' +
                    '(a real deploy puts them in first).'
            );
        }
    }
    phases.push({ label: `${options.sourceDir} to ${username} (${kind})`, set: components, tests: testPlan });

    const summary: DeploySummary = {
        username,
        orgKind: kind,
        checkOnly: options.dryRun,
        components: components.size,
        testPlan,
        problems: [],
        assignments: []
    };
    for (const phase of phases) {
        const response = await deployPhase(conn, phase, options, ux);
        summary.deployId = response.id;
        summary.status = response.status;
        summary.problems.push(...deployProblems(response));
        if (!isSuccess(response)) return summary;
    }
    if (options.dryRun) return summary;

    for (const { permissionSet, usernames } of assignmentPlan) {
        summary.assignments.push(...(await assignPermissionSet(conn, permissionSet, usernames)));
    }
    return summary;
}

async function hasSettingsRecord(conn: Connection): Promise<boolean> {
    try {
        return (await conn.query("SELECT DeveloperName FROM ABM_Setting__mdt WHERE DeveloperName = 'Default'")).records.length > 0;
    } catch {
        return false; // INVALID_TYPE: the type is not in the org yet
    }
}

async function deployPhase(
    conn: Connection,
    phase: { label: string; set: ComponentSet; tests: TestPlan | undefined },
    options: { dryRun: boolean; waitMinutes: number; pollIntervalMs?: number },
    ux: Ux
): Promise<DeployResultLike> {
    const { tests } = phase;
    ux.log(
        `${options.dryRun ? 'Validating' : 'Deploying'} ${phase.label}: ${phase.set.size} components${tests ? `; tests: ${tests.reason}` : ''}.`
    );
    const operation = await phase.set.deploy({
        usernameOrConnection: conn,
        apiOptions: {
            checkOnly: options.dryRun,
            rollbackOnError: true,
            ...(tests ? { testLevel: tests.testLevel } : {}),
            ...(tests?.runTests.length ? { runTests: tests.runTests } : {})
        }
    });
    const bar = ux.progress('Deploy', phase.set.size);
    operation.onUpdate((status: MetadataApiDeployStatus) => {
        bar.update(Number(status.numberComponentsDeployed ?? 0) + Number(status.numberComponentErrors ?? 0));
    });
    try {
        const result = await operation.pollStatus(options.pollIntervalMs ?? 2000, options.waitMinutes * 60);
        return result.response as unknown as DeployResultLike;
    } finally {
        bar.stop();
    }
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
    ux.log(
        `${verb} ${summary.deployId ?? ''}: ${summary.status ?? 'unknown'} (${summary.components} components, ${summary.testPlan.testLevel}).`
    );
    for (const p of summary.problems) ux.log(`  ${p.kind.padEnd(9)} ${p.where}  ${p.problem}`);
    for (const a of summary.assignments) ux.log(`  ${a.permissionSet} → ${a.username}: ${a.outcome}`);
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        'target-org': { type: 'string', short: 'o' },
        'dry-run': { type: 'boolean', default: false },
        'test-level': { type: 'string' },
        assign: { type: 'string', multiple: true, default: [] },
        'source-dir': { type: 'string', default: 'force-app' },
        wait: { type: 'string', default: '33' }
    });
    if (!values['target-org']) throw new UsageError('Name the org to deploy to with --target-org <alias>.', ['sf org list']);
    const testLevel = values['test-level'] as TestLevel | undefined;
    if (testLevel && !TEST_LEVELS.includes(testLevel)) throw new UsageError(`--test-level must be one of ${TEST_LEVELS.join(', ')}.`);
    const waitMinutes = Number(values.wait);
    if (!(waitMinutes > 0)) throw new UsageError('--wait must be a positive number of minutes.');

    const org = await Org.create({ aliasOrUsername: values['target-org'] });
    const summary = await deploy(
        org.getConnection(),
        { sourceDir: values['source-dir'], dryRun: values['dry-run'], testLevel, assign: values.assign, waitMinutes },
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
