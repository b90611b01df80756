/**
 * The quarter end to end: plan → apply → verify → rollback through the CLI (in-process, test/abm-cli.ts; one refusal
 * through the compiled CLI in a child process: its exit code and stderr as the shell sees them), on a copy of the sample
 * snapshot (a simulation) and against the local Salesforce API double with injected faults. Nothing may be lost or wrong.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { startDouble, type Harness } from '../sfdouble/harness';
import { abmProcess } from '../abm-cli';
import { abm, ROOT } from './cli';
import { reactivateUsers } from './users';

jest.setTimeout(120_000);

const owners = (dir: string) =>
    new Map(
        (parse(readFileSync(join(dir, 'Account.csv'), 'utf8'), { columns: true }) as { Id: string; OwnerId: string }[]).map((r) => [
            r.Id,
            r.OwnerId
        ])
    );

type SavedPlan = {
    runId: string;
    plan: { moves: { accountId: string; fromId: string | null; toId: string }[]; secondaryChanges: { accountId: string }[] };
};

describe('on a snapshot (simulation)', () => {
    const work = mkdtempSync(join(tmpdir(), 'abm-rebalance-'));
    const snap = join(work, 'org');
    const out = join(work, 'plan');
    const runs = join(work, 'runs');
    cpSync(join(ROOT, 'data/sample-org'), snap, { recursive: true });
    const before = owners(snap);
    /** `abm rebalance apply` of the saved plan on the snapshot `snapDir`, runs in `runsDir`. */
    const applyArgs = (snapDir: string, runsDir: string, ...flags: string[]) => [
        'rebalance',
        'apply',
        '--plan',
        join(out, 'plan.json'),
        '--snapshot',
        snapDir,
        '--runs-dir',
        runsDir,
        ...flags
    ];
    const applyOnSnapshot = (snapDir: string, runsDir: string, ...flags: string[]) => abm(applyArgs(snapDir, runsDir, ...flags));

    it('plans without changing anything, deterministically', async () => {
        const first = await abm(['rebalance', 'plan', '--snapshot', snap, '--out', out, '--json']);
        expect(first.code).toBe(0);
        const second = await abm(['rebalance', 'plan', '--snapshot', snap, '--out', join(work, 'plan2'), '--json']);
        expect(readFileSync(join(out, 'moves.csv'), 'utf8')).toBe(readFileSync(join(work, 'plan2', 'moves.csv'), 'utf8'));
        expect(JSON.parse(first.stdout).result.runId).toMatch(/^rb-\d{8}T\d{6}-[0-9a-f]{8}$/);
        expect(JSON.parse(first.stdout).result.runId.slice(-8)).toBe(JSON.parse(second.stdout).result.runId.slice(-8));
        expect(owners(snap)).toEqual(before);
        const moves = readFileSync(join(out, 'moves.csv'), 'utf8').trim().split('\n');
        expect(moves[0]).toBe('AccountId,AccountName,Tier,FromOwnerId,FromOwner,ToOwnerId,ToOwner,Reasons');
        expect(moves.length).toBeGreaterThan(10);
    });

    it('applies: every planned owner is set, audited with the run id, and a rollback file exists', async () => {
        const saved = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as SavedPlan;
        const result = await applyOnSnapshot(snap, runs, '--json');
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout).result).toMatchObject({
            planned: saved.plan.moves.length,
            updated: saved.plan.moves.length,
            failed: 0,
            verifiedWrong: 0
        });
        const after = owners(snap);
        for (const m of saved.plan.moves) expect(after.get(m.accountId)).toBe(m.toId);
        const untouched = [...before.keys()].filter((id) => !saved.plan.moves.some((m) => m.accountId === id));
        for (const id of untouched) expect(after.get(id)).toBe(before.get(id));
        const audit = parse(readFileSync(join(snap, 'ABM_Assignment__c.csv'), 'utf8'), { columns: true }) as {
            RunId__c: string;
            Source__c: string;
            Role__c: string;
        }[];
        // One row per owner change and one per secondary owner change.
        expect(audit.filter((a) => a.Role__c !== 'Secondary owner')).toHaveLength(saved.plan.moves.length);
        expect(audit.filter((a) => a.Role__c === 'Secondary owner')).toHaveLength(saved.plan.secondaryChanges.length);
        expect(audit.every((a) => a.RunId__c === saved.runId && a.Source__c === 'Rebalance')).toBe(true);
        expect(existsSync(join(runs, saved.runId, 'rollback.csv'))).toBe(true);
    });

    it('refuses to apply the same run twice (a child process: exit code 1, the reason on stderr, nothing on stdout)', async () => {
        const again = await abmProcess(applyArgs(snap, runs));
        expect(again.code).toBe(1);
        expect(again.stderr).toContain('was already applied');
        expect(again.stdout).toBe('');
    });

    it('refuses to roll back while a previous owner is inactive, changing nothing; once reactivated, rolls back exactly', async () => {
        const saved = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as SavedPlan;
        const rollbackArgs = ['rebalance', 'rollback', '--run', saved.runId, '--snapshot', snap, '--runs-dir', runs, '--json'];
        const applied = owners(snap);
        // The departed AE's accounts moved away; their previous owner is an inactive user.
        const refused = await abm(rollbackArgs);
        expect(refused.code).toBe(1);
        expect(refused.stdout + refused.stderr).toMatch(
            /\d+ accounts' previous owners are not active users any more \(e\.g\. 001\w+: 005\w+, inactive\)\. Nothing was changed\./
        );
        expect(owners(snap)).toEqual(applied);
        expect(await reactivateUsers(await SnapshotOrg.open(snap))).not.toHaveLength(0);
        const result = await abm(rollbackArgs);
        expect(result.code).toBe(0);
        expect(owners(snap)).toEqual(before);
    });

    it('refuses a plan made for another snapshot (a copy is another target) and changes nothing', async () => {
        const other = join(work, 'other');
        cpSync(join(ROOT, 'data/sample-org'), other, { recursive: true });
        const before = owners(other);
        const result = await applyOnSnapshot(other, join(work, 'runs-other'));
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(`was made for the snapshot ${realpathSync(snap)}, not the snapshot ${realpathSync(other)}`);
        expect(owners(other)).toEqual(before);
        expect(existsSync(join(work, 'runs-other'))).toBe(false);
    });

    it('refuses a plan whose accounts changed owner since (drift) and changes nothing', async () => {
        const driftSnap = join(work, 'drift');
        cpSync(join(ROOT, 'data/sample-org'), driftSnap, { recursive: true });
        const driftPlan = join(work, 'drift-plan');
        expect((await abm(['rebalance', 'plan', '--snapshot', driftSnap, '--out', driftPlan])).code).toBe(0);
        const saved = JSON.parse(readFileSync(join(driftPlan, 'plan.json'), 'utf8')) as SavedPlan;
        const victim = saved.plan.moves.find((m) => m.fromId)!;
        const other = saved.plan.moves.find((m) => m.fromId && m.fromId !== victim.fromId)!.fromId!;
        const org = await SnapshotOrg.open(driftSnap);
        await org.update('Account', [{ Id: victim.accountId, OwnerId: other }]);
        const beforeDrift = owners(driftSnap);
        const result = await abm([
            'rebalance',
            'apply',
            '--plan',
            join(driftPlan, 'plan.json'),
            '--snapshot',
            driftSnap,
            '--runs-dir',
            join(work, 'runs-drift')
        ]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('changed owner since the plan');
        expect(owners(driftSnap)).toEqual(beforeDrift);
        expect(existsSync(join(work, 'runs-drift', saved.runId))).toBe(false);
    });
});

describe('against the Salesforce API double, with faults', () => {
    let h: Harness;
    const work = mkdtempSync(join(tmpdir(), 'abm-rebalance-double-'));
    beforeAll(async () => {
        // Bulk API jobs complete at their first poll (`bulkPolls: 0`): the CLI polls every second, as against an org, and
        // polling is tested in test/sfdouble; here it would only wait.
        h = await startDouble({
            snapshotDir: join(ROOT, 'data/sample-org'),
            cli: true,
            now: () => new Date('2026-10-01T09:00:00Z'),
            double: { bulkPolls: 0 }
        });
    });
    afterAll(async () => h.stop());

    const serverOwners = async () =>
        new Map((await h.org.query('SELECT Id, OwnerId FROM Account')).map((r) => [String(r.Id), String(r.OwnerId)]));

    /** `abm rebalance plan` on the double into `work/<planDir>`. */
    const planOnDouble = (planDir: string, ...flags: string[]) =>
        abm(['rebalance', 'plan', '--target-org', h.targetOrg!, '--out', join(work, planDir), ...flags], h.cliEnv);
    /** `abm rebalance apply` on the double: `work/<planDir>/plan.json` as of `asOf` (FY from January), runs in `work/<runsDir>`. */
    const applyOnDouble = (planDir: string, runsDir: string, asOf: string, ...flags: string[]) =>
        abm(
            [
                'rebalance',
                'apply',
                '--plan',
                join(work, planDir, 'plan.json'),
                '--target-org',
                h.targetOrg!,
                '--as-of',
                asOf,
                '--fiscal-start-month',
                '1',
                '--runs-dir',
                join(work, runsDir),
                ...flags
            ],
            h.cliEnv
        );

    it('applies through row-lock failures, a 503 and a request-limit answer with zero lost or wrong owners, then rolls back exactly', async () => {
        const before = await serverOwners();
        const plan = await planOnDouble('plan', '--json');
        expect({ code: plan.code, err: plan.code ? plan.stdout + plan.stderr : '' }).toEqual({ code: 0, err: '' });
        const saved = JSON.parse(readFileSync(join(work, 'plan', 'plan.json'), 'utf8')) as SavedPlan;
        const locked = saved.plan.moves.slice(0, 5).map((m) => m.accountId);
        h.double.rowFaults.push({ statusCode: 'UNABLE_TO_LOCK_ROW', ids: locked, attempts: 1 });
        h.double.faults.push({ method: 'PATCH', path: '/composite/sobjects', fault: { kind: 'status', status: 503 } });
        // (A 401 refresh needs a refresh token, which the CLI's access-token login in this test has not got: the door's
        // refresh is proven in test/sfdouble/jsforce-e2e.test.ts. Here: a request-limit answer on a read.)
        h.double.faults.push({ method: 'GET', path: '/query', fault: { kind: 'requestLimit' } });
        const apply = await applyOnDouble('plan', 'runs', '2026-10-02', '--retry-delay-ms', '10', '--json');
        expect({ code: apply.code, err: apply.code ? apply.stdout + apply.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(JSON.parse(apply.stdout).result).toMatchObject({ updated: saved.plan.moves.length, failed: 0, verifiedWrong: 0 });
        const after = await serverOwners();
        for (const m of saved.plan.moves) expect(after.get(m.accountId)).toBe(m.toId);
        for (const [id, owner] of before) if (!saved.plan.moves.some((m) => m.accountId === id)) expect(after.get(id)).toBe(owner);
        // Owner changes (secondary owner changes have their own rows: test/rebalance/secondary-e2e.test.ts).
        const audit = await h.org.query(
            `SELECT Account__c, RunId__c FROM ABM_Assignment__c WHERE RunId__c = '${saved.runId}' AND Role__c != 'Secondary owner'`
        );
        expect(audit).toHaveLength(saved.plan.moves.length);

        // The departed AE's accounts moved away, and their user is inactive: Salesforce would refuse each of those rows
        // (INACTIVE_OWNER_OR_USER, as the double does: test/sfdouble/contract.test.ts), so the rollback refuses first.
        const rollbackOnDouble = (...flags: string[]) =>
            abm(
                [
                    'rebalance',
                    'rollback',
                    '--run',
                    saved.runId,
                    '--target-org',
                    h.targetOrg!,
                    '--runs-dir',
                    join(work, 'runs'),
                    '--json',
                    ...flags
                ],
                h.cliEnv
            );
        const inactive = new Set((await h.org.query('SELECT Id FROM User WHERE IsActive = false')).map((u) => String(u.Id).slice(0, 15)));
        const blocked = saved.plan.moves.filter((m) => m.fromId && inactive.has(m.fromId.slice(0, 15)));
        expect(blocked.length).toBeGreaterThan(0);
        h.double.reset();
        const refused = await rollbackOnDouble();
        expect(refused.code).toBe(1);
        expect(refused.stdout + refused.stderr).toContain(
            `${blocked.length} accounts' previous owners are not active users any more (e.g. ${blocked[0]!.accountId}: ${blocked[0]!.fromId}, inactive). Nothing was changed.`
        );
        expect(refused.stdout + refused.stderr).toContain('--force');
        expect(h.double.count('PATCH', /sobjects/) + h.double.count('POST', /sobjects|jobs\/ingest/)).toBe(0);
        expect(await serverOwners()).toEqual(after);
        // --force: the others are restored, the blocked ones keep the owner the run gave them.
        const forced = await rollbackOnDouble('--force');
        expect({ code: forced.code, err: forced.code ? forced.stdout + forced.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(JSON.parse(forced.stdout).result).toMatchObject({
            restored: saved.plan.moves.length - blocked.length,
            failed: 0,
            inactiveOwners: blocked.length
        });
        const isBlocked = new Set(blocked.map((m) => m.accountId));
        const forcedOwners = await serverOwners();
        for (const [id, owner] of before) expect(forcedOwners.get(id)).toBe(isBlocked.has(id) ? after.get(id) : owner);
        // Once the user is active again, a rollback restores the rest: the org is exactly as it began.
        await reactivateUsers(h.org);
        const rollback = await rollbackOnDouble();
        expect({ code: rollback.code, err: rollback.code ? rollback.stdout + rollback.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(JSON.parse(rollback.stdout).result).toMatchObject({ restored: blocked.length, failed: 0, inactiveOwners: 0 });
        expect(await serverOwners()).toEqual(before);
    });

    it('refuses to apply mid-quarter unless --force, changing nothing', async () => {
        const plan = await planOnDouble('plan-mid');
        expect(plan.code).toBe(0);
        const before = await serverOwners();
        const apply = await applyOnDouble('plan-mid', 'runs-mid', '2026-11-20');
        expect(apply.code).toBe(1);
        expect(apply.stderr).toContain('Refusing to rebalance mid-quarter (the quarter began 2026-10-01');
        expect(await serverOwners()).toEqual(before);
    });

    it('a crash between update and verification is finished by --resume with every owner right', async () => {
        const plan = await planOnDouble('plan-crash', '--json');
        const saved = JSON.parse(readFileSync(join(work, 'plan-crash', 'plan.json'), 'utf8')) as SavedPlan;
        expect(plan.code).toBe(0);
        // The audit insert after the owner update dies: the connection drops (an insert is never retried).
        h.double.faults.push({ method: 'POST', path: '/composite/sobjects', fault: { kind: 'drop' } });
        const crashed = await applyOnDouble('plan-crash', 'runs-crash', '2026-10-02');
        expect(crashed.code).toBe(1);
        expect(crashed.stderr).toContain('fetch failed');
        expect(existsSync(join(work, 'runs-crash', saved.runId, 'rollback.csv'))).toBe(true);
        const resumed = await applyOnDouble('plan-crash', 'runs-crash', '2026-10-02', '--resume', '--json');
        expect(resumed.code).toBe(0);
        const after = await serverOwners();
        for (const m of saved.plan.moves) expect(after.get(m.accountId)).toBe(m.toId);
        // …and every change of the run is audited exactly once.
        const audit = await h.org.query(
            `SELECT Account__c FROM ABM_Assignment__c WHERE RunId__c = '${saved.runId}' AND Role__c != 'Secondary owner'`
        );
        expect(audit.map((a) => String(a.Account__c)).sort()).toEqual(saved.plan.moves.map((m) => m.accountId).sort());
    });
});
