/** Rules added with the network-simplex core: workload bands, the churn budget's infeasibility, the optimality certificate. */
import { DEFAULT_POLICY, planRebalance, type RebalanceSeller } from '../../scripts/core/rebalance/plan';
import { account, seller as baseSeller } from './instances';

/** Here every seller knows Finance in EMEA and has room for ten tier-1 accounts unless a test says otherwise. */
const seller = (userId: string, extra: Partial<RebalanceSeller> = {}): RebalanceSeller =>
    baseSeller(userId, { industries: ['Finance'], regions: ['EMEA'], tier1Max: 10, ...extra });

describe('workload: high-potential accounts are spread', () => {
    it('two equally good sellers with four places each get two of the four highest-potential accounts each', () => {
        const sellers = [seller('s1', { tier1Min: 4, tier1Max: 4 }), seller('s2', { tier1Min: 4, tier1Max: 4 })];
        const accounts = Array.from({ length: 8 }, (_, i) => account(`a${i}`, null, { potential: i < 4 ? 90 - i : 10 + i }));
        const plan = planRebalance(accounts, sellers, { ...DEFAULT_POLICY, includeTier2: false, potentialTopShare: 0.5 });
        expect(plan.ok).toBe(true);
        const high = ['a0', 'a1', 'a2', 'a3'].map((id) => plan.owners[id]);
        expect(high.filter((o) => o === 's1')).toHaveLength(2);
        expect(high.filter((o) => o === 's2')).toHaveLength(2);
        const m = plan.metrics[0]!;
        expect(m.potentialAfter.max - m.potentialAfter.min).toBeLessThan(20);
        expect(m.certificate.negativeReducedCosts).toBe(0);
    });

    it('without a potential cost the same book may stack them (the band is what spreads them)', () => {
        const sellers = [seller('s1', { tier1Min: 4, tier1Max: 4 }), seller('s2', { tier1Min: 4, tier1Max: 4 })];
        // Everything owned by s1 except the low ones: keeping owners is cheapest when potential costs nothing.
        const accounts = Array.from({ length: 8 }, (_, i) => account(`a${i}`, i < 4 ? 's1' : 's2', { potential: i < 4 ? 90 : 10 }));
        const off = planRebalance(accounts, sellers, { ...DEFAULT_POLICY, includeTier2: false, potentialCost: 0, potentialTopShare: 0.5 });
        expect(off.moves).toHaveLength(0);
        const on = planRebalance(accounts, sellers, {
            ...DEFAULT_POLICY,
            includeTier2: false,
            churnBudget: 1,
            // Above the share of 2, the 3rd high account costs 100 and the 4th 200; a swap costs two moves (80): both swaps pay.
            potentialCost: 100,
            potentialTopShare: 0.5
        });
        expect(on.moves.length).toBeGreaterThan(0);
        expect(['a0', 'a1', 'a2', 'a3'].filter((id) => on.owners[id] === 's2')).toHaveLength(2);
    });
});

describe('churn budget', () => {
    it('is infeasible, with the number, when the windows force more voluntary moves than the budget allows', () => {
        const sellers = [seller('s1', { tier1Max: 2 }), seller('s2', { tier1Max: 5 })];
        const accounts = Array.from({ length: 5 }, (_, i) => account(`a${i}`, 's1'));
        const plan = planRebalance(accounts, sellers, { ...DEFAULT_POLICY, includeTier2: false, churnBudget: 0 });
        expect(plan.ok).toBe(false);
        expect(plan.moves).toEqual([]);
        expect(plan.infeasible).toEqual([
            {
                constraint: 'Tier 1 churn budget',
                detail: 'the capacity windows force at least 3 voluntary moves, but the budget of 0% allows 0',
                shortBy: 3
            }
        ]);
    });

    it('minimums that need more accounts than are free to move are infeasible, by how many', () => {
        const sellers = [seller('s1'), seller('new', { tier1Min: 3 })];
        const accounts = [
            account('a1', 's1', { isLocked: true }),
            account('a2', 's1', { hasProtectedOpportunity: true }),
            account('a3', 's1')
        ];
        const plan = planRebalance(accounts, sellers, { ...DEFAULT_POLICY, includeTier2: false, churnBudget: 1 });
        expect(plan.ok).toBe(false);
        expect(plan.infeasible[0]).toMatchObject({ constraint: 'Tier 1 minimums', shortBy: 2 });
    });
});
