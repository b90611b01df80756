/**
 * Crash consistency on the Salesforce API double. `abm rebalance apply`, `--resume` and `rollback` are cut at every
 * request boundary: before the server handles request k (it never happens), and after it handled it but before the
 * answer arrives (it happened; the client never hears). Every later request fails, as if the process were gone, and the
 * run folder is put back as it was at that moment (files a dead process could not have written are undone). Then the
 * run is resumed, or rolled back, and the org must be exactly as planned, or exactly as before, with the account teams
 * kept and an audit trail of exactly one record per change and per restore.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import { Ux } from '../../scripts/cli/shared';
import { startDouble, type Harness } from '../sfdouble/harness';
import { crashBook } from './book';
import { crashing, crashPoints, storedOrg } from './helpers';

jest.setTimeout(1_800_000);

const quiet = new Ux(true);
const work = mkdtempSync(join(tmpdir(), 'abm-crash-double-'));
const planFile = join(work, 'plan', 'plan.json');
type Saved = {
    runId: string;
    plan: { moves: { accountId: string; toId: string }[]; secondaryChanges: { accountId: string; toId: string | null }[] };
};
let saved: Saved;

// No retries: after a crash every request fails (nobody is left to answer), so a retry only fails again (and the run
// folder is put back as it was at the crash). Without a crash no request fails, so there is nothing to retry.
const fresh = () =>
    startDouble({
        records: structuredClone(crashBook()),
        now: () => new Date('2026-10-02T09:00:00Z'),
        org: { retryBaseMs: 0, maxRetries: 0 }
    });
const applyOptions = (runsDir: string, resume: boolean) => ({
    ...rebalance.parseApplyOptions([
        '--plan',
        planFile,
        '--target-org',
        'crash',
        '--runs-dir',
        runsDir,
        '--as-of',
        '2026-10-02',
        '--fiscal-start-month',
        '1'
    ]),
    resume,
    retryDelays: [1]
});
const apply = (h: Harness, runsDir: string, resume = false) => rebalance.executeApply(applyOptions(runsDir, resume), quiet, { org: h.org });
const rollback = (h: Harness, runsDir: string) =>
    rebalance.executeRollback({ runId: saved.runId, runsDir, force: false, targetOrg: 'crash' }, quiet, { org: h.org });

type State = { owners: Map<string, string>; secondary: Map<string, string>; team: string[]; audit: string[] };

/** The org as the double holds it (read from its store: storedOrg). */
async function state(h: Harness): Promise<State> {
    const org = storedOrg(h);
    const accounts = await org.query('SELECT Id, OwnerId, ABM_SecondaryOwner__c FROM Account');
    const team = await org.query('SELECT AccountId, UserId, TeamMemberRole FROM AccountTeamMember');
    const audit = await org.query('SELECT Account__c, Role__c, RunId__c FROM ABM_Assignment__c');
    return {
        owners: new Map(accounts.map((a) => [String(a.Id), String(a.OwnerId)])),
        secondary: new Map(accounts.map((a) => [String(a.Id), String(a.ABM_SecondaryOwner__c ?? '')])),
        team: team.map((t) => `${String(t.AccountId)}|${String(t.UserId)}|${String(t.TeamMemberRole)}`).sort(),
        audit: audit.map((a) => `${String(a.RunId__c)}|${String(a.Account__c)}|${String(a.Role__c)}`).sort()
    };
}

/** Requests a run makes, counted on a fresh double. */
async function boundaries(prepare: (h: Harness, runs: string) => Promise<unknown>, run: (h: Harness, runs: string) => Promise<unknown>) {
    const h = await fresh();
    const runs = mkdtempSync(join(work, 'count-'));
    try {
        await prepare(h, runs);
        h.double.crashAt(Number.POSITIVE_INFINITY);
        await run(h, runs);
        return h.double.recover();
    } finally {
        await h.stop();
    }
}

let initial: State;

function expectPlanned(s: State): void {
    for (const m of saved.plan.moves) expect(s.owners.get(m.accountId)).toBe(m.toId);
    for (const c of saved.plan.secondaryChanges) expect(s.secondary.get(c.accountId)).toBe(c.toId ?? '');
    const planned = new Set(saved.plan.moves.map((m) => m.accountId));
    for (const [id, owner] of initial.owners) if (!planned.has(id)) expect(s.owners.get(id)).toBe(owner);
    expect(s.team).toEqual(initial.team);
    // Exactly one audit record per change of the run, none for anything else.
    const expected = [
        ...saved.plan.moves.map((m) => `${saved.runId}|${m.accountId}|AE`),
        ...saved.plan.secondaryChanges.map((c) => `${saved.runId}|${c.accountId}|Secondary owner`)
    ].sort();
    expect(s.audit).toEqual(expected);
}

function expectRolledBack(s: State): void {
    expect(s.owners).toEqual(initial.owners);
    expect(s.secondary).toEqual(initial.secondary);
    expect(s.team).toEqual(initial.team);
    // Each change the run made is audited once, and so is its restore; nothing else.
    const applied = s.audit.filter((a) => a.startsWith(`${saved.runId}|`)).map((a) => a.slice(saved.runId.length));
    const restored = s.audit.filter((a) => a.startsWith(`${saved.runId}-rollback|`)).map((a) => a.slice(`${saved.runId}-rollback`.length));
    expect(restored).toEqual(applied);
    expect(new Set(applied).size).toBe(applied.length);
    expect(s.audit).toHaveLength(applied.length + restored.length);
}

const tally = { apply: 0, resume: 0, rollback: 0 };

beforeAll(async () => {
    const h = await fresh();
    try {
        initial = await state(h);
        writeFileSync(join(work, 'policy.json'), JSON.stringify({ churnBudget: 1, includeTier2: false }));
        await rebalance.executePlan(
            {
                ...rebalance.parsePlanOptions(['--out', join(work, 'plan'), '--policy', join(work, 'policy.json'), '--as-of', '2026-10-02'])
            },
            quiet,
            { org: h.org }
        );
        saved = JSON.parse(readFileSync(planFile, 'utf8')) as Saved;
        expect(saved.plan.moves.length).toBeGreaterThan(10);
        expect(saved.plan.secondaryChanges.length).toBeGreaterThan(0);
    } finally {
        await h.stop();
    }
});

afterAll(() => {
    process.stderr.write(
        `crash points covered on the API double: apply ${tally.apply}, resume ${tally.resume}, rollback ${tally.rollback} (each before and after the server's work)\n`
    );
});

it('apply cut at every request boundary, then --resume: exactly the plan, teams kept, every change audited once', async () => {
    const n = await boundaries(
        async () => undefined,
        (h, runs) => apply(h, runs)
    );
    expect(n).toBeGreaterThan(8);
    for (const [k, when] of crashPoints(n)) {
        const h = await fresh();
        const runs = mkdtempSync(join(work, `apply-${k}-${when}-`));
        try {
            expect(await crashing(h, runs, k, when, () => apply(h, runs))).toBe(true);
            const resumed = await apply(h, runs, true);
            expect({ k, when, status: resumed.status }).toEqual({ k, when, status: 0 });
            expectPlanned(await state(h));
            tally.apply++;
        } finally {
            await h.stop();
        }
    }
});

it('apply cut at every request boundary, then rollback: exactly the org before, every change and restore audited once', async () => {
    const n = await boundaries(
        async () => undefined,
        (h, runs) => apply(h, runs)
    );
    for (const [k, when] of crashPoints(n)) {
        const h = await fresh();
        const runs = mkdtempSync(join(work, `undo-${k}-${when}-`));
        try {
            await crashing(h, runs, k, when, () => apply(h, runs));
            const started = existsSync(join(runs, saved.runId, 'run.json'));
            const undone = await rollback(h, runs).then(
                (r) => r.status,
                (e: Error) => e.message
            );
            // A crash before the run folder existed leaves nothing to roll back (and nothing was written).
            if (started) expect({ k, when, undone }).toEqual({ k, when, undone: 0 });
            else expect(String(undone)).toMatch(/No run /);
            expectRolledBack(await state(h));
        } finally {
            await h.stop();
        }
    }
});

it('--resume cut at every request boundary (after an apply cut right after its owner update), then resumed again', async () => {
    // Where the first apply is cut: just after the server made the owner update (the answer lost).
    const updateAt = await (async () => {
        const h = await fresh();
        const runs = mkdtempSync(join(work, 'find-'));
        try {
            h.double.crashAt(Number.POSITIVE_INFINITY);
            const before = h.double.requests.length;
            await apply(h, runs);
            h.double.recover();
            return h.double.requests.slice(before).findIndex((r) => r.method === 'PATCH' && r.path.includes('/composite/sobjects')) + 1;
        } finally {
            await h.stop();
        }
    })();
    expect(updateAt).toBeGreaterThan(0);
    const cutApply = async (h: Harness, runs: string) => {
        await crashing(h, runs, updateAt, 'after', () => apply(h, runs));
    };
    const n = await boundaries(cutApply, (h, runs) => apply(h, runs, true));
    for (const [k, when] of crashPoints(n)) {
        const h = await fresh();
        const runs = mkdtempSync(join(work, `resume-${k}-${when}-`));
        try {
            await cutApply(h, runs);
            await crashing(h, runs, k, when, () => apply(h, runs, true));
            const resumed = await apply(h, runs, true);
            expect({ k, when, status: resumed.status }).toEqual({ k, when, status: 0 });
            expectPlanned(await state(h));
            tally.resume++;
        } finally {
            await h.stop();
        }
    }
});

it('rollback cut at every request boundary, then rolled back again: exactly the org before', async () => {
    const full = async (h: Harness, runs: string) => {
        expect((await apply(h, runs)).status).toBe(0);
    };
    const n = await boundaries(full, (h, runs) => rollback(h, runs));
    for (const [k, when] of crashPoints(n)) {
        const h = await fresh();
        const runs = mkdtempSync(join(work, `rb-${k}-${when}-`));
        try {
            await full(h, runs);
            await crashing(h, runs, k, when, () => rollback(h, runs));
            const again = await rollback(h, runs);
            expect({ k, when, status: again.status }).toEqual({ k, when, status: 0 });
            expectRolledBack(await state(h));
            tally.rollback++;
        } finally {
            await h.stop();
        }
    }
});
