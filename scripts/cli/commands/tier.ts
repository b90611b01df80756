/**
 * `abm tier`: quarterly re-tiering (scripts/core/tiering.ts). Plan → report (who moves up or down, and why) →
 * `--apply` writes ABM_Tier__c and stamps ABM_TierChangedDate__c, with a rollback file first and a read-back check.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { safeCell } from '../../core/lists.js';
import {
    DEFAULT_TIERING_POLICY,
    planTiers,
    type TierAccount,
    type TieringPlan,
    type TieringPolicy,
    type TierValue
} from '../../core/tiering.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Org } from '../../org/index.js';
import { barChart, esc, page, table } from '../html.js';
import {
    checkTarget,
    describeTarget,
    driftOf,
    guardedWrite,
    IncompleteUndoError,
    prepareOutDir,
    readPlanFile,
    Run,
    sealPlan,
    sha256,
    targetOf,
    type Target
} from '../runs.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, resolveAsOf, UsageError, Ux } from '../shared.js';

const TIERS = ['1', '2', '3', 'Not ABM'] as const;

const PolicySchema = z
    .object({
        weights: z.object({ fit: z.number().min(0), intent: z.number().min(0), engagement: z.number().min(0) }).strict(),
        tier1Size: z.number().int().min(0),
        tier2Size: z.number().int().min(0),
        margin: z.number().min(0),
        dormantDays: z.number().int().min(1),
        demoteDormant: z.boolean()
    })
    .strict()
    .partial();

export async function readTieringPolicy(values: {
    policy?: string;
    'tier1-size'?: string;
    'tier2-size'?: string;
    margin?: string;
}): Promise<TieringPolicy> {
    const file = values.policy ?? (existsSync('config/tiering-policy.json') ? 'config/tiering-policy.json' : undefined);
    let policy: TieringPolicy = { ...DEFAULT_TIERING_POLICY };
    if (file) {
        let raw: unknown;
        try {
            raw = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
            throw new AbmError(`Cannot read the tiering policy ${file}: ${(error as Error).message}`);
        }
        const parsed = PolicySchema.safeParse(raw);
        if (!parsed.success)
            throw new AbmError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        policy = { ...policy, ...parsed.data };
    }
    const int = (flag: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new UsageError(`--${flag} "${v}" is not a whole number.`);
        return Number(v);
    };
    policy.tier1Size = int('tier1-size', values['tier1-size']) ?? policy.tier1Size;
    policy.tier2Size = int('tier2-size', values['tier2-size']) ?? policy.tier2Size;
    if (values.margin !== undefined) {
        if (!/^\d+(\.\d+)?$/.test(values.margin)) throw new UsageError(`--margin "${values.margin}" is not a number of points.`);
        policy.margin = Number(values.margin);
    }
    if (policy.weights.fit + policy.weights.intent + policy.weights.engagement <= 0)
        throw new AbmError('The tiering weights must not all be 0.');
    return policy;
}

const s = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
const tierOf = (v: unknown): TierValue => (v === '1' || v === '2' || v === '3' ? v : 'Not ABM');

export async function readTierBook(org: Org, ux: Ux): Promise<(TierAccount & { tierChangedDate: string | null })[]> {
    ux.log(`Reading scores from ${org.label}…`);
    const rows = await org.bulkQuery(
        'SELECT Id, Name, ABM_Tier__c, ABM_IcpFitScore__c, ABM_IntentScore__c, ABM_EngagementScore__c, ABM_IsTerritoryLocked__c, LastActivityDate, ABM_LastEngagementDate__c, ABM_TierChangedDate__c FROM Account'
    );
    return rows.map((r) => {
        const dates = [s(r.LastActivityDate), s(r.ABM_LastEngagementDate__c)].filter((d): d is string => !!d).sort();
        return {
            id: r.Id!,
            name: r.Name ?? '',
            tier: tierOf(r.ABM_Tier__c),
            fit: num(r.ABM_IcpFitScore__c),
            intent: num(r.ABM_IntentScore__c),
            engagement: num(r.ABM_EngagementScore__c),
            isLocked: r.ABM_IsTerritoryLocked__c === 'true',
            lastActivity: dates[dates.length - 1] ?? null,
            tierChangedDate: s(r.ABM_TierChangedDate__c)
        };
    });
}

export function tierSummaryLines(plan: TieringPlan, policy: TieringPolicy): string[] {
    const c = plan.counts;
    return [
        `Target list: ${fmt(c.before['1'] + c.before['2'] + c.before['3'])} accounts · cut-offs: Tier 1 ≥ ${plan.cutoffs.tier1 ?? '–'}, Tier 2 ≥ ${plan.cutoffs.tier2 ?? '–'} (margin ${policy.margin})`,
        `  Tier 1  ${String(c.before['1']).padStart(5)} → ${String(c.after['1']).padStart(5)}`,
        `  Tier 2  ${String(c.before['2']).padStart(5)} → ${String(c.after['2']).padStart(5)}`,
        `  Tier 3  ${String(c.before['3']).padStart(5)} → ${String(c.after['3']).padStart(5)}`,
        `Moves: ${plan.moves.length} (${plan.up} up, ${plan.down} down) · kept by the margin ${plan.keptByMargin} · dormant Tier 1 → Tier 2 ${plan.dormantDemoted} · locked ${plan.locked}`
    ];
}

export function tierReportHtml(plan: TieringPlan, policy: TieringPolicy, label: string, asOf: string): string {
    const w = policy.weights;
    let body = `<p>${esc(label)} · as of ${esc(asOf)} · score = ${w.fit} × ICP fit + ${w.intent} × intent + ${w.engagement} × engagement (normalised) · Tier 1 = top ${policy.tier1Size}, Tier 2 = next ${policy.tier2Size}, margin ${policy.margin} points</p>`;
    body += barChart(
        'Accounts per tier after the plan',
        (['1', '2', '3'] as const).map((t) => ({ label: `Tier ${t}`, value: plan.counts.after[t], note: `(was ${plan.counts.before[t]})` }))
    );
    const section = (title: string, list: TieringPlan['moves']) =>
        `<h2>${esc(title)} (${list.length})</h2>` +
        table(
            ['Account', 'From', 'To', 'Score', 'Rank', 'Why'],
            list.map((m) => [m.name, m.from, m.to, m.score, m.rank, m.reason])
        );
    const r = (t: string) => (t === '1' ? 1 : t === '2' ? 2 : 3);
    body += section(
        'Moving up',
        plan.moves.filter((m) => r(m.to) < r(m.from))
    );
    body += section(
        'Moving down',
        plan.moves.filter((m) => r(m.to) > r(m.from))
    );
    body += section(
        'Kept by the hysteresis margin',
        plan.decisions.filter((d) => d.reason.startsWith('kept'))
    );
    return page('Quarterly re-tiering plan', body);
}

export type SavedTierPlan = {
    runId: string;
    asOf: string;
    source: string;
    target: Target;
    policy: TieringPolicy;
    plan: TieringPlan;
};

const TierMoveSchema = z.object({ id: z.string(), name: z.string(), from: z.enum(TIERS), to: z.enum(TIERS) }).passthrough();
const SavedSchema = z.object({
    kind: z.literal('tier'),
    integrity: z.string(),
    runId: z.string().min(1),
    asOf: z.string(),
    source: z.string(),
    target: z.object({ kind: z.enum(['salesforce', 'snapshot']), id: z.string().min(1), label: z.string() }),
    policy: z.record(z.string(), z.unknown()),
    plan: z.object({ moves: z.array(TierMoveSchema) }).passthrough()
});

/** Write a tiering plan (plan.json sealed with its kind, target and integrity; moves.csv; report.html). Also `abm quarter`. */
export async function writeTierPlan(out: string, saved: SavedTierPlan) {
    await mkdir(out, { recursive: true });
    const files = { plan: join(out, 'plan.json'), moves: join(out, 'moves.csv'), report: join(out, 'report.html') };
    await writeFileAtomic(files.plan, `${JSON.stringify(sealPlan('tier', saved), null, 2)}\n`);
    await writeFileAtomic(
        files.moves,
        stringify(
            saved.plan.moves.map((m) => [m.id, safeCell(m.name), m.from, m.to, m.score, m.rank, m.reason]),
            { header: true, columns: ['AccountId', 'Account', 'FromTier', 'ToTier', 'Score', 'Rank', 'Reason'] }
        )
    );
    await writeFileAtomic(files.report, tierReportHtml(saved.plan, saved.policy, saved.source, saved.asOf));
    return files;
}

/** A run id for a tiering plan: the time and a hash of its moves. */
export function tierRunId(plan: TieringPlan): string {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    return `tier-${stamp}-${sha256(JSON.stringify(plan.moves.map((m) => [m.id, m.to]))).slice(0, 8)}`;
}

export type TierPlanOptions = {
    targetOrg?: string;
    snapshot?: string;
    policy?: string;
    tier1Size?: string;
    tier2Size?: string;
    margin?: string;
    asOf?: string;
    out: string;
    runId?: string;
};

export type TierApplyOptions = {
    planFile: string;
    targetOrg?: string;
    snapshot?: string;
    force: boolean;
    resume: boolean;
    runsDir: string;
};

export type TierRollbackOptions = { runId: string; targetOrg?: string; snapshot?: string; runsDir: string; force: boolean };

const orgFlag = (o: { snapshot?: string; targetOrg?: string }) =>
    o.snapshot ? `--snapshot ${o.snapshot}` : `--target-org ${o.targetOrg ?? '…'}`;
const openFor = (o: { snapshot?: string; targetOrg?: string }, ux: Ux) => openOrg({ 'target-org': o.targetOrg, snapshot: o.snapshot }, ux);

/** Plan the re-tiering and write the plan; nothing is changed. */
export async function executeTierPlan(options: TierPlanOptions, ux: Ux, context: { org?: Org } = {}) {
    await prepareOutDir(options.out);
    const policy = await readTieringPolicy({
        policy: options.policy,
        'tier1-size': options.tier1Size,
        'tier2-size': options.tier2Size,
        margin: options.margin
    });
    const org = context.org ?? (await openFor(options, ux));
    const asOf = await resolveAsOf(options.asOf, org);
    const target = await targetOf(org);
    const book = await readTierBook(org, ux);
    ux.log(`Scoring ${fmt(book.length)} accounts…`);
    const plan = planTiers(book, policy, asOf);
    const runId = options.runId ?? tierRunId(plan);
    Run.folder('.', runId);
    const saved: SavedTierPlan = { runId, asOf, source: org.label, target, policy, plan };
    const files = await writeTierPlan(options.out, saved);
    ux.log('');
    for (const line of tierSummaryLines(plan, policy)) ux.log(line);
    for (const m of plan.moves.slice(0, 8)) ux.log(`  ${m.name}: Tier ${m.from} → ${m.to} (${m.reason})`);
    ux.log(`Plan ${runId}: ${resolve(files.plan)}\nMoves: ${resolve(files.moves)}\nReport: ${resolve(files.report)}`);
    return {
        dryRun: true,
        runId,
        asOf,
        moves: plan.moves.length,
        up: plan.up,
        down: plan.down,
        counts: plan.counts,
        cutoffs: plan.cutoffs,
        files
    };
}

const UNDO = 'rollback.csv';
const UNDO_COLUMNS = ['AccountId', 'PreviousTier', 'PreviousTierChangedDate', 'PlannedTier', 'PlannedTierChangedDate'] as const;

/**
 * Apply a saved tiering plan: the target and every planned account re-checked (a tier changed since is drift, refused
 * unless --force; an account locked since is skipped, as the planner keeps locked accounts), the undo file saved and
 * verified before the first write, then ABM_Tier__c and ABM_TierChangedDate__c written and read back.
 */
export async function executeTierApply(options: TierApplyOptions, ux: Ux, context: { org?: Org } = {}) {
    const { plan: parsed, text, integrity } = await readPlanFile(options.planFile, 'tier', SavedSchema);
    const saved = parsed as unknown as SavedTierPlan;
    const org = context.org ?? (await openFor(options, ux));
    const target = await targetOf(org);
    checkTarget(saved.target, target, `The plan ${options.planFile}`, [`Plan again on ${describeTarget(target)} (abm tier plan …).`]);
    const start = {
        runsDir: options.runsDir,
        runId: saved.runId,
        command: 'tier' as const,
        planFile: options.planFile,
        planText: text,
        integrity,
        target,
        resume: options.resume
    };
    await Run.check(start);
    const book = await readTierBook(org, ux);
    const current = new Map(book.map((a) => [a.id.slice(0, 15), a]));
    const moves = saved.plan.moves;
    const missing = moves.filter((m) => !current.has(m.id.slice(0, 15)));
    if (missing.length) throw new AbmError(`${missing.length} planned accounts no longer exist (e.g. ${missing[0]!.name}). Plan again.`);
    const now = (m: { id: string }) => current.get(m.id.slice(0, 15))!;
    const pendingAll = moves.filter((m) => now(m).tier !== m.to);
    const drift = pendingAll.filter((m) => now(m).tier !== m.from);
    if (drift.length && !options.force) {
        throw new AbmError(
            `${drift.length} accounts changed tier since the plan (e.g. ${drift[0]!.name}: planned from Tier ${drift[0]!.from}, now ${now(drift[0]!).tier}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again (abm tier plan …), or pass --force to apply anyway.']
        );
    }
    // The planner keeps locked accounts where they are: one locked since the plan is skipped, with the reason.
    const skipped = pendingAll
        .filter((m) => now(m).isLocked)
        .map((m) => ({ m, reason: 'locked since the plan (ABM_IsTerritoryLocked__c)' }));
    const pending = pendingAll.filter((m) => !now(m).isLocked);
    for (const { m, reason } of skipped.slice(0, 5)) ux.warn(`${m.name}: not re-tiered, ${reason}.`);
    const how = {
        resume: `abm tier apply --plan ${options.planFile} --resume ${orgFlag(options)} --runs-dir ${options.runsDir}`,
        rollback: `abm tier rollback --run ${saved.runId} ${orgFlag(options)} --runs-dir ${options.runsDir}`
    };
    const progress = { text: `nothing written yet (${pending.length} tier changes to make)` };
    return guardedWrite(ux, how, progress, async (check, started) => {
        const run = started(await Run.begin(start));
        await run.saveUndo(
            UNDO,
            UNDO_COLUMNS,
            () =>
                moves.map((m) => ({
                    AccountId: m.id,
                    PreviousTier: now(m).tier,
                    PreviousTierChangedDate: now(m).tierChangedDate ?? '',
                    PlannedTier: m.to,
                    PlannedTierChangedDate: saved.asOf
                })),
            { key: 'AccountId', planned: moves.map((m) => m.id) }
        );
        if (run.manifest.state === 'started') await run.setState('writing');
        if (skipped.length)
            await run.writeReport(
                'skipped.csv',
                ['AccountId', 'Account', 'FromTier', 'ToTier', 'Reason'],
                skipped.map(({ m, reason }) => [m.id, safeCell(m.name), m.from, m.to, reason])
            );
        check();
        ux.log(`Applying ${pending.length} tier changes to ${org.label} (run ${saved.runId}, undo file ${run.path(UNDO)})…`);
        check();
        progress.text = `the update of ${pending.length} tiers was sent (some may have changed)`;
        const bar = ux.progress('Updating tiers', pending.length);
        const results = pending.length
            ? await org.update(
                  'Account',
                  pending.map((m) => ({ Id: m.id, ABM_Tier__c: m.to, ABM_TierChangedDate__c: saved.asOf })),
                  bar.track
              )
            : [];
        bar.stop();
        const failed = pending.map((m, i) => ({ m, r: results[i]! })).filter(({ r }) => !r.success);
        if (failed.length)
            await run.writeReport(
                'failures.csv',
                ['AccountId', 'Account', 'FromTier', 'ToTier', 'Error'],
                failed.map(({ m, r }) => [m.id, safeCell(m.name), m.from, m.to, r.error ?? ''])
            );
        progress.text = `updated ${pending.length - failed.length} of ${pending.length} tiers; not verified yet`;
        check();
        const after = new Map((await readTierBook(org, quiet)).map((a) => [a.id.slice(0, 15), a.tier]));
        const failedIds = new Set(failed.map((f) => f.m.id));
        const skippedIds = new Set(skipped.map((x) => x.m.id));
        const wrong = moves.filter((m) => !failedIds.has(m.id) && !skippedIds.has(m.id) && after.get(m.id.slice(0, 15)) !== m.to);
        ux.log(
            `Updated ${pending.length - failed.length}, failed ${failed.length}, skipped ${skipped.length}, already at the planned tier ${moves.length - pendingAll.length}; verified ${wrong.length ? `${wrong.length} WRONG` : 'all tiers as planned'}.`
        );
        const summary = {
            dryRun: false,
            runId: saved.runId,
            asOf: saved.asOf,
            planned: moves.length,
            updated: pending.length - failed.length,
            failed: failed.length,
            skipped: skipped.length,
            verifiedWrong: wrong.length,
            runDir: run.dir,
            rollbackFile: run.path(UNDO)
        };
        await run.setState(
            failed.length || wrong.length ? 'partial' : 'applied',
            `updated ${summary.updated}, failed ${failed.length}, skipped ${skipped.length}`
        );
        if (wrong.length)
            throw new AbmError(
                `${wrong.length} accounts do not have their planned tier after the update.`,
                ExitCode.Failure,
                [how.rollback],
                summary
            );
        return { status: failed.length ? ExitCode.Partial : ExitCode.Success, summary };
    });
}

const quiet = new Ux(true);

/** Roll a tiering run back: target, undo file and drift checked (a tier changed by hand since is left alone unless --force). */
export async function executeTierRollback(options: TierRollbackOptions, ux: Ux, context: { org?: Org } = {}) {
    const org = context.org ?? (await openFor(options, ux));
    const target = await targetOf(org);
    const run = await Run.forRollback(options.runsDir, options.runId, 'tier', target);
    const saved = JSON.parse(await run.planText()) as SavedTierPlan;
    const rows = await run.readUndo(UNDO, { key: 'AccountId', planned: saved.plan.moves.map((m) => m.id) });
    if (!rows) {
        if (run.manifest.state !== 'started')
            throw new IncompleteUndoError(
                `Run ${options.runId} is marked ${run.manifest.state} but its undo file was never completed: nothing is changed.`
            );
        ux.log(`Run ${options.runId} stopped before its first change: nothing to roll back.`);
        await run.setState('rolled back', 'nothing was written');
        return { status: ExitCode.Success, summary: { runId: options.runId, restored: 0, failed: 0, unchanged: 0, drift: 0 } };
    }
    const current = new Map((await readTierBook(org, quiet)).map((a) => [a.id.slice(0, 15), a.tier as string]));
    const verdicts = rows.map((r) => ({
        r,
        verdict: driftOf(current.get(r.AccountId!.slice(0, 15)) ?? '', r.PreviousTier!, r.PlannedTier!)
    }));
    const gone = rows.filter((r) => !current.has(r.AccountId!.slice(0, 15)));
    const drifted = verdicts.filter((x) => x.verdict === 'drift' && current.has(x.r.AccountId!.slice(0, 15)));
    if (drifted.length && !options.force) {
        const first = drifted[0]!.r;
        throw new AbmError(
            `${drifted.length} accounts changed tier since run ${options.runId} (e.g. ${first.AccountId}: the run set Tier ${first.PlannedTier}, it is now ${current.get(first.AccountId!.slice(0, 15))}). Nothing was changed.`,
            ExitCode.Failure,
            [
                `abm tier rollback --run ${options.runId} ${orgFlag(options)} --runs-dir ${options.runsDir} --force  (to restore the others and leave these as they are)`
            ]
        );
    }
    if (drifted.length) ux.warn(`${drifted.length} accounts changed tier since the run are left as they are.`);
    if (gone.length) ux.warn(`${gone.length} accounts of the run no longer exist (e.g. ${gone[0]!.AccountId}): left out.`);
    const restore = verdicts.filter((x) => x.verdict === 'restore').map((x) => x.r);
    ux.log(
        `Rolling back run ${options.runId} on ${org.label}: ${restore.length} tiers to restore, ${rows.length - restore.length} unchanged.`
    );
    await run.setState('rolling back');
    const progress = { text: 'nothing restored yet' };
    const how = {
        resume: `abm tier rollback --run ${options.runId} ${orgFlag(options)} --runs-dir ${options.runsDir}  (to finish the rollback)`,
        rollback: ''
    };
    return guardedWrite(ux, how, progress, async (check, started) => {
        started(run);
        check();
        progress.text = `the restore of ${restore.length} tiers was sent (some may have changed)`;
        const results = restore.length
            ? await org.update(
                  'Account',
                  restore.map((r) => ({
                      Id: r.AccountId,
                      ABM_Tier__c: r.PreviousTier,
                      ABM_TierChangedDate__c: r.PreviousTierChangedDate || null
                  }))
              )
            : [];
        const failed = restore.filter((_, i) => !results[i]!.success).length;
        ux.log(`Restored ${restore.length - failed} tiers${failed ? `, ${failed} failed` : ''}.`);
        await run.setState(failed ? 'rolling back' : 'rolled back', `restored ${restore.length - failed}, failed ${failed}`);
        return {
            status: failed ? ExitCode.Partial : ExitCode.Success,
            summary: {
                runId: options.runId,
                restored: restore.length - failed,
                failed,
                unchanged: rows.length - restore.length,
                drift: drifted.length
            }
        };
    });
}

const PLAN_FLAGS = {
    ...ORG_FLAGS,
    policy: { type: 'string' },
    'tier1-size': { type: 'string' },
    'tier2-size': { type: 'string' },
    margin: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string', default: join('out', 'tier') },
    'run-id': { type: 'string' }
} as const;

const planOptions = (values: { [K in keyof typeof PLAN_FLAGS]?: unknown } & { out: string }): TierPlanOptions => ({
    targetOrg: values['target-org'] as string | undefined,
    snapshot: values.snapshot as string | undefined,
    policy: values.policy as string | undefined,
    tier1Size: values['tier1-size'] as string | undefined,
    tier2Size: values['tier2-size'] as string | undefined,
    margin: values.margin as string | undefined,
    asOf: values['as-of'] as string | undefined,
    out: values.out,
    runId: values['run-id'] as string | undefined
});

/** The flags of `abm tier apply` and `abm tier rollback` (each adds its own: --plan and --resume, or --run). */
const WRITE_FLAGS = {
    ...ORG_FLAGS,
    force: { type: 'boolean', default: false },
    'runs-dir': { type: 'string', default: join('out', 'runs') }
} as const;

const writeBase = (values: { 'target-org'?: string; snapshot?: string; force: boolean; 'runs-dir': string }) => ({
    targetOrg: values['target-org'],
    snapshot: values.snapshot,
    force: values.force,
    runsDir: values['runs-dir']
});

export async function run(argv: string[], ux: Ux): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'plan')
        return emitResult(ux, ExitCode.Success, await executeTierPlan(planOptions(parseFlags(rest, PLAN_FLAGS).values), ux));
    if (sub === 'apply') {
        const { values } = parseFlags(rest, { ...WRITE_FLAGS, plan: { type: 'string' }, resume: { type: 'boolean', default: false } });
        if (!values.plan) throw new UsageError('Name the saved plan with --plan DIR/plan.json (from "abm tier plan").');
        const { status, summary } = await executeTierApply({ ...writeBase(values), planFile: values.plan, resume: values.resume }, ux);
        return emitResult(ux, status, summary);
    }
    if (sub === 'rollback') {
        const { values } = parseFlags(rest, { ...WRITE_FLAGS, run: { type: 'string' } });
        if (!values.run) throw new UsageError('Name the run to roll back with --run <runId>.');
        const { status, summary } = await executeTierRollback({ ...writeBase(values), runId: values.run }, ux);
        return emitResult(ux, status, summary);
    }
    // The one-step form: `abm tier [flags]` plans; `--apply` applies the saved --plan, or plans and applies at once.
    const { values } = parseFlags(argv, {
        ...PLAN_FLAGS,
        apply: { type: 'boolean', default: false },
        plan: { type: 'string' },
        force: { type: 'boolean', default: false },
        'runs-dir': { type: 'string', default: join('out', 'runs') }
    });
    if (values.plan && !values.apply) throw new UsageError('--plan is for --apply (it names the saved plan to apply).');
    const base = {
        targetOrg: values['target-org'],
        snapshot: values.snapshot,
        force: values.force,
        runsDir: values['runs-dir'],
        resume: false
    };
    if (values.plan) {
        const { status, summary } = await executeTierApply({ ...base, planFile: values.plan }, ux);
        return emitResult(ux, status, summary);
    }
    const planned = await executeTierPlan(planOptions(values), ux);
    if (!values.apply) {
        ux.log(`Nothing was changed. Apply it with: abm tier apply --plan ${planned.files.plan} ${orgFlag(base)}`);
        return emitResult(ux, ExitCode.Success, planned);
    }
    const { status, summary } = await executeTierApply({ ...base, planFile: planned.files.plan }, ux);
    emitResult(ux, status, summary);
}
