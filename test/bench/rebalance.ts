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
import { applyPlan, sealRebalancePlan } from '../../scripts/cli/commands/rebalance';
import { targetOf } from '../../scripts/cli/runs';
import { DEFAULT_POLICY, type Move } from '../../scripts/core/rebalance/plan';
import { Ux } from '../../scripts/cli/shared';
import { aeSellers, startDouble, type Harness } from '../sfdouble/harness';
import type { RecordedRequest } from '../sfdouble/double';
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

/**
 * The recorded requests of an apply, by phase: each Bulk API 2.0 job (named by its kind, object and order) and the
 * requests that belong to no job. A job's requests: create, upload, close, polls (GET of the job) and result downloads.
 */
function phases(h: Harness, requests: RecordedRequest[]): string {
    const seen = new Map<string, { label: string; calls: RecordedRequest[] }>();
    const other: RecordedRequest[] = [];
    const created = new Map<string, number>();
    // The create call answers before its id is known from the path: attach it to the next job seen.
    const pendingCreates: RecordedRequest[] = [];
    for (const r of requests) {
        const id = /\/jobs\/(?:ingest|query)\/(750\w+)/.exec(r.path)?.[1];
        if (!id) {
            if (r.method === 'POST' && /\/jobs\/(ingest|query)$/.test(r.path)) pendingCreates.push(r);
            else other.push(r);
            continue;
        }
        let phase = seen.get(id);
        if (!phase) {
            const job = h.double.jobs.get(id);
            const name = job ? `${job.kind === 'query' ? 'bulk query' : `ingest ${job.operation}`} ${job.object}` : `job ${id}`;
            const n = (created.get(name) ?? 0) + 1;
            created.set(name, n);
            phase = { label: n > 1 ? `${name} #${n}` : name, calls: pendingCreates.splice(0, 1) };
            seen.set(id, phase);
        }
        phase.calls.push(r);
    }
    other.push(...pendingCreates);
    const describeCalls = (calls: RecordedRequest[]) => {
        const kinds = new Map<string, number>();
        for (const r of calls) {
            const kind =
                r.method === 'POST'
                    ? 'create'
                    : r.method === 'PUT'
                      ? 'upload'
                      : r.method === 'PATCH'
                        ? 'close'
                        : /\/(results|successfulResults|failedResults|unprocessedrecords)$/.test(r.path)
                          ? r.path.split('/').pop()!
                          : /\/jobs\/(ingest|query)\/750\w+$/.test(r.path)
                            ? 'polls'
                            : `${r.method} ${r.path.replace(/\/services\/data\/v[\d.]+/, '')}`;
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
        return [...kinds].map(([k, n]) => (k === 'polls' ? (n > 1 ? `${n} polls` : '1 poll') : n > 1 ? `${n} ${k}` : k)).join(', ');
    };
    const parts = [...seen.values()].map((p) => `${p.label} ${p.calls.length} (${describeCalls(p.calls)})`);
    if (other.length) parts.push(`other ${other.length} (${describeCalls(other)})`);
    return parts.join('; ');
}

/** One apply of 50,000 owner changes on a fresh double whose bulk jobs spend `bulkPolls` polls InProgress. */
async function applyOnce(bulkPolls: number): Promise<{ requests: number; breakdown: string; seconds: number }> {
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
    const h = await startDouble({
        records: {
            User: users,
            // Both users are AEs with room for the whole book (apply re-checks every target is an eligible seller).
            ABM_Seller__c: aeSellers(users, N),
            Account: accounts,
            ABM_Assignment__c: []
        },
        org: { pollIntervalMs: 20 },
        double: { bulkPolls }
    });
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
        const saved = sealRebalancePlan({
            runId: 'rb-bench',
            createdAt: '2026-10-01',
            asOf: '2026-10-01',
            source: 'double',
            target: await targetOf(h.org),
            departuresOnly: false,
            policy: DEFAULT_POLICY,
            plan: { ok: true, infeasible: [], moves, owners: {}, metrics: [], secondaryChanges: [], secondaryMetrics: [] }
        });
        const before = h.double.requests.length;
        const t0 = Date.now();
        const summary = await applyPlan(
            h.org,
            saved,
            { force: true, resume: false, runsDir: dir, planFile: 'plan.json', retryDelays: [] },
            new Ux(true)
        );
        const seconds = (Date.now() - t0) / 1000;
        const recorded = h.double.requests.slice(before);
        if (process.env.RB_BENCH_REQUESTS)
            for (const r of recorded) process.stderr.write(`${r.method} ${r.path.replace(/[0-9A-Za-z]{15,18}/g, '…')} ${r.status}\n`);
        if (summary.updated !== N || summary.verifiedWrong !== 0) throw new Error(`apply: ${JSON.stringify(summary)}`);
        return { requests: recorded.length, breakdown: phases(h, recorded), seconds };
    } finally {
        rmSync(dir, { recursive: true, force: true });
        await h.stop();
    }
}

/**
 * API requests of an apply of 50,000 owner changes (re-read owners, update, 50,000 audit records, read-back verify): with
 * every bulk job InProgress at its first poll and done at the second (the double's default), and done at the first poll.
 */
export async function applyRequests(): Promise<string> {
    const lines: string[] = [];
    for (const [bulkPolls, when] of [
        [1, 'each bulk job done at its 2nd poll'],
        [0, 'each bulk job done at its 1st poll']
    ] as const) {
        const r = await applyOnce(bulkPolls);
        lines.push(`Apply of 50,000 owner changes, ${when}: ${r.requests} API requests, ${r.seconds.toFixed(1)} s. ${r.breakdown}`);
    }
    return lines.join('\n');
}

export async function run(): Promise<void> {
    const rows = await solverTable();
    process.stdout.write(`${rows.join('\n')}\n`);
    process.stdout.write(`${await applyRequests()}\n`);
}

if (require.main === module) void run();
