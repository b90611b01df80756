/**
 * The write contract's building blocks (scripts/io/atomic.ts, scripts/cli/runs.ts): durable atomic files that are never
 * overwritten, undo files verified against the run manifest (size, hash, coverage), and plan files that name their kind
 * and carry an integrity hash.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createFileAtomic, FileExistsError, removeStaleTemps, writeFileAtomic } from '../../scripts/io/atomic';
import { IncompleteUndoError, integrityOf, prepareOutDir, readPlanFile, Run, sealPlan, type Target } from '../../scripts/cli/runs';
import { ExitCode } from '../../scripts/cli/shared';

const dir = () => mkdtempSync(join(tmpdir(), 'abm-undo-'));
const TARGET: Target = { kind: 'snapshot', id: '/tmp/org', label: 'org' };

describe('atomic files', () => {
    it('writes the whole file and leaves no temp file behind', async () => {
        const d = dir();
        await writeFileAtomic(join(d, 'a.csv'), 'x,y\n1,2\n');
        await writeFileAtomic(join(d, 'a.csv'), 'x,y\n3,4\n');
        expect(readFileSync(join(d, 'a.csv'), 'utf8')).toBe('x,y\n3,4\n');
        expect(readdirSync(d)).toEqual(['a.csv']);
    });

    it('createFileAtomic never overwrites an existing file', async () => {
        const d = dir();
        await createFileAtomic(join(d, 'undo.csv'), 'first');
        await expect(createFileAtomic(join(d, 'undo.csv'), '')).rejects.toBeInstanceOf(FileExistsError);
        expect(readFileSync(join(d, 'undo.csv'), 'utf8')).toBe('first');
        expect(readdirSync(d)).toEqual(['undo.csv']);
    });

    it('removes the temp files of processes that are gone, not those of running ones', () => {
        const d = dir();
        writeFileSync(join(d, '.Account.csv.999999999.0a1b2c3d.tmp'), 'torn');
        writeFileSync(join(d, `.Account.csv.${process.ppid}.0a1b2c3d.tmp`), 'in flight');
        expect(removeStaleTemps(d)).toEqual(['.Account.csv.999999999.0a1b2c3d.tmp']);
        expect(readdirSync(d)).toEqual([`.Account.csv.${process.ppid}.0a1b2c3d.tmp`]);
    });
});

describe('runs and undo files', () => {
    const begin = (runsDir: string, resume = false) =>
        Run.begin({
            runsDir,
            runId: 'rb-1',
            command: 'rebalance',
            planFile: 'plan.json',
            planText: JSON.stringify(sealPlan('rebalance', { runId: 'rb-1' })),
            integrity: integrityOf(sealPlan('rebalance', { runId: 'rb-1' })),
            target: TARGET,
            resume
        });
    const rows = [
        { AccountId: 'A', Previous: 'u1' },
        { AccountId: 'B', Previous: 'u2' }
    ];
    const coverage = { key: 'AccountId', planned: ['A', 'B'] };

    it('saves an undo file once, records its hash, and a resume reads the same rows back', async () => {
        const d = dir();
        const run = await begin(d);
        expect(await run.saveUndo('rollback.csv', ['AccountId', 'Previous'], () => rows, coverage)).toEqual(rows);
        expect(run.manifest.undo['rollback.csv']).toMatchObject({ rows: 2 });
        const resumed = await begin(d, true);
        // The compute function of a resume is never called: the saved file is the undo.
        expect(await resumed.saveUndo('rollback.csv', ['AccountId', 'Previous'], () => [], coverage)).toEqual(rows);
    });

    it('a second start of the same run is refused; a resume is not', async () => {
        const d = dir();
        await begin(d);
        await expect(begin(d)).rejects.toThrow(/already applied \(or started\)/);
        await expect(begin(d, true)).resolves.toBeInstanceOf(Run);
    });

    it.each([
        ['emptied', () => '', /not the one the run wrote \(0 bytes/],
        ['truncated to its header', () => 'AccountId,Previous\n', /not the one the run wrote/],
        ['edited', (t: string) => t.replace('u1', 'u9'), /not the one the run wrote/]
    ])('refuses an undo file that was %s', async (_what, change, message) => {
        const d = dir();
        const run = await begin(d);
        await run.saveUndo('rollback.csv', ['AccountId', 'Previous'], () => rows, coverage);
        const file = join(d, 'rb-1', 'rollback.csv');
        writeFileSync(file, change(readFileSync(file, 'utf8')));
        const resumed = await begin(d, true);
        const error = await resumed.readUndo('rollback.csv', coverage).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IncompleteUndoError);
        expect((error as IncompleteUndoError).exitCode).toBe(ExitCode.Failure);
        expect((error as Error).message).toMatch(message);
    });

    it('a file a crashed run completed but never recorded is adopted only when it covers every planned change', async () => {
        const d = dir();
        const run = await begin(d);
        writeFileSync(join(d, 'rb-1', 'rollback.csv'), 'AccountId,Previous\nA,u1\n');
        await expect(run.saveUndo('rollback.csv', ['AccountId', 'Previous'], () => rows, coverage)).rejects.toThrow(
            /covers 1 of the run's 2 planned changes \(missing e\.g\. B\)/
        );
        expect(run.hasUndo('rollback.csv')).toBe(false);
        writeFileSync(join(d, 'rb-1', 'rollback.csv'), 'AccountId,Previous\nA,u1\nB,u2\n');
        expect(await run.saveUndo('rollback.csv', ['AccountId', 'Previous'], () => [], coverage)).toEqual(rows);
    });

    it('a rollback refuses a run of another target or command', async () => {
        const d = dir();
        await begin(d);
        await expect(Run.forRollback(d, 'rb-1', 'rebalance', { ...TARGET, id: '/tmp/other' })).rejects.toThrow(
            'Run rb-1 was made for the snapshot /tmp/org, not the snapshot /tmp/other. Nothing was changed.'
        );
        await expect(Run.forRollback(d, 'rb-1', 'tier', TARGET)).rejects.toThrow(
            /is a rebalance run: roll it back with abm rebalance rollback/
        );
        await expect(Run.forRollback(d, 'rb-2', 'rebalance', TARGET)).rejects.toThrow(/No run rb-2/);
    });
});

describe('plan files', () => {
    const schema = z.object({
        kind: z.literal('rebalance'),
        runId: z.string(),
        plan: z.object({ moves: z.array(z.object({ toId: z.string() })) })
    });

    it('a plan of another kind is one line and a usage error naming the command that applies it', async () => {
        const d = dir();
        const file = join(d, 'plan.json');
        const moves = Array.from({ length: 5000 }, (_, i) => ({ id: `001${i}`, name: `Account ${i}`, from: '2', to: '1' }));
        writeFileSync(file, JSON.stringify(sealPlan('tier', { runId: 't', plan: { decisions: moves, moves } })));
        const error = (await readPlanFile(file, 'rebalance', schema).catch((e: unknown) => e)) as Error & {
            exitCode: number;
            actions: string[];
        };
        expect(error.exitCode).toBe(ExitCode.Usage);
        expect(error.message).toBe(`${file} is a tiering plan, not a rebalance plan.`);
        expect(error.actions).toEqual([`abm tier apply --plan ${file} …`]);
    });

    it('a plan with thousands of schema problems is summarised in one short line', async () => {
        const d = dir();
        const file = join(d, 'plan.json');
        const moves = Array.from({ length: 5000 }, () => ({ toId: 7 }));
        writeFileSync(file, JSON.stringify(sealPlan('rebalance', { runId: 'r', plan: { owners: {}, moves } })));
        const error = (await readPlanFile(file, 'rebalance', schema).catch((e: unknown) => e)) as Error;
        expect(error.message).toMatch(/^.* is not a valid rebalance plan: plan\.moves\.0\.toId: .*\(and 4997 more\)\.$/);
        expect(error.message.length).toBeLessThan(700);
    });

    it('a plan edited after planning is refused; key order does not matter', async () => {
        const d = dir();
        const file = join(d, 'plan.json');
        const sealed = sealPlan('rebalance', { runId: 'r', plan: { owners: {}, moves: [{ toId: '005A' }] } });
        writeFileSync(file, JSON.stringify({ integrity: sealed.integrity, plan: sealed.plan, runId: sealed.runId, kind: sealed.kind }));
        await expect(readPlanFile(file, 'rebalance', schema)).resolves.toMatchObject({ integrity: sealed.integrity });
        writeFileSync(file, JSON.stringify({ ...sealed, plan: { owners: {}, moves: [{ toId: '005B' }] } }));
        await expect(readPlanFile(file, 'rebalance', schema)).rejects.toThrow(/was changed after it was planned/);
        await expect(readPlanFile(join(d, 'nope.json'), 'rebalance', schema)).rejects.toMatchObject({ exitCode: ExitCode.Usage });
    });

    it('--out is checked before any work: a file, or a snapshot folder, is a usage error', async () => {
        const d = dir();
        writeFileSync(join(d, 'file'), 'x');
        await expect(prepareOutDir(join(d, 'file'))).rejects.toMatchObject({
            exitCode: ExitCode.Usage,
            message: `--out ${join(d, 'file')} is a file, not a folder.`
        });
        writeFileSync(join(d, 'Account.csv'), 'Id\n');
        await expect(prepareOutDir(d)).rejects.toThrow(/is a snapshot folder/);
        await prepareOutDir(join(d, 'new', 'deep'));
        expect(existsSync(join(d, 'new', 'deep'))).toBe(true);
    });
});
