/**
 * `abm tier`: quarterly re-tiering (scripts/core/tiering.ts). Plan → report (who moves up or down, and why) →
 * `--apply` writes ABM_Tier__c and stamps ABM_TierChangedDate__c, with a rollback file first and a read-back check.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
import type { Org } from '../../org/index.js';
import { barChart, esc, page, table } from '../html.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, resolveAsOf, UsageError, type Ux } from '../shared.js';

export const help = `
Quarterly re-tiering: composite score (ICP fit, intent, engagement), Tier 1 = top N, Tier 2 = next M, Tier 3 = the rest
of the target list, with a hysteresis margin, locks respected and dormant Tier 1 proposed for Tier 2.

Usage:
  abm tier (--target-org <alias> | --snapshot <dir>) [--policy FILE] [--tier1-size N] [--tier2-size M] [--margin P]
           [--as-of YYYY-MM-DD] [--out DIR] [--json]
  abm tier --apply [--plan DIR/plan.json] (--target-org <alias> | --snapshot <dir>) [--force] [--json]

  --policy   weights and sizes (default config/tiering-policy.json: weights 0.4/0.3/0.3, Tier 1 50, Tier 2 150, margin 5,
             dormant 60 days)
  --apply    writes ABM_Tier__c and ABM_TierChangedDate__c for the accounts that move: the saved --plan (refused if a
             tier changed since, unless --force), or a fresh plan. DIR/rollback.csv is written first.
Writes DIR/plan.json, DIR/moves.csv, DIR/report.html (default out/tier).

Example: abm tier --snapshot data/sample-org --tier1-size 50
`;

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

type SavedTierPlan = { asOf: string; source: string; policy: TieringPolicy; plan: TieringPlan };

async function writePlan(out: string, saved: SavedTierPlan) {
    await mkdir(out, { recursive: true });
    const files = { plan: join(out, 'plan.json'), moves: join(out, 'moves.csv'), report: join(out, 'report.html') };
    await writeFile(files.plan, `${JSON.stringify(saved, null, 2)}\n`);
    await writeFile(
        files.moves,
        stringify(
            saved.plan.moves.map((m) => [m.id, safeCell(m.name), m.from, m.to, m.score, m.rank, m.reason]),
            { header: true, columns: ['AccountId', 'Account', 'FromTier', 'ToTier', 'Score', 'Rank', 'Reason'] }
        )
    );
    await writeFile(files.report, tierReportHtml(saved.plan, saved.policy, saved.source, saved.asOf));
    return files;
}

const SavedSchema = z.object({
    asOf: z.string(),
    source: z.string(),
    policy: z.record(z.string(), z.unknown()),
    plan: z
        .object({ moves: z.array(z.object({ id: z.string(), name: z.string(), from: z.string(), to: z.string() }).passthrough()) })
        .passthrough()
});

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        policy: { type: 'string' },
        'tier1-size': { type: 'string' },
        'tier2-size': { type: 'string' },
        margin: { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string', default: join('out', 'tier') },
        apply: { type: 'boolean', default: false },
        plan: { type: 'string' },
        force: { type: 'boolean', default: false }
    });
    if (values.plan && !values.apply) throw new UsageError('--plan is for --apply (it names the saved plan to apply).');
    const org = await openOrg(values, ux);
    const book = await readTierBook(org, ux);
    let saved: SavedTierPlan;
    if (values.plan) {
        try {
            const parsed = SavedSchema.safeParse(JSON.parse(await readFile(values.plan, 'utf8')));
            if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
            saved = parsed.data as unknown as SavedTierPlan;
        } catch (error) {
            throw new AbmError(`${values.plan} is not a tiering plan: ${(error as Error).message}`);
        }
    } else {
        const policy = await readTieringPolicy(values);
        const asOf = await resolveAsOf(values['as-of'], org);
        ux.log(`Scoring ${fmt(book.length)} accounts…`);
        saved = { asOf, source: org.label, policy, plan: planTiers(book, policy, asOf) };
        const files = await writePlan(values.out, saved);
        ux.out('');
        for (const line of tierSummaryLines(saved.plan, policy)) ux.out(line);
        for (const m of saved.plan.moves.slice(0, 8)) ux.out(`  ${m.name}: Tier ${m.from} → ${m.to} (${m.reason})`);
        ux.out(`Plan: ${resolve(files.plan)}\nMoves: ${resolve(files.moves)}\nReport: ${resolve(files.report)}`);
        if (!values.apply) {
            ux.log(
                `Nothing was changed. Apply it with: abm tier --apply --plan ${files.plan} ${values.snapshot ? `--snapshot ${values.snapshot}` : `--target-org ${values['target-org']}`}`
            );
            emitResult(ux, ExitCode.Success, {
                dryRun: true,
                asOf,
                moves: saved.plan.moves.length,
                up: saved.plan.up,
                down: saved.plan.down,
                counts: saved.plan.counts,
                cutoffs: saved.plan.cutoffs,
                files
            });
            return;
        }
    }
    // Apply.
    const current = new Map(book.map((a) => [a.id.slice(0, 15), a]));
    const missing = saved.plan.moves.filter((m) => !current.has(m.id.slice(0, 15)));
    if (missing.length) throw new AbmError(`${missing.length} planned accounts no longer exist (e.g. ${missing[0]!.name}). Plan again.`);
    const pending = saved.plan.moves.filter((m) => current.get(m.id.slice(0, 15))!.tier !== m.to);
    const drift = pending.filter((m) => current.get(m.id.slice(0, 15))!.tier !== m.from);
    if (drift.length && !values.force) {
        throw new AbmError(
            `${drift.length} accounts changed tier since the plan (e.g. ${drift[0]!.name}: planned from Tier ${drift[0]!.from}, now ${current.get(drift[0]!.id.slice(0, 15))!.tier}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again (abm tier …), or pass --force to apply anyway.']
        );
    }
    const runDir = values.plan ? resolve(values.plan, '..') : values.out;
    await mkdir(runDir, { recursive: true });
    const rollback = join(runDir, 'rollback.csv');
    await writeFile(
        rollback,
        stringify(
            pending.map((m) => {
                const a = current.get(m.id.slice(0, 15))!;
                return [a.id, a.tier, a.tierChangedDate ?? ''];
            }),
            { header: true, columns: ['Id', 'ABM_Tier__c', 'ABM_TierChangedDate__c'] }
        )
    );
    ux.log(`Applying ${pending.length} tier changes to ${org.label} (rollback file ${rollback})…`);
    const bar = ux.progress('Updating tiers', pending.length);
    const results = pending.length
        ? await org.update(
              'Account',
              pending.map((m) => ({ Id: m.id, ABM_Tier__c: m.to, ABM_TierChangedDate__c: saved.asOf })),
              { onProgress: (d) => bar.update(d) }
          )
        : [];
    bar.stop();
    const failed = pending.map((m, i) => ({ m, r: results[i]! })).filter(({ r }) => !r.success);
    if (failed.length) {
        await writeFile(
            join(runDir, 'failures.csv'),
            stringify(
                failed.map(({ m, r }) => [m.id, safeCell(m.name), m.from, m.to, r.error ?? '']),
                { header: true, columns: ['AccountId', 'Account', 'FromTier', 'ToTier', 'Error'] }
            )
        );
    }
    const after = new Map(
        (await readTierBook(org, new (ux.constructor as new (json: boolean) => Ux)(true))).map((a) => [a.id.slice(0, 15), a.tier])
    );
    const failedIds = new Set(failed.map((f) => f.m.id));
    const wrong = saved.plan.moves.filter((m) => !failedIds.has(m.id) && after.get(m.id.slice(0, 15)) !== m.to);
    ux.log(
        `Updated ${pending.length - failed.length}, failed ${failed.length}, already at the planned tier ${saved.plan.moves.length - pending.length}; verified ${wrong.length ? `${wrong.length} WRONG` : 'all tiers as planned'}.`
    );
    const summary = {
        dryRun: false,
        asOf: saved.asOf,
        planned: saved.plan.moves.length,
        updated: pending.length - failed.length,
        failed: failed.length,
        verifiedWrong: wrong.length,
        rollbackFile: rollback
    };
    if (wrong.length)
        throw new AbmError(`${wrong.length} accounts do not have their planned tier after the update.`, ExitCode.Failure, [], summary);
    emitResult(ux, failed.length ? ExitCode.Partial : ExitCode.Success, summary);
}
