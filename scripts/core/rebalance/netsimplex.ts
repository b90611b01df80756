/**
 * Primal network simplex for min-cost flow with lower and upper arc bounds (a TypeScript port of the structure of
 * LEMON's NetworkSimplex: spanning-tree basis stored as parent / thread / reverse thread / subtree size / last successor,
 * block-search pivot rule, big-M artificial arcs to a virtual root). Exact on integer data: flows and potentials stay
 * integral. Deterministic: arcs are searched in index order from a rotating start.
 *
 * Usage: `new NetworkSimplex(nodes)`, `addArc(from, to, lower, upper, cost)`, `setSupply(node, s)` (positive = source,
 * negative = demand; supplies must sum to 0), `solve()`. After an optimal solve `flow(arc)` and `potential(node)` give
 * the primal and dual solution: for every arc, reduced cost `cost + potential(from) - potential(to)` is ≥ 0 when the arc
 * is at its lower bound and ≤ 0 at its upper bound (the optimality certificate that pricing extends to arcs never added).
 */
export type SimplexStatus = 'optimal' | 'infeasible';

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

export class NetworkSimplex {
    private from: number[] = [];
    private to: number[] = [];
    private lower: number[] = [];
    private upper: number[] = [];
    private costs: number[] = [];
    private readonly supply: Float64Array;
    private state: Basis | undefined;
    /** Number of pivots of the last solve (for benchmarks). */
    pivots = 0;

    constructor(readonly nodeCount: number) {
        this.supply = new Float64Array(nodeCount);
    }

    get arcCount(): number {
        return this.from.length;
    }

    addArc(from: number, to: number, lower: number, upper: number, cost: number): number {
        if (this.state && lower !== 0) throw new Error('arcs added after a solve must have lower bound 0');
        if (upper < lower) throw new Error(`arc ${from}→${to}: upper bound ${upper} below lower bound ${lower}`);
        this.from.push(from);
        this.to.push(to);
        this.lower.push(lower);
        this.upper.push(upper);
        this.costs.push(cost);
        return this.from.length - 1;
    }

    setSupply(node: number, value: number): void {
        if (this.state) throw new Error('supplies are fixed after the first solve');
        this.supply[node] = value;
    }

    /** Arc `e` as added: its ends, bounds and cost. */
    arc(e: number): { from: number; to: number; lower: number; upper: number; cost: number } {
        return { from: this.from[e]!, to: this.to[e]!, lower: this.lower[e]!, upper: this.upper[e]!, cost: this.costs[e]! };
    }

    /** The supply set for `node` (positive = source, negative = demand). */
    supplyOf(node: number): number {
        return this.supply[node]!;
    }

    flow(arc: number): number {
        return (this.state ? this.state.flow[this.nodeCount + arc]! : 0) + this.lower[arc]!;
    }

    potential(node: number): number {
        return this.state ? this.state.pi[node]! : 0;
    }

    /** Total cost of the current flow (lower bounds included). */
    totalCost(): number {
        let total = 0;
        for (let e = 0; e < this.from.length; e++) total += this.costs[e]! * this.flow(e);
        return total;
    }

    /** The first basis: every node hangs from the root by an artificial arc (big-M cost where it must carry demand). */
    private init(): Basis {
        const nodeNum = this.nodeCount;
        const arcNum = this.from.length;
        const root = nodeNum;
        const size = nodeNum + Math.max(arcNum, 16);
        const st: Basis = {
            arcNum: 0,
            source: new Int32Array(size),
            target: new Int32Array(size),
            cap: new Float64Array(size),
            cost: new Float64Array(size),
            flow: new Float64Array(size),
            state: new Int8Array(size),
            parent: new Int32Array(nodeNum + 1),
            pred: new Int32Array(nodeNum + 1),
            thread: new Int32Array(nodeNum + 1),
            revThread: new Int32Array(nodeNum + 1),
            succNum: new Int32Array(nodeNum + 1),
            lastSucc: new Int32Array(nodeNum + 1),
            predDir: new Int8Array(nodeNum + 1),
            pi: new Float64Array(nodeNum + 1)
        };
        const supply = new Float64Array(nodeNum + 1);
        supply.set(this.supply);
        let maxCost = 0;
        for (let e = 0; e < arcNum; e++) {
            maxCost = Math.max(maxCost, Math.abs(this.costs[e]!));
            const lo = this.lower[e]!;
            if (lo !== 0) {
                supply[this.from[e]!]! -= lo;
                supply[this.to[e]!]! += lo;
            }
        }
        let sum = 0;
        for (let u = 0; u < nodeNum; u++) sum += supply[u]!;
        if (sum !== 0) throw new Error(`supplies must sum to 0 (got ${sum})`);
        // Arcs added later may cost more than today's maximum: leave ample room (costs are integers far below 2^53).
        const ART_COST = (Math.max(maxCost, 1e4) * 4 + 1) * (nodeNum + 1);
        const { parent, pred, thread, revThread, succNum, lastSucc, predDir, pi, source, target, cap, cost, flow, state } = st;
        parent[root] = -1;
        pred[root] = -1;
        thread[root] = 0;
        revThread[0] = root;
        succNum[root] = nodeNum + 1;
        lastSucc[root] = root - 1;
        pi[root] = 0;
        for (let u = 0; u < nodeNum; u++) {
            const e = u;
            parent[u] = root;
            pred[u] = e;
            thread[u] = u + 1;
            revThread[u + 1] = u;
            succNum[u] = 1;
            lastSucc[u] = u;
            cap[e] = Infinity;
            state[e] = STATE_TREE;
            if (supply[u]! >= 0) {
                predDir[u] = DIR_UP;
                pi[u] = 0;
                source[e] = u;
                target[e] = root;
                flow[e] = supply[u]!;
                cost[e] = 0;
            } else {
                predDir[u] = DIR_DOWN;
                pi[u] = ART_COST;
                source[e] = root;
                target[e] = u;
                flow[e] = -supply[u]!;
                cost[e] = ART_COST;
            }
        }
        this.state = st;
        this.grow(st, arcNum);
        return st;
    }

    /** Appends the arcs added since the last solve (at their lower bound, outside the tree). */
    private grow(st: Basis, arcNum: number): void {
        const base = this.nodeCount;
        const need = base + arcNum;
        if (need > st.source.length) {
            const size = Math.max(need, Math.ceil(st.source.length * 1.5));
            const widen = <T extends Int32Array | Float64Array | Int8Array>(a: T): T => {
                const b = new (a.constructor as new (n: number) => T)(size);
                b.set(a);
                return b;
            };
            st.source = widen(st.source);
            st.target = widen(st.target);
            st.cap = widen(st.cap);
            st.cost = widen(st.cost);
            st.flow = widen(st.flow);
            st.state = widen(st.state);
        }
        for (let e = st.arcNum; e < arcNum; e++) {
            const k = base + e;
            st.source[k] = this.from[e]!;
            st.target[k] = this.to[e]!;
            st.cap[k] = this.upper[e]! - this.lower[e]!;
            st.cost[k] = this.costs[e]!;
            st.flow[k] = 0;
            st.state[k] = STATE_LOWER;
        }
        st.arcNum = arcNum;
    }

    /**
     * Solves, or after more arcs were added (with lower bound 0) re-solves from the previous optimal basis: the new arcs
     * enter at their lower bound, so the old tree stays a valid basis and only the pivots they cause are done.
     */
    solve(): SimplexStatus {
        const nodeNum = this.nodeCount;
        const arcNum = this.from.length;
        let st = this.state;
        if (!st) st = this.init();
        else if (arcNum > st.arcNum) this.grow(st, arcNum);
        const { source, target, cap, cost, flow, state, parent, pred, thread, revThread, succNum, lastSucc, predDir, pi } = st;
        const dirtyRevs: number[] = [];
        const base = nodeNum; // artificial arcs are 0..nodeNum-1, real arc e is base + e
        const searchEnd = base + arcNum;
        const blockSize = Math.max(Math.ceil(5 * Math.sqrt(Math.max(arcNum, 1))), 10);
        let nextArc = base;
        let inArc = -1;
        let join = 0;
        let uIn = 0;
        let vIn = 0;
        let uOut = 0;
        let delta = 0;
        let pivots = 0;

        const findEnteringArc = (): boolean => {
            let min = 0;
            let cnt = blockSize;
            let e = nextArc;
            for (; e < searchEnd; e++) {
                const c = state[e]! * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
                if (c < min) {
                    min = c;
                    inArc = e;
                }
                if (--cnt === 0) {
                    if (min < 0) {
                        nextArc = e;
                        return true;
                    }
                    cnt = blockSize;
                }
            }
            for (e = base; e < nextArc; e++) {
                const c = state[e]! * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
                if (c < min) {
                    min = c;
                    inArc = e;
                }
                if (--cnt === 0) {
                    if (min < 0) {
                        nextArc = e;
                        return true;
                    }
                    cnt = blockSize;
                }
            }
            if (min >= 0) return false;
            nextArc = e;
            return true;
        };

        const findJoinNode = () => {
            let u = source[inArc]!;
            let v = target[inArc]!;
            while (u !== v) {
                if (succNum[u]! < succNum[v]!) u = parent[u]!;
                else v = parent[v]!;
            }
            join = u;
        };

        const findLeavingArc = (): boolean => {
            let first: number;
            let second: number;
            if (state[inArc] === STATE_LOWER) {
                first = source[inArc]!;
                second = target[inArc]!;
            } else {
                first = target[inArc]!;
                second = source[inArc]!;
            }
            delta = cap[inArc]!;
            let result = 0;
            for (let u = first; u !== join; u = parent[u]!) {
                const e = pred[u]!;
                let d = flow[e]!;
                if (predDir[u] === DIR_DOWN) d = cap[e]! - d;
                if (d < delta) {
                    delta = d;
                    uOut = u;
                    result = 1;
                }
            }
            for (let u = second; u !== join; u = parent[u]!) {
                const e = pred[u]!;
                let d = flow[e]!;
                if (predDir[u] === DIR_UP) d = cap[e]! - d;
                if (d <= delta) {
                    delta = d;
                    uOut = u;
                    result = 2;
                }
            }
            if (result === 1) {
                uIn = first;
                vIn = second;
            } else {
                uIn = second;
                vIn = first;
            }
            if (delta === Infinity) throw new Error('unbounded flow problem (a negative cycle of infinite capacity)');
            return result !== 0;
        };

        const changeFlow = (change: boolean) => {
            if (delta > 0) {
                const val = state[inArc]! * delta;
                flow[inArc]! += val;
                for (let u = source[inArc]!; u !== join; u = parent[u]!) flow[pred[u]!]! -= predDir[u]! * val;
                for (let u = target[inArc]!; u !== join; u = parent[u]!) flow[pred[u]!]! += predDir[u]! * val;
            }
            if (change) {
                state[inArc] = STATE_TREE;
                state[pred[uOut]!] = flow[pred[uOut]!] === 0 ? STATE_LOWER : STATE_UPPER;
            } else {
                state[inArc] = -state[inArc]!;
            }
        };

        const updateTreeStructure = () => {
            const oldRevThread = revThread[uOut]!;
            const oldSuccNum = succNum[uOut]!;
            const oldLastSucc = lastSucc[uOut]!;
            const vOut = parent[uOut]!;

            if (uIn === uOut) {
                parent[uIn] = vIn;
                pred[uIn] = inArc;
                predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
                if (thread[vIn] !== uOut) {
                    let after = thread[oldLastSucc]!;
                    thread[oldRevThread] = after;
                    revThread[after] = oldRevThread;
                    after = thread[vIn]!;
                    thread[vIn] = uOut;
                    revThread[uOut] = vIn;
                    thread[oldLastSucc] = after;
                    revThread[after] = oldLastSucc;
                }
            } else {
                const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
                let stem = uIn;
                let parStem = vIn;
                let nextStem: number;
                let last = lastSucc[uIn]!;
                let before: number;
                let after = thread[last]!;
                thread[vIn] = uIn;
                dirtyRevs.length = 0;
                dirtyRevs.push(vIn);
                while (stem !== uOut) {
                    nextStem = parent[stem]!;
                    thread[last] = nextStem;
                    dirtyRevs.push(last);
                    before = revThread[stem]!;
                    thread[before] = after;
                    revThread[after] = before;
                    parent[stem] = parStem;
                    parStem = stem;
                    stem = nextStem;
                    last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
                    after = thread[last]!;
                }
                parent[uOut] = parStem;
                thread[last] = threadContinue;
                revThread[threadContinue] = last;
                lastSucc[uOut] = last;
                if (oldRevThread !== vIn) {
                    thread[oldRevThread] = after;
                    revThread[after] = oldRevThread;
                }
                for (const u of dirtyRevs) revThread[thread[u]!] = u;
                let tmpSc = 0;
                const tmpLs = lastSucc[uOut]!;
                for (let u = uOut, p = parent[u]!; u !== uIn; u = p, p = parent[u]!) {
                    pred[u] = pred[p]!;
                    predDir[u] = -predDir[p]!;
                    tmpSc += succNum[u]! - succNum[p]!;
                    succNum[u] = tmpSc;
                    lastSucc[p] = tmpLs;
                }
                pred[uIn] = inArc;
                predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
                succNum[uIn] = oldSuccNum;
            }

            const upLimitOut = lastSucc[join] === vIn ? join : -1;
            const lastSuccOut = lastSucc[uOut]!;
            for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]!) lastSucc[u] = lastSuccOut;
            if (join !== oldRevThread && vIn !== oldRevThread) {
                for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = oldRevThread;
            } else if (lastSuccOut !== oldLastSucc) {
                for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) lastSucc[u] = lastSuccOut;
            }
            for (let u = vIn; u !== join; u = parent[u]!) succNum[u]! += oldSuccNum;
            for (let u = vOut; u !== join; u = parent[u]!) succNum[u]! -= oldSuccNum;
        };

        const updatePotential = () => {
            const sigma = pi[vIn]! - pi[uIn]! - predDir[uIn]! * cost[inArc]!;
            const end = thread[lastSucc[uIn]!]!;
            for (let u = uIn; u !== end; u = thread[u]!) pi[u]! += sigma;
        };

        while (findEnteringArc()) {
            findJoinNode();
            const change = findLeavingArc();
            changeFlow(change);
            if (change) {
                updateTreeStructure();
                updatePotential();
            }
            pivots++;
        }
        this.pivots = pivots;
        for (let e = 0; e < base; e++) if (flow[e] !== 0) return 'infeasible';
        return 'optimal';
    }
}

type Basis = {
    arcNum: number;
    source: Int32Array;
    target: Int32Array;
    cap: Float64Array;
    cost: Float64Array;
    flow: Float64Array;
    state: Int8Array;
    parent: Int32Array;
    pred: Int32Array;
    thread: Int32Array;
    revThread: Int32Array;
    succNum: Int32Array;
    lastSucc: Int32Array;
    predDir: Int8Array;
    pi: Float64Array;
};
