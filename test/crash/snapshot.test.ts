/**
 * Crash consistency on the snapshot adapter: the real CLI (a child process) applies a rebalance to a snapshot folder and
 * is killed (SIGKILL) or interrupted (SIGINT) at each durable commit it makes — every atomic file write of the run folder
 * and the snapshot's CSVs ends in a rename or link, and the failpoint (failpoint.cjs) stops the process right there.
 * After SIGKILL the run is resumed or rolled back; after SIGINT the command must have said what happened and printed the
 * command that resumes it (exit 130), then the run is resumed. The same for a rollback killed at each commit. The final
 * snapshot must be exactly as planned (or as before), its CSVs whole, with one audit row per change and per restore.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import { Ux } from '../../scripts/cli/shared';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { crashSnapshot } from './book';
import { cliWithFailpoint as cli, commitsInProcess, loggedCommits } from './helpers';

jest.setTimeout(3_600_000);

const quiet = new Ux(true);
const work = mkdtempSync(join(tmpdir(), 'abm-crash-snap-'));
const pristine = crashSnapshot(join(work, 'pristine'));
const planDir = join(work, 'plan');
type Saved = {
    runId: string;
    plan: { moves: { accountId: string; toId: string }[]; secondaryChanges: { accountId: string; toId: string | null }[] };
};
let saved: Saved;

const csv = (dir: string, object: string) =>
    parse(readFileSync(join(dir, `${object}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];

function state(dir: string) {
    const accounts = csv(dir, 'Account');
    return {
        owners: new Map(accounts.map((a) => [a.Id!, a.OwnerId!])),
        secondary: new Map(accounts.map((a) => [a.Id!, a.ABM_SecondaryOwner__c ?? ''])),
        team: readFileSync(join(dir, 'AccountTeamMember.csv'), 'utf8'),
        audit: csv(dir, 'ABM_Assignment__c')
            .map((a) => `${a.RunId__c}|${a.Account__c}|${a.Role__c}`)
            .sort(),
        temps: readdirSync(dir).filter((f) => f.endsWith('.tmp'))
    };
}
const initial = state(pristine);

function expectPlanned(dir: string): void {
    const s = state(dir);
    for (const m of saved.plan.moves) expect(s.owners.get(m.accountId)).toBe(m.toId);
    for (const c of saved.plan.secondaryChanges) expect(s.secondary.get(c.accountId)).toBe(c.toId ?? '');
    expect(s.team).toBe(initial.team);
    expect(s.audit).toEqual(
        [
            ...saved.plan.moves.map((m) => `${saved.runId}|${m.accountId}|AE`),
            ...saved.plan.secondaryChanges.map((c) => `${saved.runId}|${c.accountId}|Secondary owner`)
        ].sort()
    );
    expect(s.temps).toEqual([]);
}

function expectRolledBack(dir: string): void {
    const s = state(dir);
    expect(s.owners).toEqual(initial.owners);
    expect(s.secondary).toEqual(initial.secondary);
    const applied = s.audit.filter((a) => a.startsWith(`${saved.runId}|`)).map((a) => a.slice(saved.runId.length));
    const restored = s.audit.filter((a) => a.startsWith(`${saved.runId}-rollback|`)).map((a) => a.slice(`${saved.runId}-rollback`.length));
    expect(restored).toEqual(applied);
    expect(s.audit).toHaveLength(applied.length * 2);
    expect(s.temps).toEqual([]);
}

let scenario = 0;
/** The scenario's snapshot, a fresh copy of the book, always at the same path (the plan's target is that folder). */
function copy(): { snap: string; runs: string } {
    const base = join(work, 'scenario');
    rmSync(base, { recursive: true, force: true });
    cpSync(pristine, join(base, 'org'), { recursive: true });
    return { snap: join(base, 'org'), runs: join(base, 'runs') };
}
const applyArgs = (snap: string, runs: string) => [
    'rebalance',
    'apply',
    '--plan',
    join(planDir, 'plan.json'),
    '--snapshot',
    snap,
    '--runs-dir',
    runs
];
/** In process, as the next command after the crash would be run (SnapshotOrg.open removes the dead process's temp files). */
const applyInProcess = async (snap: string, runs: string, flags: string[] = []) =>
    rebalance.executeApply({ ...rebalance.parseApplyOptions([...applyArgs(snap, runs).slice(2), ...flags]) }, quiet, {
        org: await SnapshotOrg.open(snap)
    });
const resume = (snap: string, runs: string) => applyInProcess(snap, runs, ['--resume']);
const rollback = async (snap: string, runs: string) =>
    rebalance.executeRollback({ runId: saved.runId, runsDir: runs, force: false, snapshot: snap }, quiet, {
        org: await SnapshotOrg.open(snap)
    });

/** Commits of a clean run of the CLI. */
async function commits(args: string[], dirs: string[]): Promise<number> {
    const log = join(work, `commits-${++scenario}.log`);
    writeFileSync(log, '');
    const r = await cli(args, dirs, 0, 'SIGKILL', log);
    expect({ code: r.code, stderr: r.code ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
    return loggedCommits(log);
}

const tally = { sigkill: 0, sigint: 0, rollback: 0 };
/**
 * Commits of a clean apply, counted once (the SIGKILL and the SIGINT test cut the same run), in this process: the SIGINT
 * test's child interrupted at the last of them must finish after exactly as many.
 */
let applyCommits = 0;
beforeAll(async () => {
    writeFileSync(join(work, 'policy.json'), JSON.stringify({ churnBudget: 1, includeTier2: false }));
    const org = await SnapshotOrg.open(copy().snap);
    await rebalance.executePlan(rebalance.parsePlanOptions(['--out', planDir, '--policy', join(work, 'policy.json')]), quiet, { org });
    saved = JSON.parse(readFileSync(join(planDir, 'plan.json'), 'utf8')) as Saved;
    expect(saved.plan.moves.length).toBeGreaterThan(10);
    const a = copy();
    applyCommits = await commitsInProcess([a.snap, a.runs], async () => expect((await applyInProcess(a.snap, a.runs)).status).toBe(0));
});
afterAll(() =>
    appendFileSync(
        join(tmpdir(), 'abm-crash-points.log'),
        `snapshot adapter: apply killed (SIGKILL) at ${tally.sigkill} commits, interrupted (SIGINT) at ${tally.sigint}, rollback killed at ${tally.rollback}\n`
    )
);

it('apply killed (SIGKILL) at every commit, then resumed (even commits) or rolled back (odd ones): exactly the plan, or the org before', async () => {
    const n = applyCommits;
    expect(n).toBeGreaterThan(6);
    for (let k = 1; k <= n; k++) {
        const { snap, runs } = copy();
        const killed = await cli(applyArgs(snap, runs), [snap, runs], k, 'SIGKILL');
        expect({ k, signal: killed.signal }).toEqual({ k, signal: 'SIGKILL' });
        if (k % 2 === 0) {
            expect((await resume(snap, runs)).status).toBe(0);
            expectPlanned(snap);
        } else {
            const undone = await rollback(snap, runs).then(
                (r) => r.status,
                (e: Error) => e.message
            );
            // Killed before the run folder existed: nothing to roll back, and nothing was written.
            if (existsSync(join(runs, saved.runId, 'run.json'))) expect({ k, undone }).toEqual({ k, undone: 0 });
            else expect(String(undone)).toMatch(/No run /);
            expectRolledBack(snap);
        }
        tally.sigkill++;
    }
});

it('apply interrupted (SIGINT) at every commit: it says what happened and how to resume (exit 130), and --resume finishes it', async () => {
    const n = applyCommits;
    for (let k = 1; k <= n; k++) {
        const { snap, runs } = copy();
        const log = join(work, `sigint-${k}.log`);
        writeFileSync(log, '');
        const stopped = await cli(applyArgs(snap, runs), [snap, runs], k, 'SIGINT', log);
        // Interrupted just before its last commit (which goes ahead): it finishes, after exactly the commits counted for
        // a clean apply (the CLI makes as many as the in-process apply did, so no commit of it goes uncut).
        if (k === n) expect({ code: stopped.code, commits: loggedCommits(log) }).toEqual({ code: 0, commits: n });
        if (stopped.code === 130) {
            expect(stopped.stderr).toMatch(/Interrupt/);
            if (existsSync(join(runs, saved.runId, 'run.json')))
                expect(stopped.stderr).toContain(
                    `Try: abm rebalance apply --plan ${join(planDir, 'plan.json')} --resume --snapshot ${snap} --runs-dir ${runs}`
                );
        } else expect({ k, code: stopped.code }).toEqual({ k, code: 0 }); // past the last safe point: it finished
        expect((await resume(snap, runs)).status).toBe(0);
        expectPlanned(snap);
        tally.sigint++;
    }
});

it('rollback killed (SIGKILL) at every commit, then rolled back again: exactly the org before', async () => {
    const a = copy();
    expect((await resume(a.snap, a.runs)).status).toBe(0);
    const rollbackArgs = (snap: string, runs: string) => [
        'rebalance',
        'rollback',
        '--run',
        saved.runId,
        '--snapshot',
        snap,
        '--runs-dir',
        runs
    ];
    const n = await commits(rollbackArgs(a.snap, a.runs), [a.snap, a.runs]);
    expect(n).toBeGreaterThan(2);
    for (let k = 1; k <= n; k++) {
        const { snap, runs } = copy();
        expect((await resume(snap, runs)).status).toBe(0);
        const killed = await cli(rollbackArgs(snap, runs), [snap, runs], k, 'SIGKILL');
        expect({ k, signal: killed.signal }).toEqual({ k, signal: 'SIGKILL' });
        expect((await rollback(snap, runs)).status).toBe(0);
        expectRolledBack(snap);
        tally.rollback++;
    }
});
