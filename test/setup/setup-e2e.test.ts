/**
 * `abm setup` end to end against the Metadata/REST/Tooling double: permission sets through sObject collections, the
 * record page through a real Metadata API deploy (SDR builds the zip), sellers through the Org door, jobs through
 * anonymous Apex. Each scenario checks the org's state afterwards, and that a second run changes nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ux } from '../../scripts/cli/shared';

/** The jobs `abm setup` schedules. */
const JOBS = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'scheduled-jobs.json'), 'utf8')) as {
    name: string;
    class: string;
    cron: string;
}[];
import { connectToDouble, startMetadataDouble, type DoubleOptions, type MetadataDouble } from '../deploy/metadata-double';

jest.setTimeout(90_000);

let double: MetadataDouble | undefined;
let conn: import('@salesforce/core').Connection;
beforeAll(async () => {
    double = await startMetadataDouble({ org: { IsSandbox: true, TrialExpirationDate: null }, outcome: { kind: 'success' } });
    conn = await connectToDouble(double);
});
afterAll(async () => {
    await double?.stop();
});

const SANDBOX = { IsSandbox: true, TrialExpirationDate: null };
const ADMIN = '005000000000001AAA';
const ADA = '005000000000002AAA';
const GRACE = '005000000000003AAA';
const PS = { ABM_Admin: '0PS000000000001AAA', ABM_Seller: '0PS000000000002AAA', ABM_Operations: '0PS000000000003AAA' };

function csv(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-setup-test-'));
    const file = join(dir, 'sellers.csv');
    writeFileSync(file, text);
    return file;
}

const SELLERS = `Username,Role__c,Industries__c,Regions__c,Tier1CapacityMin__c,Tier1CapacityMax__c,IsActive__c
ada@abm.example,AE,Technology;Manufacturing,EMEA,10,15,true
grace@abm.example,SDR,,North America,0,0,true
`;

async function runSetup(
    options: { sellers?: string; dryRun?: boolean; reschedule?: boolean; replaceRecordPage?: boolean; assign?: string[] } = {}
) {
    const { setup, readSellerCsv } = await import('../../scripts/cli/commands/setup');
    const out = mkdtempSync(join(tmpdir(), 'abm-setup-out-'));
    const summary = await setup(
        conn,
        {
            dryRun: options.dryRun ?? false,
            sellers: options.sellers ? await readSellerCsv(options.sellers) : undefined,
            assign: options.assign ?? [],
            jobsFile: join(__dirname, '..', '..', 'config', 'scheduled-jobs.json'),
            reschedule: options.reschedule ?? false,
            recordPage: 'ABM_Account_Record_Page',
            skipRecordPage: false,
            replaceRecordPage: options.replaceRecordPage ?? false,
            out,
            pollIntervalMs: 20
        },
        new Ux(true)
    );
    return { summary, out };
}

function configure(options: Partial<DoubleOptions> = {}) {
    double!.configure({ org: SANDBOX, outcome: { kind: 'success' }, ...options });
}

it('sets up a fresh org in one run, and a second run changes nothing', async () => {
    configure();
    const file = csv(SELLERS);
    const { summary, out } = await runSetup({ sellers: file });
    expect(summary.outcomes.every((o) => o.outcome === 'done')).toBe(true);

    // Permission sets: ABM_Admin and ABM_Operations to the running user, ABM_Seller to each seller.
    expect(double!.assignments.map((a) => `${a.PermissionSetId}:${a.AssigneeId}`).sort()).toEqual(
        [`${PS.ABM_Admin}:${ADMIN}`, `${PS.ABM_Operations}:${ADMIN}`, `${PS.ABM_Seller}:${ADA}`, `${PS.ABM_Seller}:${GRACE}`].sort()
    );
    // The record page is the org default for Account on desktop (a real deploy of Account's overrides).
    expect(double!.accountOverrides).toContainEqual({
        actionName: 'View',
        type: 'Flexipage',
        formFactor: 'Large',
        content: 'ABM_Account_Record_Page'
    });
    const deployed = double!.deploys[0]!;
    expect(deployed.files).toEqual(['objects/Account.object', 'package.xml']);
    // Sellers: typed values, linked to their users.
    const sellers = [...double!.sellers.values()];
    expect(sellers).toHaveLength(2);
    expect(sellers.find((s) => s.User__c === ADA)).toMatchObject({
        Name: 'Ada Lovelace',
        Role__c: 'AE',
        Industries__c: 'Technology;Manufacturing',
        Tier1CapacityMax__c: 15,
        IsActive__c: true
    });
    // Every job is scheduled as config/scheduled-jobs.json says (the Monday intent queue among them), on the dispatcher
    // AbmScheduledJob: a pending job never locks the class that does the work against a later deploy.
    expect(double!.cronTriggers).toEqual(
        JOBS.map((j) => expect.objectContaining({ Name: j.name, CronExpression: j.cron, Class: 'AbmScheduledJob', Worker: j.class }))
    );
    expect(double!.cronTriggers).toContainEqual(
        expect.objectContaining({
            Name: 'ABM intent task queue',
            CronExpression: '0 0 7 ? * MON',
            Class: 'AbmScheduledJob',
            Worker: 'AbmIntentTaskScheduler'
        })
    );
    // The rollback file names every change.
    const rollback = JSON.parse(readFileSync(join(out, 'rollback.json'), 'utf8')) as { changes: { kind: string }[] };
    expect(rollback.changes.map((c) => c.kind).sort()).toEqual(
        [
            ...Array(4).fill('permissionSetAssignment'),
            'recordPage',
            'sellerCreated',
            'sellerCreated',
            ...JOBS.map(() => 'jobScheduled')
        ].sort()
    );

    // Second run on the same org: everything is already there.
    const deploysBefore = double!.deploys.length;
    const apexBefore = double!.anonymousApex.length;
    const again = await runSetup({ sellers: file });
    expect(again.summary.outcomes).toEqual([]);
    expect(again.summary.plan.assignments.every((a) => a.action === 'keep')).toBe(true);
    expect(again.summary.plan.recordPage.action).toBe('keep');
    expect(again.summary.plan.sellers.map((s) => s.action)).toEqual(['keep', 'keep']);
    expect(again.summary.plan.jobs.map((j) => j.action)).toEqual(JOBS.map(() => 'keep'));
    expect(double!.deploys.length).toBe(deploysBefore);
    expect(double!.anonymousApex.length).toBe(apexBefore);
    expect(double!.sellers.size).toBe(2);
});

it('a dry run prints the plan and changes nothing', async () => {
    configure();
    const { summary } = await runSetup({ sellers: csv(SELLERS), dryRun: true });
    expect(summary.plan.jobs[0]!.action).toBe('schedule');
    expect(summary.plan.sellers.map((s) => s.action)).toEqual(['create', 'create']);
    expect(summary.outcomes).toEqual([]);
    expect(double!.assignments).toEqual([]);
    expect(double!.deploys).toEqual([]);
    expect(double!.sellers.size).toBe(0);
    expect(double!.cronTriggers).toEqual([]);
});

it('a bad sellers file changes nothing and names every row and field', async () => {
    configure();
    const file = csv(`Username,Role__c,Tier1CapacityMax__c,Favourite_Colour__c
ada@abm.example,AE,15,blue
`);
    await expect(runSetup({ sellers: file })).rejects.toThrow(
        `${file}: row 1, Favourite_Colour__c: not a field of ABM_Seller__c in this org`
    );
    const file2 = csv(`Username,Role__c,Tier1CapacityMax__c
ada@abm.example,AE,fifteen
nobody@abm.example,AE,10
`);
    await expect(runSetup({ sellers: file2 })).rejects.toThrow(
        /row 2, Tier1CapacityMax__c: "fifteen" is not a number[\s\S]*row 3, Username: no user "nobody@abm.example"/
    );
    expect(double!.assignments).toEqual([]);
    expect(double!.deploys).toEqual([]);
    expect(double!.sellers.size).toBe(0);
    expect(double!.cronTriggers).toEqual([]);
});

it('stops before any change when the package is not in the org', async () => {
    configure({ apexClasses: [], flexiPages: [] });
    await expect(runSetup()).rejects.toThrow(
        new RegExp(
            `Nothing was changed: ${1 + JOBS.length} problems[\\s\\S]*ABM_Account_Record_Page is not in the org` +
                JOBS.map((j) => `[\\s\\S]*${j.class} is not in the org`).join('')
        )
    );
    expect(double!.assignments).toEqual([]);
});

it("keeps the admin's own record page and job schedule unless told to replace them", async () => {
    const theirs = { actionName: 'View', formFactor: 'Large', type: 'Flexipage', content: 'Acme_Account_Page' };
    const phone = { actionName: 'View', formFactor: 'Small', type: 'Flexipage', content: 'Acme_Phone_Page' };
    configure({
        accountOverrides: [theirs, phone],
        cronTriggers: [
            {
                Id: '08e000000000777AAA',
                Name: 'ABM intent task queue',
                CronExpression: '0 0 9 ? * TUE',
                State: 'WAITING',
                Class: 'AbmScheduledJob',
                Worker: 'AbmIntentTaskScheduler'
            }
        ]
    });
    const kept = await runSetup();
    expect(kept.summary.plan.recordPage.action).toBe('conflict');
    const intentJob = (plan: { jobs: { name: string; action: string }[] }) => plan.jobs.find((j) => j.name === 'ABM intent task queue')!;
    expect(intentJob(kept.summary.plan).action).toBe('conflict');
    expect(double!.accountOverrides).toEqual([theirs, phone]);
    const intentCron = () => double!.cronTriggers.filter((c) => c.Name === 'ABM intent task queue').map((c) => c.CronExpression);
    expect(intentCron()).toEqual(['0 0 9 ? * TUE']);

    const replaced = await runSetup({ replaceRecordPage: true, reschedule: true });
    expect(replaced.summary.outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    // Only the desktop View override changed; the phone page stays.
    expect(double!.accountOverrides).toEqual(
        expect.arrayContaining([phone, { actionName: 'View', formFactor: 'Large', type: 'Flexipage', content: 'ABM_Account_Record_Page' }])
    );
    expect(intentCron()).toEqual(['0 0 7 ? * MON']);
    expect(double!.anonymousApex.at(-1)).toContain("System.abortJob('08e000000000777AAA');");
    const rollback = JSON.parse(readFileSync(join(replaced.out, 'rollback.json'), 'utf8')) as { changes: Record<string, unknown>[] };
    expect(rollback.changes).toContainEqual({
        kind: 'recordPage',
        page: 'ABM_Account_Record_Page',
        previous: { ...theirs, skipRecordTypeSelect: false }
    });
    expect(rollback.changes).toContainEqual(expect.objectContaining({ kind: 'jobScheduled', replaced: '08e000000000777AAA' }));
});

it('moves the jobs an earlier version scheduled on the worker classes onto the dispatcher, and a second run keeps them', async () => {
    const legacy = (Id: string, Name: string, CronExpression: string, Class: string) => ({
        Id,
        Name,
        CronExpression,
        State: 'WAITING',
        Class
    });
    configure({
        cronTriggers: [
            // An earlier version: the configured name, on the class itself, at the admin's own time.
            legacy('08e000000000701AAA', 'ABM owner book recount', '0 30 3 * * ?', 'AbmOwnerBookBatch'),
            // Another name on the class itself, while the configured job already runs on the dispatcher.
            legacy('08e000000000702AAA', 'Old health snapshot', '0 0 4 ? * MON', 'AbmHealthSnapshotBatch'),
            {
                ...legacy('08e000000000703AAA', 'ABM weekly health snapshot', '0 0 2 ? * MON', 'AbmScheduledJob'),
                Worker: 'AbmHealthSnapshotBatch'
            }
        ]
    });
    const dry = await runSetup({ dryRun: true });
    expect(dry.summary.plan.jobs.map((j) => [j.action, j.name, j.cron])).toEqual(
        expect.arrayContaining([
            ['move', 'ABM owner book recount', '0 30 3 * * ?'],
            ['abort', 'Old health snapshot', '0 0 4 ? * MON'],
            ['keep', 'ABM weekly health snapshot', '0 0 2 ? * MON'],
            ['schedule', 'ABM intent task queue', '0 0 7 ? * MON']
        ])
    );
    expect(double!.cronTriggers.map((c) => c.Id)).toEqual(['08e000000000701AAA', '08e000000000702AAA', '08e000000000703AAA']);

    const { summary, out } = await runSetup();
    expect(summary.outcomes.filter((o) => o.outcome === 'failed')).toEqual([]);
    // Every job now runs on the dispatcher, once, under its configured name; the moved one keeps the admin's cron.
    expect([...double!.cronTriggers].sort((a, b) => a.Name.localeCompare(b.Name))).toEqual([
        expect.objectContaining({
            Name: 'ABM intent task queue',
            CronExpression: '0 0 7 ? * MON',
            Class: 'AbmScheduledJob',
            Worker: 'AbmIntentTaskScheduler'
        }),
        expect.objectContaining({
            Name: 'ABM owner book recount',
            CronExpression: '0 30 3 * * ?',
            Class: 'AbmScheduledJob',
            Worker: 'AbmOwnerBookBatch'
        }),
        expect.objectContaining({ Id: '08e000000000703AAA', Name: 'ABM weekly health snapshot', Class: 'AbmScheduledJob' })
    ]);
    const rollback = JSON.parse(readFileSync(join(out, 'rollback.json'), 'utf8')) as { changes: Record<string, unknown>[] };
    expect(rollback.changes).toContainEqual(
        expect.objectContaining({
            kind: 'jobScheduled',
            name: 'ABM owner book recount',
            replaced: '08e000000000701AAA',
            replacedJob: { name: 'ABM owner book recount', class: 'AbmOwnerBookBatch', cron: '0 30 3 * * ?' }
        })
    );
    expect(rollback.changes).toContainEqual({
        kind: 'jobAborted',
        id: '08e000000000702AAA',
        name: 'Old health snapshot',
        class: 'AbmHealthSnapshotBatch',
        cron: '0 0 4 ? * MON'
    });

    const apexBefore = double!.anonymousApex.length;
    const again = await runSetup();
    // Nothing left to move; the moved job's own cron differs from config/scheduled-jobs.json, so it is kept as a
    // conflict (the admin's schedule; --reschedule would replace it), as for any job the admin moved.
    expect(again.summary.plan.jobs.map((j) => [j.name, j.action])).toEqual(
        JOBS.map((j) => [j.name, j.name === 'ABM owner book recount' ? 'conflict' : 'keep'])
    );
    expect(double!.anonymousApex.length).toBe(apexBefore);
});

it('updates only the changed seller fields and records the old values for rollback', async () => {
    configure({
        sellers: [
            {
                Id: 'a01000000000900AAA',
                Name: 'Ada Lovelace',
                User__c: ADA,
                Role__c: 'AE',
                Industries__c: 'Manufacturing;Technology',
                Regions__c: 'EMEA',
                Tier1CapacityMin__c: 10,
                Tier1CapacityMax__c: 12,
                IsActive__c: true
            }
        ]
    });
    const { summary, out } = await runSetup({ sellers: csv(SELLERS) });
    const ada = summary.plan.sellers.find((s) => s.username === 'ada@abm.example')!;
    expect(ada).toMatchObject({ action: 'update', values: { Tier1CapacityMax__c: 15 }, before: { Tier1CapacityMax__c: 12 } });
    expect(double!.sellers.get('a01000000000900AAA')).toMatchObject({ Tier1CapacityMax__c: 15, Industries__c: 'Manufacturing;Technology' });
    const rollback = JSON.parse(readFileSync(join(out, 'rollback.json'), 'utf8')) as { changes: Record<string, unknown>[] };
    expect(rollback.changes).toContainEqual({
        kind: 'sellerUpdated',
        id: 'a01000000000900AAA',
        username: 'ada@abm.example',
        before: { Tier1CapacityMax__c: 12 }
    });
});

it('reports a row the org rejects and a failed record page deploy as failures, and does the rest', async () => {
    configure({ recordPageDeployProblem: 'Flexipage ABM_Account_Record_Page cannot be the default: it uses a component this org lacks' });
    const { summary, out } = await runSetup({
        sellers: csv(`Username,Role__c
ada@abm.example,Chief Seller
grace@abm.example,SDR
`)
    });
    const failed = summary.outcomes.filter((o) => o.outcome === 'failed');
    expect(failed.map((o) => `${o.step}: ${o.target}`)).toEqual(['record page: ABM_Account_Record_Page', 'seller: ada@abm.example']);
    expect(failed[1]!.detail).toContain('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect([...double!.sellers.values()].map((s) => s.User__c)).toEqual([GRACE]);
    expect(double!.cronTriggers).toHaveLength(JOBS.length);
    const rollback = JSON.parse(readFileSync(join(out, 'rollback.json'), 'utf8')) as { changes: { kind: string }[] };
    expect(rollback.changes.map((c) => c.kind)).not.toContain('recordPage');
});
