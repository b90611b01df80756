/**
 * The exact core of one tier's rebalance: a capacitated assignment (transportation problem with lower and upper bounds)
 * solved as a min-cost flow by the network simplex in ./netsimplex.ts.
 *
 *   group g (accounts with the same class, potential band, owner and pin; supply = their count)
 *     → seller j (or j's high-potential node)       cost: mismatch(class, j) + move·[j ≠ owner, owner eligible]
 *   high-potential node (j,H) → j                   first target_j units free, the u-th unit above costs potentialCost·u
 *   seller j → sink                                  [min_j, min_j] free, then the u-th unit above min costs loadCost·u
 *
 * Convex unit costs keep counts and high-potential accounts even (a laminar family of windows, so the matrix stays totally
 * unimodular and the flow optimum is integral). Candidate arcs are sparse: the current owner plus the k cheapest sellers
 * for the group's class (equally good sellers are rotated across groups). After each solve every omitted (group, seller)
 * pair is priced with the duals in O(classes·m + groups); any arc with a negative reduced cost is added and the flow solved
 * again. When none is left, the sparse optimum is the optimum of the full problem (the certificate in `Solution`).
 */
import { NetworkSimplex } from './netsimplex.js';

export type AssignInput = {
    /** Number of sellers (indices 0..m-1). */
    sellers: number;
    min: ArrayLike<number>;
    max: ArrayLike<number>;
    /** Per seller: high-potential accounts held at no extra cost (only used when some account is in band 1). */
    highTarget: ArrayLike<number>;
    /** Number of (industry, region) classes; `classCost[c * sellers + j]` = mismatch cost of class c at seller j. */
    classes: number;
    classCost: ArrayLike<number>;
    /** Per account: class index, potential band (0 or 1), owner seller index (-1 = orphan), pinned to the owner. */
    accountClass: ArrayLike<number>;
    accountBand: ArrayLike<number>;
    accountOwner: ArrayLike<number>;
    accountPinned: ArrayLike<number>;
    moveCost: number;
    loadCost: number;
    potentialCost: number;
    /** Candidate sellers per group besides the owner. */
    k: number;
    /** Per seller: 1 = units above the minimum cost nothing (no workload term), e.g. the "no secondary owner" option. */
    flatLoad?: ArrayLike<number>;
    /**
     * Per account with an owner: what leaving the owner costs (default `moveCost`). 0 makes leaving free while still
     * counting as a change for the tie-break (the secondary planner's "no secondary owner yet").
     */
    accountLeaveCost?: ArrayLike<number>;
    maxRounds?: number;
};

export type Solution = {
    status: 'optimal' | 'infeasible';
    /** Seller index per account. */
    assignment: Int32Array;
    objective: number;
    rounds: number;
    arcs: number;
    groups: number;
    pivots: number;
    /** Omitted (group, seller) arcs with a negative reduced cost after the last round: 0 = optimal for the full problem. */
    negativeReducedCosts: number;
    /** Accounts that leave their owner (moves; orphans excluded): the fewest of all optimal assignments when certified. */
    moves: number;
};

export function solveAssignment(input: AssignInput): Solution {
    const m = input.sellers;
    const n = input.accountClass.length;
    const useBands = Array.from({ length: n }, (_, i) => input.accountBand[i]!).some((b) => b === 1);

    // Group accounts with identical arcs.
    const groupOf = new Int32Array(n);
    const keys = new Map<string, number>();
    const gClass: number[] = [];
    const gBand: number[] = [];
    const gOwner: number[] = [];
    const gPinned: number[] = [];
    const gCount: number[] = [];
    const gLeave: number[] = [];
    for (let i = 0; i < n; i++) {
        const pinned = input.accountPinned[i]! && input.accountOwner[i]! >= 0 ? 1 : 0;
        const band = useBands ? input.accountBand[i]! : 0;
        const leave = input.accountOwner[i]! >= 0 ? (input.accountLeaveCost?.[i] ?? input.moveCost) : 0;
        const key = `${input.accountClass[i]}|${band}|${input.accountOwner[i]}|${pinned}|${leave}`;
        let g = keys.get(key);
        if (g === undefined) {
            g = gClass.length;
            keys.set(key, g);
            gClass.push(input.accountClass[i]!);
            gBand.push(band);
            gOwner.push(input.accountOwner[i]!);
            gPinned.push(pinned);
            gLeave.push(leave);
            gCount.push(0);
        }
        gCount[g]! += 1;
        groupOf[i] = g;
    }
    const G = gClass.length;

    // Hubs: one per (class, band). Moving accounts leave their group through the hub, which pays the move once and then
    // reaches every seller at the class's mismatch cost, so (group, seller) pairs never need an arc of their own.
    const bands = useBands ? 2 : 1;
    const H = input.classes * bands;
    const hubNode = (c: number, b: number) => G + c * bands + b;
    const sellerNode = (j: number) => G + H + j;
    const highNode = (j: number) => G + H + m + j;
    const sink = G + H + (useBands ? 2 : 1) * m;
    const nodes = sink + 1;
    const maxRounds = input.maxRounds ?? 50;

    // Sparse hub → seller arcs: per class every seller as cheap as the k-th cheapest (ties included, capped at 8k);
    // pricing adds the rest where a reduced cost is negative.
    const hubHas: Set<number>[] = [];
    const initial: number[][] = [];
    for (let c = 0; c < input.classes; c++) {
        const order = Array.from({ length: m }, (_, j) => j);
        order.sort((x, y) => input.classCost[c * m + x]! - input.classCost[c * m + y]! || x - y);
        const k = Math.min(Math.max(input.k, 1), m);
        const kth = input.classCost[c * m + order[k - 1]!]!;
        let pool = k;
        while (pool < m && pool < 8 * k && input.classCost[c * m + order[pool]!]! === kth) pool++;
        for (let b = 0; b < bands; b++) {
            initial.push(order.slice(0, pool));
            hubHas.push(new Set(order.slice(0, pool)));
        }
    }

    const ns = new NetworkSimplex(nodes);
    const stayArc = new Int32Array(G).fill(-1);
    const leaveArc = new Int32Array(G).fill(-1);
    const hubArcs: { c: number; b: number; j: number; arc: number }[] = [];
    const addHubArc = (c: number, b: number, j: number) => {
        hubArcs.push({ c, b, j, arc: ns.addArc(hubNode(c, b), b === 1 ? highNode(j) : sellerNode(j), 0, n, input.classCost[c * m + j]!) });
    };
    for (let g = 0; g < G; g++) {
        ns.setSupply(g, gCount[g]!);
        const owner = gOwner[g]!;
        if (owner >= 0)
            stayArc[g] = ns.addArc(
                g,
                gBand[g] === 1 ? highNode(owner) : sellerNode(owner),
                0,
                gCount[g]!,
                input.classCost[gClass[g]! * m + owner]!
            );
        if (!gPinned[g]) leaveArc[g] = ns.addArc(g, hubNode(gClass[g]!, gBand[g]!), 0, gCount[g]!, gLeave[g]!);
    }
    for (let c = 0; c < input.classes; c++) for (let b = 0; b < bands; b++) for (const j of initial[c * bands + b]!) addHubArc(c, b, j);
    for (let j = 0; j < m; j++) {
        const min = input.min[j]!;
        const max = input.max[j]!;
        if (min > 0) ns.addArc(sellerNode(j), sink, min, min, 0);
        if (input.flatLoad?.[j]) {
            if (max > min) ns.addArc(sellerNode(j), sink, 0, max - min, 0);
        } else for (let u = 1; u <= max - min; u++) ns.addArc(sellerNode(j), sink, 0, 1, input.loadCost * u);
        if (useBands) {
            const t = Math.min(input.highTarget[j]!, max);
            if (t > 0) ns.addArc(highNode(j), sellerNode(j), 0, t, 0);
            for (let u = 1; u <= max - t; u++) ns.addArc(highNode(j), sellerNode(j), 0, 1, input.potentialCost * u);
        }
    }
    ns.setSupply(sink, -n);

    /** Every omitted (class, band, seller) hub arc, with its head and its reduced cost under the current duals. */
    function eachOmittedHubArc(visit: (c: number, b: number, j: number, target: number, reduced: number) => void): void {
        for (let c = 0; c < input.classes; c++)
            for (let b = 0; b < bands; b++) {
                const has = hubHas[c * bands + b]!;
                const hubPi = ns.potential(hubNode(c, b));
                for (let j = 0; j < m; j++) {
                    if (has.has(j)) continue;
                    const target = b === 1 ? highNode(j) : sellerNode(j);
                    visit(c, b, j, target, input.classCost[c * m + j]! + hubPi - ns.potential(target));
                }
            }
    }

    let rounds = 0;
    let pivots = 0;
    for (;;) {
        rounds++;
        const status = ns.solve();
        pivots += ns.pivots;
        // Pricing over every omitted (class, band, seller) arc, hence every (account, seller) pair.
        let negative = 0;
        eachOmittedHubArc((c, b, j, _target, reduced) => {
            if (reduced >= 0) return;
            negative++;
            if (rounds < maxRounds) {
                hubHas[c * bands + b]!.add(j);
                addHubArc(c, b, j);
            }
        });
        if (negative > 0 && rounds < maxRounds) continue;

        const assignment = new Int32Array(n).fill(-1);
        let moves = 0;
        if (status === 'optimal') {
            // Among all optimal flows, one with the fewest moves (certified optimum only: every omitted arc priced).
            const flowOf = negative === 0 ? fewestMoves() : (arc: number) => ns.flow(arc);
            // Stayers first (per group), then each hub's outflow to sellers, handed to the hub's movers in input order.
            const stay = new Int32Array(G);
            for (let g = 0; g < G; g++) if (stayArc[g]! >= 0) stay[g] = Math.round(flowOf(stayArc[g]!));
            for (let g = 0; g < G; g++) if (gOwner[g]! >= 0) moves += gCount[g]! - stay[g]!;
            const hubOut: { j: number; units: number }[][] = Array.from({ length: H }, () => []);
            for (const { c, b, j, arc } of hubArcs) {
                const units = Math.round(flowOf(arc));
                if (units > 0) hubOut[c * bands + b]!.push({ j, units });
            }
            for (const list of hubOut) list.sort((x, y) => x.j - y.j);
            const movers: number[][] = Array.from({ length: H }, () => []);
            for (let i = 0; i < n; i++) {
                const g = groupOf[i]!;
                if (stay[g]! > 0) {
                    stay[g]! -= 1;
                    assignment[i] = gOwner[g]!;
                } else movers[gClass[g]! * bands + gBand[g]!]!.push(i);
            }
            for (let h = 0; h < H; h++) {
                const slots = hubOut[h]!;
                // An account is never handed to its own owner through the hub while another seller's slot remains.
                for (const i of movers[h]!) {
                    let slot = slots.find((x) => x.units > 0 && x.j !== input.accountOwner[i]);
                    slot ??= slots.find((x) => x.units > 0)!;
                    assignment[i] = slot.j;
                    slot.units -= 1;
                }
            }
        }
        return {
            status,
            assignment,
            objective: ns.totalCost(),
            rounds,
            arcs: ns.arcCount,
            groups: G,
            pivots,
            negativeReducedCosts: negative,
            moves
        };
    }

    /**
     * The lexicographic second stage: the optimal flows are exactly the feasible flows in which every arc with a positive
     * reduced cost (under the optimal duals) is at its lower bound and every arc with a negative one at its upper bound
     * (complementary slackness). Those arcs are fixed; the arcs with a zero reduced cost stay free, joined by the omitted
     * hub arcs whose reduced cost is zero (equally good sellers pricing never needed); each unit on a leave arc of an owned
     * group costs 1. The optimum of that flow is an optimal assignment with the fewest moves. Returns the flow of each
     * first-stage arc (hub arcs added here are appended to `hubArcs` with their own index).
     */
    function fewestMoves(): (arc: number) => number {
        const ns2 = new NetworkSimplex(nodes);
        const supply = new Float64Array(nodes);
        for (let v = 0; v < nodes; v++) supply[v] = ns.supplyOf(v);
        const arcs = ns.arcCount;
        const mapped = new Int32Array(arcs).fill(-1);
        const fixed = new Float64Array(arcs);
        const isLeave = new Uint8Array(arcs);
        for (let g = 0; g < G; g++) if (leaveArc[g]! >= 0 && gOwner[g]! >= 0) isLeave[leaveArc[g]!] = 1;
        for (let e = 0; e < arcs; e++) {
            const a = ns.arc(e);
            const reduced = a.cost + ns.potential(a.from) - ns.potential(a.to);
            if (reduced === 0) {
                mapped[e] = ns2.addArc(a.from, a.to, a.lower, a.upper, isLeave[e] ? 1 : 0);
                continue;
            }
            const at = reduced > 0 ? a.lower : a.upper;
            fixed[e] = at;
            supply[a.from]! -= at;
            supply[a.to]! += at;
        }
        const extra: { c: number; b: number; j: number; arc: number }[] = [];
        eachOmittedHubArc((c, b, j, target, reduced) => {
            if (reduced === 0) extra.push({ c, b, j, arc: ns2.addArc(hubNode(c, b), target, 0, n, 0) });
        });
        for (let v = 0; v < nodes; v++) ns2.setSupply(v, supply[v]!);
        if (ns2.solve() !== 'optimal') return (arc: number) => ns.flow(arc);
        pivots += ns2.pivots;
        // The appended hub arcs carry their second-stage flow under indices past the first stage's arcs.
        for (const x of extra) hubArcs.push({ c: x.c, b: x.b, j: x.j, arc: arcs + x.arc });
        const extraFlow = new Map(extra.map((x) => [arcs + x.arc, ns2.flow(x.arc)]));
        return (arc: number) => (arc >= arcs ? extraFlow.get(arc)! : mapped[arc]! >= 0 ? ns2.flow(mapped[arc]!) : fixed[arc]!);
    }
}
