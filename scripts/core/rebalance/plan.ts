/**
 * The quarterly territory rebalance: a pure function from (accounts, sellers, policy) to a plan. Each tier's book is a
 * min-cost flow: account → seller arcs cost industry mismatch + region mismatch + a move, seller → sink arcs give every
 * seller its capacity window [min, max] (units up to min are free, each unit above min costs a large constant plus a
 * rising workload penalty, so minimums fill first and loads stay even). Exact for the arcs it is given (all eligible
 * sellers: no sparsification at these sizes). The churn budget is met by raising the move cost until the plan fits it.
 */
import { MinCostFlow } from './flow.js';

export type RebalanceAccount = {
    id: string;
    name: string;
    tier: '1' | '2' | '3' | 'Not ABM';
    ownerId: string | null;
    industry: string | null;
    region: string | null;
    isLocked: boolean;
    /** Has an open opportunity at or past the policy's protected stage. */
    hasProtectedOpportunity: boolean;
};

export type RebalanceSeller = {
    userId: string;
    name: string;
    role: 'AE' | 'SDR' | 'Marketer' | 'CS' | 'Automation' | string;
    industries: string[];
    regions: string[];
    tier1Min: number;
    tier1Max: number;
    tier2Min: number;
    tier2Max: number;
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
};

export const DEFAULT_POLICY: RebalancePolicy = {
    industryMismatchCost: 100,
    regionMismatchCost: 60,
    moveCost: 40,
    workloadCost: 3,
    churnBudget: 0.25,
    departuresOnly: false,
    lowTierOwnerId: null,
    includeTier2: true
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
    perSeller: { userId: string; name: string; min: number; max: number; before: number; after: number }[];
    moveCostUsed: number;
    objective: number;
};

export type Infeasibility = { constraint: string; detail: string; shortBy: number };

export type RebalancePlan = {
    ok: boolean;
    infeasible: Infeasibility[];
    moves: Move[];
    /** Every account's owner after the plan (unchanged ones too), by account id. */
    owners: Record<string, string | null>;
    metrics: TierMetrics[];
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
        infeasible.push(...result.infeasible);
        if (result.infeasible.length) continue;
        metrics.push(result.metrics);
        for (const move of result.moves) {
            moves.push(move);
            owners[move.accountId] = move.toId;
        }
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
                    reasons: [`Tier ${a.tier} accounts belong to the low-tier owner`]
                });
                owners[a.id] = policy.lowTierOwnerId;
            }
        }
    }
    return { ok: infeasible.length === 0, infeasible, moves: infeasible.length ? [] : moves, owners, metrics };
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
    const emptyMetrics = metricsFor(tier, book, windows, new Map(), [], byId, policy.moveCost, 0);
    if (infeasible.length) return { infeasible, moves: [], metrics: emptyMetrics };

    const arcCost = (a: RebalanceAccount, s: RebalanceSeller, moveCost: number) =>
        (s.industries.some((i) => norm(i) === norm(a.industry)) ? 0 : policy.industryMismatchCost) +
        (s.regions.some((r) => norm(r) === norm(a.region)) ? 0 : policy.regionMismatchCost) +
        (a.ownerId === s.userId || orphan(a) ? 0 : moveCost);

    const budget = Math.floor(policy.churnBudget * n);
    let moveCost = policy.moveCost;
    let best: { assignment: Map<string, string>; objective: number } | undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
        const graph = new MinCostFlow(n + m + 2);
        const source = n + m;
        const sink = n + m + 1;
        const arcs: { account: number; seller: number; arc: number }[] = [];
        const BIG = (policy.industryMismatchCost + policy.regionMismatchCost + moveCost) * 4 + 1000;
        book.forEach((a, i) => {
            graph.addArc(source, i, 1, 0);
            const candidates = pinned(a) ? [sellerIndex.get(a.ownerId!)!] : windows.map((_, j) => j);
            for (const j of candidates)
                arcs.push({ account: i, seller: j, arc: graph.addArc(i, n + j, 1, arcCost(a, windows[j]!.seller, moveCost)) });
        });
        caps.forEach((c, j) => {
            if (c.min > 0) graph.addArc(n + j, sink, c.min, 0);
            for (let k = 1; k <= c.max - c.min; k++) graph.addArc(n + j, sink, 1, BIG + policy.workloadCost * k);
        });
        const { flow, cost } = graph.run(source, sink, n);
        if (flow < n) {
            return {
                infeasible: [
                    {
                        constraint: `Tier ${tier} coverage`,
                        detail: `${n - flow} Tier ${tier} accounts cannot be placed within the sellers' windows`,
                        shortBy: n - flow
                    }
                ],
                moves: [],
                metrics: emptyMetrics
            };
        }
        const assignment = new Map<string, string>();
        for (const { account, seller, arc } of arcs)
            if (graph.flowOn(arc) > 0) assignment.set(book[account]!.id, windows[seller]!.seller.userId);
        best = { assignment, objective: cost };
        const voluntary = book.filter((a) => !orphan(a) && assignment.get(a.id) !== a.ownerId).length;
        if (voluntary <= budget) break;
        moveCost = moveCost * 2 + 10;
    }
    const assignment = best!.assignment;
    const after = new Array<number>(m).fill(0);
    for (const owner of assignment.values()) after[sellerIndex.get(owner)!]! += 1;
    const belowMin = caps.map((c, j) => c.min - after[j]!).filter((d) => d > 0);
    if (belowMin.length) {
        return {
            infeasible: [
                {
                    constraint: `Tier ${tier} minimums`,
                    detail: `${belowMin.length} sellers stay below their minimum: locked and protected accounts leave too few movable accounts`,
                    shortBy: belowMin.reduce((s, d) => s + d, 0)
                }
            ],
            moves: [],
            metrics: emptyMetrics
        };
    }
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
            reasons
        });
    }
    return { infeasible: [], moves, metrics: metricsFor(tier, book, windows, assignment, moves, byId, moveCost, best!.objective) };
}

function loadStats(counts: number[]): { max: number; min: number; cv: number } {
    if (!counts.length) return { max: 0, min: 0, cv: 0 };
    const mean = counts.reduce((s, c) => s + c, 0) / counts.length;
    const sd = Math.sqrt(counts.reduce((s, c) => s + (c - mean) ** 2, 0) / counts.length);
    return { max: Math.max(...counts), min: Math.min(...counts), cv: mean ? Math.round((sd / mean) * 1000) / 1000 : 0 };
}

function metricsFor(
    tier: string,
    book: RebalanceAccount[],
    windows: Window[],
    assignment: Map<string, string>,
    moves: Move[],
    byId: Map<string, RebalanceSeller>,
    moveCostUsed: number,
    objective: number
): TierMetrics {
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
        after: book.filter((a) => ownerAfter(a) === w.seller.userId).length
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
        perSeller,
        moveCostUsed,
        objective
    };
}
