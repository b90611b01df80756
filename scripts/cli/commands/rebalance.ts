/**
 * `abm rebalance plan | apply | rollback`: plan the quarterly territory rebalance (scripts/core/rebalance), write the plan
 * (plan.json, moves.csv, report.html, a terminal summary), apply exactly a saved plan with a rollback file written first,
 * and roll a run back.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
    DEFAULT_POLICY,
    planRebalance,
    type RebalanceAccount,
    type RebalancePlan,
    type RebalancePolicy,
    type RebalanceSeller
} from '../../core/rebalance/plan.js';
import type { Org, RowResult, SObjectRecord } from '../../org/index.js';
import { readByIds } from '../../org/read.js';
import { barChart, esc, page, table } from '../html.js';
import {
    complete as completeOwnerChange,
    completeRollback as completeOwnerChangeRollback,
    OwnerChangeSchema,
    prepare as prepareOwnerChange,
    prepareRollback as prepareOwnerChangeRollback,
    resolveOwnerChange,
    type OwnerChangePolicy
} from '../owner-change.js';
import {
    AbmError,
    emitResult,
    ExitCode,
    fmt,
    openOrg,
    ORG_FLAGS,
    parseFlags,
    readSnapshotMeta,
    resolveAsOf,
    UsageError,
    type Ux
} from '../shared.js';

export const help = `
Quarterly territory rebalancing: plan first, then apply exactly the saved plan, with a rollback file and an audit trail.

Usage:
  abm rebalance plan (--target-org <alias> | --snapshot <dir>) [--policy FILE] [--departures-only] [--out DIR] [--json]
  abm rebalance apply --plan DIR/plan.json (--target-org <alias> | --snapshot <dir>) [--force] [--resume]
                      [--quarter-start YYYY-MM-DD | --fiscal-start-month N] [--json]
  abm rebalance rollback --run <runId> (--target-org <alias> | --snapshot <dir>) [--runs-dir out/runs] [--json]

  plan        reads the book, solves it (exact min-cost flow per tier), writes DIR/plan.json, DIR/moves.csv, DIR/report.html
  --departures-only   only the accounts of departed / ineligible owners move (the "within 2 days" run; allowed any day)
  apply       re-reads the owners and refuses if a moved account changed owner since the plan (drift) unless --force;
              refuses mid-quarter on an org unless --force or a departures plan (a snapshot is a simulation: always allowed);
              writes out/runs/<runId>/rollback.csv before the first change, updates OwnerId (Bulk API 2.0 for 2,000+ rows),
              retries row-lock failures, records every change in ABM_Assignment__c, then reads back and verifies
  --resume    finishes an interrupted apply: accounts already at their planned owner are skipped, the rollback file is kept
  rollback    restores exactly the owners in the run's rollback file, and audits that

Example: abm rebalance plan --snapshot data/sample-org --out out/demo
`;

const PROTECTED_STAGES = ['Proposal/Price Quote', 'Negotiation/Review'];

const PolicySchema = z
    .object({
        industryMismatchCost: z.number().int().min(0),
        regionMismatchCost: z.number().int().min(0),
        moveCost: z.number().int().min(0),
        workloadCost: z.number().int().min(0),
        potentialCost: z.number().int().min(0),
        potentialTopShare: z.number().min(0).max(1),
        candidatesPerClass: z.number().int().min(1),
        secondaryTiers: z.array(z.enum(['1', '2'])),
        secondaryRoles: z.array(z.string().min(1)),
        churnBudget: z.number().min(0).max(1),
        includeTier2: z.boolean(),
        lowTierOwnerUsername: z.string().nullable(),
        protectedStages: z.array(z.string()),
        applyWindowDays: z.number().int().min(0),
        // What follows an Account owner change (scripts/cli/owner-change.ts); defaults: keep the team, move nothing else.
        ownerChange: OwnerChangeSchema
    })
    .strict()
    .partial();
type PolicyFile = z.infer<typeof PolicySchema>;

async function readPolicy(path: string | undefined): Promise<PolicyFile> {
    if (!path) return {};
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
        throw new AbmError(`Cannot read the policy file ${path}: ${(error as Error).message}`);
    }
    const parsed = PolicySchema.safeParse(raw);
    if (!parsed.success) throw new AbmError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
}

const str = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const bool = (v: unknown) => v === true || v === 'true';
const num = (v: unknown, fallback: number) => (v === null || v === undefined || v === '' ? fallback : Number(v));
const list = (v: unknown) =>
    String(v ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);

/** Read the book through the one door (also used by `abm quarter`). */
export async function readBook(org: Org, protectedStages: string[], ux: Ux) {
    ux.log(`Reading the book from ${org.label}…`);
    const [accounts, sellers, users, opportunities] = await Promise.all([
        org.query(
            'SELECT Id, Name, OwnerId, ABM_SecondaryOwner__c, ABM_Tier__c, Industry, ABM_Region__c, ABM_IsTerritoryLocked__c, ABM_IcpFitScore__c, ABM_IntentScore__c FROM Account'
        ),
        org.query(
            'SELECT Id, User__c, Role__c, Industries__c, Regions__c, Tier1CapacityMin__c, Tier1CapacityMax__c, Tier2CapacityMin__c, Tier2CapacityMax__c, SecondaryCapacityMin__c, SecondaryCapacityMax__c, IsActive__c, IsAcceptingAccounts__c FROM ABM_Seller__c'
        ),
        org.query('SELECT Id, Name, Username, IsActive FROM User'),
        org.query('SELECT AccountId, StageName FROM Opportunity WHERE IsClosed = false')
    ]);
    const protectedAccounts = new Set(
        opportunities.filter((o) => protectedStages.includes(String(o.StageName))).map((o) => String(o.AccountId))
    );
    const userById = new Map(users.map((u) => [String(u.Id), u]));
    const bookAccounts: RebalanceAccount[] = accounts.map((a) => ({
        id: String(a.Id),
        name: String(a.Name ?? ''),
        tier: (['1', '2', '3'].includes(String(a.ABM_Tier__c)) ? String(a.ABM_Tier__c) : 'Not ABM') as RebalanceAccount['tier'],
        ownerId: str(a.OwnerId),
        industry: str(a.Industry),
        region: str(a.ABM_Region__c),
        isLocked: bool(a.ABM_IsTerritoryLocked__c),
        // Workload potential: ICP fit × intent (0–100 each), as in the policy's potential bands.
        potential: (num(a.ABM_IcpFitScore__c, 0) * num(a.ABM_IntentScore__c, 0)) / 100,
        hasProtectedOpportunity: protectedAccounts.has(String(a.Id)),
        secondaryOwnerId: str(a.ABM_SecondaryOwner__c)
    }));
    const bookSellers: RebalanceSeller[] = sellers
        .filter((s) => str(s.User__c))
        .map((s) => {
            const user = userById.get(String(s.User__c));
            return {
                userId: String(s.User__c),
                name: String(user?.Name ?? s.User__c),
                role: String(s.Role__c ?? ''),
                industries: list(s.Industries__c),
                regions: list(s.Regions__c),
                tier1Min: num(s.Tier1CapacityMin__c, 10),
                tier1Max: num(s.Tier1CapacityMax__c, 15),
                tier2Min: num(s.Tier2CapacityMin__c, 0),
                tier2Max: num(s.Tier2CapacityMax__c, 0),
                secondaryMin: num(s.SecondaryCapacityMin__c, 0),
                secondaryMax: num(s.SecondaryCapacityMax__c, 0),
                isActive: bool(s.IsActive__c) && bool(user?.IsActive),
                isAccepting: bool(s.IsAcceptingAccounts__c)
            };
        });
    ux.log(
        `Read ${fmt(bookAccounts.length)} accounts, ${bookSellers.length} sellers, ${protectedAccounts.size} accounts with protected deals.`
    );
    return { accounts: bookAccounts, sellers: bookSellers, users };
}

export type SavedPlan = {
    runId: string;
    createdAt: string;
    asOf: string;
    source: string;
    departuresOnly: boolean;
    policy: RebalancePolicy & { ownerChange?: OwnerChangePolicy };
    plan: RebalancePlan;
};

const SavedPlanSchema = z.object({
    runId: z.string().min(1),
    createdAt: z.string(),
    asOf: z.string(),
    source: z.string(),
    departuresOnly: z.boolean(),
    policy: z.record(z.string(), z.unknown()),
    plan: z.object({
        ok: z.boolean(),
        infeasible: z.array(z.unknown()),
        moves: z.array(
            z.object({
                accountId: z.string(),
                accountName: z.string(),
                tier: z.string(),
                fromId: z.string().nullable(),
                fromName: z.string(),
                toId: z.string(),
                toName: z.string(),
                reasons: z.array(z.string())
            })
        ),
        owners: z.record(z.string(), z.string().nullable()),
        metrics: z.array(z.unknown()),
        secondaryChanges: z
            .array(
                z.object({
                    accountId: z.string(),
                    accountName: z.string(),
                    tier: z.string(),
                    fromId: z.string().nullable(),
                    fromName: z.string(),
                    toId: z.string().nullable(),
                    toName: z.string(),
                    reasons: z.array(z.string())
                })
            )
            .default([]),
        secondaryMetrics: z.array(z.unknown()).default([])
    })
});

function summaryLines(saved: SavedPlan): string[] {
    const lines: string[] = [];
    for (const m of saved.plan.metrics) {
        lines.push(
            `Tier ${m.tier}: ${m.accounts} accounts · moved ${m.moved} (${m.churn}% churn, ${m.forcedMoves} forced by departures/ineligible owners)`,
            `  coverage ${m.coverageBefore}% → ${m.coverageAfter}% · capacity violations after: ${m.capacityViolations}`,
            `  industry match ${m.industryMatchBefore}% → ${m.industryMatchAfter}% · region match ${m.regionMatchBefore}% → ${m.regionMatchAfter}%`,
            `  load max/min ${m.loadBefore.max}/${m.loadBefore.min} → ${m.loadAfter.max}/${m.loadAfter.min} · CV ${m.loadBefore.cv} → ${m.loadAfter.cv}`,
            `  workload (potential) max/min ${m.potentialBefore.max}/${m.potentialBefore.min} → ${m.potentialAfter.max}/${m.potentialAfter.min} · CV ${m.potentialBefore.cv} → ${m.potentialAfter.cv}`,
            `  objective ${m.objective} (move cost ${m.moveCostUsed}) · optimal for all account × seller pairs: ${m.certificate.negativeReducedCosts === 0 ? 'yes' : 'NO'} (${m.certificate.rounds} pricing rounds, ${m.certificate.arcs} arcs)`
        );
        const width = Math.max(...m.perSeller.map((p) => p.name.length), 4);
        for (const p of m.perSeller)
            lines.push(
                `    ${p.name.padEnd(width)}  ${String(p.before).padStart(3)} → ${String(p.after).padStart(3)}  [${p.min}–${p.max}]`
            );
    }
    for (const m of saved.plan.secondaryMetrics) {
        lines.push(
            `Tier ${m.tier} secondary owners (specialists): ${m.changes} changes (${m.forcedChanges} forced by departures or owner changes)${m.leftAlone ? ` · ${m.leftAlone} hand-set non-specialists left alone` : ''}`,
            `  accounts with a secondary owner ${m.coverageBefore}% → ${m.coverageAfter}% · industry match ${m.industryMatchBefore}% → ${m.industryMatchAfter}% · same as owner: ${m.sameAsOwner} · capacity violations: ${m.capacityViolations}`
        );
        const width = Math.max(...m.perSeller.map((p) => p.name.length), 4);
        for (const p of m.perSeller)
            lines.push(
                `    ${p.name.padEnd(width)}  ${String(p.before).padStart(3)} → ${String(p.after).padStart(3)}  [${p.min}–${p.max}]`
            );
    }
    const low = saved.plan.moves.filter((mv) => mv.tier === '3' || mv.tier === 'Not ABM').length;
    if (low) lines.push(`Tier 3 / Not ABM: ${low} accounts to the low-tier owner`);
    return lines;
}

function reportHtml(saved: SavedPlan): string {
    let body = `<p>Run <code>${esc(saved.runId)}</code> · source ${esc(saved.source)} · as of ${esc(saved.asOf)}${saved.departuresOnly ? ' · departures only' : ''}</p>`;
    for (const m of saved.plan.metrics) {
        const kpi = (label: string, value: string) => `<div class="kpi">${esc(label)}<b>${esc(value)}</b></div>`;
        body +=
            `<h2>Tier ${esc(m.tier)}</h2><div class="kpis">` +
            kpi('Accounts moved', `${m.moved} (${m.churn}%)`) +
            kpi('Coverage', `${m.coverageBefore}% → ${m.coverageAfter}%`) +
            kpi('Capacity violations', String(m.capacityViolations)) +
            kpi('Industry match', `${m.industryMatchBefore}% → ${m.industryMatchAfter}%`) +
            kpi('Region match', `${m.regionMatchBefore}% → ${m.regionMatchAfter}%`) +
            kpi('Load CV', `${m.loadBefore.cv} → ${m.loadAfter.cv}`) +
            kpi('Workload (potential) CV', `${m.potentialBefore.cv} → ${m.potentialAfter.cv}`) +
            kpi('Optimal (all pairs priced)', m.certificate.negativeReducedCosts === 0 ? 'yes' : 'no') +
            `</div>` +
            bandChart(m.perSeller) +
            barChart('Match rates after the plan (%)', [
                { label: 'Industry', value: m.industryMatchAfter },
                { label: 'Region', value: m.regionMatchAfter }
            ]);
        const flows = new Map<string, number>();
        for (const mv of saved.plan.moves.filter((x) => x.tier === m.tier))
            flows.set(`${mv.fromName} → ${mv.toName}`, (flows.get(`${mv.fromName} → ${mv.toName}`) ?? 0) + 1);
        body +=
            `<h3>Moves between owners</h3>` +
            table(
                ['From → to', 'Accounts'],
                [...flows.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            );
    }
    for (const m of saved.plan.secondaryMetrics) {
        body +=
            `<h2>Tier ${esc(m.tier)} secondary owners (specialists)</h2><div class="kpis">` +
            `<div class="kpi">Changes<b>${m.changes} (${m.forcedChanges} forced)</b></div>` +
            `<div class="kpi">With a secondary owner<b>${m.coverageBefore}% → ${m.coverageAfter}%</b></div>` +
            `<div class="kpi">Industry match<b>${m.industryMatchBefore}% → ${m.industryMatchAfter}%</b></div>` +
            `<div class="kpi">Same as owner<b>${m.sameAsOwner}</b></div></div>` +
            bandChart(m.perSeller) +
            table(
                ['Account', 'From', 'To', 'Reasons'],
                saved.plan.secondaryChanges
                    .filter((c) => c.tier === m.tier)
                    .map((c) => [c.accountName, c.fromName, c.toName, c.reasons.join('; ')])
            );
    }
    body +=
        '<h2>Every move</h2>' +
        table(
            ['Account', 'Tier', 'From', 'To', 'Reasons'],
            saved.plan.moves.map((mv) => [mv.accountName, mv.tier, mv.fromName, mv.toName, mv.reasons.join('; ')])
        );
    return page('Territory rebalance plan', body);
}

/** Per-seller load before (outline) and after (bar) against the capacity band (shaded), as inline SVG. */
function bandChart(rows: { name: string; min: number; max: number; before: number; after: number }[]): string {
    const width = 640;
    const rowH = 24;
    const label = 150;
    const maxValue = Math.max(1, ...rows.flatMap((r) => [r.max, r.before, r.after]));
    const x = (v: number) => label + ((width - label - 60) * v) / maxValue;
    const svg = rows
        .map((r, i) => {
            const y = i * rowH + 4;
            return (
                `<text x="${label - 6}" y="${y + 14}" text-anchor="end">${esc(r.name)}</text>` +
                `<rect class="band" x="${x(r.min).toFixed(1)}" y="${y}" width="${(x(r.max) - x(r.min)).toFixed(1)}" height="${rowH - 4}" fill="#e3f3e3"/>` +
                `<rect class="after" data-seller="${esc(r.name)}" x="${label}" y="${y + 5}" width="${(x(r.after) - label).toFixed(1)}" height="${rowH - 14}" fill="#0176d3"/>` +
                `<line class="before" x1="${x(r.before).toFixed(1)}" x2="${x(r.before).toFixed(1)}" y1="${y}" y2="${y + rowH - 4}" stroke="#c23934" stroke-width="2"/>` +
                `<text x="${(x(Math.max(r.after, r.max, r.before)) + 6).toFixed(1)}" y="${y + 14}">${r.before} → ${r.after}</text>`
            );
        })
        .join('');
    return (
        `<figure><figcaption>Accounts per seller: before (red line) and after (bar), against the capacity band (green)</figcaption>` +
        `<svg role="img" aria-label="Accounts per seller before and after, against the capacity band" viewBox="0 0 ${width} ${rows.length * rowH + 8}" width="${width}" height="${rows.length * rowH + 8}">${svg}</svg></figure>`
    );
}

async function runPlan(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        policy: { type: 'string' },
        'departures-only': { type: 'boolean', default: false },
        out: { type: 'string', default: join('out', 'rebalance') },
        'run-id': { type: 'string' },
        'as-of': { type: 'string' }
    });
    const file = await readPolicy(
        values.policy ?? (existsSync('config/rebalance-policy.json') ? 'config/rebalance-policy.json' : undefined)
    );
    const org = await openOrg(values, ux);
    const asOf = await resolveAsOf(values['as-of'], org);
    const book = await readBook(org, file.protectedStages ?? PROTECTED_STAGES, ux);
    // Tier 3 / Not ABM owner: the policy's username, else the one active seller whose role is Automation.
    const automation = book.sellers.filter((x) => x.role === 'Automation' && x.isActive);
    const lowTierUser = file.lowTierOwnerUsername
        ? book.users.find((u) => String(u.Username) === file.lowTierOwnerUsername)
        : automation.length === 1
          ? book.users.find((u) => String(u.Id) === automation[0]!.userId)
          : undefined;
    if (file.lowTierOwnerUsername && !lowTierUser)
        throw new AbmError(`The policy's lowTierOwnerUsername ${file.lowTierOwnerUsername} is not a user in ${org.label}.`);
    const policy: RebalancePolicy = {
        ...DEFAULT_POLICY,
        ...Object.fromEntries(Object.entries(file).filter(([k]) => k in DEFAULT_POLICY)),
        departuresOnly: values['departures-only'],
        lowTierOwnerId: lowTierUser ? String(lowTierUser.Id) : null
    };
    ux.log(`Solving (exact min-cost flow per tier${policy.departuresOnly ? ', departures only' : ''})…`);
    const plan = planRebalance(book.accounts, book.sellers, policy);
    // Unique per planning run (a re-plan after a rollback must not reuse the audited run id); the hash names the plan.
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const runId = values['run-id'] ?? `rb-${stamp}-${hash(JSON.stringify(plan.owners)).slice(0, 8)}`;
    const ownerChange = resolveOwnerChange(file.ownerChange, 'policy');
    const saved: SavedPlan = {
        runId,
        createdAt: asOf,
        asOf,
        source: org.label,
        departuresOnly: policy.departuresOnly,
        policy: { ...policy, ownerChange },
        plan
    };
    if (!plan.ok) {
        for (const i of plan.infeasible) ux.log(`Infeasible: ${i.constraint}: ${i.detail} (short by ${i.shortBy}).`);
        throw new AbmError(
            `No plan: ${plan.infeasible.map((i) => `${i.constraint} short by ${i.shortBy}`).join('; ')}. Nothing was written.`,
            ExitCode.Failure,
            ['Raise Tier1CapacityMax__c on ABM_Seller__c records, add sellers, or re-tier accounts, then plan again.'],
            plan.infeasible
        );
    }
    await mkdir(values.out, { recursive: true });
    await writeFile(join(values.out, 'plan.json'), `${JSON.stringify(saved, null, 2)}\n`);
    await writeFile(
        join(values.out, 'moves.csv'),
        stringify(
            plan.moves.map((m) => [m.accountId, m.accountName, m.tier, m.fromId ?? '', m.fromName, m.toId, m.toName, m.reasons.join('; ')]),
            { header: true, columns: ['AccountId', 'AccountName', 'Tier', 'FromOwnerId', 'FromOwner', 'ToOwnerId', 'ToOwner', 'Reasons'] }
        )
    );
    await writeFile(
        join(values.out, 'secondary.csv'),
        stringify(
            plan.secondaryChanges.map((c) => [
                c.accountId,
                c.accountName,
                c.tier,
                c.fromId ?? '',
                c.fromName,
                c.toId ?? '',
                c.toName,
                c.reasons.join('; ')
            ]),
            {
                header: true,
                columns: ['AccountId', 'AccountName', 'Tier', 'FromSecondaryId', 'FromSecondary', 'ToSecondaryId', 'ToSecondary', 'Reasons']
            }
        )
    );
    await writeFile(join(values.out, 'report.html'), reportHtml(saved));
    ux.out('');
    for (const line of summaryLines(saved)) ux.out(line);
    ux.out(`\nPlan ${runId}: ${plan.moves.length} moves, ${plan.secondaryChanges.length} secondary owner changes. Nothing was changed.`);
    ux.out(`  ${resolve(values.out, 'plan.json')}\n  ${resolve(values.out, 'moves.csv')}\n  Report: ${resolve(values.out, 'report.html')}`);
    ux.log(
        `Apply it with: abm rebalance apply --plan ${join(values.out, 'plan.json')} ${values.snapshot ? `--snapshot ${values.snapshot}` : `--target-org ${values['target-org']}`}`
    );
    emitResult(ux, ExitCode.Success, {
        runId,
        moves: plan.moves.length,
        secondaryChanges: plan.secondaryChanges.length,
        metrics: plan.metrics,
        secondaryMetrics: plan.secondaryMetrics,
        files: {
            plan: join(values.out, 'plan.json'),
            moves: join(values.out, 'moves.csv'),
            secondary: join(values.out, 'secondary.csv'),
            report: join(values.out, 'report.html')
        }
    });
}

/** FNV-1a, for a run id that is the same for the same plan. */
function hash(text: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
}

const RETRY_DELAYS_MS = [200, 800, 2000];
const SECONDARY_ROLE = 'Secondary owner';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Update owners; rows that fail with UNABLE_TO_LOCK_ROW are retried serially in smaller batches with backoff. */
async function updateOwners(org: Org, rows: SObjectRecord[], ux: Ux, retryDelays: number[]): Promise<RowResult[]> {
    const bar = ux.progress('Updating owners', rows.length);
    const results = await org.update('Account', rows, { onProgress: (done) => bar.update(done) });
    bar.stop();
    for (const delay of retryDelays) {
        const locked = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.success && (r.error ?? '').startsWith('UNABLE_TO_LOCK_ROW'));
        if (!locked.length) break;
        ux.log(`Retrying ${locked.length} row-locked accounts in batches of 50 after ${delay} ms…`);
        await sleep(delay);
        for (let start = 0; start < locked.length; start += 50) {
            const batch = locked.slice(start, start + 50);
            const retried = await org.update(
                'Account',
                batch.map(({ i }) => rows[i]!)
            );
            retried.forEach((r, k) => (results[batch[k]!.i] = r));
        }
    }
    return results;
}

function quarterCheck(asOf: string, fiscalStartMonth: number, windowDays: number): { inWindow: boolean; quarterStart: string } {
    const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
    const offset = (((m - fiscalStartMonth) % 3) + 3) % 3;
    const start = new Date(Date.UTC(y, m - 1 - offset, 1));
    const days = Math.round((Date.UTC(y, m - 1, d) - start.getTime()) / 86_400_000);
    return { inWindow: days < windowDays, quarterStart: start.toISOString().slice(0, 10) };
}

type AccountOwners = { owner: string | null; secondary: string | null };

/** Current owner and secondary owner of the given accounts. */
async function readAccounts(org: Org, ids: string[]): Promise<Map<string, AccountOwners>> {
    const rows = await readByIds(org, 'Account', ['OwnerId', 'ABM_SecondaryOwner__c'], 'Id', ids);
    return new Map(rows.map((r) => [r.Id!, { owner: str(r.OwnerId), secondary: str(r.ABM_SecondaryOwner__c) }]));
}

async function readOwners(org: Org, ids: string[]): Promise<Map<string, string | null>> {
    return new Map([...(await readAccounts(org, ids))].map(([id, a]) => [id, a.owner]));
}

async function runApply(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        plan: { type: 'string' },
        force: { type: 'boolean', default: false },
        resume: { type: 'boolean', default: false },
        'runs-dir': { type: 'string', default: join('out', 'runs') },
        'fiscal-start-month': { type: 'string' },
        'quarter-start': { type: 'string' },
        'as-of': { type: 'string' },
        'retry-delay-ms': { type: 'string' }
    });
    if (!values.plan) throw new UsageError('Name the saved plan with --plan DIR/plan.json (from "abm rebalance plan").');
    let saved: SavedPlan;
    try {
        const parsed = SavedPlanSchema.safeParse(JSON.parse(await readFile(values.plan, 'utf8')));
        if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        saved = parsed.data as unknown as SavedPlan;
    } catch (error) {
        throw new AbmError(`${values.plan} is not a rebalance plan: ${(error as Error).message}`);
    }
    const org = await openOrg(values, ux);
    const runDir = join(values['runs-dir'], saved.runId);
    if (org.kind === 'salesforce' && !values.force && !saved.departuresOnly) {
        const asOf = await resolveAsOf(values['as-of'], org);
        const quarterStart = values['quarter-start'];
        if (quarterStart !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(quarterStart))
            throw new UsageError(`--quarter-start must be a date YYYY-MM-DD (got "${quarterStart}").`);
        // --quarter-start names the quarter's first day; otherwise the org's fiscal year start month decides.
        let month = quarterStart
            ? Number(quarterStart.slice(5, 7))
            : values['fiscal-start-month']
              ? Number(values['fiscal-start-month'])
              : undefined;
        if (month === undefined) {
            const [orgRow] = await org.query('SELECT FiscalYearStartMonth FROM Organization');
            month = Number(orgRow?.FiscalYearStartMonth ?? 1);
        }
        const q = quarterCheck(asOf, month, 14);
        if (!q.inWindow) {
            throw new AbmError(
                `Refusing to rebalance mid-quarter (the quarter began ${q.quarterStart}; territories move in its first 14 days).`,
                ExitCode.Failure,
                ['Plan a departures-only run (abm rebalance plan --departures-only), or pass --force if this move is agreed.']
            );
        }
    } else if (org.kind === 'snapshot') {
        const meta = await readSnapshotMeta(org.label);
        ux.log(`Simulating on the snapshot ${org.label}${meta.asOf ? ` (as of ${meta.asOf})` : ''}.`);
    }
    const summary = await applyPlan(
        org,
        saved,
        {
            force: values.force,
            resume: values.resume,
            runDir,
            planFile: values.plan,
            retryDelays: values['retry-delay-ms'] ? RETRY_DELAYS_MS.map(() => Number(values['retry-delay-ms'])) : RETRY_DELAYS_MS
        },
        ux
    );
    emitResult(ux, summary.failed || summary.secondaryFailed || summary.ownerChange.failed ? ExitCode.Partial : ExitCode.Success, summary);
}

export type ApplyOptions = { force: boolean; resume: boolean; runDir: string; planFile: string; retryDelays: number[] };

/** Apply a saved plan through the one door (used by `abm rebalance apply` and the benchmark). */
export async function applyPlan(org: Org, saved: SavedPlan, options: ApplyOptions, ux: Ux) {
    const runDir = options.runDir;
    const rollbackFile = join(runDir, 'rollback.csv');
    if (existsSync(rollbackFile) && !options.resume) {
        throw new AbmError(`Run ${saved.runId} was already applied (or started): ${rollbackFile} exists.`, ExitCode.Failure, [
            `abm rebalance apply --plan ${options.planFile} --resume …  (to finish it)`,
            `abm rebalance rollback --run ${saved.runId} …  (to undo it)`
        ]);
    }
    const moves = saved.plan.moves;
    const secondaryChanges = saved.plan.secondaryChanges ?? [];
    const ids = [...new Set([...moves.map((m) => m.accountId), ...secondaryChanges.map((c) => c.accountId)])];
    ux.log(
        `Applying run ${saved.runId} to ${org.label}: ${moves.length} owner changes, ${secondaryChanges.length} secondary owner changes.`
    );
    const state = await readAccounts(org, ids);
    const current = new Map([...state].map(([id, a]) => [id, a.owner]));
    const currentSecondary = new Map([...state].map(([id, a]) => [id, a.secondary]));
    const missing = ids.filter((id) => !state.has(id));
    if (missing.length)
        throw new AbmError(`${missing.length} planned accounts no longer exist (e.g. ${missing.slice(0, 3).join(', ')}). Plan again.`);
    const pending = moves.filter((m) => current.get(m.accountId) !== m.toId);
    const drift = pending.filter((m) => current.get(m.accountId) !== m.fromId);
    const pendingSecondary = secondaryChanges.filter((c) => currentSecondary.get(c.accountId) !== c.toId);
    const driftSecondary = pendingSecondary.filter((c) => currentSecondary.get(c.accountId) !== c.fromId);
    if ((drift.length || driftSecondary.length) && !options.force) {
        const example = drift[0]
            ? `${drift[0].accountName}: planned from ${drift[0].fromName}`
            : `${driftSecondary[0]!.accountName}: secondary owner planned from ${driftSecondary[0]!.fromName}`;
        const what = [
            ...(drift.length ? [`${drift.length} accounts changed owner`] : []),
            ...(driftSecondary.length ? [`${driftSecondary.length} accounts changed secondary owner`] : [])
        ].join(' and ');
        throw new AbmError(
            `${what} since the plan (e.g. ${example}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again, or pass --force to move them anyway.'],
            [
                ...drift.map((m) => ({ accountId: m.accountId, field: 'OwnerId', plannedFrom: m.fromId, now: current.get(m.accountId) })),
                ...driftSecondary.map((c) => ({
                    accountId: c.accountId,
                    field: 'ABM_SecondaryOwner__c',
                    plannedFrom: c.fromId,
                    now: currentSecondary.get(c.accountId)
                }))
            ]
        );
    }
    // The rollback file comes first: what every account's owner was before this run touched it.
    await mkdir(runDir, { recursive: true });
    if (!existsSync(rollbackFile)) {
        await writeFile(
            rollbackFile,
            stringify(
                moves.map((m) => [m.accountId, current.get(m.accountId) ?? '', m.toId]),
                { header: true, columns: ['AccountId', 'PreviousOwnerId', 'PlannedOwnerId'] }
            )
        );
    }
    const secondaryRollbackFile = join(runDir, 'rollback-secondary.csv');
    if (secondaryChanges.length && !existsSync(secondaryRollbackFile)) {
        await writeFile(
            secondaryRollbackFile,
            stringify(
                secondaryChanges.map((c) => [c.accountId, currentSecondary.get(c.accountId) ?? '', c.toId ?? '']),
                { header: true, columns: ['AccountId', 'PreviousSecondaryOwnerId', 'PlannedSecondaryOwnerId'] }
            )
        );
    }
    // Before the first change: the account team, and the contacts / open opportunities to move (the plan's ownerChange policy).
    const ownerChange = await prepareOwnerChange(
        org,
        pending.map((m) => ({ accountId: m.accountId, fromId: current.get(m.accountId) ?? null, toId: m.toId })),
        resolveOwnerChange(saved.policy.ownerChange, options.planFile),
        runDir,
        ux
    );
    // One row per account: the owner and the secondary owner change together (one save, one result).
    const rows = new Map<string, SObjectRecord>();
    for (const m of pending) rows.set(m.accountId, { Id: m.accountId, OwnerId: m.toId, ABM_LastAssignmentRunId__c: saved.runId });
    for (const c of pendingSecondary) {
        const row = rows.get(c.accountId) ?? { Id: c.accountId, ABM_LastAssignmentRunId__c: saved.runId };
        rows.set(c.accountId, { ...row, ABM_SecondaryOwner__c: c.toId });
    }
    const rowList = [...rows.values()];
    const rowResults = rowList.length ? await updateOwners(org, rowList, ux, options.retryDelays) : [];
    const resultOf = new Map(rowList.map((row, i) => [String(row.Id), rowResults[i]!]));
    const results = pending.map((m) => resultOf.get(m.accountId)!);
    const done = pending.filter((_, i) => results[i]!.success);
    const failed = pending.map((m, i) => ({ m, r: results[i]! })).filter(({ r }) => !r.success);
    const secondaryDone = new Set(pendingSecondary.filter((c) => resultOf.get(c.accountId)!.success).map((c) => c.accountId));
    const secondaryFailed = pendingSecondary
        .filter((c) => !secondaryDone.has(c.accountId))
        .map((c) => ({ c, r: resultOf.get(c.accountId)! }));
    // Right after the update: the team back, the saved contacts / opportunities to the new owners (done or already there).
    const ownerChangeSummary = await completeOwnerChange(
        org,
        ownerChange,
        [...done.map((m) => m.accountId), ...moves.filter((m) => current.get(m.accountId) === m.toId).map((m) => m.accountId)],
        ux
    );
    // Audit every change of this run that has no audit record yet (after a crash, --resume writes the missing ones).
    // A fresh run has no audit records yet; a resumed one may have some (one query, only then).
    const audited = new Set(
        options.resume
            ? (await org.query(`SELECT Account__c, Role__c FROM ABM_Assignment__c WHERE RunId__c = '${saved.runId}'`)).map(
                  (r) => `${String(r.Account__c)}|${r.Role__c === SECONDARY_ROLE ? SECONDARY_ROLE : 'owner'}`
              )
            : []
    );
    const doneIds = new Set(done.map((m) => m.accountId));
    const toAudit = moves.filter(
        (m) => !audited.has(`${m.accountId}|owner`) && (doneIds.has(m.accountId) || current.get(m.accountId) === m.toId)
    );
    const secondaryToAudit = secondaryChanges.filter(
        (c) =>
            !audited.has(`${c.accountId}|${SECONDARY_ROLE}`) &&
            (secondaryDone.has(c.accountId) || currentSecondary.get(c.accountId) === c.toId)
    );
    await audit(
        org,
        [
            ...toAudit.map((m) => ({
                accountId: m.accountId,
                from: m.fromId,
                to: m.toId,
                reason: m.reasons.join('; '),
                rule: m.tier === '1' ? 'Tier 1 territory' : `Tier ${m.tier}`
            })),
            ...secondaryToAudit.map((c) => ({
                accountId: c.accountId,
                from: c.fromId,
                to: c.toId,
                reason: c.reasons.join('; '),
                rule: `Tier ${c.tier} secondary owner`,
                role: SECONDARY_ROLE
            }))
        ],
        saved.runId,
        'Rebalance'
    );
    // Verify by reading back.
    const after = await readAccounts(org, ids);
    const failedIds = new Set(rowList.filter((_, i) => !rowResults[i]!.success).map((row) => String(row.Id)));
    const wrong = [
        ...moves.filter((m) => after.get(m.accountId)?.owner !== m.toId && !failedIds.has(m.accountId)),
        ...secondaryChanges.filter((c) => (after.get(c.accountId)?.secondary ?? null) !== c.toId && !failedIds.has(c.accountId))
    ];
    if (failed.length || secondaryFailed.length) {
        await writeFile(
            join(runDir, 'failures.csv'),
            stringify(
                [
                    ...failed.map(({ m, r }) => [m.accountId, m.accountName, 'OwnerId', m.toId, r.error ?? '']),
                    ...secondaryFailed.map(({ c, r }) => [c.accountId, c.accountName, 'ABM_SecondaryOwner__c', c.toId ?? '', r.error ?? ''])
                ],
                { header: true, columns: ['AccountId', 'AccountName', 'Field', 'PlannedValue', 'Error'] }
            )
        );
    }
    const summary = {
        runId: saved.runId,
        planned: moves.length,
        alreadyDone: moves.length - pending.length,
        updated: done.length,
        failed: failed.length,
        secondaryPlanned: secondaryChanges.length,
        secondaryUpdated: secondaryDone.size,
        secondaryFailed: secondaryFailed.length,
        verifiedWrong: wrong.length,
        rollbackFile,
        ownerChange: ownerChangeSummary
    };
    ux.log(
        `Updated ${done.length}, failed ${failed.length}, already at the planned owner ${summary.alreadyDone}; secondary owners updated ${secondaryDone.size}, failed ${secondaryFailed.length}; verified ${wrong.length ? `${wrong.length} WRONG` : 'all owners as planned'}.`
    );
    ux.log(`Rollback file: ${rollbackFile}${failed.length || secondaryFailed.length ? `\nFailures: ${join(runDir, 'failures.csv')}` : ''}`);
    if (wrong.length)
        throw new AbmError(
            `${wrong.length} accounts do not have their planned owner or secondary owner after the update.`,
            ExitCode.Failure,
            [`abm rebalance rollback --run ${saved.runId} …`],
            summary
        );
    return summary;
}

/** One ABM_Assignment__c per change, with the run id. */
async function audit(
    org: Org,
    changes: { accountId: string; from: string | null; to: string | null; reason: string; rule: string; role?: string }[],
    runId: string,
    source: string
): Promise<void> {
    if (!changes.length) return;
    const stamp = new Date().toISOString();
    const results = await org.insert(
        'ABM_Assignment__c',
        changes.map((c) => ({
            Account__c: c.accountId,
            PreviousOwner__c: c.from,
            NewOwner__c: c.to,
            Role__c: c.role ?? 'AE',
            Reason__c: c.reason.slice(0, 255),
            Rule__c: c.rule,
            RunId__c: runId,
            Source__c: source,
            AssignedAt__c: stamp
        })),
        { returnIds: false }
    );
    const failed = results.filter((r) => !r.success);
    if (failed.length)
        throw new AbmError(`The owners changed, but ${failed.length} audit records failed (${failed[0]!.error}).`, ExitCode.Partial);
}

async function runRollback(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        run: { type: 'string' },
        'runs-dir': { type: 'string', default: join('out', 'runs') }
    });
    if (!values.run) throw new UsageError('Name the run to roll back with --run <runId>.');
    const file = join(values['runs-dir'], values.run, 'rollback.csv');
    if (!existsSync(file)) throw new AbmError(`No rollback file for run ${values.run} at ${file}.`);
    const rows = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true }) as {
        AccountId: string;
        PreviousOwnerId: string;
    }[];
    const org = await openOrg(values, ux);
    ux.log(`Rolling back run ${values.run} on ${org.label}: ${rows.length} accounts.`);
    const current = await readOwners(
        org,
        rows.map((r) => r.AccountId)
    );
    const todo = rows.filter((r) => r.PreviousOwnerId && current.get(r.AccountId) !== r.PreviousOwnerId);
    const ownerChange = await prepareOwnerChangeRollback(
        org,
        dirname(file),
        todo.map((r) => r.AccountId)
    );
    const rollbackRun = `${values.run}-rollback`;
    const results = todo.length
        ? await updateOwners(
              org,
              todo.map((r) => ({ Id: r.AccountId, OwnerId: r.PreviousOwnerId, ABM_LastAssignmentRunId__c: rollbackRun })),
              ux,
              RETRY_DELAYS_MS
          )
        : [];
    const done = todo.filter((_, i) => results[i]!.success);
    await audit(
        org,
        done.map((r) => ({
            accountId: r.AccountId,
            from: current.get(r.AccountId) ?? null,
            to: r.PreviousOwnerId,
            reason: `Rollback of run ${values.run}`,
            rule: 'Rollback'
        })),
        rollbackRun,
        'Rebalance'
    );
    const failedIds = new Set(todo.filter((_, i) => !results[i]!.success).map((r) => r.AccountId));
    const restoredOwnerChange = await completeOwnerChangeRollback(
        org,
        ownerChange,
        rows.map((r) => r.AccountId).filter((id) => !failedIds.has(id)),
        ux
    );
    const secondary = await rollbackSecondary(org, join(dirname(file), 'rollback-secondary.csv'), values.run, rollbackRun, ux);
    const failed = todo.length - done.length;
    ux.log(
        `Restored ${done.length} owners${failed ? `, ${failed} failed` : ''}; ${rows.length - todo.length} already had their previous owner.`
    );
    await writeFile(
        join(dirname(file), 'rolled-back.json'),
        JSON.stringify({ restored: done.length, failed, secondaryRestored: secondary.restored, secondaryFailed: secondary.failed }, null, 2)
    );
    emitResult(ux, failed || secondary.failed || restoredOwnerChange.failed ? ExitCode.Partial : ExitCode.Success, {
        runId: values.run,
        restored: done.length,
        failed,
        unchanged: rows.length - todo.length,
        secondary,
        ownerChange: restoredOwnerChange
    });
}

/** Restore the secondary owners a run changed (rollback-secondary.csv), and audit that. */
async function rollbackSecondary(org: Org, file: string, runId: string, rollbackRun: string, ux: Ux) {
    if (!existsSync(file)) return { restored: 0, failed: 0, unchanged: 0 };
    const rows = parse(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true }) as {
        AccountId: string;
        PreviousSecondaryOwnerId: string;
    }[];
    const current = await readAccounts(
        org,
        rows.map((r) => r.AccountId)
    );
    const previous = (r: (typeof rows)[number]) => r.PreviousSecondaryOwnerId || null;
    const todo = rows.filter((r) => current.has(r.AccountId) && (current.get(r.AccountId)!.secondary ?? null) !== previous(r));
    const results = todo.length
        ? await updateOwners(
              org,
              todo.map((r) => ({ Id: r.AccountId, ABM_SecondaryOwner__c: previous(r), ABM_LastAssignmentRunId__c: rollbackRun })),
              ux,
              RETRY_DELAYS_MS
          )
        : [];
    const done = todo.filter((_, i) => results[i]!.success);
    await audit(
        org,
        done.map((r) => ({
            accountId: r.AccountId,
            from: current.get(r.AccountId)!.secondary,
            to: previous(r),
            reason: `Rollback of run ${runId}`,
            rule: 'Rollback',
            role: SECONDARY_ROLE
        })),
        rollbackRun,
        'Rebalance'
    );
    ux.log(`Restored ${done.length} secondary owners${todo.length - done.length ? `, ${todo.length - done.length} failed` : ''}.`);
    return { restored: done.length, failed: todo.length - done.length, unchanged: rows.length - todo.length };
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'plan') return runPlan(rest, ux);
    if (sub === 'apply') return runApply(rest, ux);
    if (sub === 'rollback') return runRollback(rest, ux);
    throw new UsageError(`Unknown subcommand "${sub ?? ''}": use plan, apply or rollback.`, ['abm rebalance --help']);
}
