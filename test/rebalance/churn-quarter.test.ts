/**
 * The churn budget is per fiscal quarter, not per run: a plan counts the voluntary owner moves earlier runs made this
 * quarter (from the assignment audit trail) against the quarter's budget, and says so in its summary. Moves a rollback
 * undid, forced moves and moves of another quarter do not count.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import { Ux } from '../../scripts/cli/shared';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { crashSnapshot } from '../crash/book';

jest.setTimeout(300_000);

type Budget = { perQuarter: number; usedBefore: number; planned: number };
type Saved = { runId: string; plan: { moves: { forced?: boolean; tier: string }[] } };

const work = mkdtempSync(join(tmpdir(), 'abm-churn-quarter-'));
const snap = crashSnapshot(join(work, 'org'));
const runs = join(work, 'runs');
writeFileSync(join(work, 'policy.json'), JSON.stringify({ churnBudget: 0.25, includeTier2: false }));

let n = 0;
async function plan(asOf: string) {
    const lines: string[] = [];
    const ux = new Ux(false, { log: () => undefined, warn: () => undefined, out: (m) => lines.push(m) });
    const out = join(work, `plan-${++n}`);
    const result = await rebalance.executePlan(
        rebalance.parsePlanOptions(['--out', out, '--policy', join(work, 'policy.json'), '--as-of', asOf]),
        ux,
        { org: await SnapshotOrg.open(snap) }
    );
    const tier1 = result.metrics.find((m) => m.tier === '1')!;
    const saved = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as Saved;
    return { file: join(out, 'plan.json'), saved, budget: tier1.churnBudget as Budget, summary: lines.join('\n') };
}
const quiet = new Ux(true);
const apply = async (file: string) =>
    rebalance.executeApply(rebalance.parseApplyOptions(['--plan', file, '--snapshot', snap, '--runs-dir', runs]), quiet, {
        org: await SnapshotOrg.open(snap)
    });

it('a second run in the same quarter has only what the first left; a rollback gives it back; the next quarter starts afresh', async () => {
    const first = await plan('2026-10-02');
    // 28 Tier 1 accounts: 7 voluntary moves a quarter; the departed AE's accounts move too, but are forced.
    expect(first.budget).toMatchObject({ perQuarter: 7, usedBefore: 0 });
    const voluntary = first.saved.plan.moves.filter((m) => m.tier === '1' && !m.forced).length;
    expect(voluntary).toBe(first.budget.planned);
    expect(voluntary).toBeGreaterThan(0);
    expect(first.saved.plan.moves.some((m) => m.forced)).toBe(true);
    expect((await apply(first.file)).status).toBe(0);

    const second = await plan('2026-10-05');
    expect(second.budget).toEqual({ perQuarter: 7, usedBefore: voluntary, planned: 0 });
    expect(second.summary).toContain(
        `churn budget this quarter (from 2026-10-01): 7 voluntary moves · used by earlier runs ${voluntary} · this plan 0 · left ${7 - voluntary}`
    );
    // Next quarter: the October moves are history.
    expect((await plan('2027-01-04')).budget.usedBefore).toBe(0);

    const undone = await rebalance.executeRollback({ runId: first.saved.runId, runsDir: runs, force: false, snapshot: snap }, quiet, {
        org: await SnapshotOrg.open(snap)
    });
    expect(undone.status).toBe(0);
    expect((await plan('2026-10-06')).budget.usedBefore).toBe(0);
});
