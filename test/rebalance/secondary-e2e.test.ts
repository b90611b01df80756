/**
 * Secondary owners end to end on the local Salesforce API double: planned, applied together with the owners (one save per
 * account) through row-lock failures, audited as "Secondary owner", verified, refused on drift, and rolled back exactly.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDouble, type Harness } from '../sfdouble/harness';
import { abm, ROOT } from './cli';
import { reactivateUsers } from './users';

jest.setTimeout(120_000);

type Saved = {
    runId: string;
    plan: {
        moves: { accountId: string; toId: string }[];
        secondaryChanges: { accountId: string; fromId: string | null; toId: string | null }[];
    };
};

describe('secondary owners on the API double', () => {
    let h: Harness;
    const work = mkdtempSync(join(tmpdir(), 'abm-secondary-'));
    beforeAll(async () => {
        // Bulk API jobs complete at their first poll: the CLI polls every second (polling: test/sfdouble).
        h = await startDouble({
            snapshotDir: join(ROOT, 'data/sample-org'),
            cli: true,
            now: () => new Date('2026-10-01T09:00:00Z'),
            double: { bulkPolls: 0 }
        });
    });
    afterAll(async () => h?.stop());

    const state = async () =>
        new Map(
            (await h.org.query('SELECT Id, OwnerId, ABM_SecondaryOwner__c FROM Account')).map((r) => [
                String(r.Id),
                `${String(r.OwnerId)}|${String(r.ABM_SecondaryOwner__c ?? '')}`
            ])
        );
    const plan = async (dir: string) => {
        const result = await abm(['rebalance', 'plan', '--target-org', h.targetOrg!, '--out', join(work, dir), '--json'], h.cliEnv);
        expect({ code: result.code, err: result.code ? result.stdout + result.stderr : '' }).toEqual({ code: 0, err: '' });
        return JSON.parse(readFileSync(join(work, dir, 'plan.json'), 'utf8')) as Saved;
    };
    const apply = (dir: string, ...flags: string[]) =>
        abm(
            [
                'rebalance',
                'apply',
                '--plan',
                join(work, dir, 'plan.json'),
                '--target-org',
                h.targetOrg!,
                '--as-of',
                '2026-10-02',
                '--fiscal-start-month',
                '1',
                '--runs-dir',
                join(work, 'runs'),
                '--retry-delay-ms',
                '10',
                '--json',
                ...flags
            ],
            h.cliEnv
        );

    it('refuses when a secondary owner changed since the plan, changing nothing', async () => {
        const saved = await plan('plan-drift');
        const change = saved.plan.secondaryChanges.find((c) => c.fromId)!;
        // Someone sets another secondary owner by hand after the plan.
        const other = saved.plan.secondaryChanges.find((c) => c.toId && c.toId !== change.fromId && c.toId !== change.toId)!.toId!;
        await h.org.update('Account', [{ Id: change.accountId, ABM_SecondaryOwner__c: other }]);
        const before = await state();
        const result = await apply('plan-drift');
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('1 accounts changed secondary owner since the plan');
        expect(await state()).toEqual(before);
        await h.org.update('Account', [{ Id: change.accountId, ABM_SecondaryOwner__c: change.fromId }]);
    });

    it('applies owners and secondary owners through row locks, audits both, verifies, and rolls back exactly', async () => {
        const before = await state();
        const saved = await plan('plan');
        expect(saved.plan.secondaryChanges.length).toBeGreaterThan(20);
        const both = saved.plan.secondaryChanges.filter((c) => saved.plan.moves.some((m) => m.accountId === c.accountId));
        const onlySecondary = saved.plan.secondaryChanges.filter((c) => !both.includes(c));
        expect(both.length).toBeGreaterThan(0);
        h.double.rowFaults.push({
            statusCode: 'UNABLE_TO_LOCK_ROW',
            ids: [...both.slice(0, 3), ...onlySecondary.slice(0, 3)].map((c) => c.accountId),
            attempts: 1
        });
        const result = await apply('plan');
        expect({ code: result.code, err: result.code ? result.stdout + result.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(JSON.parse(result.stdout).result).toMatchObject({
            updated: saved.plan.moves.length,
            secondaryUpdated: saved.plan.secondaryChanges.length,
            secondaryFailed: 0,
            verifiedWrong: 0
        });
        const after = await state();
        for (const c of saved.plan.secondaryChanges) expect(after.get(c.accountId)!.split('|')[1]).toBe(c.toId ?? '');
        for (const m of saved.plan.moves) expect(after.get(m.accountId)!.split('|')[0]).toBe(m.toId);
        const touched = new Set([...saved.plan.moves, ...saved.plan.secondaryChanges].map((x) => x.accountId));
        for (const [id, value] of before) if (!touched.has(id)) expect(after.get(id)).toBe(value);
        const audit = await h.org.query(
            `SELECT Account__c, Role__c, PreviousOwner__c, NewOwner__c FROM ABM_Assignment__c WHERE RunId__c = '${saved.runId}'`
        );
        const secondaryAudit = audit.filter((a) => a.Role__c === 'Secondary owner');
        expect(secondaryAudit).toHaveLength(saved.plan.secondaryChanges.length);
        expect(audit).toHaveLength(saved.plan.moves.length + saved.plan.secondaryChanges.length);
        const cleared = saved.plan.secondaryChanges.find((c) => c.toId === null);
        if (cleared) expect(secondaryAudit.find((a) => a.Account__c === cleared.accountId)!.NewOwner__c ?? null).toBeNull();

        await reactivateUsers(h.org); // the departed AE gets their accounts back: active again first
        const rollback = await abm(
            ['rebalance', 'rollback', '--run', saved.runId, '--target-org', h.targetOrg!, '--runs-dir', join(work, 'runs'), '--json'],
            h.cliEnv
        );
        expect({ code: rollback.code, err: rollback.code ? rollback.stdout + rollback.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(JSON.parse(rollback.stdout).result.secondary).toMatchObject({ restored: saved.plan.secondaryChanges.length, failed: 0 });
        expect(await state()).toEqual(before);
    });
});
