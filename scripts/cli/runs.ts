/**
 * The write contract every command that changes an org shares (rebalance, tier, load accounts, load signals; on an org or
 * on a snapshot folder): plan → apply → resume → rollback.
 *
 * - A **plan** file names its kind, the target it was made for (org Id, or the snapshot folder) and carries an integrity
 *   hash of its content: apply refuses a plan of another kind, for another target, or edited after planning.
 * - **apply** opens a run folder `<runs-dir>/<runId>/` with `run.json` (the manifest: command, target, plan hash, state,
 *   history, and the size and SHA-256 of every undo file) and a copy of the plan. Before the first write it saves the undo
 *   files (what every planned record was before the run) atomically (temp file, fsync, hard link: a file is complete or
 *   absent, and never overwritten), reads each back and checks that it covers every planned change; only then is the run
 *   marked `writing` and the org changed.
 * - **--resume** and **rollback** verify the undo files against the manifest (size, hash, coverage) and refuse an
 *   incomplete one; rollback also checks the run's target and drift (a record changed by hand since the run is left alone
 *   unless --force).
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import { createFileAtomic, FileExistsError, removeStaleTemps, writeFileAtomic } from '../io/atomic.js';
import type { Org } from '../org/index.js';
import { AbmError, ExitCode, Interrupted, InterruptSignal, UsageError, watchInterrupt, type Ux } from './shared.js';

export type PlanKind = 'rebalance' | 'tier' | 'load-accounts' | 'load-signals';

/** What each kind of plan is called, and the command that applies it. */
export const PLAN_KINDS: Record<PlanKind, { label: string; apply: string; rollback: string }> = {
    rebalance: { label: 'rebalance', apply: 'abm rebalance apply --plan', rollback: 'abm rebalance rollback --run' },
    tier: { label: 'tiering', apply: 'abm tier apply --plan', rollback: 'abm tier rollback --run' },
    'load-accounts': { label: 'account load', apply: 'abm load apply --plan', rollback: 'abm load rollback --run' },
    'load-signals': { label: 'signal load', apply: 'abm load apply --plan', rollback: 'abm load rollback --run' }
};

/** The org or snapshot a plan was made for and a run wrote to. */
export type Target = { kind: 'salesforce' | 'snapshot'; id: string; label: string };

const targets = new WeakMap<Org, Promise<Target>>();

/** The identity of an org (its 15-character Organization Id) or of a snapshot folder (its real path). */
export function targetOf(org: Org): Promise<Target> {
    let found = targets.get(org);
    if (!found) {
        found = (async (): Promise<Target> => {
            if (org.kind === 'snapshot') return { kind: 'snapshot', id: realpathSync(org.label), label: org.label };
            const [row] = await org.query('SELECT Id FROM Organization');
            if (!row?.Id) throw new AbmError(`Cannot read the Organization Id of ${org.label}.`);
            return { kind: 'salesforce', id: String(row.Id).slice(0, 15), label: org.label };
        })();
        targets.set(org, found);
        // A failed read (a dropped connection) is not remembered: the next call asks again.
        found.catch(() => targets.delete(org));
    }
    return found;
}

export const describeTarget = (t: Target) => (t.kind === 'snapshot' ? `the snapshot ${t.id}` : `the org ${t.id} (${t.label})`);

/** Refuse when `actual` is not the target `what` was made for. */
export function checkTarget(expected: Target | undefined, actual: Target, what: string, actions: string[]): void {
    if (!expected) throw new AbmError(`${what} does not name its target org or snapshot (made by an older abm). Plan again.`);
    if (expected.kind === actual.kind && expected.id === actual.id) return;
    throw new AbmError(
        `${what} was made for ${describeTarget(expected)}, not ${describeTarget(actual)}. Nothing was changed.`,
        ExitCode.Failure,
        actions
    );
}

// ---------- plan files ----------

/** JSON with object keys sorted, for a hash that does not depend on key order. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object')
        return `{${Object.keys(value)
            .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
            .join(',')}}`;
    return JSON.stringify(value) ?? 'null';
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The integrity hash of a plan: everything in it except the hash itself. */
export function integrityOf(plan: Record<string, unknown>): string {
    const rest = { ...plan };
    delete rest.integrity;
    return sha256(canonical(rest));
}

/** A plan ready to write: its kind first, its integrity hash last. */
export function sealPlan<T extends Record<string, unknown>>(kind: PlanKind, plan: T): T & { kind: PlanKind; integrity: string } {
    const body = { kind, ...plan };
    return { ...body, integrity: integrityOf(body) };
}

/** The kind of a plan file's content: its `kind`, or (plans written before kinds) its shape. */
function kindOf(raw: unknown): PlanKind | undefined {
    if (!raw || typeof raw !== 'object') return undefined;
    const r = raw as Record<string, unknown>;
    if (typeof r.kind === 'string' && r.kind in PLAN_KINDS) return r.kind as PlanKind;
    const plan = r.plan as Record<string, unknown> | undefined;
    if (plan && Array.isArray(plan.decisions)) return 'tier';
    if (plan && Array.isArray(plan.moves) && 'owners' in plan) return 'rebalance';
    if (Array.isArray(r.records) && r.summary) return 'load-accounts';
    if (Array.isArray(r.signals)) return 'load-signals';
    return undefined;
}

/** Zod issues as one short line: the first three, each cut to 160 characters. */
export function issuesLine(issues: readonly { path: PropertyKey[]; message: string }[]): string {
    const shown = issues
        .slice(0, 3)
        .map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`.replace(/\s+/g, ' '))
        .map((s) => (s.length > 160 ? `${s.slice(0, 157)}…` : s));
    return `${shown.join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`;
}

/** Plan files larger than this are refused before parsing (a real plan of 200,000 moves is about 60 MB). */
const MAX_PLAN_BYTES = 512 * 1024 * 1024;

/**
 * Read a saved plan of `kind`: one clear line when the file is missing, not JSON, a plan of another kind (exit 2, naming
 * the command that applies it), not valid, or edited since it was planned.
 */
export async function readPlanFile<T>(
    file: string,
    kind: PlanKind,
    schema: z.ZodType<T>
): Promise<{ plan: T; text: string; integrity: string }> {
    let text: string;
    try {
        const { stat } = await import('node:fs/promises');
        const size = (await stat(file)).size;
        if (size > MAX_PLAN_BYTES) throw new AbmError(`${file} is ${size.toLocaleString('en-US')} bytes: not a plan abm wrote.`);
        text = await readFile(file, 'utf8');
    } catch (error) {
        if (error instanceof AbmError) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageError(
            code === 'ENOENT'
                ? `--plan ${file}: no such file.`
                : code === 'EISDIR'
                  ? `--plan ${file} is a folder: name its plan.json.`
                  : `--plan ${file}: ${(error as Error).message}`
        );
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (error) {
        throw new AbmError(`${file} is not a plan: not valid JSON (${(error as Error).message.slice(0, 120)}).`);
    }
    const found = kindOf(raw);
    if (found !== kind) {
        throw new UsageError(
            found
                ? `${file} is a ${PLAN_KINDS[found].label} plan, not a ${PLAN_KINDS[kind].label} plan.`
                : `${file} is not a ${PLAN_KINDS[kind].label} plan (no plan abm wrote has its shape).`,
            found ? [`${PLAN_KINDS[found].apply} ${file} …`] : []
        );
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new AbmError(`${file} is not a valid ${PLAN_KINDS[kind].label} plan: ${issuesLine(parsed.error.issues)}.`);
    const record = raw as Record<string, unknown>;
    if (typeof record.integrity !== 'string')
        throw new AbmError(`${file} has no integrity hash (written by an older abm): plan again.`, ExitCode.Failure, []);
    const integrity = integrityOf(record);
    if (integrity !== record.integrity)
        throw new AbmError(
            `${file} was changed after it was planned (its content does not match its integrity hash). Nothing was changed: apply runs only plans exactly as planned.`,
            ExitCode.Failure,
            ['Plan again (with a policy file for what you wanted to change).']
        );
    // The plan as written (validated, not stripped of fields the schema does not name: the hash covers all of it).
    return { plan: raw as T, text, integrity };
}

// ---------- output folders ----------

/**
 * Check an output folder before any work (so a bad --out costs nothing): it may exist as a folder, or not yet exist under
 * a folder that can be created; never a file, and never a snapshot folder (plan files there would mix with its CSVs).
 */
export async function prepareOutDir(dir: string, flag = '--out'): Promise<void> {
    const { stat, access, constants } = await import('node:fs/promises');
    const { readdirSync } = await import('node:fs');
    let info;
    try {
        info = await stat(dir);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${flag} ${dir}: ${(error as Error).message}`);
    }
    if (info && !info.isDirectory()) throw new UsageError(`${flag} ${dir} is a file, not a folder.`);
    if (info) {
        const names = readdirSync(dir);
        if (names.includes('snapshot.json') || names.some((n) => /^(Account|User)\.csv$/i.test(n)))
            throw new UsageError(`${flag} ${dir} is a snapshot folder: write plans and reports to a folder of their own.`);
        try {
            await access(dir, constants.W_OK);
        } catch {
            throw new UsageError(`${flag} ${dir} is not writable.`);
        }
        return;
    }
    try {
        await mkdir(dir, { recursive: true });
    } catch (error) {
        throw new UsageError(`${flag} ${dir} cannot be created: ${(error as Error).message}`);
    }
}

// ---------- runs ----------

export type RunState = 'started' | 'writing' | 'applied' | 'partial' | 'interrupted' | 'rolling back' | 'rolled back';

type UndoEntry = { rows: number; sha256: string };

export type RunManifest = {
    format: 1;
    command: PlanKind;
    runId: string;
    plan: { file: string; integrity: string };
    target: Target;
    state: RunState;
    /** Undo files by name: rows and SHA-256 as written (a file not listed here was never complete). */
    undo: Record<string, UndoEntry>;
    history: { at: string; state: RunState; note?: string }[];
};

const MANIFEST = 'run.json';
const PLAN_COPY = 'plan.json';

/** An undo file's rows must cover these keys (one row per planned change). */
export type Coverage = { key: string; planned: string[] };

/** The error for an undo file that is missing, torn, edited, or does not cover the run's planned changes. */
export class IncompleteUndoError extends AbmError {
    constructor(message: string, actions: string[] = []) {
        super(message, ExitCode.Failure, actions);
        this.name = 'IncompleteUndoError';
    }
}

const readCsv = (text: string) => parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];

export type RunStart = {
    runsDir: string;
    runId: string;
    command: PlanKind;
    planFile: string;
    planText: string;
    integrity: string;
    target: Target;
    resume: boolean;
};

/** One apply of one plan: the run folder, its manifest and its undo files. */
export class Run {
    private constructor(
        readonly dir: string,
        public manifest: RunManifest
    ) {}

    static folder(runsDir: string, runId: string): string {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId)) throw new UsageError(`"${runId}" is not a run id.`);
        return join(runsDir, runId);
    }

    /**
     * Start a run (or, with `resume`, reopen it). A fresh start refuses when the run folder already has a manifest; a
     * resume refuses a run of another command, plan or target, and a run that was rolled back.
     */
    /**
     * The refusals of `begin`, without writing anything (apply calls it before it reads the org): a fresh start of a run
     * that has a manifest; a resume of a run of another command, plan or target, or of one that was rolled back.
     */
    static async check(options: RunStart): Promise<Run | undefined> {
        const dir = Run.folder(options.runsDir, options.runId);
        const kind = PLAN_KINDS[options.command];
        const existing = await Run.load(dir);
        if (existing && !options.resume) {
            throw new AbmError(
                `Run ${options.runId} was already applied (or started): ${join(dir, MANIFEST)} exists (state: ${existing.manifest.state}).`,
                ExitCode.Failure,
                [`${kind.apply} ${options.planFile} --resume …  (to finish it)`, `${kind.rollback} ${options.runId} …  (to undo it)`]
            );
        }
        if (!existing) return undefined;
        const m = existing.manifest;
        if (m.command !== options.command)
            throw new AbmError(`Run ${options.runId} is a ${PLAN_KINDS[m.command].label} run, not a ${kind.label} run.`);
        if (m.plan.integrity !== options.integrity)
            throw new AbmError(
                `Run ${options.runId} applied another plan than ${options.planFile}: resume it with the plan it started with.`
            );
        checkTarget(m.target, options.target, `Run ${options.runId}`, [`Resume it on ${describeTarget(m.target)}.`]);
        if (m.state === 'rolled back' || m.state === 'rolling back')
            throw new AbmError(
                `Run ${options.runId} was rolled back${m.state === 'rolling back' ? ' (in part)' : ''}: plan again for a new run.`,
                ExitCode.Failure,
                m.state === 'rolling back' ? [`${kind.rollback} ${options.runId} …  (to finish the rollback)`] : []
            );
        return existing;
    }

    /** Start a run (or, with `resume`, reopen it), after the refusals of `check`. */
    static async begin(options: RunStart): Promise<Run> {
        const dir = Run.folder(options.runsDir, options.runId);
        const existing = await Run.check(options);
        if (existing) {
            await existing.ensurePlanCopy(options.planText);
            await existing.setState(existing.manifest.state, 'resumed');
            return existing;
        }
        // (A run folder without a manifest is one whose start crashed before anything was written: started afresh.)
        await mkdir(dir, { recursive: true });
        const at = new Date().toISOString();
        const manifest: RunManifest = {
            format: 1,
            command: options.command,
            runId: options.runId,
            plan: { file: resolve(options.planFile), integrity: options.integrity },
            target: options.target,
            state: 'started',
            undo: {},
            history: [{ at, state: 'started' }]
        };
        try {
            await createFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        } catch (error) {
            if (error instanceof FileExistsError)
                throw new AbmError(`Run ${options.runId} was started by another process at the same time.`);
            throw error;
        }
        const run = new Run(dir, manifest);
        await run.ensurePlanCopy(options.planText);
        return run;
    }

    /** The plan as applied, beside the undo files (rollback needs it after the plan folder is gone). */
    private async ensurePlanCopy(text: string): Promise<void> {
        if (existsSync(this.path(PLAN_COPY))) return;
        await createFileAtomic(this.path(PLAN_COPY), text).catch((error: unknown) => {
            if (!(error instanceof FileExistsError)) throw error;
        });
    }

    /** The run in `dir`, or undefined when it has no manifest. */
    static async load(dir: string): Promise<Run | undefined> {
        removeStaleTemps(dir);
        let text: string;
        try {
            text = await readFile(join(dir, MANIFEST), 'utf8');
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
            throw error;
        }
        try {
            return new Run(dir, JSON.parse(text) as RunManifest);
        } catch (error) {
            throw new IncompleteUndoError(
                `${join(dir, MANIFEST)} is not valid JSON (${(error as Error).message}): the run cannot be trusted.`
            );
        }
    }

    /** Open a run to roll it back: it must exist, be of `command`, and belong to `target`. */
    static async forRollback(runsDir: string, runId: string, command: PlanKind, target: Target): Promise<Run> {
        const dir = Run.folder(runsDir, runId);
        const run = await Run.load(dir);
        if (!run) {
            throw new AbmError(
                existsSync(join(dir, 'rollback.csv'))
                    ? `Run ${runId} at ${dir} has an undo file but no ${MANIFEST} (written by an older abm or a crashed one): it cannot be verified, so nothing is rolled back.`
                    : `No run ${runId} in ${runsDir} (no ${join(dir, MANIFEST)}).`,
                ExitCode.Failure,
                ['Name the runs folder with --runs-dir if the run was applied with one.']
            );
        }
        if (run.manifest.command !== command)
            throw new UsageError(
                `Run ${runId} is a ${PLAN_KINDS[run.manifest.command].label} run: roll it back with ${PLAN_KINDS[run.manifest.command].rollback} ${runId}.`
            );
        checkTarget(run.manifest.target, target, `Run ${runId}`, [`Roll it back on ${describeTarget(run.manifest.target)}.`]);
        return run;
    }

    path(name: string): string {
        return join(this.dir, name);
    }

    /** The plan the run applied (its copy in the run folder), checked against the manifest's hash. */
    async planText(): Promise<string> {
        const text = await readFile(this.path(PLAN_COPY), 'utf8').catch(() => {
            throw new IncompleteUndoError(`${this.path(PLAN_COPY)} is missing: the run cannot be verified.`);
        });
        let raw: Record<string, unknown>;
        try {
            raw = JSON.parse(text) as Record<string, unknown>;
        } catch {
            throw new IncompleteUndoError(`${this.path(PLAN_COPY)} is not valid JSON: the run cannot be verified.`);
        }
        if (integrityOf(raw) !== this.manifest.plan.integrity)
            throw new IncompleteUndoError(`${this.path(PLAN_COPY)} does not match the plan the run applied (edited since).`);
        return text;
    }

    private async saveManifest(): Promise<void> {
        await writeFileAtomic(this.path(MANIFEST), `${JSON.stringify(this.manifest, null, 2)}\n`);
    }

    async setState(state: RunState, note?: string): Promise<void> {
        this.manifest.state = state;
        this.manifest.history.push({ at: new Date().toISOString(), state, ...(note ? { note } : {}) });
        await this.saveManifest();
    }

    /** Has the undo file `name` been completed (so the org may have been changed)? */
    hasUndo(name: string): boolean {
        return name in this.manifest.undo;
    }

    /**
     * Save an undo file before the first write, or on a resume return the one saved then. Written atomically and never
     * overwritten; read back from disk and checked: parsable, and (with `coverage`) one row for every planned key.
     */
    async saveUndo<T extends Record<string, string>>(
        name: string,
        columns: readonly string[],
        compute: () => Promise<T[]> | T[],
        coverage?: Coverage
    ): Promise<T[]> {
        const file = this.path(name);
        if (this.hasUndo(name)) return (await this.readUndo(name, coverage)) as T[];
        if (!existsSync(file)) {
            const rows = await compute();
            await createFileAtomic(file, stringify(rows, { header: true, columns: [...columns] })).catch((error: unknown) => {
                if (error instanceof FileExistsError)
                    throw new IncompleteUndoError(`${file} appeared while this run wrote it: another process is applying the same run.`);
                throw error;
            });
        }
        // (A file without a manifest entry is one a crashed run completed just before recording it: checked, then adopted.)
        const bytes = await readFile(file);
        const rows = this.check(name, bytes, coverage);
        this.manifest.undo[name] = { rows: rows.length, sha256: sha256(bytes) };
        await this.saveManifest();
        return rows as T[];
    }

    /** The undo file `name`, verified against the manifest (size, hash) and `coverage`. Undefined when never completed. */
    async readUndo(name: string, coverage?: Coverage): Promise<Record<string, string>[] | undefined> {
        const entry = this.manifest.undo[name];
        if (!entry) return undefined;
        const file = this.path(name);
        let bytes: Buffer;
        try {
            bytes = await readFile(file);
        } catch {
            throw new IncompleteUndoError(`The undo file ${file} is missing: the run's previous values are lost, so nothing is changed.`);
        }
        if (sha256(bytes) !== entry.sha256)
            throw new IncompleteUndoError(
                `The undo file ${file} is not the one the run wrote (${bytes.length} bytes, its SHA-256 differs from run.json): it was truncated or edited, so nothing is changed.`
            );
        const rows = this.check(name, bytes, coverage);
        if (rows.length !== entry.rows)
            throw new IncompleteUndoError(
                `The undo file ${file} has ${rows.length} rows, the run wrote ${entry.rows}: nothing is changed.`
            );
        return rows;
    }

    private check(name: string, bytes: Buffer, coverage?: Coverage): Record<string, string>[] {
        const file = this.path(name);
        let rows: Record<string, string>[];
        try {
            rows = readCsv(bytes.toString('utf8'));
        } catch (error) {
            throw new IncompleteUndoError(`The undo file ${file} is not valid CSV (${(error as Error).message}): nothing is changed.`);
        }
        if (coverage) {
            const have = new Set(rows.map((r) => r[coverage.key] ?? ''));
            const missing = coverage.planned.filter((k) => !have.has(k));
            if (missing.length)
                throw new IncompleteUndoError(
                    `The undo file ${file} covers ${coverage.planned.length - missing.length} of the run's ${coverage.planned.length} planned changes (missing e.g. ${missing.slice(0, 3).join(', ')}): nothing is changed.`
                );
        }
        return rows;
    }

    /** A report file of the run (failures, skipped): replaced atomically on each pass. */
    async writeReport(name: string, columns: readonly string[], rows: unknown[][]): Promise<string> {
        const file = this.path(name);
        await writeFileAtomic(file, stringify(rows, { header: true, columns: [...columns] }));
        return file;
    }
}

/** Classify a record at rollback: still at the run's value (restore it), back at the previous one, or changed since. */
export function driftOf(current: string, previous: string, planned: string): 'restore' | 'restored' | 'drift' {
    if (current === planned && current !== previous) return 'restore';
    if (current === previous) return 'restored';
    return 'drift';
}

/**
 * Run the writes of a run with Ctrl-C watched: `body` calls `check()` at each safe point (between requests, after each
 * undo file) and `started(run)` once the run folder exists. After a Ctrl-C it stops at the next safe point, the run is
 * marked `interrupted` with what was done (`progress.text`), and the error names the commands that resume or undo it
 * (exit 130). Any other error leaves the manifest as it was (a crash is resumed the same way).
 */
export async function guardedWrite<T>(
    ux: Ux,
    how: { resume: string; rollback: string },
    progress: { text: string },
    body: (check: () => void, started: (run: Run) => Run) => Promise<T>
): Promise<T> {
    const guard = watchInterrupt(ux);
    let run: Run | undefined;
    try {
        return await body(
            () => guard.check(),
            (r) => (run = r)
        );
    } catch (error) {
        if (!(error instanceof InterruptSignal)) throw error;
        if (!run) throw new Interrupted('Interrupted before anything was written.', []);
        await run.setState('interrupted', progress.text);
        throw new Interrupted(
            `Interrupted: ${progress.text}. Run ${run.manifest.runId} stopped at a safe point; its undo files are complete (${run.dir}).`,
            [how.resume, how.rollback].filter(Boolean)
        );
    } finally {
        guard.stop();
    }
}
