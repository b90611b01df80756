/**
 * Crash consistency of every write command on the Salesforce API double, one table: tier, load accounts and load signals
 * (rebalance has its own, deeper suite in double.test.ts). Each command's apply is cut at every request boundary, before
 * the server handles request k (it never happens) and after (it happened; the answer is lost), with the run folder put
 * back as it was at that moment. Then:
 *   - `--resume` must end exactly where an uninterrupted apply ends (the same records, the same audit trail), and a
 *     rollback after it exactly where the org began;
 *   - or, instead of resuming, a rollback must end exactly where the org began (a crash before the run folder existed
 *     leaves nothing to roll back, and nothing was written);
 *   - and a rollback cut at every request boundary, then run again, ends where the org began.
 * "Exactly": every field the command writes, every record it creates or deletes, and every audit record, compared with
 * the uninterrupted run (created records are named by their domain, not their generated Id).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as load from '../../scripts/cli/commands/load';
import { applyAccountPlan, applySignalPlan, rollbackLoad } from '../../scripts/cli/commands/load-write';
import * as tier from '../../scripts/cli/commands/tier';
import { integrityOf, targetOf } from '../../scripts/cli/runs';
import { Ux } from '../../scripts/cli/shared';
import type { Org } from '../../scripts/org/index';
import { startDouble, type Harness } from '../sfdouble/harness';
import { runCommand, tinySnapshot } from '../load/helpers';
import { crashSnapshot } from './book';
import { crashing, crashPoints, expectRolledBack as expectRolledBackTo, storedOrg, writtenState, type WrittenState } from './helpers';

jest.setTimeout(1_800_000);

const quiet = new Ux(true);
const work = mkdtempSync(join(tmpdir(), 'abm-crash-commands-'));
const ORG = '--target-org double';

type Outcome = { status: number };
type Command = {
    name: string;
    /** The book, as a snapshot folder (the double serves it; it is never written). */
    book: string;
    /** Plan with the real command on the book (a snapshot folder); returns the plan file. */
    plan(book: string, out: string): Promise<string>;
    apply(org: Org, planFile: string, runs: string, resume: boolean): Promise<Outcome>;
    rollback(org: Org, runId: string, runs: string): Promise<Outcome>;
};

const loadApply = (org: Org, planFile: string, runsDir: string, resume: boolean, signals: boolean) =>
    (signals ? applySignalPlan : applyAccountPlan)(org, { planFile, force: false, resume, runsDir, orgFlag: ORG }, quiet);
const loadRollback = (org: Org, runId: string, runsDir: string) => rollbackLoad(org, { runId, force: false, runsDir, orgFlag: ORG }, quiet);

async function planned(r: Promise<{ status: number; error?: Error }>, file: string): Promise<string> {
    const done = await r;
    if (done.status !== 0) throw done.error ?? new Error(`planning failed (${done.status})`);
    return file;
}

const COMMANDS: Command[] = [
    {
        name: 'tier',
        book: crashSnapshot(join(work, 'tier-book')),
        plan: (book, out) =>
            tier
                .executeTierPlan({ snapshot: book, tier1Size: '12', tier2Size: '10', asOf: '2026-10-02', out }, quiet)
                .then(() => join(out, 'plan.json')),
        apply: (org, planFile, runsDir, resume) =>
            tier.executeTierApply({ planFile, targetOrg: 'double', force: false, resume, runsDir }, quiet, { org }),
        rollback: (org, runId, runsDir) => tier.executeTierRollback({ runId, targetOrg: 'double', force: false, runsDir }, quiet, { org })
    },
    (() => {
        const book = tinySnapshot();
        const list = join(work, 'accounts.csv');
        // Acme changes tier and owner (audited), Beta gains an industry, Gamma and Delta are new (created; Gamma with an owner).
        writeFileSync(
            list,
            'Name,Website,Tier,Owner Email,Industry\nAcme,acme.com,2,cy@corp.example,Technology\nBeta Group,beta.io,2,,Finance\nGamma,gamma.dev,3,ada@corp.example,Retail\nDelta,delta.example,3,,Retail\n'
        );
        return {
            name: 'load accounts',
            book,
            plan: (dir: string, out: string) =>
                planned(
                    runCommand(load, [
                        ...['accounts', '--snapshot', dir, '--source', `ops=${list}`, '--precedence', 'name=org,ops'],
                        ...['--out', out, '--as-of', '2026-10-02']
                    ]),
                    join(out, 'plan.json')
                ),
            apply: (org: Org, planFile: string, runs: string, resume: boolean) => loadApply(org, planFile, runs, resume, false),
            rollback: loadRollback
        };
    })(),
    (() => {
        const book = tinySnapshot();
        const file = join(work, 'signals.csv');
        writeFileSync(
            file,
            'Domain,Topic,Score,Provider,Week Of\nacme.com,CRM,80,G2,2026-09-21\nbeta.io,AI,60,G2,2026-09-22\nacme.com,Security,70,Bombora,2026-09-28\n'
        );
        return {
            name: 'load signals',
            book,
            plan: (dir: string, out: string) =>
                planned(runCommand(load, ['signals', '--snapshot', dir, '--file', file, '--out', out]), join(out, 'plan.json')),
            apply: (org: Org, planFile: string, runs: string, resume: boolean) => loadApply(org, planFile, runs, resume, true),
            rollback: loadRollback
        };
    })()
];

const state = (h: Harness) => writtenState(storedOrg(h));
type State = WrittenState;

const tally: string[] = [];
afterAll(() => process.stderr.write(`crash points covered on the API double: ${tally.join('; ')}\n`));

describe.each(COMMANDS.map((c) => [c.name, c] as const))('%s', (_name, command) => {
    // No retries: after a crash every request fails (nobody is left to answer), so a retry only fails again (and the
    // run folder is put back as it was at the crash). Without a crash no request fails, so there is nothing to retry.
    const fresh = () =>
        startDouble({ snapshotDir: command.book, now: () => new Date('2026-10-02T09:00:00Z'), org: { retryBaseMs: 0, maxRetries: 0 } });
    let planFile = '';
    let runId = '';
    let initial: State;
    let applied: State;
    const requests = { apply: 0, rollback: 0 };

    beforeAll(async () => {
        const out = mkdtempSync(join(work, 'plan-'));
        const file = await command.plan(command.book, out);
        const h = await fresh();
        try {
            // The plan was made on the book as a snapshot folder; the double serves the same records: re-target it there.
            const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { runId: string };
            raw.target = await targetOf(h.org);
            raw.integrity = integrityOf(raw);
            planFile = join(out, 'plan-double.json');
            writeFileSync(planFile, JSON.stringify(raw));
            runId = raw.runId;
            initial = await state(h);
            const runs = mkdtempSync(join(work, 'clean-'));
            h.double.crashAt(Number.POSITIVE_INFINITY);
            expect((await command.apply(h.org, planFile, runs, false)).status).toBe(0);
            requests.apply = h.double.recover();
            applied = await state(h);
            expect(applied).not.toEqual(initial);
            h.double.crashAt(Number.POSITIVE_INFINITY);
            expect((await command.rollback(h.org, runId, runs)).status).toBe(0);
            requests.rollback = h.double.recover();
            expectRolledBack(await state(h));
        } finally {
            await h.stop();
        }
        expect(requests.apply).toBeGreaterThan(2);
    });
    afterAll(() => tally.push(`${command.name}: apply ${requests.apply * 2}, rollback ${requests.rollback * 2}`));

    const expectRolledBack = (s: State) => expectRolledBackTo(s, initial, runId);

    it('apply cut at every request boundary, then --resume: exactly the uninterrupted result; then rolled back: exactly the org before', async () => {
        for (const [k, when] of crashPoints(requests.apply)) {
            const h = await fresh();
            const runs = mkdtempSync(join(work, `resume-${k}-${when}-`));
            try {
                await crashing(h, runs, k, when, () => command.apply(h.org, planFile, runs, false));
                const resumed = await command.apply(h.org, planFile, runs, true);
                expect({ k, when, status: resumed.status }).toEqual({ k, when, status: 0 });
                expect({ k, when, state: await state(h) }).toEqual({ k, when, state: applied });
                expect((await command.rollback(h.org, runId, runs)).status).toBe(0);
                expectRolledBack(await state(h));
            } finally {
                await h.stop();
            }
        }
    });

    it('apply cut at every request boundary, then rolled back at once: exactly the org before', async () => {
        for (const [k, when] of crashPoints(requests.apply)) {
            const h = await fresh();
            const runs = mkdtempSync(join(work, `undo-${k}-${when}-`));
            try {
                await crashing(h, runs, k, when, () => command.apply(h.org, planFile, runs, false));
                const started = existsSync(join(runs, runId, 'run.json'));
                const undone = await command.rollback(h.org, runId, runs).then(
                    (r) => r.status,
                    (e: Error) => e.message
                );
                if (started) expect({ k, when, undone }).toEqual({ k, when, undone: 0 });
                else expect(String(undone)).toMatch(/No run /);
                expectRolledBack(await state(h));
            } finally {
                await h.stop();
            }
        }
    });

    it('rollback cut at every request boundary, then run again: exactly the org before', async () => {
        for (const [k, when] of crashPoints(requests.rollback)) {
            const h = await fresh();
            const runs = mkdtempSync(join(work, `rb-${k}-${when}-`));
            try {
                expect((await command.apply(h.org, planFile, runs, false)).status).toBe(0);
                await crashing(h, runs, k, when, () => command.rollback(h.org, runId, runs));
                const again = await command.rollback(h.org, runId, runs);
                expect({ k, when, status: again.status }).toEqual({ k, when, status: 0 });
                expectRolledBack(await state(h));
            } finally {
                await h.stop();
            }
        }
    });
});
