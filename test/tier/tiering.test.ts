/** Re-tiering rules (scripts/core/tiering.ts) and `abm tier` / `abm quarter` on a copy of the sample org. */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import * as quarter from '../../scripts/cli/commands/quarter';
import * as tier from '../../scripts/cli/commands/tier';
import { compositeScore, DEFAULT_TIERING_POLICY, planTiers, type TierAccount, type TieringPolicy } from '../../scripts/core/tiering';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { runCommand } from '../load/helpers';

const ASOF = '2026-10-01';
const acc = (id: number, score: number, over: Partial<TierAccount> = {}): TierAccount => ({
    id: `a${String(id).padStart(4, '0')}`,
    name: `A${id}`,
    tier: '3',
    fit: score,
    intent: score,
    engagement: score,
    isLocked: false,
    lastActivity: '2026-09-20',
    ...over
});
const policy = (over: Partial<TieringPolicy> = {}): TieringPolicy => ({
    ...DEFAULT_TIERING_POLICY,
    tier1Size: 2,
    tier2Size: 3,
    margin: 5,
    ...over
});
const tiersOf = (plan: ReturnType<typeof planTiers>) => Object.fromEntries(plan.decisions.map((d) => [d.name, d.to]));

it('scores with normalised weights, treating a missing score as 0', () => {
    expect(compositeScore({ fit: 80, intent: 60, engagement: 40 }, { fit: 0.4, intent: 0.3, engagement: 0.3 })).toBe(62);
    expect(compositeScore({ fit: 80, intent: 60, engagement: 40 }, { fit: 2, intent: 1, engagement: 1 })).toBe(65);
    expect(compositeScore({ fit: 80, intent: null, engagement: null }, { fit: 1, intent: 1, engagement: 1 })).toBe(26.7);
});

it('Tier 1 = top N, Tier 2 = next M, Tier 3 = the rest; Not ABM untouched', () => {
    const accounts = [90, 80, 70, 60, 50, 40, 30].map((s, i) => acc(i, s));
    accounts.push(acc(9, 99, { tier: 'Not ABM' }));
    const plan = planTiers(accounts, policy(), ASOF);
    expect(tiersOf(plan)).toEqual({ A0: '1', A1: '1', A2: '2', A3: '2', A4: '2', A5: '3', A6: '3' });
    expect(plan.counts.after).toEqual({ '1': 2, '2': 3, '3': 2, 'Not ABM': 1 });
    expect(plan.cutoffs).toEqual({ tier1: 80, tier2: 50 });
});

it('hysteresis: an incumbent stays unless a challenger beats it by more than the margin', () => {
    const near = [acc(1, 90, { tier: '1' }), acc(2, 70, { tier: '1' }), acc(3, 74, { tier: '2' })];
    const kept = planTiers(near, policy({ tier2Size: 5 }), ASOF);
    expect(tiersOf(kept)).toMatchObject({ A2: '1', A3: '2' });
    expect(kept.decisions.find((d) => d.name === 'A2')!.reason).toMatch(/kept in Tier 1 by the 5-point margin/);
    expect(kept.keptByMargin).toBe(1);
    const far = [acc(1, 90, { tier: '1' }), acc(2, 70, { tier: '1' }), acc(3, 76, { tier: '2' })];
    const moved = planTiers(far, policy({ tier2Size: 5 }), ASOF);
    expect(tiersOf(moved)).toMatchObject({ A2: '2', A3: '1' });
    expect(moved.decisions.find((d) => d.name === 'A2')!.reason).toMatch(/below the Tier 1 cut-off 76 by more than the 5-point margin/);
});

it('with no margin the plan is the plain ranking', () => {
    const accounts = [acc(1, 90, { tier: '1' }), acc(2, 70, { tier: '1' }), acc(3, 71, { tier: '2' })];
    expect(tiersOf(planTiers(accounts, policy({ margin: 0 }), ASOF))).toMatchObject({ A2: '2', A3: '1' });
});

it('locked accounts keep their tier and their seat', () => {
    const accounts = [acc(1, 10, { tier: '1', isLocked: true }), acc(2, 90), acc(3, 80), acc(4, 70)];
    const plan = planTiers(accounts, policy(), ASOF);
    expect(tiersOf(plan)).toMatchObject({ A1: '1', A2: '1', A3: '2' });
    expect(plan.counts.after['1']).toBe(2);
    expect(plan.locked).toBe(1);
});

it('dormant Tier 1 is proposed for Tier 2 whatever its score', () => {
    const accounts = [
        acc(1, 99, { tier: '1', lastActivity: '2026-08-02' }),
        acc(2, 50, { tier: '1', lastActivity: null }),
        acc(3, 40),
        acc(4, 30)
    ];
    const plan = planTiers(accounts, policy(), ASOF);
    expect(tiersOf(plan)).toMatchObject({ A1: '2', A2: '2', A3: '1', A4: '1' });
    expect(plan.dormantDemoted).toBe(2);
    expect(plan.decisions.find((d) => d.name === 'A1')!.reason).toMatch(/dormant Tier 1/);
    expect(tiersOf(planTiers(accounts, policy({ demoteDormant: false }), ASOF))).toMatchObject({ A1: '1' });
});

it('properties: sizes are respected, re-planning the result is stable, and margin 0 never keeps a lower score over a higher one', () => {
    fc.assert(
        fc.property(
            fc.array(
                fc.record({ s: fc.integer({ min: 0, max: 100 }), t: fc.constantFrom('1', '2', '3') as fc.Arbitrary<'1' | '2' | '3'> }),
                { minLength: 1, maxLength: 60 }
            ),
            fc.integer({ min: 0, max: 10 }),
            fc.integer({ min: 0, max: 20 }),
            (rows, n, m) => {
                const accounts = rows.map((r, i) => acc(i, r.s, { tier: r.t }));
                const p = policy({ tier1Size: n, tier2Size: m });
                const plan = planTiers(accounts, p, ASOF);
                expect(plan.counts.after['1']).toBe(Math.min(n, accounts.length));
                expect(plan.counts.after['2']).toBe(Math.min(m, Math.max(0, accounts.length - n)));
                const again = planTiers(
                    accounts.map((a) => ({ ...a, tier: tiersOf(plan)[a.name] as '1' | '2' | '3' })),
                    p,
                    ASOF
                );
                expect(again.moves).toEqual([]);
                const plain = planTiers(accounts, { ...p, margin: 0 }, ASOF);
                const t1 = plain.decisions.filter((d) => d.to === '1').map((d) => d.score);
                const rest = plain.decisions.filter((d) => d.to !== '1').map((d) => d.score);
                if (t1.length && rest.length) expect(Math.min(...t1)).toBeGreaterThanOrEqual(Math.max(...rest));
            }
        ),
        { numRuns: 200 }
    );
});

describe('abm tier and abm quarter on a copy of the sample org', () => {
    const work = mkdtempSync(join(tmpdir(), 'abm-tier-'));
    const snap = join(work, 'org');
    cpSync(join(__dirname, '../../data/sample-org'), snap, { recursive: true });
    const tiers = () =>
        new Map(
            (parse(readFileSync(join(snap, 'Account.csv')), { columns: true }) as Record<string, string>[]).map((r) => [
                r.Id!,
                [r.ABM_Tier__c, r.ABM_TierChangedDate__c]
            ])
        );

    it('plans without writing, applies the saved plan with a rollback file, and a re-plan is then a no-op', async () => {
        const before = tiers();
        const plan = await runCommand(tier, [
            '--snapshot',
            snap,
            '--out',
            join(work, 'plan'),
            '--tier1-size',
            '200',
            '--tier2-size',
            '400'
        ]);
        expect(plan.status).toBe(0);
        expect(tiers()).toEqual(before);
        const moves = parse(readFileSync(join(work, 'plan', 'moves.csv')), { columns: true }) as Record<string, string>[];
        expect(moves.length).toBe(plan.result!.moves);
        expect(moves.length).toBeGreaterThan(0);
        const applied = await runCommand(tier, ['--apply', '--plan', join(work, 'plan', 'plan.json'), '--snapshot', snap]);
        expect(applied.status).toBe(0);
        expect(applied.result).toMatchObject({ updated: moves.length, failed: 0, verifiedWrong: 0 });
        const after = tiers();
        for (const m of moves) expect(after.get(m.AccountId!)).toEqual([m.ToTier, '2026-10-01']);
        expect(parse(readFileSync(join(work, 'plan', 'rollback.csv')), { columns: true })).toHaveLength(moves.length);
        const replan = await runCommand(tier, [
            '--snapshot',
            snap,
            '--out',
            join(work, 'plan2'),
            '--tier1-size',
            '200',
            '--tier2-size',
            '400'
        ]);
        expect(replan.result!.moves).toBe(0);
    }, 60_000); // three runs over a copy of the sample org: a few seconds idle, more on a loaded 2-core machine (no speed assertion here)

    it('refuses to apply a plan whose accounts changed tier since (drift)', async () => {
        const fresh = join(work, 'drift');
        cpSync(join(__dirname, '../../data/sample-org'), fresh, { recursive: true });
        const plan = await runCommand(tier, [
            '--snapshot',
            fresh,
            '--out',
            join(work, 'dplan'),
            '--tier1-size',
            '200',
            '--tier2-size',
            '400'
        ]);
        expect(plan.status).toBe(0);
        // Someone re-tiers a planned account by hand after the plan: applying must refuse and change nothing.
        const moves = parse(readFileSync(join(work, 'dplan', 'moves.csv')), { columns: true }) as Record<string, string>[];
        const victim = moves.find((m) => m.FromTier !== '3' && m.ToTier !== '3')!;
        const org = await SnapshotOrg.open(fresh);
        await org.update('Account', [{ Id: victim.AccountId!, ABM_Tier__c: '3' }]);
        const tiersOfFresh = () => readFileSync(join(fresh, 'Account.csv'), 'utf8');
        const before = tiersOfFresh();
        const r = await runCommand(tier, ['--apply', '--plan', join(work, 'dplan', 'plan.json'), '--snapshot', fresh]);
        expect(r.status).toBe(1);
        expect(r.error!.message).toMatch(/1 accounts changed tier since the plan .* Nothing was changed/);
        expect(tiersOfFresh()).toBe(before);
    });

    it('quarter: re-tiers then plans the rebalance on the new tiers, writing nothing; infeasible sizes exit 1', async () => {
        const fresh = join(work, 'q');
        cpSync(join(__dirname, '../../data/sample-org'), fresh, { recursive: true });
        const ok = await runCommand(quarter, [
            '--snapshot',
            fresh,
            '--out',
            join(work, 'qout'),
            '--tier1-size',
            '200',
            '--tier2-size',
            '400'
        ]);
        expect(ok.status).toBe(0);
        const result = ok.result as {
            tiering: { counts: { after: Record<string, number> } };
            rebalance: { ok: boolean; metrics: { tier: string; accounts: number; capacityViolations: number }[] };
        };
        expect(result.rebalance.ok).toBe(true);
        expect(result.rebalance.metrics.find((m) => m.tier === '1')).toMatchObject({
            accounts: result.tiering.counts.after['1'],
            capacityViolations: 0
        });
        const bad = await runCommand(quarter, ['--snapshot', fresh, '--out', join(work, 'qout2')]);
        expect(bad.status).toBe(1);
        expect(bad.error!.message).toMatch(/no feasible rebalance: Tier 1 minimums short by 110/);
    });
});
