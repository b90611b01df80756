/**
 * What every command shares: flag values, the `--json` envelope, exit codes, result lines on stdout, stage lines and
 * progress bars on stderr, and opening the org (or snapshot) named by `--target-org` / `--snapshot`.
 * Commands stay thin: read their flags here, call `scripts/core` and `scripts/org`, write files, report the result.
 *
 * The commands run as `sf abm …` / `abm …` (scripts/cli/sf: oclif parses and validates the flags it declares) through
 * the bridge below: `parseFlags` then returns the values oclif parsed, `emitResult` hands the result back to the sf
 * command, and `openOrg` uses the org the sf CLI resolved (default org, SF_TARGET_ORG, --api-version).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { SingleBar } from 'cli-progress';
import type { Org } from '../org/index.js';

/** Exit codes, as STYLE.md §8 fixes them (130: stopped by Ctrl-C at a safe point; the run can be resumed). */
export const ExitCode = { Success: 0, Failure: 1, Usage: 2, Partial: 68, Interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a user can act on: what went wrong, where, and the next command to run. */
export class AbmError extends Error {
    constructor(
        message: string,
        readonly exitCode: ExitCode = ExitCode.Failure,
        readonly actions: string[] = [],
        readonly data?: unknown
    ) {
        super(message);
        this.name = 'AbmError';
    }
}

/** A usage error (bad or missing flags): exit code 2. */
export class UsageError extends AbmError {
    constructor(message: string, actions: string[] = []) {
        super(message, ExitCode.Usage, actions);
        this.name = 'UsageError';
    }
}

/** A write stopped by Ctrl-C at a safe point: what was done, and the commands that resume or undo it. */
export class Interrupted extends AbmError {
    constructor(message: string, actions: string[] = []) {
        super(message, ExitCode.Interrupted, actions);
        this.name = 'Interrupted';
    }
}

/** The signal a write checks between requests: thrown by `check()` once Ctrl-C was pressed. */
export class InterruptSignal extends Error {
    constructor() {
        super('interrupted');
        this.name = 'InterruptSignal';
    }
}

/**
 * Watch for Ctrl-C (SIGINT) during a write: the first one asks the write to stop at its next safe point (between two
 * requests; `check()` then throws InterruptSignal), a second one stops the process at once.
 */
export function watchInterrupt(ux: Ux): { check(): void; stop(): void; readonly requested: boolean } {
    let requested = false;
    const onSigint = () => {
        if (requested) {
            process.removeListener('SIGINT', onSigint);
            process.kill(process.pid, 'SIGINT');
            return;
        }
        requested = true;
        if (!ux.json) process.stderr.write('\nInterrupt: stopping at the next safe point (Ctrl-C again stops at once).\n');
    };
    process.on('SIGINT', onSigint);
    return {
        check() {
            if (requested) throw new InterruptSignal();
        },
        stop() {
            process.removeListener('SIGINT', onSigint);
        },
        get requested() {
            return requested;
        }
    };
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const COMMON_FLAGS = {
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
} as const satisfies Options;

// ───────────── the bridge to the sf command (scripts/cli/sf) ─────────────

export type BridgeValues = Record<string, string | boolean | string[]>;

/** What the sf command declares about a flag (oclif: `type` "boolean" or "option"; a function default is the org's). */
export type DeclaredFlag = { type: 'boolean' | 'option'; multiple?: boolean; default?: unknown };

type Bridge = {
    /** Flag values oclif parsed (defaults applied; the org as its username). */
    values: BridgeValues;
    positionals: string[];
    /** The flags the sf command declares. */
    declared: Record<string, DeclaredFlag>;
    /** The connection of the org the sf CLI resolved, when there is one. */
    connection?: () => unknown;
    outcome?: { status: ExitCode; result: unknown };
    /** Set by probeFlagReads: parseFlags records what the command reads here and stops the command. */
    probe?: { options?: Options; allowPositionals?: boolean };
};

let bridge: Bridge | undefined;

/** Run a command module with the flags an sf command parsed; returns what it reported through `emitResult`. */
export async function runBridged(
    context: Omit<Bridge, 'outcome' | 'probe'>,
    fn: () => Promise<void>
): Promise<{ status: ExitCode; result: unknown }> {
    bridge = { ...context };
    try {
        await fn();
        return bridge.outcome ?? { status: ExitCode.Success, result: undefined };
    } finally {
        bridge = undefined;
    }
}

/** Thrown by parseFlags under probeFlagReads: the command got as far as reading its flags, and stops there. */
class ProbeStop extends Error {}

/**
 * The flags a command module reads on one path, without running it: `fn` (the module's `run` with the words of one sf
 * command) runs until its first `parseFlags`, which records its options and stops it. `options` is undefined when the
 * path never reads flags (then `error` says why, e.g. an unknown subcommand). Used by the check that every flag read is
 * declared (scripts/check/cli-flags.ts); the module must not touch an org or a file before it reads its flags.
 */
export async function probeFlagReads(
    declared: Record<string, DeclaredFlag>,
    fn: () => Promise<void>
): Promise<{ options?: Options; allowPositionals?: boolean; error?: unknown }> {
    const probe: NonNullable<Bridge['probe']> = {};
    bridge = { values: {}, positionals: [], declared, probe };
    try {
        await fn();
        return { ...probe, error: probe.options ? undefined : new Error('the command returned without reading its flags') };
    } catch (error) {
        return error instanceof ProbeStop ? { ...probe } : { ...probe, error };
    } finally {
        bridge = undefined;
    }
}

/**
 * How the flags a command reads (`options`, node:util parseArgs style) disagree with what the sf command declares: a
 * flag read but not declared, another type (boolean or string), one value or many, another default. Empty: they agree.
 */
export function flagMismatches(declared: Record<string, DeclaredFlag>, options: Options): string[] {
    const problems: string[] = [];
    for (const [name, option] of Object.entries(options)) {
        if (name in COMMON_FLAGS) continue;
        const flag = declared[name];
        if (!flag) {
            problems.push(
                `--${name} is read by the command but not declared in scripts/cli/sf/commands.ts: declare it there (help and validation come from there).`
            );
            continue;
        }
        const boolean = option.type === 'boolean';
        if (boolean !== (flag.type === 'boolean'))
            problems.push(
                `--${name}: the command reads a ${boolean ? 'boolean' : 'string'}, the sf flag is ${flag.type === 'boolean' ? 'a boolean' : 'a string'}.`
            );
        if (Boolean(option.multiple) !== Boolean(flag.multiple))
            problems.push(
                `--${name}: the command reads ${option.multiple ? 'several values' : 'one value'}, the sf flag takes ${flag.multiple ? 'several' : 'one'}.`
            );
        const own = option.default;
        if (own !== undefined && typeof flag.default !== 'function' && normaliseDefault(flag.default) !== normaliseDefault(own))
            problems.push(
                `--${name}: the command's default ${JSON.stringify(own)} differs from the sf flag's ${JSON.stringify(flag.default)} in scripts/cli/sf/commands.ts.`
            );
    }
    return problems;
}

/** The values of `options` from the bridge: every option must be a declared sf flag of the same type and default. */
function bridgedFlags(current: Bridge, options: Options, allowPositionals: boolean) {
    if (current.probe) {
        current.probe.options = options;
        current.probe.allowPositionals = allowPositionals;
        throw new ProbeStop();
    }
    const problems = flagMismatches(current.declared, options);
    if (problems.length) throw new Error(problems.join('\n'));
    const values: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(options)) {
        if (name in COMMON_FLAGS) continue;
        values[name] = current.values[name] ?? option.default ?? (option.multiple ? [] : undefined);
    }
    return { values, positionals: allowPositionals ? current.positionals : [], tokens: undefined };
}

const normaliseDefault = (value: unknown) => (typeof value === 'string' ? value.split('\\').join('/') : JSON.stringify(value ?? null));

/** Flags of commands that read an org or a snapshot. */
export const ORG_FLAGS = {
    'target-org': { type: 'string', short: 'o' },
    snapshot: { type: 'string' }
} as const satisfies Options;

/** The command's flag values: from the sf command (the bridge), else argv parsed strictly (unknown flags are a usage error). */
export function parseFlags<T extends Options>(argv: string[], options: T, allowPositionals = false) {
    if (bridge)
        return bridgedFlags(bridge, options, allowPositionals) as unknown as ReturnType<
            typeof parseArgs<{ args: string[]; options: T & typeof COMMON_FLAGS; strict: true; allowPositionals: boolean }>
        >;
    try {
        return parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...options }, strict: true, allowPositionals });
    } catch (error) {
        throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), [
            'Run the command with --help to see its flags.'
        ]);
    }
}

/** Where the sf command sends output (SfCommand.logToStderr / log / warn). */
export type UxSinks = { log(message: string): void; out(message: string): void; warn(message: string): void };

/** Where human output goes: stage lines and progress on stderr, results on stdout; silent under --json. */
export class Ux {
    constructor(
        readonly json: boolean,
        private readonly sinks?: UxSinks
    ) {}

    /** A stage line ("Querying accounts… 1,204"): stderr. */
    log(message: string): void {
        if (this.json) return;
        if (this.sinks) this.sinks.log(message);
        else process.stderr.write(`${message}\n`);
    }

    /** A result line or table (the summary a user reads, or pipes): stdout. */
    out(message: string): void {
        if (this.json) return;
        if (this.sinks) this.sinks.out(message);
        else process.stdout.write(`${message}\n`);
    }

    warn(message: string): void {
        this.warnings.push(message);
        if (this.sinks) this.sinks.warn(message);
        else if (!this.json) process.stderr.write(`Warning: ${message}\n`);
    }

    readonly warnings: string[] = [];

    /**
     * Progress on stderr (nothing under --json): rows done of `total`, and stages (`stage`: a Bulk API job created,
     * uploaded, each poll with its state). On a terminal, a bar with the latest stage; otherwise (a log file, CI) one line
     * per stage and the rows at most every 5 seconds. `track` is the pair of callbacks for the org's write options.
     */
    progress(
        label: string,
        total: number
    ): {
        update(done: number): void;
        stage(text: string): void;
        stop(): void;
        track: { onProgress(done: number, total: number): void; onStage(text: string): void };
    } {
        const make = (update: (done: number) => void, stage: (text: string) => void, stop: () => void) => ({
            update,
            stage,
            stop,
            track: { onProgress: (done: number) => update(done), onStage: (text: string) => stage(text) }
        });
        if (this.json || total <= 0) return make(noop, noop, noop);
        if (!process.stderr.isTTY) {
            let last = 0;
            return make(
                (done) => {
                    if (done < total && Date.now() - last < 5000) return;
                    last = Date.now();
                    this.log(`${label}: ${fmt(done)} of ${fmt(total)} rows`);
                },
                (text) => this.log(`${label}: ${text}`),
                noop
            );
        }
        // cli-progress (with string-width and its tables, ~25 ms of a command's start) loads only here, on a terminal:
        // a command writing to a pipe or a log never loads it. The bar starts once it has loaded, at the latest count
        // and stage; a command done before that shows none.
        let bar: SingleBar | undefined;
        let value = 0;
        let stage = '';
        let stopped = false;
        import('cli-progress')
            .then(({ default: cliProgress }) => {
                if (stopped) return;
                bar = new cliProgress.SingleBar(
                    {
                        format: `${label} [{bar}] {value}/{total} {percentage}% {stage}`,
                        stream: process.stderr,
                        noTTYOutput: false,
                        hideCursor: true
                    },
                    cliProgress.Presets.shades_classic
                );
                bar.start(total, value, { stage });
            })
            .catch(noop);
        return make(
            (done) => {
                value = done;
                bar?.update(value);
            },
            (text) => {
                stage = text;
                bar?.update(value, { stage });
            },
            () => {
                stopped = true;
                bar?.stop();
            }
        );
    }
}

const noop = () => undefined;

/** Report the result: to the sf command (which prints the envelope), else the `sf` JSON envelope under --json. */
export function emitResult(ux: Ux, status: ExitCode, result: unknown): void {
    if (bridge) {
        bridge.outcome = { status, result };
        return;
    }
    process.exitCode = status;
    if (ux.json) process.stdout.write(`${JSON.stringify({ status, result, warnings: ux.warnings }, null, 2)}\n`);
}

/** Print an error in the envelope (--json) or as text with its actions; set the exit code. */
export function emitError(ux: Ux, error: unknown): void {
    const abm = error instanceof AbmError ? error : undefined;
    const status = abm?.exitCode ?? ExitCode.Failure;
    const message = error instanceof Error ? error.message : String(error);
    process.exitCode = status;
    if (ux.json) {
        const name = error instanceof Error ? error.name : 'Error';
        process.stdout.write(
            `${JSON.stringify({ status, name, message, actions: abm?.actions ?? [], data: abm?.data, warnings: ux.warnings }, null, 2)}\n`
        );
        return;
    }
    process.stderr.write(`Error (${error instanceof Error ? error.name : 'Error'}): ${message}\n`);
    for (const action of abm?.actions ?? []) process.stderr.write(`  Try: ${action}\n`);
    if (!abm && error instanceof Error && process.env.ABM_DEBUG) process.stderr.write(`${error.stack ?? ''}\n`);
}

/**
 * The org of `--target-org`, or the snapshot folder of `--snapshot` (which must hold a CSV for each object in `needs`:
 * a missing Account.csv is an error, never an empty org).
 */
export async function openOrg(
    values: { 'target-org'?: string; snapshot?: string },
    ux: Ux,
    needs: string[] = ['Account', 'User']
): Promise<Org> {
    const target = values['target-org'];
    const snapshot = values.snapshot;
    if (target && snapshot) throw new UsageError('Pass either --target-org or --snapshot, not both.');
    if (snapshot) {
        const { SnapshotOrg } = await import('../org/snapshot.js');
        try {
            return await SnapshotOrg.open(snapshot, { require: needs, onNotice: (message) => ux.warn(message) });
        } catch (error) {
            throw new AbmError((error as Error).message);
        }
    }
    if (!target) {
        throw new UsageError('Name an org with --target-org <alias> or a snapshot folder with --snapshot <dir>.', [
            'abm <command> --snapshot data/sample-org'
        ]);
    }
    const { SalesforceOrg } = await import('../org/salesforce.js');
    ux.log(`Connecting to ${target}…`);
    const onNotice = (message: string) => ux.warn(message);
    if (bridge?.connection) return SalesforceOrg.fromConnection(bridge.connection() as never, { label: target, onNotice });
    return SalesforceOrg.connect(target, { onNotice });
}

/** The @salesforce/core Connection of `--target-org` (deploy, setup): the sf command's, else from the CLI's auth store. */
export async function openConnection(target: string): Promise<import('@salesforce/core').Connection> {
    if (bridge?.connection) return bridge.connection() as import('@salesforce/core').Connection;
    const { Org } = await import('@salesforce/core');
    return (await Org.create({ aliasOrUsername: target })).getConnection();
}

/** Number formatting for summaries. */
export const fmt = (n: number, digits = 0): string =>
    n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The "as of" date every dated rule uses: `--as-of`, else the snapshot's own date (`snapshot.json` `asOf`, so runs on a
 * snapshot are reproducible), else today (UTC).
 */
export async function resolveAsOf(asOfFlag: string | undefined, org: Org): Promise<string> {
    if (asOfFlag) return parseDateFlag('--as-of', asOfFlag);
    if (org.kind === 'snapshot') {
        const meta = await readSnapshotMeta(org.label);
        if (meta.asOf) return meta.asOf.slice(0, 10);
    }
    return new Date().toISOString().slice(0, 10);
}

/** A calendar date YYYY-MM-DD (2026-02-30 is not one), or undefined. */
export function calendarDate(text: string): string | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return undefined;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? text : undefined;
}

/** A date flag: a calendar date YYYY-MM-DD, else a usage error naming the flag. */
export function parseDateFlag(flag: string, value: string): string {
    const date = calendarDate(value);
    if (!date)
        throw new UsageError(
            /^\d{4}-\d{2}-\d{2}$/.test(value)
                ? `${flag} "${value}" is not a calendar date.`
                : `${flag} "${value}" is not a date in the form YYYY-MM-DD.`
        );
    return date;
}

/** `snapshot.json` beside a snapshot's CSVs (`{ asOf, fiscalYearStartMonth }`), validated, or {} when absent. */
export async function readSnapshotMeta(dir: string): Promise<{ asOf?: string; fiscalYearStartMonth?: number }> {
    const { readMeta } = await import('../org/snapshot.js');
    try {
        return readMeta(dir);
    } catch (error) {
        throw new AbmError((error as Error).message);
    }
}
