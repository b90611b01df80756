/**
 * The write contract of `abm rebalance` on a copy of the sample snapshot (in-process): the undo file is verified before
 * --resume and rollback use it (an emptied one is refused, nothing changes), rollback refuses drift and another target,
 * and with --force restores the rest, leaving the hand-changed account alone.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { runCommand } from '../load/helpers';
import { reactivateUsers } from './users';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const owners = (dir: string) =>
    new Map(
        (parse(readFileSync(join(dir, 'Account.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map((r) => [
            r.Id!,
            r.OwnerId!
        ])
    );

const work = mkdtempSync(join(tmpdir(), 'abm-rb-undo-'));
const snap = join(work, 'org');
const runs = join(work, 'runs');
cpSync(join(ROOT, 'data/sample-org'), snap, { recursive: true });
const before = owners(snap);
let runId = '';
let moves: { accountId: string; fromId: string | null; toId: string }[] = [];
const planFile = join(work, 'plan', 'plan.json');
const apply = (...flags: string[]) =>
    runCommand(rebalance, ['apply', '--plan', planFile, '--snapshot', snap, '--runs-dir', runs, ...flags]);
const rollback = (dir = snap, ...flags: string[]) =>
    runCommand(rebalance, ['rollback', '--run', runId, '--snapshot', dir, '--runs-dir', runs, ...flags]);

beforeAll(async () => {
    const planned = await runCommand(rebalance, ['plan', '--snapshot', snap, '--out', join(work, 'plan')]);
    expect(planned.status).toBe(0);
    const saved = JSON.parse(readFileSync(planFile, 'utf8')) as { runId: string; plan: { moves: typeof moves } };
    runId = saved.runId;
    moves = saved.plan.moves;
    const applied = await apply();
    expect(applied.status).toBe(0);
    // The departed users get their accounts back in these rollbacks: active again first (the refusal: e2e.test.ts).
    expect(await reactivateUsers(await SnapshotOrg.open(snap))).not.toHaveLength(0);
});

it('an emptied undo file: --resume and rollback refuse with one line and change nothing', async () => {
    const file = join(runs, runId, 'rollback.csv');
    const saved = readFileSync(file);
    const after = owners(snap);
    writeFileSync(file, '');
    const resumed = await apply('--resume');
    expect(resumed.status).toBe(1);
    expect(resumed.error!.message).toMatch(/The undo file .*rollback\.csv is not the one the run wrote \(0 bytes.*nothing is changed\./);
    const rolled = await rollback();
    expect(rolled.status).toBe(1);
    expect(rolled.error!.message).toMatch(/is not the one the run wrote/);
    expect(owners(snap)).toEqual(after);
    writeFileSync(file, saved);
});

it('rollback refuses another snapshot (a copy of this one) and changes nothing there', async () => {
    const copy = join(work, 'copy');
    cpSync(snap, copy, { recursive: true });
    const copyBefore = owners(copy);
    const r = await rollback(copy);
    expect(r.status).toBe(1);
    expect(r.error!.message).toMatch(/^Run .* was made for the snapshot .*\/org, not the snapshot .*\/copy\. Nothing was changed\.$/);
    expect(owners(copy)).toEqual(copyBefore);
});

it('rollback refuses when an account was changed by hand since the run; --force restores the rest and leaves it', async () => {
    const victim = moves.find((m) => m.fromId && m.fromId !== m.toId)!;
    const hand = moves.find((m) => m.toId !== victim.toId && m.toId !== victim.fromId)!.toId;
    const org = await SnapshotOrg.open(snap);
    await org.update('Account', [{ Id: victim.accountId, OwnerId: hand }]);
    const afterHand = owners(snap);
    const refused = await rollback();
    expect(refused.status).toBe(1);
    expect(refused.error!.message).toMatch(/^1 accounts changed since run .*Nothing was changed\.$/);
    expect(owners(snap)).toEqual(afterHand);
    const forced = await rollback(snap, '--force');
    expect(forced.status).toBe(0);
    expect(forced.result).toMatchObject({ restored: moves.length - 1, drift: 1 });
    const now = owners(snap);
    for (const [id, owner] of before) expect(now.get(id)).toBe(id === victim.accountId ? hand : owner);
    // The audit trail: one row per change of the run, one per restore, and nothing for the hand-changed account's restore.
    const audit = parse(readFileSync(join(snap, 'ABM_Assignment__c.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(audit.filter((a) => a.RunId__c === runId && a.Role__c !== 'Secondary owner')).toHaveLength(moves.length);
    const restores = audit.filter((a) => a.RunId__c === `${runId}-rollback` && a.Role__c !== 'Secondary owner');
    expect(restores).toHaveLength(moves.length - 1);
    expect(restores.some((a) => a.Account__c === victim.accountId)).toBe(false);
    // A second rollback has nothing left to do, and says so without error.
    const again = await rollback(snap, '--force');
    expect(again.result).toMatchObject({ restored: 0 });
});

it('a rolled-back run cannot be resumed', async () => {
    const r = await apply('--resume');
    expect(r.status).toBe(1);
    expect(r.error!.message).toMatch(/was rolled back.*plan again/);
});
