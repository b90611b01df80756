/**
 * Plans that don't churn: plan → apply → plan again with the same data and policy proposes nothing (owners and
 * secondary owners), because among the optimal plans the solver takes one with the fewest moves (assign.ts: the
 * lexicographic second stage). Property tests over random books with potential bands, Tier 2, specialists, locks,
 * protected deals and departed sellers; and the churn budget counted per quarter across runs.
 */
import fc from 'fast-check';
import {
    DEFAULT_POLICY,
    planRebalance,
    type RebalanceAccount,
    type RebalancePlan,
    type RebalancePolicy,
    type RebalanceSeller
} from '../../scripts/core/rebalance/plan';
import { account, seller } from './instances';

const INDUSTRIES = ['Finance', 'Healthcare', 'Retail', 'Technology'];
const REGIONS = ['EMEA', 'APAC', 'NA'];

const book = fc
    .record({
        aes: fc.array(
            fc.record({
                ind: fc.subarray(INDUSTRIES, { minLength: 1, maxLength: 2 }),
                reg: fc.constantFrom(...REGIONS),
                departed: fc.boolean()
            }),
            {
                minLength: 3,
                maxLength: 6
            }
        ),
        specialists: fc.array(fc.constantFrom(...INDUSTRIES), { minLength: 0, maxLength: 3 }),
        accounts: fc.array(
            fc.record({
                tier: fc.constantFrom('1', '1', '1', '2'),
                ind: fc.constantFrom(...INDUSTRIES),
                reg: fc.constantFrom(...REGIONS),
                owner: fc.integer({ min: -1, max: 5 }),
                potential: fc.integer({ min: 0, max: 100 }),
                locked: fc.integer({ min: 0, max: 12 }),
                secondary: fc.integer({ min: -1, max: 2 })
            }),
            { minLength: 8, maxLength: 60 }
        )
    })
    .map(({ aes, specialists, accounts }) => {
        const n1 = accounts.filter((a) => a.tier === '1').length;
        const n2 = accounts.length - n1;
        const per = Math.ceil(n1 / aes.length);
        const sellers: RebalanceSeller[] = aes.map((s, i) =>
            seller(`ae${i}`, {
                industries: s.ind,
                regions: [s.reg],
                tier1Min: Math.max(0, per - 3),
                tier1Max: per + 3,
                tier2Min: 0,
                tier2Max: Math.ceil(n2 / aes.length) + 2,
                isActive: !(s.departed && i > 0)
            })
        );
        specialists.forEach((ind, i) =>
            sellers.push(
                seller(`sp${i}`, { role: 'Specialist', industries: [ind], regions: REGIONS, tier1Max: 0, secondaryMin: 0, secondaryMax: 6 })
            )
        );
        const book: RebalanceAccount[] = accounts.map((a, i) =>
            account(`a${String(i).padStart(3, '0')}`, a.owner >= 0 && a.owner < aes.length ? `ae${a.owner}` : null, {
                tier: a.tier as '1' | '2',
                industry: a.ind,
                region: a.reg,
                potential: a.potential,
                isLocked: a.locked === 0,
                hasProtectedOpportunity: a.locked === 1,
                secondaryOwnerId: a.secondary >= 0 && a.secondary < specialists.length ? `sp${a.secondary}` : null
            })
        );
        return { sellers, accounts: book };
    });

const policy = (extra: Partial<RebalancePolicy> = {}): RebalancePolicy => ({ ...DEFAULT_POLICY, churnBudget: 1, ...extra });

/** The book after applying a plan: every planned owner and secondary owner set. */
function applied(accounts: RebalanceAccount[], plan: RebalancePlan): RebalanceAccount[] {
    const owners = new Map(plan.moves.map((m) => [m.accountId, m.toId]));
    const secondary = new Map(plan.secondaryChanges.map((c) => [c.accountId, c.toId]));
    return accounts.map((a) => ({
        ...a,
        ownerId: owners.has(a.id) ? owners.get(a.id)! : a.ownerId,
        secondaryOwnerId: secondary.has(a.id) ? secondary.get(a.id)! : a.secondaryOwnerId
    }));
}

it('plan ∘ apply ∘ plan is empty: the re-plan of an applied plan moves no owner and no secondary owner', () => {
    fc.assert(
        fc.property(book, ({ accounts, sellers }) => {
            const first = planRebalance(accounts, sellers, policy());
            if (!first.ok) return true;
            const again = planRebalance(applied(accounts, first), sellers, policy());
            return again.ok && again.moves.length === 0 && again.secondaryChanges.length === 0;
        }),
        { numRuns: 300, seed: 20261001 }
    );
});

it('with a churn budget, the quarter is counted across runs: the runs together never move more than the budget', () => {
    fc.assert(
        fc.property(book, fc.constantFrom(0.1, 0.25, 0.4), ({ accounts, sellers }, budget) => {
            const first = planRebalance(accounts, sellers, policy({ churnBudget: budget }));
            if (!first.ok) return true;
            const used = Object.fromEntries(first.metrics.map((m) => [m.tier, m.churnBudget.planned]));
            const again = planRebalance(applied(accounts, first), sellers, policy({ churnBudget: budget, churnUsed: used }));
            if (!again.ok) return true;
            return again.metrics.every((m) => {
                const before = first.metrics.find((x) => x.tier === m.tier)!;
                return (
                    m.churnBudget.usedBefore === before.churnBudget.planned &&
                    before.churnBudget.planned + m.churnBudget.planned <= Math.floor(budget * m.accounts)
                );
            });
        }),
        { numRuns: 150, seed: 7 }
    );
});
