/**
 * Rebalance solver benchmark: solve time, peak memory and objective on generated books (seeded), and the ratio of a
 * greedy baseline's objective to the exact one. `npm run bench -- rebalance`.
 */
import { planRebalance, DEFAULT_POLICY, type RebalanceAccount, type RebalanceSeller } from '../../scripts/core/rebalance/plan';

const INDUSTRIES = ['Technology', 'Finance', 'Healthcare', 'Manufacturing', 'Retail', 'Energy', 'Telecommunications', 'Insurance'];
const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'];

function book(accounts: number, aes: number, seed: number) {
    let s = seed >>> 0;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const perAe = Math.ceil(accounts / aes);
    const sellers: RebalanceSeller[] = Array.from({ length: aes }, (_, i) => ({
        userId: `u${String(i).padStart(5, '0')}`,
        name: `AE ${i}`,
        role: 'AE',
        industries: [pick(INDUSTRIES), pick(INDUSTRIES)],
        regions: [REGIONS[i % 4]!],
        tier1Min: Math.max(0, perAe - 3),
        tier1Max: perAe + 3,
        tier2Min: 0,
        tier2Max: 0,
        isActive: i % 37 !== 5,
        isAccepting: true
    }));
    const list: RebalanceAccount[] = Array.from({ length: accounts }, (_, i) => ({
        id: `a${String(i).padStart(7, '0')}`,
        name: `Account ${i}`,
        tier: '1',
        ownerId: sellers[Math.floor(rand() * aes)]!.userId,
        industry: pick(INDUSTRIES),
        region: pick(REGIONS),
        isLocked: rand() < 0.03,
        hasProtectedOpportunity: rand() < 0.05
    }));
    return { list, sellers };
}

/** Cost of an assignment under the model (same terms as the solver). */
function cost(list: RebalanceAccount[], sellers: RebalanceSeller[], owners: Record<string, string | null>): number {
    const byId = new Map(sellers.map((s) => [s.userId, s]));
    let total = 0;
    const load = new Map<string, number>();
    for (const a of list) {
        const s = byId.get(owners[a.id] ?? '')!;
        const orphan = !a.ownerId || !byId.get(a.ownerId)?.isActive;
        total +=
            (s.industries.includes(a.industry!) ? 0 : 100) +
            (s.regions.includes(a.region!) ? 0 : 60) +
            (orphan || s.userId === a.ownerId ? 0 : 40);
        load.set(s.userId, (load.get(s.userId) ?? 0) + 1);
    }
    for (const s of sellers) for (let k = 1; k <= (load.get(s.userId) ?? 0) - s.tier1Min; k++) total += 3 * k;
    return total;
}

/** Greedy baseline: accounts in order, each to its cheapest seller with room (minimums ignored until the end). */
function greedy(list: RebalanceAccount[], sellers: RebalanceSeller[]): Record<string, string | null> {
    const active = sellers.filter((s) => s.isActive);
    const load = new Map(active.map((s) => [s.userId, 0]));
    const owners: Record<string, string | null> = {};
    for (const a of list) {
        let best: RebalanceSeller | undefined;
        let bestCost = Infinity;
        for (const s of active) {
            if (load.get(s.userId)! >= s.tier1Max) continue;
            const c =
                (s.industries.includes(a.industry!) ? 0 : 100) +
                (s.regions.includes(a.region!) ? 0 : 60) +
                (s.userId === a.ownerId ? 0 : 40);
            if (c < bestCost) [best, bestCost] = [s, c];
        }
        owners[a.id] = best!.userId;
        load.set(best!.userId, load.get(best!.userId)! + 1);
    }
    return owners;
}

export async function run(): Promise<void> {
    const rows: string[] = ['accounts/AEs | solve | peak RSS | objective | greedy / exact | moved | capacity violations'];
    for (const [n, m] of [
        [200, 15],
        [2_000, 60],
        [5_000, 100]
    ] as const) {
        const { list, sellers } = book(n, m, n + m);
        const started = performance.now();
        const plan = planRebalance(list, sellers, { ...DEFAULT_POLICY, churnBudget: 1, includeTier2: false });
        const seconds = (performance.now() - started) / 1000;
        const exact = cost(list, sellers, plan.owners);
        const g = cost(list, sellers, greedy(list, sellers));
        const metrics = plan.metrics[0]!;
        rows.push(
            `${n}/${m} | ${seconds.toFixed(2)} s | ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB | ${exact} | ${(g / exact).toFixed(3)} | ${metrics.moved} | ${metrics.capacityViolations}`
        );
    }
    process.stdout.write(`${rows.join('\n')}\n`);
    process.stdout.write('Not run: 50k/400 and 200k/2,000: the dense successive-shortest-path solver does not scale there (see README).\n');
}

if (require.main === module) void run();
