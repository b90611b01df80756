/**
 * The exact core against an independent oracle: HiGHS (LP, wasm) solves the same model written densely; the network
 * simplex with sparse candidates + pricing must reach the same optimum, and its hard constraints must hold.
 */
import fc from 'fast-check';
import loadHighs from 'highs';
import { solveAssignment, type AssignInput } from '../../scripts/core/rebalance/assign';
import { NetworkSimplex } from '../../scripts/core/rebalance/netsimplex';
import { denseLp } from './oracle';
import { realisticBook } from './instances';

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highs: Highs;
beforeAll(async () => {
    highs = await loadHighs();
});

const lpOptimum = (lp: string): number | null => {
    const r = highs.solve(lp, { output_flag: false } as never);
    if (r.Status === 'Infeasible') return null;
    if (r.Status !== 'Optimal') throw new Error(`HiGHS: ${r.Status}`);
    return r.ObjectiveValue;
};

const assignInstance = fc
    .record({
        m: fc.integer({ min: 1, max: 5 }),
        n: fc.integer({ min: 1, max: 30 }),
        classes: fc.integer({ min: 1, max: 4 }),
        k: fc.integer({ min: 1, max: 3 }),
        seed: fc.integer({ min: 1, max: 1e9 })
    })
    .map(({ m, n, classes, k, seed }): AssignInput => {
        let s = seed;
        const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
        const ri = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
        const max = Array.from({ length: m }, () => Math.ceil(n / m) + ri(0, 3));
        const min = max.map((x) => Math.max(0, Math.min(x, Math.floor(n / m) - ri(0, 3))));
        const accountOwner = Array.from({ length: n }, () => (r() < 0.15 ? -1 : ri(0, m - 1)));
        return {
            sellers: m,
            min,
            max,
            highTarget: max.map((x) => Math.ceil(x / 4)),
            classes,
            classCost: Array.from({ length: classes * m }, () => [0, 60, 100, 160][ri(0, 3)]!),
            accountClass: Array.from({ length: n }, () => ri(0, classes - 1)),
            accountBand: Array.from({ length: n }, () => (r() < 0.25 ? 1 : 0)),
            accountOwner,
            accountPinned: accountOwner.map(() => (r() < 0.1 ? 1 : 0)),
            moveCost: ri(0, 120),
            loadCost: ri(0, 5),
            potentialCost: ri(0, 8),
            k
        };
    });

/** Cost of an assignment under the model, computed from the definition (not from the solver's network). */
function modelCost(input: AssignInput, assignment: ArrayLike<number>): number {
    const m = input.sellers;
    let cost = 0;
    const count = new Array<number>(m).fill(0);
    const high = new Array<number>(m).fill(0);
    const useBands = Array.from(input.accountBand).some((b) => b === 1);
    for (let i = 0; i < input.accountClass.length; i++) {
        const j = assignment[i]!;
        const owner = input.accountOwner[i]!;
        cost += input.classCost[input.accountClass[i]! * m + j]! + (owner >= 0 && j !== owner ? input.moveCost : 0);
        count[j]! += 1;
        if (input.accountBand[i] === 1) high[j]! += 1;
    }
    for (let j = 0; j < m; j++) {
        for (let u = 1; u <= count[j]! - input.min[j]!; u++) cost += input.loadCost * u;
        const t = Math.min(input.highTarget[j]!, input.max[j]!);
        if (useBands) for (let u = 1; u <= high[j]! - t; u++) cost += input.potentialCost * u;
    }
    return cost;
}

describe('network simplex', () => {
    it('equals the HiGHS LP optimum on random min-cost flows with lower bounds, and detects infeasibility', () => {
        fc.assert(
            fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 1e9 }), (n, seed) => {
                let s = seed;
                const r = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
                const ri = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
                const arcs: [number, number, number, number, number][] = [];
                for (let k = ri(2 * n, 4 * n); k > 0; k--) {
                    const a = ri(0, n - 1);
                    const b = (a + ri(1, n - 1)) % n;
                    const lo = r() < 0.2 ? ri(0, 2) : 0;
                    arcs.push([a, b, lo, lo + ri(0, 9), ri(-5, 10)]);
                }
                const supply = Array.from({ length: n }, () => ri(-2, 2));
                supply[0]! -= supply.reduce((x, y) => x + y, 0);
                const ns = new NetworkSimplex(n);
                for (const [a, b, lo, up, c] of arcs) ns.addArc(a, b, lo, up, c);
                supply.forEach((v, i) => ns.setSupply(i, v));
                const status = ns.solve();
                const obj = arcs.map(([, , , , c], k) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} x${k}`).join(' ');
                const rows = supply.map((v, u) => {
                    const terms = arcs.map(([a, b], k) => (a === u ? ` + x${k}` : b === u ? ` - x${k}` : '')).join('');
                    return ` c${u}: ${terms || ' 0 x0'} = ${v}`;
                });
                const bounds = arcs.map(([, , lo, up], k) => ` ${lo} <= x${k} <= ${up}`);
                const best = lpOptimum(`Minimize\n obj: ${obj}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`);
                if (best === null) return status === 'infeasible';
                if (status !== 'optimal' || ns.totalCost() !== best) return false;
                // Complementary slackness: the potentials certify the optimum.
                return arcs.every(([a, b, lo, up, c], k) => {
                    const f = ns.flow(k);
                    const rc = c + ns.potential(a) - ns.potential(b);
                    return !((f === lo && f < up && rc < 0) || (f === up && f > lo && rc > 0) || (f > lo && f < up && rc !== 0));
                });
            }),
            { numRuns: 400, seed: 11 }
        );
    });
});

describe('solveAssignment (sparse candidates + pricing)', () => {
    it('reaches the dense HiGHS optimum on random instances, with the pricing certificate and every window kept', () => {
        fc.assert(
            fc.property(assignInstance, (input) => {
                const sol = solveAssignment(input);
                const best = lpOptimum(denseLp(input));
                if (best === null) return sol.status === 'infeasible';
                if (sol.status !== 'optimal' || sol.negativeReducedCosts !== 0) return false;
                const count = new Array<number>(input.sellers).fill(0);
                for (let i = 0; i < input.accountClass.length; i++) {
                    const j = sol.assignment[i]!;
                    if (j < 0 || j >= input.sellers) return false;
                    if (input.accountPinned[i] && input.accountOwner[i]! >= 0 && j !== input.accountOwner[i]) return false;
                    count[j]! += 1;
                }
                const windowsKept = count.every((c, j) => c >= input.min[j]! && c <= input.max[j]!);
                return windowsKept && Math.abs(sol.objective - best) < 1e-6 && modelCost(input, sol.assignment) === sol.objective;
            }),
            { numRuns: 250, seed: 5 }
        );
    });

    it('adds the arcs that pricing finds when the first candidates are too few (k = 1), and still reaches the optimum', () => {
        const book = realisticBook(300, 12, 9, 1);
        const sol = solveAssignment(book);
        expect(sol.status).toBe('optimal');
        expect(sol.rounds).toBeGreaterThan(1);
        expect(sol.negativeReducedCosts).toBe(0);
        expect(sol.objective).toBeCloseTo(lpOptimum(denseLp(book))!, 6);
    });

    it('is deterministic', () => {
        const book = realisticBook(2000, 40, 3);
        expect(Array.from(solveAssignment(book).assignment)).toEqual(Array.from(solveAssignment(book).assignment));
    });
});
