/**
 * Seeded synthetic books for the solver's property tests and the benchmark, shaped like the sample org: Zipf-distributed
 * industries, sellers with 1–3 industries and a home region, owners biased toward their own region, a few departed
 * owners (orphans), locked / protected accounts, capacity windows around the fair share with some reduced-capacity sellers.
 * Also the `seller` / `account` factories of the hand-written rule tests (plan.test.ts, rules.test.ts).
 */
import type { AssignInput } from '../../scripts/core/rebalance/assign';
import type { RebalanceAccount, RebalanceSeller } from '../../scripts/core/rebalance/plan';
import { rng } from '../rng';

/** A seller for hand-written rule tests: an accepting AE with no expertise and room for three tier-1 accounts; `extra` overrides. */
export const seller = (userId: string, extra: Partial<RebalanceSeller> = {}): RebalanceSeller => ({
    userId,
    name: userId,
    role: 'AE',
    industries: [],
    regions: [],
    tier1Min: 0,
    tier1Max: 3,
    tier2Min: 0,
    tier2Max: 0,
    isActive: true,
    isAccepting: true,
    ...extra
});

/** An unlocked tier-1 Finance / EMEA account named after its id; `extra` overrides. */
export const account = (id: string, ownerId: string | null, extra: Partial<RebalanceAccount> = {}): RebalanceAccount => ({
    id,
    name: id,
    tier: '1',
    ownerId,
    industry: 'Finance',
    region: 'EMEA',
    isLocked: false,
    hasProtectedOpportunity: false,
    ...extra
});

export { rng };

export const WEIGHTS = { industry: 100, region: 60, move: 40, load: 3, potential: 5 };

export type Book = AssignInput & {
    sellerIndustries: number[][];
    sellerRegion: number[];
    accountIndustry: number[];
    accountRegion: number[];
};

export function realisticBook(n: number, m: number, seed: number, k = n / m > 50 ? 6 : 8): Book {
    const rand = rng(seed);
    const INDUSTRIES = 12;
    const REGIONS = 6;
    const zipf = Array.from({ length: INDUSTRIES }, (_, i) => 1 / (i + 1));
    const zsum = zipf.reduce((a, b) => a + b, 0);
    const industry = () => {
        let r = rand() * zsum;
        for (let i = 0; i < INDUSTRIES; i++) if ((r -= zipf[i]!) <= 0) return i;
        return INDUSTRIES - 1;
    };
    const sellerIndustries = Array.from({ length: m }, () => {
        const set = new Set<number>();
        const count = 1 + Math.floor(rand() * 3);
        while (set.size < count) set.add(industry());
        return [...set];
    });
    const sellerRegion = Array.from({ length: m }, (_, j) => j % REGIONS);
    const share = n / m;
    const max = Array.from({ length: m }, () => Math.ceil(share * (rand() < 0.1 ? 0.9 : 1.2)));
    const min = max.map((x) => Math.floor(Math.min(x, share) * 0.8));
    const classes = INDUSTRIES * REGIONS;
    const classCost = new Int32Array(classes * m);
    for (let c = 0; c < classes; c++)
        for (let j = 0; j < m; j++)
            classCost[c * m + j] =
                (sellerIndustries[j]!.includes(Math.floor(c / REGIONS)) ? 0 : WEIGHTS.industry) +
                (sellerRegion[j] === c % REGIONS ? 0 : WEIGHTS.region);
    const departed = new Set<number>([1 % m]);
    for (let j = 0; j < m; j++) if (rand() < 0.05) departed.add(j);
    const accountIndustry: number[] = [];
    const accountRegion: number[] = [];
    const accountOwner: number[] = [];
    const accountPinned: number[] = [];
    const accountBand: number[] = [];
    for (let i = 0; i < n; i++) {
        const ind = industry();
        const reg = Math.floor(rand() * REGIONS);
        accountIndustry.push(ind);
        accountRegion.push(reg);
        let owner = -1;
        if (rand() < 0.9) {
            owner = Math.floor(rand() * m);
            if (rand() < 0.7) owner = owner - (owner % REGIONS) + reg < m ? owner - (owner % REGIONS) + reg : owner;
        }
        if (departed.has(owner)) owner = -1;
        accountOwner.push(owner);
        accountPinned.push(owner >= 0 && rand() < 0.08 ? 1 : 0);
        accountBand.push(rand() < 0.2 ? 1 : 0);
    }
    // Departed sellers are out of the window list: give them an empty window.
    for (const j of departed) {
        min[j] = 0;
        max[j] = 0;
    }
    const highCount = accountBand.filter((b) => b === 1).length;
    const totalMax = max.reduce((a, b) => a + b, 0);
    return {
        sellers: m,
        min,
        max,
        highTarget: max.map((x) => Math.ceil((highCount * x) / totalMax)),
        classes,
        classCost,
        accountClass: accountIndustry.map((ind, i) => ind * REGIONS + accountRegion[i]!),
        accountBand,
        accountOwner,
        accountPinned,
        moveCost: WEIGHTS.move,
        loadCost: WEIGHTS.load,
        potentialCost: WEIGHTS.potential,
        k,
        sellerIndustries,
        sellerRegion,
        accountIndustry,
        accountRegion
    };
}
