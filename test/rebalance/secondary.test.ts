/** The optional secondary owner (specialist): a second exact flow after the owners, never the owner, windows kept. */
import fc from 'fast-check';
import {
    DEFAULT_POLICY,
    planRebalance,
    type RebalanceAccount,
    type RebalancePolicy,
    type RebalanceSeller
} from '../../scripts/core/rebalance/plan';
import { account, seller } from './instances';

const specialist = (userId: string, extra: Partial<RebalanceSeller> = {}): RebalanceSeller =>
    seller(userId, {
        role: 'Specialist',
        industries: ['Finance'],
        regions: ['EMEA'],
        tier1Min: 0,
        tier1Max: 0,
        secondaryMin: 0,
        secondaryMax: 5,
        ...extra
    });
const policy = (extra: Partial<RebalancePolicy> = {}): RebalancePolicy => ({
    ...DEFAULT_POLICY,
    includeTier2: false,
    potentialCost: 0,
    churnBudget: 1,
    ...extra
});
const secondaryAfter = (plan: ReturnType<typeof planRebalance>, accounts: RebalanceAccount[]) =>
    Object.fromEntries(
        accounts.map((a) => {
            const change = plan.secondaryChanges.find((c) => c.accountId === a.id);
            return [a.id, change ? change.toId : (a.secondaryOwnerId ?? null)];
        })
    );

describe('secondary owner: who gets which account', () => {
    it('the specialist with the industry gets it; an account whose industry no specialist has gets none', () => {
        const sellers = [seller('ae1', { industries: ['Finance', 'Retail'] }), specialist('sp1', { industries: ['Finance'] })];
        const accounts = [account('a1', 'ae1'), account('a2', 'ae1', { industry: 'Retail' })];
        const plan = planRebalance(accounts, sellers, policy());
        expect(plan.ok).toBe(true);
        expect(secondaryAfter(plan, accounts)).toEqual({ a1: 'sp1', a2: null });
        expect(plan.secondaryChanges).toEqual([
            expect.objectContaining({
                accountId: 'a1',
                fromId: null,
                toId: 'sp1',
                reasons: ['adds a specialist', 'industry expertise (Finance)', 'region (EMEA)']
            })
        ]);
        expect(plan.secondaryMetrics[0]).toMatchObject({
            tier: '1',
            coverageBefore: 0,
            coverageAfter: 50,
            industryMatchAfter: 100,
            sameAsOwner: 0
        });
    });

    it('is never the account owner, even when that person is the best specialist', () => {
        // sp1 owns a1 (a locked account keeps its owner) and is the only Finance specialist: a1 gets the other specialist.
        const sellers = [
            seller('ae1', { industries: ['Finance'], regions: ['EMEA'] }),
            specialist('sp1', { role: 'AE', tier1Min: 0, tier1Max: 5 }),
            specialist('sp2', { industries: ['Retail'], regions: ['EMEA'] })
        ];
        const accounts = [account('a1', 'sp1', { isLocked: true }), account('a2', 'ae1')];
        const plan = planRebalance(accounts, sellers, policy({ secondaryRoles: ['Specialist', 'AE'], industryMismatchCost: 30 }));
        expect(plan.ok).toBe(true);
        const after = secondaryAfter(plan, accounts);
        expect(after.a1).not.toBe('sp1');
        expect(after.a2).toBe('sp1');
        expect(plan.secondaryMetrics[0]!.sameAsOwner).toBe(0);
    });

    it('a secondary owner who becomes the owner is replaced', () => {
        // a1 is orphaned (its owner departed) and goes to sp1, its secondary owner, the only AE: its secondary must change.
        const sellers = [
            specialist('sp1', { role: 'AE', tier1Min: 0, tier1Max: 5 }),
            specialist('sp2'),
            seller('gone', { isActive: false })
        ];
        const accounts = [account('a1', 'gone', { secondaryOwnerId: 'sp1' })];
        const plan = planRebalance(accounts, sellers, policy({ secondaryRoles: ['Specialist', 'AE'] }));
        expect(plan.owners.a1).toBe('sp1');
        expect(plan.secondaryChanges).toEqual([
            expect.objectContaining({
                fromId: 'sp1',
                toId: 'sp2',
                reasons: expect.arrayContaining(['the secondary owner is now the account owner'])
            })
        ]);
        expect(plan.secondaryMetrics[0]).toMatchObject({ forcedChanges: 1, sameAsOwner: 0 });
    });

    it('keeps the current secondary owner unless a change buys more than its cost', () => {
        // sp2 matches region too (saves 60 > move cost 40): change; sp3 vs sp4 differ by nothing: keep.
        const sellers = [
            seller('ae1'),
            specialist('sp1', { regions: ['APAC'] }),
            specialist('sp2'),
            specialist('sp3', { industries: ['Retail'] }),
            specialist('sp4', { industries: ['Retail'] })
        ];
        const accounts = [
            account('a1', 'ae1', { secondaryOwnerId: 'sp1' }),
            account('a2', 'ae1', { industry: 'Retail', secondaryOwnerId: 'sp4' })
        ];
        const plan = planRebalance(accounts, sellers, policy());
        expect(secondaryAfter(plan, accounts)).toEqual({ a1: 'sp2', a2: 'sp4' });
        expect(plan.secondaryChanges.map((c) => c.reasons)).toEqual([['region (EMEA)']]);
    });

    it('a departed secondary owner is replaced or cleared; a hand-set non-specialist is left alone; a locked account keeps its specialist', () => {
        const sellers = [
            seller('ae1', { tier1Max: 10 }),
            seller('ae2', { industries: ['Retail'] }),
            specialist('sp1', { regions: ['APAC'] }),
            specialist('sp2'),
            specialist('gone', { isActive: false })
        ];
        const accounts = [
            account('a1', 'ae1', { secondaryOwnerId: 'gone' }),
            account('a2', 'ae1', { industry: 'Retail', secondaryOwnerId: 'gone' }),
            account('a3', 'ae1', { secondaryOwnerId: 'ae2' }),
            account('a4', 'ae1', { secondaryOwnerId: 'sp1', isLocked: true })
        ];
        const plan = planRebalance(accounts, sellers, policy());
        expect(secondaryAfter(plan, accounts)).toEqual({ a1: 'sp2', a2: null, a3: 'ae2', a4: 'sp1' });
        expect(plan.secondaryChanges.find((c) => c.accountId === 'a2')!.reasons).toEqual([
            'secondary owner departed',
            'no specialist with room covers Retail'
        ]);
        expect(plan.secondaryMetrics[0]).toMatchObject({ leftAlone: 1, forcedChanges: 2 });
    });

    it('keeps every window: at most max, at least min (a minimum may take a mismatched account)', () => {
        const sellers = [
            seller('ae1', { tier1Max: 10 }),
            specialist('sp1', { secondaryMax: 2 }),
            specialist('sp2', { industries: ['Retail'], secondaryMin: 1 })
        ];
        const accounts = ['a1', 'a2', 'a3'].map((id) => account(id, 'ae1'));
        const plan = planRebalance(accounts, sellers, policy());
        const after = Object.values(secondaryAfter(plan, accounts));
        expect(after.filter((s) => s === 'sp1')).toHaveLength(2);
        expect(after.filter((s) => s === 'sp2')).toHaveLength(1);
        expect(plan.secondaryMetrics[0]!.capacityViolations).toBe(0);
    });

    it('a departures-only run changes only departed secondary owners', () => {
        const sellers = [
            seller('ae1', { tier1Max: 10 }),
            specialist('sp1'),
            specialist('sp2', { regions: ['APAC'] }),
            specialist('gone', { isActive: false })
        ];
        const accounts = [
            account('a1', 'ae1', { secondaryOwnerId: 'sp2' }),
            account('a2', 'ae1'),
            account('a3', 'ae1', { secondaryOwnerId: 'gone' })
        ];
        const plan = planRebalance(accounts, sellers, policy({ departuresOnly: true }));
        expect(plan.secondaryChanges.map((c) => [c.accountId, c.toId])).toEqual([['a3', 'sp1']]);
    });

    it('is off for tiers not in secondaryTiers', () => {
        const plan = planRebalance([account('a1', 'ae1')], [seller('ae1'), specialist('sp1')], policy({ secondaryTiers: [] }));
        expect(plan.secondaryChanges).toEqual([]);
        expect(plan.secondaryMetrics).toEqual([]);
    });
});

describe('secondary owner: infeasible windows say which and by how much, and change nothing', () => {
    it('more locked accounts on a specialist than the maximum', () => {
        const sellers = [seller('ae1'), specialist('sp1', { secondaryMax: 1 })];
        const accounts = ['a1', 'a2', 'a3'].map((id) => account(id, 'ae1', { secondaryOwnerId: 'sp1', isLocked: true }));
        const plan = planRebalance(accounts, sellers, policy());
        expect(plan.ok).toBe(false);
        expect(plan.moves).toEqual([]);
        expect(plan.secondaryChanges).toEqual([]);
        expect(plan.infeasible).toEqual([expect.objectContaining({ constraint: 'sp1 Tier 1 secondary maximum', shortBy: 2 })]);
    });

    it('minimums that need more accounts than can take a secondary owner', () => {
        const sellers = [seller('ae1'), specialist('sp1', { secondaryMin: 3 }), specialist('sp2', { secondaryMin: 2 })];
        const plan = planRebalance([account('a1', 'ae1'), account('a2', 'ae1')], sellers, policy());
        expect(plan.infeasible).toEqual([expect.objectContaining({ constraint: 'Tier 1 secondary minimums', shortBy: 3 })]);
    });

    it('a minimum only the owner could fill', () => {
        // sp1 is both the only place for the minimum and the owner of the only account.
        const sellers = [specialist('sp1', { role: 'AE', tier1Min: 0, tier1Max: 5, secondaryMin: 1 })];
        const plan = planRebalance([account('a1', 'sp1')], sellers, policy({ secondaryRoles: ['AE'] }));
        expect(plan.infeasible).toEqual([expect.objectContaining({ constraint: 'Tier 1 secondary minimums' })]);
    });
});

// ---- Exactness (brute force) and invariants ------------------------------------------------------------------------
const INDUSTRIES = ['Finance', 'Retail'];
const REGIONS = ['EMEA', 'APAC'];
const instance = fc
    .record({
        specialists: fc.array(
            fc.record({
                ind: fc.constantFrom(...INDUSTRIES),
                reg: fc.constantFrom(...REGIONS),
                min: fc.integer({ min: 0, max: 1 }),
                extra: fc.integer({ min: 0, max: 3 }),
                active: fc.boolean(),
                alsoAe: fc.boolean()
            }),
            { minLength: 1, maxLength: 3 }
        ),
        accounts: fc.array(
            fc.record({
                ind: fc.constantFrom(...INDUSTRIES),
                reg: fc.constantFrom(...REGIONS),
                owner: fc.integer({ min: 0, max: 3 }),
                secondary: fc.integer({ min: -1, max: 2 }),
                locked: fc.boolean()
            }),
            { minLength: 1, maxLength: 6 }
        )
    })
    .map(({ specialists, accounts }) => {
        // Owners: ae0 plus the specialists that are also AEs (the owner plan comes first; the secondary is optimal given it).
        const sellers = [
            seller('ae0', { tier1Max: 10 }),
            ...specialists.map((s, i) =>
                specialist(`sp${i}`, {
                    role: s.alsoAe ? 'AE' : 'Specialist',
                    tier1Min: 0,
                    tier1Max: s.alsoAe ? 10 : 0,
                    industries: [s.ind],
                    regions: [s.reg],
                    secondaryMin: s.min,
                    secondaryMax: s.min + s.extra,
                    isActive: s.active || i === 0
                })
            )
        ];
        const aes = sellers.filter((s) => s.role === 'AE' && s.isActive);
        return {
            sellers,
            accounts: accounts.map((a, i) =>
                account(`a${i}`, aes[a.owner % aes.length]!.userId, {
                    industry: a.ind,
                    region: a.reg,
                    isLocked: a.locked,
                    secondaryOwnerId: a.secondary >= 0 && a.secondary < specialists.length ? `sp${a.secondary}` : null
                })
            )
        };
    });

const P = policy({ secondaryRoles: ['Specialist', 'AE'] });

/** The secondary model's cost of an assignment, computed independently of the solver; null if a hard rule breaks. */
function secondaryCost(
    accounts: RebalanceAccount[],
    sellers: RebalanceSeller[],
    owners: Record<string, string | null>,
    after: Record<string, string | null>,
    p: RebalancePolicy
) {
    const windows = sellers.filter((s) => p.secondaryRoles!.includes(s.role) && s.isActive && (s.secondaryMax ?? 0) > 0);
    const eligible = new Set(windows.map((s) => s.userId));
    let cost = 0;
    for (const a of accounts) {
        const owner = owners[a.id];
        const person = sellers.find((x) => x.userId === a.secondaryOwnerId);
        const leftAlone =
            !!a.secondaryOwnerId && a.secondaryOwnerId !== owner && !eligible.has(a.secondaryOwnerId) && person?.isActive !== false;
        if (leftAlone) {
            if ((after[a.id] ?? null) !== a.secondaryOwnerId) return null;
            continue;
        }
        const current = a.secondaryOwnerId && eligible.has(a.secondaryOwnerId) && a.secondaryOwnerId !== owner ? a.secondaryOwnerId : null;
        const to = after[a.id] ?? null;
        if (to !== null && (to === owner || !eligible.has(to))) return null;
        if (current && a.isLocked && to !== current) return null;
        const s = windows.find((w) => w.userId === to);
        cost += s
            ? (s.industries.includes(a.industry!) ? 0 : p.industryMismatchCost) + (s.regions.includes(a.region!) ? 0 : p.regionMismatchCost)
            : p.industryMismatchCost - 1;
        if (current && to !== current) cost += p.moveCost;
    }
    for (const s of windows) {
        const n = accounts.filter((a) => after[a.id] === s.userId).length;
        if (n < (s.secondaryMin ?? 0) || n > s.secondaryMax!) return null;
        for (let k = 1; k <= n - (s.secondaryMin ?? 0); k++) cost += p.workloadCost * k;
    }
    return cost;
}

function bruteForce(
    accounts: RebalanceAccount[],
    sellers: RebalanceSeller[],
    owners: Record<string, string | null>,
    p: RebalancePolicy
): number | null {
    const options = [
        null,
        ...sellers.filter((s) => p.secondaryRoles!.includes(s.role) && s.isActive && (s.secondaryMax ?? 0) > 0).map((s) => s.userId)
    ];
    let best: number | null = null;
    const after: Record<string, string | null> = {};
    const walk = (i: number) => {
        if (i === accounts.length) {
            const c = secondaryCost(accounts, sellers, owners, after, p);
            if (c !== null && (best === null || c < best)) best = c;
            return;
        }
        const own = accounts[i]!.secondaryOwnerId ?? null;
        for (const o of own && !options.includes(own) ? [...options, own] : options) {
            after[accounts[i]!.id] = o;
            walk(i + 1);
        }
    };
    walk(0);
    return best;
}

describe('secondary owner: exactness and invariants (property tests)', () => {
    it('equals the brute-force optimum of every small instance, and is infeasible exactly when no assignment keeps every rule', () => {
        fc.assert(
            fc.property(instance, ({ accounts, sellers }) => {
                const plan = planRebalance(accounts, sellers, P);
                const owners = plan.ok ? plan.owners : planRebalance(accounts, sellers, { ...P, secondaryTiers: [] }).owners;
                const best = bruteForce(accounts, sellers, owners, P);
                if (best === null) return !plan.ok;
                return plan.ok && secondaryCost(accounts, sellers, owners, secondaryAfter(plan, accounts), P) === best;
            }),
            { numRuns: 300, seed: 11 }
        );
    });

    it('never the owner, windows kept, no change listed that changes nothing, deterministic', () => {
        fc.assert(
            fc.property(instance, ({ accounts, sellers }) => {
                const plan = planRebalance(accounts, sellers, P);
                if (!plan.ok) return plan.secondaryChanges.length === 0;
                const again = planRebalance([...accounts].reverse(), [...sellers].reverse(), P);
                const after = secondaryAfter(plan, accounts);
                return (
                    accounts.every((a) => after[a.id] === null || after[a.id] !== plan.owners[a.id]) &&
                    plan.secondaryMetrics[0]!.capacityViolations === 0 &&
                    plan.secondaryChanges.every((c) => c.fromId !== c.toId) &&
                    JSON.stringify(after) === JSON.stringify(secondaryAfter(again, accounts))
                );
            }),
            { numRuns: 300, seed: 5 }
        );
    });
});
