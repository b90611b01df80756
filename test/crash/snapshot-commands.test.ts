/**
 * Crash consistency of every write command on the snapshot adapter, one table: tier, load accounts and load signals
 * (rebalance: snapshot.test.ts). The real CLI (a child process) applies a saved plan to a copy of the book and is killed
 * (SIGKILL) or interrupted (SIGINT) at each durable commit it makes (every atomic write of the run folder and of the
 * snapshot's CSVs ends in a rename or a link: failpoint.cjs stops the process right there). After SIGKILL the run is
 * resumed or rolled back; after SIGINT the command must have said what happened and printed the command that resumes it
 * (exit 130), then the run is resumed; a rollback killed at each commit is run again. The final snapshot must be exactly
 * what an uninterrupted run leaves (or the book before), audit trail included, with no temp file left.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as load from '../../scripts/cli/commands/load';
import * as tier from '../../scripts/cli/commands/tier';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { runCommand, tinySnapshot } from '../load/helpers';
import { crashSnapshot } from './book';
import { cliWithFailpoint, commitsInProcess, expectRolledBack, loggedCommits, writtenState, type WrittenState } from './helpers';

jest.setTimeout(3_600_000);

const work = mkdtempSync(join(tmpdir(), 'abm-crash-snap-cmds-'));

type Command = {
    name: string;
    /** The command module (resume and rollback run in-process, as the next command after the crash would). */
    module: Parameters<typeof runCommand>[0];
    verb: string;
    book: string;
    plan(snap: string, out: string): string[];
};

const accountsList = join(work, 'accounts.csv');
writeFileSync(
    accountsList,
    'Name,Website,Tier,Owner Email,Industry\nAcme,acme.com,2,cy@corp.example,Technology\nBeta Group,beta.io,2,,Finance\nGamma,gamma.dev,3,ada@corp.example,Retail\n'
);
const signalsFile = join(work, 'signals.csv');
writeFileSync(signalsFile, 'Domain,Topic,Score,Provider,Week Of\nacme.com,CRM,80,G2,2026-09-21\nbeta.io,AI,60,G2,2026-09-22\n');

const COMMANDS: Command[] = [
    {
        name: 'tier',
        module: tier,
        verb: 'tier',
        book: crashSnapshot(join(work, 'tier-book')),
        plan: (snap, out) => ['plan', '--snapshot', snap, '--tier1-size', '12', '--tier2-size', '10', '--as-of', '2026-10-02', '--out', out]
    },
    {
        name: 'load accounts',
        module: load,
        verb: 'load',
        book: tinySnapshot(),
        plan: (snap, out) => [
            'accounts',
            '--snapshot',
            snap,
            '--source',
            `ops=${accountsList}`,
            '--precedence',
            'name=org,ops',
            '--out',
            out,
            '--as-of',
            '2026-10-02'
        ]
    },
    {
        name: 'load signals',
        module: load,
        verb: 'load',
        book: tinySnapshot(),
        plan: (snap, out) => ['signals', '--snapshot', snap, '--file', signalsFile, '--out', out]
    }
];

const tally: string[] = [];
afterAll(() => process.stderr.write(`crash points covered on the snapshot adapter: ${tally.join('; ')}\n`));

describe.each(COMMANDS.map((c) => [c.name, c] as const))('%s', (_name, command) => {
    const base = join(work, command.name.replace(/\W+/g, '-'));
    const planDir = join(base, 'plan');
    const planFile = join(planDir, 'plan.json');
    let runId = '';
    let initial: WrittenState;
    let applied: WrittenState;
    const commits = { apply: 0, rollback: 0 };
    const count = { sigkill: 0, sigint: 0, rollback: 0 };

    /** The scenario's snapshot: a fresh copy of the book, always at the same path (the plan's target is that folder). */
    function copy(): { snap: string; runs: string } {
        const dir = join(base, 'scenario');
        rmSync(dir, { recursive: true, force: true });
        cpSync(command.book, join(dir, 'org'), { recursive: true });
        return { snap: join(dir, 'org'), runs: join(dir, 'runs') };
    }
    const state = async (snap: string) => writtenState(await SnapshotOrg.open(snap));
    const temps = (snap: string) => readdirSync(snap).filter((f) => f.endsWith('.tmp'));
    const applyArgs = (snap: string, runs: string) => [command.verb, 'apply', '--plan', planFile, '--snapshot', snap, '--runs-dir', runs];
    const rollbackArgs = (snap: string, runs: string) => [command.verb, 'rollback', '--run', runId, '--snapshot', snap, '--runs-dir', runs];
    /** In process, as the next command after the crash would be run. */
    const resume = (snap: string, runs: string) => runCommand(command.module, [...applyArgs(snap, runs).slice(1), '--resume']);
    const rollback = (snap: string, runs: string) => runCommand(command.module, rollbackArgs(snap, runs).slice(1));
    async function commitsOf(args: string[], dirs: string[]): Promise<number> {
        const log = join(base, `commits-${Date.now()}.log`);
        writeFileSync(log, '');
        const r = await cliWithFailpoint(args, dirs, 0, 'SIGKILL', log);
        expect({ code: r.code, stderr: r.code ? r.stderr : '' }).toEqual({ code: 0, stderr: '' });
        return loggedCommits(log);
    }

    beforeAll(async () => {
        const { snap, runs } = copy();
        const planned = await runCommand(command.module, command.plan(snap, planDir));
        expect(planned.status).toBe(0);
        runId = (JSON.parse(readFileSync(planFile, 'utf8')) as { runId: string }).runId;
        initial = await state(snap);
        // A clean apply, its commits counted in this process: the SIGINT test's child interrupted at the last of them
        // must finish after exactly as many.
        commits.apply = await commitsInProcess([snap, runs], async () =>
            expect((await runCommand(command.module, applyArgs(snap, runs).slice(1))).status).toBe(0)
        );
        applied = await state(snap);
        expect(applied).not.toEqual(initial);
        commits.rollback = await commitsOf(rollbackArgs(snap, runs), [snap, runs]);
        expectRolledBack(await state(snap), initial, runId);
        expect(commits.apply).toBeGreaterThan(3);
    });
    afterAll(() =>
        tally.push(
            `${command.name}: apply killed at ${count.sigkill} commits, interrupted at ${count.sigint}, rollback killed at ${count.rollback}`
        )
    );

    it('apply killed (SIGKILL) at every commit, then resumed (even commits) or rolled back (odd ones): exactly the uninterrupted result, or the book before', async () => {
        for (let k = 1; k <= commits.apply; k++) {
            const { snap, runs } = copy();
            const killed = await cliWithFailpoint(applyArgs(snap, runs), [snap, runs], k, 'SIGKILL');
            expect({ k, signal: killed.signal }).toEqual({ k, signal: 'SIGKILL' });
            if (k % 2 === 0) {
                expect({ k, status: (await resume(snap, runs)).status }).toEqual({ k, status: 0 });
                expect({ k, state: await state(snap) }).toEqual({ k, state: applied });
            } else {
                const undone = await rollback(snap, runs);
                // Killed before the run folder existed: nothing to roll back, and nothing was written.
                if (existsSync(join(runs, runId, 'run.json'))) expect({ k, status: undone.status }).toEqual({ k, status: 0 });
                else expect(undone.error?.message).toMatch(/No run /);
                expectRolledBack(await state(snap), initial, runId);
            }
            expect(temps(snap)).toEqual([]);
            count.sigkill++;
        }
    });

    it('apply interrupted (SIGINT) at every commit: it says what happened and how to resume (exit 130), and --resume finishes it', async () => {
        for (let k = 1; k <= commits.apply; k++) {
            const { snap, runs } = copy();
            const log = join(base, `sigint-${k}.log`);
            writeFileSync(log, '');
            const stopped = await cliWithFailpoint(applyArgs(snap, runs), [snap, runs], k, 'SIGINT', log);
            // Interrupted just before its last commit (which goes ahead): it finishes, after exactly the commits counted
            // for the clean apply (the CLI makes as many as the in-process apply did, so no commit of it goes uncut).
            if (k === commits.apply) expect({ code: stopped.code, commits: loggedCommits(log) }).toEqual({ code: 0, commits: k });
            if (stopped.code === 130) {
                expect(stopped.stderr).toMatch(/Interrupted/);
                if (existsSync(join(runs, runId, 'run.json')))
                    expect(stopped.stderr).toContain(
                        `Try: abm ${command.verb} apply --plan ${planFile} --resume --snapshot ${snap} --runs-dir ${runs}`
                    );
            } else expect({ k, code: stopped.code }).toEqual({ k, code: 0 }); // past the last safe point: it finished
            expect({ k, status: (await resume(snap, runs)).status }).toEqual({ k, status: 0 });
            expect({ k, state: await state(snap) }).toEqual({ k, state: applied });
            count.sigint++;
        }
    });

    it('rollback killed (SIGKILL) at every commit, then run again: exactly the book before', async () => {
        for (let k = 1; k <= commits.rollback; k++) {
            const { snap, runs } = copy();
            expect((await runCommand(command.module, applyArgs(snap, runs).slice(1))).status).toBe(0);
            const killed = await cliWithFailpoint(rollbackArgs(snap, runs), [snap, runs], k, 'SIGKILL');
            expect({ k, signal: killed.signal }).toEqual({ k, signal: 'SIGKILL' });
            expect({ k, status: (await rollback(snap, runs)).status }).toEqual({ k, status: 0 });
            expectRolledBack(await state(snap), initial, runId);
            expect(temps(snap)).toEqual([]);
            count.rollback++;
        }
    });
});
