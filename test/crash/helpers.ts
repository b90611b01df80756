/**
 * Shared by the crash-consistency suites: the CLI in one child process with the failpoint (failpoint.cjs) preloaded; a
 * run cut at a request boundary of the API double; and what a write command leaves in an org, comparable across runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { Org } from '../../scripts/org/index';
import type { Harness } from '../sfdouble/harness';
import { abmArgv } from '../abm-cli';

const ROOT = join(__dirname, '..', '..');
const FAILPOINT = join(__dirname, 'failpoint.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the failpoint is CommonJS, preloaded into the children
const { watchCommits } = require('./failpoint.cjs') as {
    watchCommits(dirs: string[], onCommit: (n: number, op: string, target: string) => void): () => void;
};

export type Child = { code: number | null; signal: string | null; stderr: string };

/**
 * The CLI in a child process with the failpoint: stop at durable commit `at` (0: never) under `dirs` with `signal`,
 * commits logged to `log`. The compiled CLI (test/abm-cli.ts), the failpoint preloaded with `--require` into that one
 * process (the signal reaches the process the test waits for).
 */
export function cliWithFailpoint(args: string[], dirs: string[], at: number, signal: 'SIGKILL' | 'SIGINT', log?: string): Promise<Child> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ['--require', FAILPOINT, ...abmArgv(args)],
            {
                cwd: ROOT,
                env: {
                    ...process.env,
                    ABM_FAILPOINT_AT: String(at),
                    ABM_FAILPOINT_SIGNAL: signal,
                    ABM_FAILPOINT_DIRS: dirs.join(delimiter),
                    ...(log ? { ABM_FAILPOINT_LOG: log } : {})
                },
                maxBuffer: 16 * 1024 * 1024
            },
            (error, _stdout, stderr) => {
                const e = error as (Error & { code?: number; signal?: string }) | null;
                resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stderr });
            }
        );
    });
}

/**
 * The double's org as a test reads it back between runs: the records a query answers, straight from the double's store
 * (SfDouble.records), without a request through jsforce and HTTP for each read.
 */
export const storedOrg = (h: Harness): Pick<Org, 'query'> => ({ query: async <T>(soql: string) => h.double.records(soql) as T[] });

/** The durable commits `run` makes under `dirs` in this process, counted as failpoint.cjs counts a child's. */
export async function commitsInProcess(dirs: string[], run: () => Promise<unknown>): Promise<number> {
    let count = 0;
    const unwatch = watchCommits(dirs, (n) => (count = n));
    try {
        await run();
    } finally {
        unwatch();
    }
    return count;
}

/** The commits a child logged (ABM_FAILPOINT_LOG: one line per commit). */
export const loggedCommits = (log: string): number => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;

/**
 * What the write commands change, comparable across runs: accounts (by web domain, else Id: a created account's Id
 * differs from run to run) with the fields rebalance, tier and load write; intent signals; audit records.
 */
export async function writtenState(org: Pick<Org, 'query'>) {
    const accounts = await org.query(
        'SELECT Id, Name, OwnerId, ABM_Tier__c, ABM_TierChangedDate__c, ABM_WebDomain__c, Industry, BillingCountry FROM Account'
    );
    const key = new Map(accounts.map((a) => [String(a.Id).slice(0, 15), String(a.ABM_WebDomain__c ?? a.Id)]));
    const k = (id: unknown) => (id ? (key.get(String(id).slice(0, 15)) ?? `gone:${String(id)}`) : '');
    const cells = (r: Record<string, unknown>, fields: string[]) => fields.map((f) => String(r[f] ?? '')).join('|');
    const signals = await org.query(
        'SELECT Account__c, Topic__c, Strength__c, Source__c, SignalType__c, SignalDate__c FROM ABM_IntentSignal__c'
    );
    const audit = await org.query('SELECT Account__c, PreviousOwner__c, NewOwner__c, Role__c, RunId__c, Source__c FROM ABM_Assignment__c');
    return {
        accounts: accounts
            .map(
                (a) => `${k(a.Id)}|${cells(a, ['Name', 'OwnerId', 'ABM_Tier__c', 'ABM_TierChangedDate__c', 'Industry', 'BillingCountry'])}`
            )
            .sort(),
        signals: signals
            .map((s) => `${k(s.Account__c)}|${cells(s, ['Topic__c', 'Strength__c', 'Source__c', 'SignalType__c', 'SignalDate__c'])}`)
            .sort(),
        audit: audit
            .map((a) => `${String(a.RunId__c)}|${k(a.Account__c)}|${cells(a, ['PreviousOwner__c', 'NewOwner__c', 'Role__c', 'Source__c'])}`)
            .sort()
    };
}
export type WrittenState = Awaited<ReturnType<typeof writtenState>>;

/** Back where the org began: accounts and signals as before; each change the run audited has its restore audited too. */
export function expectRolledBack(s: WrittenState, initial: WrittenState, runId: string): void {
    expect({ accounts: s.accounts, signals: s.signals }).toEqual({ accounts: initial.accounts, signals: initial.signals });
    const ofRun = (suffix: string) =>
        s.audit
            .filter((a) => a.startsWith(`${runId}${suffix}|`))
            .map((a) => a.split('|')[1])
            .sort();
    expect(ofRun('-rollback')).toEqual(ofRun('').filter((account) => initial.accounts.some((x) => x.startsWith(`${account}|`))));
    expect(s.audit.filter((a) => !a.startsWith(runId))).toEqual(initial.audit);
}

/** Every file under `dir` with its bytes: the run folder at the moment of the crash. */
function files(dir: string): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    if (!existsSync(dir)) return out;
    for (const name of readdirSync(dir, { recursive: true }) as string[])
        if (statSync(join(dir, name)).isFile()) out.set(name, readFileSync(join(dir, name)));
    return out;
}

function restore(dir: string, saved: Map<string, Buffer>): void {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, bytes] of saved) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), bytes);
    }
}

/**
 * Run `fn` with the double crashing at request `k` (`when`); the run folder is put back as it was at the crash (files a
 * dead process could not have written are undone). True when the crash happened or `fn` failed (a crash point past
 * the run's last request: the run simply completed).
 */
export async function crashing(
    h: Harness,
    runsDir: string,
    k: number,
    when: 'before' | 'after',
    fn: () => Promise<unknown>
): Promise<boolean> {
    let atCrash: Map<string, Buffer> | undefined;
    h.double.crashAt(k, when, () => (atCrash = files(runsDir)));
    const outcome = await fn().then(
        () => 'done',
        () => 'failed'
    );
    h.double.recover();
    if (atCrash) restore(runsDir, atCrash);
    return outcome === 'failed' || atCrash !== undefined;
}

/** Crash points 1…n, each before and after the server's work. */
export const crashPoints = (n: number) =>
    Array.from({ length: n }, (_, i) => i + 1).flatMap((k) => [[k, 'before'] as const, [k, 'after'] as const]);
