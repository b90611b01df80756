/**
 * Rebalance benchmark (`npm run bench -- rebalance`, or `tsx test/bench/rebalance.ts`): the exact solver on seeded
 * books shaped like the sample org at 200/15, 5k/100, 50k/400 and 200k/2,000 (accounts/AEs): solve time, peak RSS,
 * objective, pricing rounds, the optimality gap against HiGHS (dense LP, where it runs) and the ratio of a greedy
 * baseline's objective to the optimum. Then the API requests an apply of 50,000 owner changes makes against the double.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import loadHighs from 'highs';
import { solveAssignment, type AssignInput } from '../../scripts/core/rebalance/assign';
import { applyPlan, type SavedPlan } from '../../scripts/cli/commands/rebalance';
import { DEFAULT_POLICY, type Move } from '../../scripts/core/rebalance/plan';
import { Ux } from '../../scripts/cli/shared';
import { startDouble } from '../sfdouble/harness';
import { denseLp } from '../rebalance/oracle';
import { realisticBook } from '../rebalance/instances';

const peakMiB = () => process.resourceUsage().maxRSS / 1024;

/** The model's cost of an assignment (seller index per account). */
function modelCost(input: AssignInput, assignment: ArrayLike<number>): number {
    const m = input.sellers;
    const count = new Array<number>(m).fill(0);
    const high = new Array<number>(m).fill(0);
    let cost = 0;
    for (let i = 0; i < input.accountClass.length; i++) {
        const j = assignment[i]!;
        const owner = input.accountOwner[i]!;
        cost += input.classCost[input.accountClass[i]! * m + j]! + (owner >= 0 && j !== owner ? input.moveCost : 0);
        count[j]! += 1;
        if (input.accountBand[i] === 1) high[j]! += 1;
    }
    for (let j = 0; j < m; j++) {
        for (let u = 1; u <= count[j]! - input.min[j]!; u++) cost += input.loadCost * u;
        for (let u = 1; u <= high[j]! - Math.min(input.highTarget[j]!, input.max[j]!); u++) cost += input.potentialCost * u;
    }
    return cost;
}

/**
 * Greedy baseline (a typical ops script): keep active owners up to their maximum (pinned first), place the rest on the
 * cheapest seller with room, then fill minimums from the sellers with the most accounts above their minimum.
 */
function greedy(input: AssignInput): Int32Array {
    const m = input.sellers;
    const n = input.accountClass.length;
    const out = new Int32Array(n).fill(-1);
    const count = new Array<number>(m).fill(0);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => input.accountPinned[b]! - input.accountPinned[a]! || a - b);
    for (const i of order) {
        const o = input.accountOwner[i]!;
        if (o >= 0 && (count[o]! < input.max[o]! || input.accountPinned[i])) {
            out[i] = o;
            count[o]! += 1;
        }
    }
    for (let i = 0; i < n; i++) {
        if (out[i]! >= 0) continue;
        let best = -1;
        for (let j = 0; j < m; j++) {
            if (count[j]! >= input.max[j]!) continue;
            if (best < 0 || input.classCost[input.accountClass[i]! * m + j]! < input.classCost[input.accountClass[i]! * m + best]!)
                best = j;
        }
        out[i] = best;
        count[best]! += 1;
    }
    for (let j = 0; j < m; j++) {
        for (let i = 0; i < n && count[j]! < input.min[j]!; i++) {
            const from = out[i]!;
            if (input.accountPinned[i] || from === j || count[from]! <= input.min[from]!) continue;
            out[i] = j;
            count[from]! -= 1;
            count[j]! += 1;
        }
    }
    return out;
}

async function solverTable(): Promise<string[]> {
    const highs = await loadHighs();
    const rows = [
        '| accounts / AEs | solve | peak RSS | objective | pricing rounds (arcs) | certificate | gap vs HiGHS (time) | greedy / optimum |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |'
    ];
    const done: { n: number; m: number; book: AssignInput; objective: number; cells: string[] }[] = [];
    for (const [n, m] of [
        [200, 15],
        [5_000, 100],
        [50_000, 400],
        [200_000, 2_000]
    ] as const) {
        const book = realisticBook(n, m, n + m);
        const t0 = performance.now();
        const sol = solveAssignment(book);
        const seconds = (performance.now() - t0) / 1000;
        const rss = peakMiB();
        if (sol.status !== 'optimal') throw new Error(`${n}/${m}: ${sol.status}`);
        if (modelCost(book, sol.assignment) !== sol.objective) throw new Error(`${n}/${m}: objective does not match the assignment`);
        const g = modelCost(book, greedy(book));
        done.push({
            n,
            m,
            book,
            objective: sol.objective,
            cells: [
                `${n.toLocaleString('en-US')} / ${m.toLocaleString('en-US')}`,
                `${seconds.toFixed(2)} s`,
                `${rss.toFixed(0)} MiB`,
                String(sol.objective),
                `${sol.rounds} (${sol.arcs.toLocaleString('en-US')})`,
                sol.negativeReducedCosts === 0 ? 'optimal for all pairs' : `${sol.negativeReducedCosts} negative`,
                'not run (dense LP too large)',
                (g / sol.objective).toFixed(3)
            ]
        });
        process.stderr.write(`${n}/${m}: ${seconds.toFixed(2)} s\n`);
    }
    // HiGHS after every solve, so its wasm memory does not count in the solver's peak RSS.
    for (const d of done) {
        if (d.n * d.m > 500_000) continue;
        const h0 = performance.now();
        const r = highs.solve(denseLp(d.book), { output_flag: false } as never);
        const hs = (performance.now() - h0) / 1000;
        d.cells[6] = `${(((d.objective - r.ObjectiveValue) / Math.abs(r.ObjectiveValue)) * 100).toFixed(4)} % (HiGHS ${hs.toFixed(2)} s)`;
    }
    return [...rows, ...done.map((d) => `| ${d.cells.join(' | ')} |`)];
}

export async function applyRequests(): Promise<string> {
    const N = 50_000;
    const users = ['005000000000001AAA', '005000000000002AAA'].map((Id, i) => ({
        Id,
        Name: `AE ${i}`,
        IsActive: true,
        Username: `ae${i}@x`
    }));
    const accounts = Array.from({ length: N }, (_, i) => ({
        Name: `Account ${i}`,
        OwnerId: users[0]!.Id,
        ABM_Tier__c: '1',
        ABM_LastAssignmentRunId__c: null
    }));
    const h = await startDouble({ records: { User: users, Account: accounts, ABM_Assignment__c: [] }, org: { pollIntervalMs: 20 } });
    const dir = mkdtempSync(join(tmpdir(), 'rb-bench-'));
    try {
        const ids = (await h.org.bulkQuery('SELECT Id FROM Account')).map((r) => String(r.Id));
        const moves: Move[] = ids.map((id, i) => ({
            accountId: id,
            accountName: `Account ${i}`,
            tier: '1',
            fromId: users[0]!.Id,
            fromName: 'AE 0',
            toId: users[1]!.Id,
            toName: 'AE 1',
            reasons: ['bench']
        }));
        const saved: SavedPlan = {
            runId: 'rb-bench',
            createdAt: '2026-10-01',
            asOf: '2026-10-01',
            source: 'double',
            departuresOnly: false,
            policy: DEFAULT_POLICY,
            plan: { ok: true, infeasible: [], moves, owners: {}, metrics: [] }
        };
        const before = h.double.requests.length;
        const t0 = Date.now();
        const summary = await applyPlan(
            h.org,
            saved,
            { force: true, resume: false, runDir: join(dir, 'run'), planFile: 'plan.json', retryDelays: [] },
            new Ux(true)
        );
        const requests = h.double.requests.length - before;
        if (process.env.RB_BENCH_REQUESTS)
            for (const r of h.double.requests.slice(before))
                process.stderr.write(`${r.method} ${r.path.replace(/[0-9A-Za-z]{15,18}/g, '…')} ${r.status}\n`);
        if (summary.updated !== N || summary.verifiedWrong !== 0) throw new Error(`apply: ${JSON.stringify(summary)}`);
        return `Apply of ${N.toLocaleString('en-US')} owner changes (re-read owners, update, ${N.toLocaleString('en-US')} audit records, read-back verify): ${requests} API requests, ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    } finally {
        rmSync(dir, { recursive: true, force: true });
        await h.stop();
    }
}

export async function run(): Promise<void> {
    const rows = await solverTable();
    process.stdout.write(`${rows.join('\n')}\n`);
    process.stdout.write(`${await applyRequests()}\n`);
}

if (require.main === module) void run();
