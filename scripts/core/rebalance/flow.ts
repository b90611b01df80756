/**
 * Min-cost flow by successive shortest paths (Dijkstra with Johnson potentials). All arc costs are non-negative
 * integers, so the first potentials are zero and every augmentation keeps reduced costs non-negative. Exact: the flow
 * it returns has minimum cost among all flows of the same value. Deterministic: ties resolve by node and arc order.
 */
export class MinCostFlow {
    private readonly head: Int32Array;
    private to: number[] = [];
    private cap: number[] = [];
    private cost: number[] = [];
    private next: number[] = [];

    constructor(readonly nodes: number) {
        this.head = new Int32Array(nodes).fill(-1);
    }

    /** Adds an arc and its residual twin; returns the arc index (flow on it = `flowOn(index)`). */
    addArc(from: number, to: number, capacity: number, cost: number): number {
        if (cost < 0 || !Number.isInteger(cost)) throw new Error(`arc cost must be a non-negative integer (got ${cost})`);
        const index = this.to.length;
        this.push(from, to, capacity, cost);
        this.push(to, from, 0, -cost);
        return index;
    }

    private push(from: number, to: number, capacity: number, cost: number): void {
        this.to.push(to);
        this.cap.push(capacity);
        this.cost.push(cost);
        this.next.push(this.head[from]!);
        this.head[from] = this.to.length - 1;
    }

    flowOn(arc: number): number {
        return this.cap[arc ^ 1]!;
    }

    /** Sends up to `limit` units from source to sink at minimum cost; returns the flow and its cost. */
    run(source: number, sink: number, limit: number): { flow: number; cost: number } {
        const n = this.nodes;
        const potential = new Float64Array(n);
        const dist = new Float64Array(n);
        const prevArc = new Int32Array(n);
        let flow = 0;
        let total = 0;
        while (flow < limit) {
            dist.fill(Infinity);
            prevArc.fill(-1);
            dist[source] = 0;
            const heap = new BinaryHeap();
            heap.push(0, source);
            while (heap.size) {
                const [d, u] = heap.pop();
                if (d > dist[u]!) continue;
                for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
                    if (this.cap[e]! <= 0) continue;
                    const v = this.to[e]!;
                    const nd = d + this.cost[e]! + potential[u]! - potential[v]!;
                    if (nd < dist[v]! - 1e-9) {
                        dist[v] = nd;
                        prevArc[v] = e;
                        heap.push(nd, v);
                    }
                }
            }
            if (dist[sink] === Infinity) break;
            for (let v = 0; v < n; v++) if (dist[v] !== Infinity) potential[v]! += dist[v]!;
            let push = limit - flow;
            for (let v = sink; v !== source; v = this.to[prevArc[v]! ^ 1]!) push = Math.min(push, this.cap[prevArc[v]!]!);
            for (let v = sink; v !== source; v = this.to[prevArc[v]! ^ 1]!) {
                const e = prevArc[v]!;
                this.cap[e]! -= push;
                this.cap[e ^ 1]! += push;
                total += push * this.cost[e]!;
            }
            flow += push;
        }
        return { flow, cost: total };
    }
}

/** A binary min-heap of (key, node), ties broken by node number (deterministic). */
class BinaryHeap {
    private keys: number[] = [];
    private vals: number[] = [];

    get size(): number {
        return this.keys.length;
    }

    private less(i: number, j: number): boolean {
        return this.keys[i]! < this.keys[j]! || (this.keys[i] === this.keys[j] && this.vals[i]! < this.vals[j]!);
    }

    private swap(i: number, j: number): void {
        [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
        [this.vals[i], this.vals[j]] = [this.vals[j]!, this.vals[i]!];
    }

    push(key: number, val: number): void {
        this.keys.push(key);
        this.vals.push(val);
        let i = this.keys.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!this.less(i, parent)) break;
            this.swap(i, parent);
            i = parent;
        }
    }

    pop(): [number, number] {
        const top: [number, number] = [this.keys[0]!, this.vals[0]!];
        const lastKey = this.keys.pop()!;
        const lastVal = this.vals.pop()!;
        if (this.keys.length) {
            this.keys[0] = lastKey;
            this.vals[0] = lastVal;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < this.keys.length && this.less(l, m)) m = l;
                if (r < this.keys.length && this.less(r, m)) m = r;
                if (m === i) break;
                this.swap(i, m);
                i = m;
            }
        }
        return top;
    }
}
