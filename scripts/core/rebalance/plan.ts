/**
 * The quarterly territory rebalance: a pure function from (accounts, sellers, policy) to a plan. Each tier's book is an
 * exact min-cost flow (./assign.ts, solved by the network simplex in ./netsimplex.ts): accounts → sellers at the cost of
 * an industry mismatch + a region mismatch + a move, each seller's capacity window [min, max] as hard bounds, and convex
 * unit costs above the minimum (counts) and above the seller's share of high-potential accounts (workload), so loads
 * stay even. Candidate arcs are sparse and priced over every (account, seller) pair, so the plan is optimal for the full
 * problem. The churn budget is met exactly in the Lagrangian sense: the smallest extra move cost whose optimum fits it.
 */
import { solveAssignment, type Solution } from './assign.js';
import { planSecondary, secondaryWindows, type SecondaryChange, type SecondaryMetrics } from './secondary.js';
import { maxOf, minOf, pushAll } from '../arrays.js';

export type { SecondaryChange, SecondaryMetrics } from './secondary.js';

export type RebalanceAccount = {
    id: string;
    name: string;
    tier: '1' | '2' | '3' | 'Not ABM';
    ownerId: string | null;
    industry: string | null;
    region: string | null;
    isLocked: boolean;
    /** Workload weight (e.g. ICP fit × intent); the top share by potential forms the high-potential band. */
    potential?: number | null;
    /** Has an open opportunity at or past the policy's protected stage. */
    hasProtectedOpportunity: boolean;
    /** Current secondary owner (specialist), ABM_SecondaryOwner__c. */
    secondaryOwnerId?: string | null;
};

export type RebalanceSeller = {
    userId: string;
    name: string;
    role: 'AE' | 'SDR' | 'Specialist' | 'Marketer' | 'CS' | 'Automation' | string;
    industries: string[];
    regions: string[];
    tier1Min: number;
    tier1Max: number;
    tier2Min: number;
    tier2Max: number;
    /** Window of accounts held as secondary owner (specialists); 0/0 = none. */
    secondaryMin?: number;
    secondaryMax?: number;
    /** Active user and active seller record. */
    isActive: boolean;
    isAccepting: boolean;
};

export type RebalancePolicy = {
    industryMismatchCost: number;
    regionMismatchCost: number;
    moveCost: number;
    /** Per account above the seller's minimum: the k-th extra account costs k × this (even loads). */
    workloadCost: number;
    /** Largest share of the tier's accounts that may move (forced moves from departed owners excluded). */
    churnBudget: number;
    /** Only orphans (owner departed / not an eligible seller) move: the "within 2 days" run. */
    departuresOnly: boolean;
    /** Owner of Tier 3 and Not ABM accounts (a user id), or null to leave them as they are. */
    lowTierOwnerId: string | null;
    /** Also rebalance Tier 2 across SDRs and AEs under their Tier 2 windows. */
    includeTier2: boolean;
    /** Per high-potential account above a seller's share: the k-th extra costs k × this. */
    potentialCost?: number;
    /** Share of a tier's accounts (by potential, highest first) in the high-potential band. */
    potentialTopShare?: number;
    /** Candidate sellers per account class before pricing adds more. */
    candidatesPerClass?: number;
    /** Tiers whose accounts get an optional secondary owner (specialist) after the owners are planned; [] = off. */
    secondaryTiers?: ('1' | '2')[];
    /** Seller roles that can be secondary owners (with a secondary window above 0). */
    secondaryRoles?: string[];
    /**
     * Voluntary moves already made this quarter, per tier (from the assignment audit trail): the churn budget is per
     * quarter, so a second run in the same quarter may only use what the first left.
     */
    churnUsed?: Partial<Record<string, number>>;
};

export const DEFAULT_POLICY: RebalancePolicy = {
    industryMismatchCost: 100,
    regionMismatchCost: 60,
    moveCost: 40,
    workloadCost: 3,
    churnBudget: 0.25,
    departuresOnly: false,
    lowTierOwnerId: null,
    includeTier2: true,
    potentialCost: 5,
    potentialTopShare: 0.2,
    candidatesPerClass: 8,
    secondaryTiers: ['1'],
    secondaryRoles: ['Specialist']
};

export type Move = {
    accountId: string;
    accountName: string;
    tier: string;
    fromId: string | null;
    fromName: string;
    toId: string;
    toName: string;
    reasons: string[];
    /** Forced by the windows' eligibility: the account had no owner, or one who is not an eligible seller of its tier. */
    forced?: boolean;
};

export type TierMetrics = {
    tier: string;
    accounts: number;
    moved: number;
    forcedMoves: number;
    churn: number;
    coverageBefore: number;
    coverageAfter: number;
    capacityViolations: number;
    industryMatchBefore: number;
    industryMatchAfter: number;
    regionMatchBefore: number;
    regionMatchAfter: number;
    loadBefore: { max: number; min: number; cv: number };
    loadAfter: { max: number; min: number; cv: number };
    /** Sum of account potential per seller: max/min and coefficient of variation. */
    potentialBefore: { max: number; min: number; cv: number };
    potentialAfter: { max: number; min: number; cv: number };
    perSeller: {
        userId: string;
        name: string;
        min: number;
        max: number;
        before: number;
        after: number;
        potentialBefore: number;
        potentialAfter: number;
    }[];
    moveCostUsed: number;
    /** The quarter's churn budget (voluntary moves): its size, what earlier runs of the quarter used, this plan's moves. */
    churnBudget: { perQuarter: number; usedBefore: number; planned: number };
    objective: number;
    /** Optimality certificate: pricing rounds, arcs in the final network, omitted arcs with negative reduced cost (0). */
    certificate: { rounds: number; arcs: number; groups: number; negativeReducedCosts: number };
};

export type Infeasibility = { constraint: string; detail: string; shortBy: number };

export type RebalancePlan = {
    ok: boolean;
    infeasible: Infeasibility[];
    moves: Move[];
    /** Every account's owner after the plan (unchanged ones too), by account id. */
    owners: Record<string, string | null>;
    metrics: TierMetrics[];
    /** Secondary owner changes (ABM_SecondaryOwner__c), one per account whose secondary owner changes. */
    secondaryChanges: SecondaryChange[];
    secondaryMetrics: SecondaryMetrics[];
};

type Window = { seller: RebalanceSeller; min: number; max: number };

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();

export function planRebalance(
    accounts: RebalanceAccount[],
    sellers: RebalanceSeller[],
    policy: RebalancePolicy = DEFAULT_POLICY
): RebalancePlan {
    const byId = new Map(sellers.map((s) => [s.userId, s]));
    const owners: Record<string, string | null> = Object.fromEntries(accounts.map((a) => [a.id, a.ownerId]));
    const moves: Move[] = [];
    const metrics: TierMetrics[] = [];
    const infeasible: Infeasibility[] = [];
    const secondaryChanges: SecondaryChange[] = [];
    const secondaryMetrics: SecondaryMetrics[] = [];
    const specialists = secondaryWindows(sellers, policy);

    const tiers: { tier: '1' | '2'; windows: Window[] }[] = [
        {
            tier: '1',
            windows: sellers
                .filter((s) => s.role === 'AE' && s.isActive && s.isAccepting)
                .map((s) => ({ seller: s, min: s.tier1Min, max: s.tier1Max }))
        }
    ];
    if (policy.includeTier2) {
        tiers.push({
            tier: '2',
            windows: sellers
                .filter((s) => (s.role === 'SDR' || s.role === 'AE') && s.isActive && s.isAccepting && s.tier2Max > 0)
                .map((s) => ({ seller: s, min: s.tier2Min, max: s.tier2Max }))
        });
    }
    for (const { tier, windows } of tiers) {
        const book = accounts.filter((a) => a.tier === tier).sort((a, b) => (a.id < b.id ? -1 : 1));
        const result = solveTier(tier, book, windows, byId, policy);
        pushAll(infeasible, result.infeasible);
        if (result.infeasible.length) continue;
        metrics.push(result.metrics);
        for (const move of result.moves) {
            moves.push(move);
            owners[move.accountId] = move.toId;
        }
        if (!(policy.secondaryTiers ?? []).includes(tier)) continue;
        const secondary = planSecondary(tier, book, (a) => owners[a.id] ?? null, specialists, byId, policy);
        pushAll(infeasible, secondary.infeasible);
        if (secondary.infeasible.length) continue;
        secondaryMetrics.push(secondary.metrics);
        pushAll(secondaryChanges, secondary.changes);
    }
    if (policy.lowTierOwnerId && !policy.departuresOnly) {
        const low = byId.get(policy.lowTierOwnerId);
        for (const a of accounts) {
            if ((a.tier === '3' || a.tier === 'Not ABM') && a.ownerId !== policy.lowTierOwnerId && !a.isLocked) {
                moves.push({
                    accountId: a.id,
                    accountName: a.name,
                    tier: a.tier,
                    fromId: a.ownerId,
                    fromName: nameOf(a.ownerId, byId),
                    toId: policy.lowTierOwnerId,
                    toName: low?.name ?? policy.lowTierOwnerId,
                    reasons: [`Tier ${a.tier} accounts belong to the low-tier owner`],
                    forced: false
                });
                owners[a.id] = policy.lowTierOwnerId;
            }
        }
    }
    const ok = infeasible.length === 0;
    return {
        ok,
        infeasible,
        moves: ok ? moves : [],
        owners,
        metrics,
        secondaryChanges: ok ? secondaryChanges : [],
        secondaryMetrics
    };
}

const nameOf = (id: string | null, byId: Map<string, RebalanceSeller>) => (id ? (byId.get(id)?.name ?? id) : '(none)');

function solveTier(
    tier: string,
    book: RebalanceAccount[],
    sellerWindows: Window[],
    byId: Map<string, RebalanceSeller>,
    policy: RebalancePolicy
): { infeasible: Infeasibility[]; moves: Move[]; metrics: TierMetrics } {
    const windows = [...sellerWindows].sort((a, b) => (a.seller.userId < b.seller.userId ? -1 : a.seller.userId > b.seller.userId ? 1 : 0));
    const n = book.length;
    const m = windows.length;
    const sellerIndex = new Map(windows.map((w, i) => [w.seller.userId, i]));
    const orphan = (a: RebalanceAccount) => a.ownerId === null || !sellerIndex.has(a.ownerId);
    // Accounts that must stay: locked or protected deals with an eligible owner, and in a departures run every non-orphan.
    const pinned = (a: RebalanceAccount) => !orphan(a) && (a.isLocked || a.hasProtectedOpportunity || policy.departuresOnly);
    const pinnedCount = new Array<number>(m).fill(0);
    for (const a of book) if (pinned(a)) pinnedCount[sellerIndex.get(a.ownerId!)!]! += 1;
    // In a departures run over-capacity books are not broken up (pinned accounts may exceed max); otherwise locks count
    // against the window, and a seller holding more locked/protected accounts than the maximum is an infeasible input.
    const caps = windows.map((w, i) => ({
        min: policy.departuresOnly ? 0 : w.min,
        max: policy.departuresOnly ? Math.max(w.max, pinnedCount[i]!) : w.max
    }));

    const infeasible: Infeasibility[] = [];
    windows.forEach((w, i) => {
        if (pinnedCount[i]! > caps[i]!.max) {
            infeasible.push({
                constraint: `${w.seller.name} Tier ${tier} maximum`,
                detail: `${w.seller.name} holds ${pinnedCount[i]} locked or protected Tier ${tier} accounts, above the maximum of ${caps[i]!.max}`,
                shortBy: pinnedCount[i]! - caps[i]!.max
            });
        }
    });
    const totalMax = caps.reduce((s, c) => s + c.max, 0);
    const totalMin = caps.reduce((s, c) => s + c.min, 0);
    if (n > 0 && m === 0)
        infeasible.push({
            constraint: `Tier ${tier} sellers`,
            detail: `${n} Tier ${tier} accounts but no active seller accepting them`,
            shortBy: n
        });
    else if (n > totalMax) {
        infeasible.push({
            constraint: `Tier ${tier} capacity`,
            detail: `${n} Tier ${tier} accounts exceed the total maximum capacity of ${m} sellers (${totalMax})`,
            shortBy: n - totalMax
        });
    }
    if (totalMin > n) {
        infeasible.push({
            constraint: `Tier ${tier} minimums`,
            detail: `the sellers' minimums add up to ${totalMin} but there are only ${n} Tier ${tier} accounts`,
            shortBy: totalMin - n
        });
    }
    // Exact feasibility by counting (unpinned accounts may go to any seller of the tier).
    const free = book.filter((a) => !pinned(a)).length;
    const needMin = caps.reduce((s, c, j) => s + Math.max(0, c.min - pinnedCount[j]!), 0);
    const room = caps.reduce((s, c, j) => s + Math.max(0, c.max - pinnedCount[j]!), 0);
    if (!infeasible.length && needMin > free)
        infeasible.push({
            constraint: `Tier ${tier} minimums`,
            detail: `sellers below their minimum need ${needMin} more accounts, but only ${free} Tier ${tier} accounts are free to move (the rest are locked, protected or pinned)`,
            shortBy: needMin - free
        });
    if (!infeasible.length && free > room)
        infeasible.push({
            constraint: `Tier ${tier} capacity`,
            detail: `${free} movable Tier ${tier} accounts but only ${room} free places below the sellers' maximums`,
            shortBy: free - room
        });
    const perQuarter = Math.floor(policy.churnBudget * n);
    const usedBefore = Math.max(0, policy.churnUsed?.[tier] ?? 0);
    const churn = (planned: number) => ({ perQuarter, usedBefore, planned });
    const emptyMetrics = () => metricsFor(tier, book, windows, new Map(), [], byId, policy.moveCost, 0, undefined, churn(0));
    if (infeasible.length) return { infeasible, moves: [], metrics: emptyMetrics() };

    // Classes of (industry, region), sorted so that the plan does not depend on input order.
    const classKey = (a: RebalanceAccount) => `${norm(a.industry)}\u0000${norm(a.region)}`;
    const classKeys = [...new Set(book.map(classKey))].sort();
    const classIndex = new Map(classKeys.map((k, c) => [k, c]));
    const classCost = new Int32Array(classKeys.length * m);
    classKeys.forEach((key, c) => {
        const [industry, region] = key.split('\u0000') as [string, string];
        windows.forEach((w, j) => {
            classCost[c * m + j] =
                (w.seller.industries.some((x) => norm(x) === industry) ? 0 : policy.industryMismatchCost) +
                (w.seller.regions.some((x) => norm(x) === region) ? 0 : policy.regionMismatchCost);
        });
    });
    // High-potential band: the top share of the tier by potential (ties broken by id), spread by capacity.
    const highShare = policy.potentialTopShare ?? 0.2;
    const withPotential = book.filter((a) => typeof a.potential === 'number' && Number.isFinite(a.potential));
    const highIds = new Set(
        withPotential
            .sort((a, b) => b.potential! - a.potential! || (a.id < b.id ? -1 : 1))
            .slice(0, Math.round(withPotential.length * highShare))
            .map((a) => a.id)
    );
    const input = {
        sellers: m,
        min: caps.map((c) => c.min),
        max: caps.map((c) => c.max),
        highTarget: caps.map((c) => (totalMax ? Math.ceil((highIds.size * c.max) / totalMax) : 0)),
        classes: classKeys.length,
        classCost,
        accountClass: book.map((a) => classIndex.get(classKey(a))!),
        accountBand: book.map((a) => (highIds.has(a.id) ? 1 : 0)),
        accountOwner: book.map((a) => (orphan(a) ? -1 : sellerIndex.get(a.ownerId!)!)),
        accountPinned: book.map((a) => (pinned(a) ? 1 : 0)),
        moveCost: policy.moveCost,
        loadCost: policy.workloadCost,
        potentialCost: policy.potentialCost ?? 5,
        k: policy.candidatesPerClass ?? 8
    };
    const voluntaryMoves = (sol: Solution) => book.filter((a, i) => !orphan(a) && sol.assignment[i] !== input.accountOwner[i]).length;
    const budget = Math.max(0, perQuarter - usedBefore);
    let moveCost = policy.moveCost;
    let solution = solveAssignment(input);
    if (solution.status !== 'optimal')
        return {
            infeasible: [{ constraint: `Tier ${tier} coverage`, detail: `no assignment satisfies every window`, shortBy: 1 }],
            moves: [],
            metrics: emptyMetrics()
        };
    if (voluntaryMoves(solution) > budget) {
        // Lagrangian search: the smallest extra cost per move whose optimum keeps voluntary moves within the budget.
        // Above `ceiling` no voluntary move pays for itself, so what remains is forced by the windows.
        const ceiling =
            policy.moveCost +
            policy.industryMismatchCost +
            policy.regionMismatchCost +
            1 +
            (policy.workloadCost + (policy.potentialCost ?? 5)) * n;
        const top = solveAssignment({ ...input, moveCost: ceiling });
        if (voluntaryMoves(top) > budget)
            return {
                infeasible: [
                    {
                        constraint: `Tier ${tier} churn budget`,
                        detail: `the capacity windows force at least ${voluntaryMoves(top)} voluntary moves, but the budget of ${Math.round(policy.churnBudget * 1000) / 10}% allows ${budget}${usedBefore ? ` (${perQuarter} this quarter, ${usedBefore} used by earlier runs)` : ''}`,
                        shortBy: voluntaryMoves(top) - budget
                    }
                ],
                moves: [],
                metrics: emptyMetrics()
            };
        let lo = policy.moveCost;
        let hi = ceiling;
        let best = top;
        while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            const sol = solveAssignment({ ...input, moveCost: mid });
            if (voluntaryMoves(sol) <= budget) {
                hi = mid;
                best = sol;
            } else lo = mid;
        }
        moveCost = hi;
        solution = best;
    }
    const assignment = new Map<string, string>(book.map((a, i) => [a.id, windows[solution.assignment[i]!]!.seller.userId]));
    const after = new Array<number>(m).fill(0);
    for (const owner of assignment.values()) after[sellerIndex.get(owner)!]! += 1;
    const beforeCount = new Map<string, number>();
    for (const a of book) if (a.ownerId) beforeCount.set(a.ownerId, (beforeCount.get(a.ownerId) ?? 0) + 1);
    const moves: Move[] = [];
    for (const a of book) {
        const to = assignment.get(a.id)!;
        if (to === a.ownerId) continue;
        const target = byId.get(to)!;
        const from = a.ownerId ? byId.get(a.ownerId) : undefined;
        const reasons: string[] = [];
        if (!a.ownerId) reasons.push('no owner');
        else if (!from) reasons.push('owner is not a seller');
        else if (!from.isActive) reasons.push('owner departed');
        else if (!sellerIndex.has(a.ownerId)) reasons.push(`owner is not an eligible Tier ${tier} seller (${from.role})`);
        const fits = (s: RebalanceSeller | undefined, key: 'industries' | 'regions', value: string | null) =>
            !!s && s[key].some((x) => norm(x) === norm(value));
        if (fits(target, 'industries', a.industry) && !fits(from, 'industries', a.industry))
            reasons.push(`industry expertise (${a.industry})`);
        if (fits(target, 'regions', a.region) && !fits(from, 'regions', a.region)) reasons.push(`region (${a.region})`);
        const fromWindow = a.ownerId ? windows[sellerIndex.get(a.ownerId) ?? -1] : undefined;
        if (fromWindow && (beforeCount.get(a.ownerId!) ?? 0) > fromWindow.max)
            reasons.push(`${fromWindow.seller.name} was over capacity (${beforeCount.get(a.ownerId!)} > ${fromWindow.max})`);
        const toWindow = windows[sellerIndex.get(to)!]!;
        if ((beforeCount.get(to) ?? 0) < toWindow.min) reasons.push(`fills ${target.name} to the minimum of ${toWindow.min}`);
        if (!reasons.length) reasons.push('workload balance');
        moves.push({
            accountId: a.id,
            accountName: a.name,
            tier,
            fromId: a.ownerId,
            fromName: nameOf(a.ownerId, byId),
            toId: to,
            toName: target.name,
            reasons,
            forced: orphan(a)
        });
    }
    return {
        infeasible: [],
        moves,
        metrics: metricsFor(
            tier,
            book,
            windows,
            assignment,
            moves,
            byId,
            moveCost,
            solution.objective,
            solution,
            churn(voluntaryMoves(solution))
        )
    };
}

function loadStats(counts: number[]): { max: number; min: number; cv: number } {
    if (!counts.length) return { max: 0, min: 0, cv: 0 };
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    const sd = Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length);
    return { max: maxOf(counts), min: minOf(counts), cv: mean ? Math.round((sd / mean) * 1000) / 1000 : 0 };
}

function metricsFor(
    tier: string,
    book: RebalanceAccount[],
    windows: Window[],
    assignment: Map<string, string>,
    moves: Move[],
    byId: Map<string, RebalanceSeller>,
    moveCostUsed: number,
    objective: number,
    solution: Solution | undefined,
    churnBudget: TierMetrics['churnBudget']
): TierMetrics {
    const pot = (a: RebalanceAccount) => (typeof a.potential === 'number' && Number.isFinite(a.potential) ? a.potential : 0);
    const eligible = new Set(windows.map((w) => w.seller.userId));
    const ownerAfter = (a: RebalanceAccount) => assignment.get(a.id) ?? a.ownerId;
    const share = (pred: (a: RebalanceAccount) => boolean) =>
        book.length ? Math.round((book.filter(pred).length / book.length) * 1000) / 10 : 0;
    const match = (owner: (a: RebalanceAccount) => string | null, key: 'industries' | 'regions', field: 'industry' | 'region') =>
        share((a) => {
            const s = byId.get(owner(a) ?? '');
            return !!s && s[key].some((x) => norm(x) === norm(a[field]));
        });
    const perSeller = windows.map((w) => ({
        userId: w.seller.userId,
        name: w.seller.name,
        min: w.min,
        max: w.max,
        before: book.filter((a) => a.ownerId === w.seller.userId).length,
        after: book.filter((a) => ownerAfter(a) === w.seller.userId).length,
        potentialBefore: Math.round(book.filter((a) => a.ownerId === w.seller.userId).reduce((s, a) => s + pot(a), 0)),
        potentialAfter: Math.round(book.filter((a) => ownerAfter(a) === w.seller.userId).reduce((s, a) => s + pot(a), 0))
    }));
    const forced = moves.filter((mv) => !mv.fromId || !eligible.has(mv.fromId)).length;
    return {
        tier,
        accounts: book.length,
        moved: moves.length,
        forcedMoves: forced,
        churn: book.length ? Math.round((moves.length / book.length) * 1000) / 10 : 0,
        coverageBefore: share((a) => !!a.ownerId && eligible.has(a.ownerId)),
        coverageAfter: share((a) => eligible.has(ownerAfter(a) ?? '')),
        capacityViolations: perSeller.filter((p) => p.after < p.min || p.after > p.max).length,
        industryMatchBefore: match((a) => a.ownerId, 'industries', 'industry'),
        industryMatchAfter: match(ownerAfter, 'industries', 'industry'),
        regionMatchBefore: match((a) => a.ownerId, 'regions', 'region'),
        regionMatchAfter: match(ownerAfter, 'regions', 'region'),
        loadBefore: loadStats(perSeller.map((p) => p.before)),
        loadAfter: loadStats(perSeller.map((p) => p.after)),
        potentialBefore: loadStats(perSeller.map((p) => p.potentialBefore)),
        potentialAfter: loadStats(perSeller.map((p) => p.potentialAfter)),
        perSeller,
        moveCostUsed,
        churnBudget,
        objective,
        certificate: {
            rounds: solution?.rounds ?? 0,
            arcs: solution?.arcs ?? 0,
            groups: solution?.groups ?? 0,
            negativeReducedCosts: solution?.negativeReducedCosts ?? 0
        }
    };
}
