/**
 * `abm deploy` end to end: SDR builds the real deploy zip from force-app and drives the Metadata API's deploy /
 * checkDeployStatus over SOAP against the local double; permission sets are assigned through REST.
 */
import { readFileSync } from 'node:fs';
import { Ux } from '../../scripts/cli/shared';
import { connectToDouble, startMetadataDouble, type DeployOutcome, type MetadataDouble } from './metadata-double';

jest.setTimeout(60_000);

// One server and one authenticated connection for the file (AuthInfo.create is slow inside Jest); each test configures a scenario.
let double: MetadataDouble | undefined;
let conn: import('@salesforce/core').Connection;
beforeAll(async () => {
    double = await startMetadataDouble({ org: { IsSandbox: true, TrialExpirationDate: null }, outcome: { kind: 'success' } });
    conn = await connectToDouble(double);
});
afterAll(async () => {
    await double?.stop();
});

async function runDeploy(
    org: { IsSandbox: boolean; TrialExpirationDate: string | null },
    outcome: DeployOutcome,
    dryRun: boolean,
    assign: string[] = [],
    settingsInOrg = false
) {
    double!.configure({ org, outcome, settingsInOrg });
    const { deploy } = await import('../../scripts/cli/commands/deploy');
    return deploy(
        conn,
        { sourceDirs: ['force-app-settings', 'force-app'], dryRun, assign, waitMinutes: 1, pollIntervalMs: 20 },
        new Ux(true)
    );
}

const PRODUCTION = { IsSandbox: false, TrialExpirationDate: null };
const SCRATCH = { IsSandbox: true, TrialExpirationDate: '2026-12-30T00:00:00.000+0000' };

it('validates (check-only) against production with the project test classes and assigns nothing', async () => {
    const summary = await runDeploy(PRODUCTION, { kind: 'success' }, true);
    expect(summary.status).toBe('Succeeded');
    expect(summary.problems).toEqual([]);
    // A fresh org has no settings record: the settings are validated first, then everything with the tests.
    expect(double!.deploys).toHaveLength(2);
    expect(double!.deploys[0]).toMatchObject({ checkOnly: true, testLevel: '', runTests: [] });
    expect(summary.components).toBeGreaterThan(50);
    const sent = double!.deploys[1]!;
    expect(sent.checkOnly).toBe(true);
    expect(sent.testLevel).toBe('RunSpecifiedTests');
    expect(sent.runTests.length).toBeGreaterThan(0);
    expect(sent.runTests.every((name) => name.startsWith('Abm') && name.endsWith('Test'))).toBe(true);
    expect(sent.zipBytes).toBeGreaterThan(1000);
    expect(double!.assignments).toEqual([]);
});

it('deploys to a scratch org without tests and assigns ABM_Admin to the running user', async () => {
    const summary = await runDeploy(SCRATCH, { kind: 'success' }, false);
    expect(double!.deploys).toHaveLength(2);
    expect(double!.deploys[1]).toMatchObject({ checkOnly: false, testLevel: 'NoTestRun', runTests: [] });
    expect(summary.assignments).toEqual([{ permissionSet: 'ABM_Admin', username: 'admin@abm.example', outcome: 'assigned' }]);
    expect(double!.assignments).toEqual([
        expect.objectContaining({ AssigneeId: '005000000000001AAA', PermissionSetId: '0PS000000000001AAA' })
    ]);
});

it('reports a component failure as file:line and assigns nothing', async () => {
    const summary = await runDeploy(
        SCRATCH,
        {
            kind: 'componentFailure',
            fileName: 'unpackaged/classes/AbmOwnershipService.cls',
            problem: 'Variable does not exist: tier',
            lineNumber: 42,
            componentType: 'ApexClass',
            fullName: 'AbmOwnershipService'
        },
        false
    );
    expect(summary.status).toBe('Failed');
    expect(summary.problems).toEqual([
        { kind: 'component', where: 'classes/AbmOwnershipService.cls:42:1', problem: 'Variable does not exist: tier' }
    ]);
    expect(double!.assignments).toEqual([]);
});

it('reports a test failure as Class.method with its message', async () => {
    const summary = await runDeploy(
        PRODUCTION,
        {
            kind: 'testFailure',
            className: 'AbmOwnershipServiceTest',
            methodName: 'shouldRejectSdrOwnerWhenTier1',
            message: 'Assertion Failed: Expected: 1, Actual: 0'
        },
        true
    );
    expect(summary.problems).toEqual([
        {
            kind: 'test',
            where: 'AbmOwnershipServiceTest.shouldRejectSdrOwnerWhenTier1',
            problem:
                'Assertion Failed: Expected: 1, Actual: 0 (Class.AbmOwnershipServiceTest.shouldRejectSdrOwnerWhenTier1: line 7, column 1)'
        }
    ]);
});

it('refuses an unknown permission set before deploying anything', async () => {
    await expect(runDeploy(SCRATCH, { kind: 'success' }, false, ['ABM_Sellers=ada@abm.example'])).rejects.toThrow('not one of');
    expect(double!.deploys).toEqual([]);
});

it('re-deploys in one go when the org already has the settings record, and skips existing assignments', async () => {
    const summary = await runDeploy(
        SCRATCH,
        { kind: 'success' },
        false,
        ['ABM_Admin', 'ABM_Seller=ada@abm.example,nobody@abm.example'],
        true
    );
    expect(double!.deploys).toHaveLength(1);
    expect(summary.assignments).toEqual([
        { permissionSet: 'ABM_Admin', username: 'admin@abm.example', outcome: 'assigned' },
        { permissionSet: 'ABM_Seller', username: 'nobody@abm.example', outcome: 'no such user' },
        { permissionSet: 'ABM_Seller', username: 'ada@abm.example', outcome: 'assigned' }
    ]);
});

describe("the org's settings are never overwritten", () => {
    const SETTINGS_FILE = 'customMetadata/ABM_Setting.Default.md';

    it('creates the Default record in a fresh org, first and alone with its type, and leaves it out of the main deploy', async () => {
        const summary = await runDeploy(SCRATCH, { kind: 'success' }, false);
        expect(summary.settings).toEqual({ seed: ['ABM_Setting.Default'], keep: [] });
        const [settings, main] = double!.deploys;
        expect(settings!.files).toEqual(expect.arrayContaining([SETTINGS_FILE, 'objects/ABM_Setting__mdt.object']));
        expect(settings!.files.filter((f) => f !== 'package.xml')).toHaveLength(2);
        expect(settings!.contents.get(SETTINGS_FILE)).toContain('<field>DormantDays__c</field>');
        expect(main!.files.some((f) => f.startsWith('customMetadata/'))).toBe(false);
        // The settings type (and so new setting fields) still travels with every deploy.
        expect(main!.files).toContain('objects/ABM_Setting__mdt.object');
    });

    it('keeps the record on every later deploy: the first deploy seeds it, the second leaves it out', async () => {
        await runDeploy(SCRATCH, { kind: 'success' }, false);
        const firstRun = double!.deploys.map((d) => d.files.includes(SETTINGS_FILE));
        expect(firstRun).toEqual([true, false]);
        // Same server state: the org now has the record (the double applied the successful deploy).
        double!.requests.length = 0;
        double!.deploys.length = 0;
        const { deploy } = await import('../../scripts/cli/commands/deploy');
        const again = await deploy(
            conn,
            { sourceDirs: ['force-app-settings', 'force-app'], dryRun: false, assign: [], waitMinutes: 1, pollIntervalMs: 20 },
            new Ux(true)
        );
        expect(again.settings).toEqual({ seed: [], keep: ['ABM_Setting.Default'] });
        expect(double!.deploys).toHaveLength(1);
        expect(double!.deploys[0]!.files).not.toContain(SETTINGS_FILE);
    });

    it('leaves the record out of a check-only validation too when the org has it', async () => {
        const summary = await runDeploy(PRODUCTION, { kind: 'success' }, true, [], true);
        expect(summary.settings.keep).toEqual(['ABM_Setting.Default']);
        expect(double!.deploys).toHaveLength(1);
        expect(double!.deploys[0]!.files).not.toContain(SETTINGS_FILE);
    });
});

describe('scheduled jobs lock the class they run on', () => {
    const DISPATCHER = 'force-app/main/default/classes/AbmScheduledJob.cls';
    const JOB = {
        Id: '08e000000000009AAA',
        Name: 'ABM owner book recount',
        CronExpression: '0 0 2 * * ?',
        State: 'WAITING',
        Class: 'AbmScheduledJob'
    };
    async function deployWith(options: { body?: string; jobs: (typeof JOB)[]; allow?: boolean; dryRun?: boolean }) {
        double!.configure({
            org: SCRATCH,
            outcome: { kind: 'success' },
            settingsInOrg: true,
            cronTriggers: options.jobs.map((j) => ({ ...j })),
            apexClassBodies: options.body === undefined ? {} : { AbmScheduledJob: options.body },
            allowDeployWithPendingJobs: options.allow
        });
        const { deploy } = await import('../../scripts/cli/commands/deploy');
        return deploy(
            conn,
            {
                sourceDirs: ['force-app-settings', 'force-app'],
                dryRun: options.dryRun ?? false,
                assign: [],
                waitMinutes: 1,
                pollIntervalMs: 20
            },
            new Ux(true)
        );
    }
    const sentDispatcher = () => double!.deploys.map((d) => d.files.includes('classes/AbmScheduledJob.cls'));

    it('leaves the unchanged dispatcher out while `abm setup` jobs are pending, so the deploy succeeds', async () => {
        // The org stores the class with its own line endings: only the code counts.
        const summary = await deployWith({ body: readFileSync(DISPATCHER, 'utf8').replace(/\n/g, '\r\n') + '\n\n', jobs: [JOB] });
        expect(summary.status).toBe('Succeeded');
        expect(summary.problems).toEqual([]);
        expect(summary.scheduledJobs).toMatchObject({ action: 'leave-out', pendingJobs: ['ABM owner book recount'] });
        expect(sentDispatcher()).toEqual([false]);
        // Every worker class goes out as usual: no job is scheduled on them.
        expect(double!.deploys[0]!.files).toEqual(
            expect.arrayContaining(['classes/AbmOwnerBookBatch.cls', 'classes/AbmHealthSnapshotBatch.cls'])
        );
    });

    it('leaves it out of a check-only validation too', async () => {
        const summary = await deployWith({ body: readFileSync(DISPATCHER, 'utf8'), jobs: [JOB], dryRun: true });
        expect(summary.status).toBe('Succeeded');
        expect(sentDispatcher()).toEqual([false]);
    });

    it('deploys it when no job is pending', async () => {
        const summary = await deployWith({ body: readFileSync(DISPATCHER, 'utf8'), jobs: [] });
        expect(summary.scheduledJobs.action).toBe('deploy');
        expect(sentDispatcher()).toEqual([true]);
    });

    it('sends a changed dispatcher and says how to get past the lock when the org rejects it', async () => {
        const summary = await deployWith({ body: 'public class AbmScheduledJob {}', jobs: [JOB] });
        expect(summary.scheduledJobs).toMatchObject({ action: 'changed' });
        expect(summary.scheduledJobs.reason).toMatch(/Allow deployments|corresponding Apex jobs are pending/);
        expect(summary.scheduledJobs.reason).toMatch(/abm setup/);
        expect(sentDispatcher()).toEqual([true]);
        expect(summary.status).toBe('Failed');
        expect(summary.problems).toEqual([
            expect.objectContaining({ kind: 'component', problem: expect.stringContaining('This schedulable class has jobs pending') })
        ]);
    });

    it('a changed dispatcher deploys when the org allows deployments with pending jobs', async () => {
        const summary = await deployWith({ body: 'public class AbmScheduledJob {}', jobs: [JOB], allow: true });
        expect(summary.status).toBe('Succeeded');
        expect(sentDispatcher()).toEqual([true]);
    });
});
