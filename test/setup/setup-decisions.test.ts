/** The pure decisions of `abm setup`: scheduled-job config, cron syntax, and the plan for each step. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    cellValue,
    cronProblem,
    parseScheduledJobs,
    planAssignments,
    abortApex,
    planJobs,
    planRecordPage,
    planSellers,
    scheduleApex,
    wantedAssignments,
    withRecordPage,
    type SellerField
} from '../../scripts/core/setup';

const ROOT = join(__dirname, '..', '..');

describe('cronProblem (Salesforce System.schedule syntax)', () => {
    it.each([
        '0 0 7 ? * MON',
        '0 0 13 * * ?',
        '0 0 22 ? * 6L',
        '0 30 2 1 * ?',
        '0 0 8 ? * MON-FRI',
        '0 0 1 ? * 2#1 2027',
        '0 0 */4 ? * *',
        '0 15 6 L * ?'
    ])('%s is valid', (cron) => {
        expect(cronProblem(cron)).toBeUndefined();
    });

    it.each([
        ['0 0 7 * MON', 'has 5 fields'],
        ['* 0 7 ? * MON', 'field Seconds'],
        ['0 */5 7 ? * MON', 'field Minutes'],
        ['0 0 24 ? * MON', 'field Hours'],
        ['0 0 7 32 * ?', 'field Day_of_month'],
        ['0 0 7 ? 13 MON', 'field Month'],
        ['0 0 7 ? * FUNDAY', 'field Day_of_week'],
        ['0 0 7 * * MON', 'exactly one of Day_of_month and Day_of_week'],
        ['0 0 7 ? * ?', 'exactly one of Day_of_month and Day_of_week'],
        ['0 0 7 ? * MON 1960', 'field Year']
    ])('%s: %s', (cron, problem) => {
        expect(cronProblem(cron)).toContain(problem);
    });
});

describe('config/scheduled-jobs.json', () => {
    const jobs = parseScheduledJobs(
        JSON.parse(readFileSync(join(ROOT, 'config', 'scheduled-jobs.json'), 'utf8')),
        'config/scheduled-jobs.json'
    );

    it('schedules the Monday intent queue', () => {
        expect(jobs).toContainEqual(
            expect.objectContaining({ name: 'ABM intent task queue', class: 'AbmIntentTaskScheduler', cron: '0 0 7 ? * MON' })
        );
    });

    it('names unique jobs whose classes are Schedulable classes of the project', () => {
        for (const job of jobs) {
            const source = readFileSync(join(ROOT, 'force-app', 'main', 'default', 'classes', `${job.class}.cls`), 'utf8');
            expect(source).toMatch(new RegExp(`class\\s+${job.class}\\b[^{]*\\bimplements\\b[^{]*\\bSchedulable\\b`, 'i'));
        }
    });

    it('names the file, the job and the field of every problem', () => {
        const bad = [
            { name: 'A', class: 'AbmX', cron: '0 0 7 * * MON', description: 'x' },
            { name: 'a', class: 'Abm Y', cron: '0 0 7 ? * MON', description: '' },
            { name: 'B', class: 'AbmZ', cron: '0 0 7 ? * MON', description: 'x', extra: 1 }
        ];
        let message = '';
        try {
            parseScheduledJobs(bad, 'jobs.json');
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toContain('jobs.json: job 0 field "cron": cron exactly one of Day_of_month');
        expect(message).toContain('jobs.json: job 1 field "class"');
        expect(message).toContain('jobs.json: job 1 field "description"');
        expect(message).toContain('jobs.json: job 1 field "name": same name as job 0');
        expect(message).toMatch(/jobs\.json: job 2.*extra/);
    });
});

describe('planJobs', () => {
    const job = { name: 'ABM intent task queue', class: 'AbmIntentTaskScheduler', cron: '0 0 7 ? * MON', description: 'x' };
    const classes = new Set(['AbmIntentTaskScheduler']);

    it('schedules a job the org does not have', () => {
        expect(planJobs([job], [], classes, false)[0]).toMatchObject({ action: 'schedule' });
    });

    it('keeps a job scheduled with the same cron (spacing and case ignored), whatever its state', () => {
        const existing = [{ id: '08e1', name: job.name, cron: '0 0 7 ?  * mon', state: 'WAITING' }];
        expect(planJobs([job], existing, classes, false)[0]).toMatchObject({ action: 'keep', existingId: '08e1' });
    });

    it('keeps a job the admin moved to another cron unless --reschedule, then replaces it', () => {
        const existing = [{ id: '08e1', name: job.name, cron: '0 0 9 ? * TUE', state: 'WAITING' }];
        expect(planJobs([job], existing, classes, false)[0]).toMatchObject({ action: 'conflict', existingId: '08e1' });
        expect(planJobs([job], existing, classes, true)[0]).toMatchObject({ action: 'reschedule', existingId: '08e1' });
    });

    it('treats a deleted or completed trigger as absent', () => {
        const existing = [{ id: '08e1', name: job.name, cron: job.cron, state: 'DELETED' }];
        expect(planJobs([job], existing, classes, false)[0]).toMatchObject({ action: 'schedule' });
    });

    it('moves a job an earlier version scheduled on the worker class onto the dispatcher, keeping its cron', () => {
        const classes = new Set(['AbmIntentTaskScheduler', 'AbmScheduledJob']);
        const existing = [
            { id: '08e1', name: 'Old intent job', cron: '0 0 9 ? * TUE', state: 'WAITING', className: 'AbmIntentTaskScheduler' }
        ];
        expect(planJobs([job], existing, classes, false)).toEqual([
            expect.objectContaining({
                action: 'move',
                name: job.name,
                cron: '0 0 9 ? * TUE',
                existingId: '08e1',
                previous: { name: 'Old intent job', class: 'AbmIntentTaskScheduler', cron: '0 0 9 ? * TUE' }
            })
        ]);
        // Under the configured name too (the name alone does not make it a dispatcher job).
        const sameName = [{ ...existing[0]!, name: job.name }];
        expect(planJobs([job], sameName, classes, false)).toEqual([expect.objectContaining({ action: 'move', existingId: '08e1' })]);
    });

    it('blocks the move when the org lacks the dispatcher, naming the deploy that fixes it', () => {
        const existing = [{ id: '08e1', name: job.name, cron: job.cron, state: 'WAITING', className: 'AbmIntentTaskScheduler' }];
        expect(planJobs([job], existing, classes, false)).toEqual([
            expect.objectContaining({ action: 'blocked', reason: expect.stringContaining('--metadata ApexClass:AbmScheduledJob') })
        ]);
    });

    it('aborts a worker-class copy when the job already runs on the dispatcher, and extra copies after a move', () => {
        const classes = new Set(['AbmIntentTaskScheduler', 'AbmScheduledJob']);
        const dispatcher = { id: '08e1', name: job.name, cron: job.cron, state: 'WAITING', className: 'AbmScheduledJob' };
        const legacy = { id: '08e2', name: 'Old intent job', cron: '0 0 8 ? * MON', state: 'WAITING', className: 'abmintenttaskscheduler' };
        expect(planJobs([job], [dispatcher, legacy], classes, false).map((j) => [j.action, j.existingId])).toEqual([
            ['keep', '08e1'],
            ['abort', '08e2']
        ]);
        const second = { ...legacy, id: '08e3', name: 'Older intent job' };
        expect(planJobs([job], [legacy, second], classes, false).map((j) => [j.action, j.existingId])).toEqual([
            ['move', '08e2'],
            ['abort', '08e3']
        ]);
        // A finished job on the worker locks nothing: it is not touched.
        expect(planJobs([job], [{ ...legacy, state: 'COMPLETE' }], classes, false).map((j) => j.action)).toEqual(['schedule']);
    });

    it('blocks a job whose class is not in the org', () => {
        expect(planJobs([job], [], new Set(), false)[0]).toMatchObject({
            action: 'blocked',
            reason: expect.stringContaining('not in the org')
        });
    });
});

describe('abortApex', () => {
    it('aborts one CronTrigger and refuses anything that is not an Id', () => {
        expect(abortApex('08e000000000001AAA')).toBe("System.abortJob('08e000000000001AAA');");
        expect(() => abortApex("x'); delete")).toThrow('not a CronTrigger Id');
    });
});

describe('scheduleApex', () => {
    it('escapes the literals and aborts the replaced job first', () => {
        expect(scheduleApex({ name: "Bob's job", class: 'AbmX', cron: '0 0 7 ? * MON' }, '08e000000000001')).toBe(
            "System.abortJob('08e000000000001');\nSystem.schedule('Bob\\'s job', '0 0 7 ? * MON', new AbmScheduledJob('AbmX'));"
        );
    });

    it('refuses a class name that is not one', () => {
        expect(() => scheduleApex({ name: 'x', class: 'AbmX()); delete', cron: '0 0 7 ? * MON' })).toThrow('not an Apex class name');
    });
});

describe('permission sets', () => {
    const known = ['ABM_Admin', 'ABM_Operations', 'ABM_Seller'];

    it('gives the running user the defaults and adds --assign targets', () => {
        const wanted = wantedAssignments(
            ['ABM_Seller=ada@x.com, bo@x.com', 'ABM_Admin'],
            'me@x.com',
            ['ABM_Admin', 'ABM_Operations'],
            known
        );
        expect(Object.fromEntries([...wanted].map(([k, v]) => [k, [...v].sort()]))).toEqual({
            ABM_Admin: ['me@x.com'],
            ABM_Operations: ['me@x.com'],
            ABM_Seller: ['ada@x.com', 'bo@x.com']
        });
        expect(() => wantedAssignments(['ABM_Sellers'], 'me@x.com', [], known)).toThrow('not one of');
    });

    it('assigns what is missing, keeps what is there, and blocks unknown users, inactive users and missing sets', () => {
        const wanted = new Map([
            ['ABM_Admin', new Set(['me@x.com'])],
            ['ABM_Seller', new Set(['ada@x.com', 'ghost@x.com', 'gone@x.com'])],
            ['ABM_Operations', new Set(['me@x.com'])]
        ]);
        const ps = new Map([
            ['ABM_Admin', '0PS1'],
            ['ABM_Seller', '0PS2']
        ]);
        const users = new Map([
            ['me@x.com', { id: '005A', isActive: true }],
            ['ada@x.com', { id: '005B', isActive: true }],
            ['gone@x.com', { id: '005C', isActive: false }]
        ]);
        const steps = planAssignments(wanted, ps, users, new Set(['0PS1:005A']));
        expect(steps.map((s) => `${s.permissionSet} ${s.username} ${s.action}`)).toEqual([
            'ABM_Admin me@x.com keep',
            'ABM_Operations me@x.com blocked',
            'ABM_Seller ada@x.com assign',
            'ABM_Seller ghost@x.com blocked',
            'ABM_Seller gone@x.com blocked'
        ]);
    });
});

describe('planRecordPage', () => {
    const page = 'ABM_Account_Record_Page';

    it('activates over the standard page, keeps itself, and refuses to replace another custom page unless asked', () => {
        expect(planRecordPage(page, [{ actionName: 'View', type: 'Default' }], false, false).action).toBe('activate');
        expect(planRecordPage(page, [], false, false).action).toBe('activate');
        expect(
            planRecordPage(page, [{ actionName: 'View', formFactor: 'Large', type: 'Flexipage', content: page }], false, false).action
        ).toBe('keep');
        const theirs = [{ actionName: 'View', formFactor: 'Large', type: 'Flexipage', content: 'Their_Page' }];
        expect(planRecordPage(page, theirs, false, false)).toMatchObject({ action: 'conflict', previous: theirs[0] });
        expect(planRecordPage(page, theirs, true, false)).toMatchObject({ action: 'activate', previous: theirs[0] });
        expect(planRecordPage(page, theirs, true, true).action).toBe('skip');
    });

    it('changes only the desktop View override and keeps the others', () => {
        const phone = { actionName: 'View', formFactor: 'Small', type: 'Flexipage', content: 'Phone_Page' };
        const edit = { actionName: 'Edit', type: 'Default' };
        expect(withRecordPage([phone, edit, { actionName: 'View', type: 'Default' }], page)).toEqual([
            phone,
            edit,
            { actionName: 'View', formFactor: 'Large', type: 'Flexipage', content: page, skipRecordTypeSelect: false }
        ]);
    });
});

describe('planSellers', () => {
    const fields: SellerField[] = [
        { name: 'Name', type: 'string', createable: true, updateable: true },
        { name: 'Role__c', type: 'picklist', createable: true, updateable: true },
        { name: 'Industries__c', type: 'string', createable: true, updateable: true },
        { name: 'Tier1CapacityMax__c', type: 'double', createable: true, updateable: true },
        { name: 'IsActive__c', type: 'boolean', createable: true, updateable: true },
        { name: 'UnavailableUntilDate__c', type: 'date', createable: true, updateable: true },
        { name: 'LeadsAssignedToday__c', type: 'double', createable: false, updateable: false }
    ];
    const users = new Map([
        ['ada@x.com', { id: '005A', isActive: true, name: 'Ada' }],
        ['bo@x.com', { id: '005B', isActive: true, name: 'Bo' }]
    ]);

    it('creates missing sellers, updates only changed fields, and keeps unchanged ones', () => {
        const existing = new Map([
            ['005B', { Id: 'a01B', User__c: '005B', Role__c: 'AE', Industries__c: 'B;A', Tier1CapacityMax__c: 15, IsActive__c: true }]
        ]);
        const rows = [
            { Username: 'ada@x.com', Role__c: 'AE', Industries__c: 'Tech', Tier1CapacityMax__c: '15', IsActive__c: 'true' },
            { Username: 'bo@x.com', Role__c: 'AE', Industries__c: 'A;B', Tier1CapacityMax__c: '12', IsActive__c: 'yes' }
        ];
        const { steps, problems } = planSellers(rows, fields, users, existing);
        expect(problems).toEqual([]);
        expect(steps[0]).toMatchObject({
            action: 'create',
            values: { Name: 'Ada', Role__c: 'AE', Industries__c: 'Tech', Tier1CapacityMax__c: 15, IsActive__c: true, User__c: '005A' }
        });
        expect(steps[1]).toMatchObject({
            action: 'update',
            values: { Tier1CapacityMax__c: 12 },
            before: { Tier1CapacityMax__c: 15 },
            existingId: 'a01B'
        });
        const again = planSellers([rows[1]!], fields, users, new Map([['005B', { ...existing.get('005B')!, Tier1CapacityMax__c: 12 }]]));
        expect(again.steps[0]).toMatchObject({ action: 'keep' });
    });

    it('reports every bad cell with its row and field, and plans nothing for those rows', () => {
        const rows = [
            { Username: 'ada@x.com', Role__c: 'AE', Industries__c: '', Tier1CapacityMax__c: 'fifteen', IsActive__c: 'maybe' },
            { Username: 'ghost@x.com', Role__c: 'AE', Industries__c: '', Tier1CapacityMax__c: '1', IsActive__c: '' },
            { Username: 'ADA@x.com', Role__c: 'SDR', Industries__c: '', Tier1CapacityMax__c: '1', IsActive__c: '' },
            { Username: '', Role__c: 'SDR', Industries__c: '', Tier1CapacityMax__c: '1', IsActive__c: '' }
        ];
        const { steps, problems } = planSellers(rows, fields, users, new Map());
        expect(problems).toEqual([
            { row: 2, field: 'Tier1CapacityMax__c', problem: '"fifteen" is not a number' },
            { row: 2, field: 'IsActive__c', problem: '"maybe" is not true/false' },
            { row: 3, field: 'Username', problem: 'no user "ghost@x.com" in the org' },
            { row: 4, field: 'Username', problem: 'same user as row 2' },
            { row: 5, field: 'Username', problem: 'empty' }
        ]);
        expect(steps.map((s) => s.action)).toEqual(['blocked', 'blocked', 'blocked', 'blocked']);
    });

    it('refuses unknown, read-only and setup-owned columns, and a file without Username', () => {
        const row = { Username: 'ada@x.com', Rolle__c: 'AE', LeadsAssignedToday__c: '1', User__c: '005A' };
        expect(planSellers([row], fields, users, new Map()).problems).toEqual([
            { row: 1, field: 'Rolle__c', problem: 'not a field of ABM_Seller__c in this org' },
            { row: 1, field: 'LeadsAssignedToday__c', problem: 'read-only' },
            { row: 1, field: 'User__c', problem: 'set by setup from Username; remove the column' }
        ]);
        expect(planSellers([{ Email: 'ada@x.com' }], fields, users, new Map()).problems).toEqual([
            { row: 1, field: 'Username', problem: 'the header has no Username column' }
        ]);
    });
});

describe('cellValue', () => {
    it.each([
        ['1,200', 'double', 1200],
        ['', 'double', null],
        ['No', 'boolean', false],
        ['2027-01-31', 'date', '2027-01-31'],
        [' EMEA ', 'string', 'EMEA']
    ])('%j as %s is %j', (raw, type, value) => {
        expect(cellValue(raw, type)).toEqual({ value });
    });

    it.each([
        ['1.5', 'int'],
        ['31/01/2027', 'date'],
        ['2027-02-30x', 'date']
    ])('%j is not a valid %s', (raw, type) => {
        expect(cellValue(raw, type)).toHaveProperty('problem');
    });
});
