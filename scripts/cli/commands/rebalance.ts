/**
 * `abm rebalance plan | apply | rollback`: plan the quarterly territory rebalance (scripts/core/rebalance), write the plan
 * (plan.json, moves.csv, report.html, a terminal summary), apply exactly a saved plan with a rollback file written first,
 * and roll a run back.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { safeCell } from '../../core/lists.js';
import {
    DEFAULT_POLICY,
    planRebalance,
    type RebalanceAccount,
    type RebalancePlan,
    type RebalancePolicy,
    type RebalanceSeller,
    type Move,
    type SecondaryChange
} from '../../core/rebalance/plan.js';
import { recheckPlan, type CurrentAccount } from '../../core/rebalance/recheck.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { Org, RowResult, SObjectRecord } from '../../org/index.js';
import { notActiveUsers, readByIds } from '../../org/read.js';
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
    checkTarget,
    describeTarget,
    driftOf,
    guardedWrite,
    IncompleteUndoError,
    integrityOf,
    prepareOutDir,
    readPlanFile,
    Run,
    sealPlan,
    targetOf,
    type Target
} from '../runs.js';
import {
    AbmError,
    emitResult,
    ExitCode,
    fmt,
    openOrg,
    ORG_FLAGS,
    parseDateFlag,
    parseFlags,
    readSnapshotMeta,
    resolveAsOf,
    UsageError,
    type Ux
} from '../shared.js';
import { maxOf } from '../../core/arrays.js';

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

const SELLER_FIELDS =
    'Id, User__c, Role__c, Industries__c, Regions__c, Tier1CapacityMin__c, Tier1CapacityMax__c, Tier2CapacityMin__c, Tier2CapacityMax__c, SecondaryCapacityMin__c, SecondaryCapacityMax__c, IsActive__c, IsAcceptingAccounts__c';
const SELLER_ROLES = ['AE', 'SDR', 'Specialist', 'Marketer', 'CS', 'Automation'];
const WINDOWS = [
    ['Tier1CapacityMin__c', 'Tier1CapacityMax__c', 10, 15],
    ['Tier2CapacityMin__c', 'Tier2CapacityMax__c', 0, 0],
    ['SecondaryCapacityMin__c', 'SecondaryCapacityMax__c', 0, 0]
] as const;

/**
 * The sellers (ABM_Seller__c with their users), every record validated first: a capacity that is not a whole number
 * from 0, a minimum above its maximum, an unknown role, a user that does not exist. One problem is enough to plan
 * nothing (a window like [-1, 15] or [16, 15] makes a plan with violations); the error names each record and field.
 */
export function sellersFrom(rows: SObjectRecord[], users: SObjectRecord[], where: string): RebalanceSeller[] {
    const userById = new Map(users.map((u) => [String(u.Id), u]));
    const problems: string[] = [];
    const sellers: RebalanceSeller[] = [];
    for (const s of rows) {
        const user = userById.get(String(s.User__c ?? ''));
        const label = `ABM_Seller__c ${String(s.Id ?? '?')}${user ? ` (${String(user.Name ?? user.Username ?? '')})` : ''}`;
        if (!str(s.User__c)) {
            problems.push(`${label}: User__c is empty`);
            continue;
        }
        if (!user) problems.push(`${label}: User__c ${String(s.User__c)} is not a user in ${where}`);
        if (!SELLER_ROLES.includes(String(s.Role__c ?? '')))
            problems.push(`${label}: Role__c "${String(s.Role__c ?? '')}" is not one of ${SELLER_ROLES.join(', ')}`);
        const window: number[] = [];
        for (const [minField, maxField, minDefault, maxDefault] of WINDOWS) {
            // A value that is not a whole number from 0 is a problem of its own (not compared with the other bound).
            const value = (field: string, fallback: number): number | undefined => {
                const raw = s[field];
                const n = num(raw, fallback);
                if (Number.isInteger(n) && n >= 0) return n;
                problems.push(`${label}: ${field} is ${JSON.stringify(raw)}, not a whole number from 0`);
                return undefined;
            };
            const min = value(minField, minDefault);
            const max = value(maxField, maxDefault);
            if (min !== undefined && max !== undefined && min > max)
                problems.push(`${label}: ${minField} ${min} is above ${maxField} ${max}`);
            window.push(min ?? minDefault, max ?? maxDefault);
        }
        sellers.push({
            userId: String(s.User__c),
            name: String(user?.Name ?? s.User__c),
            role: String(s.Role__c ?? ''),
            industries: list(s.Industries__c),
            regions: list(s.Regions__c),
            tier1Min: window[0]!,
            tier1Max: window[1]!,
            tier2Min: window[2]!,
            tier2Max: window[3]!,
            secondaryMin: window[4]!,
            secondaryMax: window[5]!,
            isActive: bool(s.IsActive__c) && bool(user?.IsActive),
            isAccepting: bool(s.IsAcceptingAccounts__c)
        });
    }
    if (problems.length)
        throw new AbmError(
            `${problems.length} problem${problems.length === 1 ? '' : 's'} in the seller records, so nothing was planned: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}.`,
            ExitCode.Failure,
            ['Fix the ABM_Seller__c records (capacity windows, role, user), then plan again.'],
            problems
        );
    return sellers;
}

/** Read the book through the one door (also used by `abm quarter`). */
export async function readBook(org: Org, protectedStages: string[], ux: Ux) {
    ux.log(`Reading the book from ${org.label}…`);
    const [accounts, sellers, users, opportunities] = await Promise.all([
        org.query(
            'SELECT Id, Name, OwnerId, ABM_SecondaryOwner__c, ABM_Tier__c, Industry, ABM_Region__c, ABM_IsTerritoryLocked__c, ABM_IcpFitScore__c, ABM_IntentScore__c FROM Account'
        ),
        org.query(`SELECT ${SELLER_FIELDS} FROM ABM_Seller__c`),
        org.query('SELECT Id, Name, Username, IsActive FROM User'),
        org.query('SELECT AccountId, StageName FROM Opportunity WHERE IsClosed = false')
    ]);
    const protectedAccounts = new Set(
        opportunities.filter((o) => protectedStages.includes(String(o.StageName))).map((o) => String(o.AccountId))
    );
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
    const bookSellers = sellersFrom(sellers, users, org.label);
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
    /** The org or snapshot the plan was made for: apply and rollback refuse any other. */
    target: Target;
    departuresOnly: boolean;
    policy: RebalancePolicy & { ownerChange?: OwnerChangePolicy };
    /** Open opportunity stages that pin an account (apply re-checks them). */
    protectedStages?: string[];
    /** The fiscal quarter the plan belongs to and the voluntary moves earlier runs made in it, per tier (the churn budget). */
    quarter?: { start: string; churnUsed: Record<string, number> };
    plan: RebalancePlan;
};

/** A plan as written to plan.json: its kind and integrity hash added (runs.ts `sealPlan`). */
export type SealedPlan = SavedPlan & { kind: 'rebalance'; integrity: string };

/** Seal a plan for plan.json (and for callers that apply a plan built in memory: the benchmark, tests). */
export const sealRebalancePlan = (saved: SavedPlan): SealedPlan => sealPlan('rebalance', saved) as SealedPlan;

const TargetSchema = z.object({ kind: z.enum(['salesforce', 'snapshot']), id: z.string().min(1), label: z.string() });

const SavedPlanSchema = z.object({
    kind: z.literal('rebalance'),
    integrity: z.string(),
    target: TargetSchema,
    runId: z.string().min(1),
    createdAt: z.string(),
    asOf: z.string(),
    source: z.string(),
    departuresOnly: z.boolean(),
    policy: z.record(z.string(), z.unknown()),
    protectedStages: z.array(z.string()).optional(),
    quarter: z.object({ start: z.string(), churnUsed: z.record(z.string(), z.number()) }).optional(),
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
        if (m.churnBudget && !saved.departuresOnly) {
            const b = m.churnBudget;
            lines.push(
                `  churn budget this quarter${saved.quarter ? ` (from ${saved.quarter.start})` : ''}: ${b.perQuarter} voluntary moves · used by earlier runs ${b.usedBefore} · this plan ${b.planned} · left ${Math.max(0, b.perQuarter - b.usedBefore - b.planned)}`
            );
        }
        const width = Math.max(maxOf(m.perSeller.map((p) => p.name.length)), 4);
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
        const width = Math.max(maxOf(m.perSeller.map((p) => p.name.length)), 4);
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
    const maxValue = Math.max(1, maxOf(rows.flatMap((r) => [r.max, r.before, r.after])));
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

export type PlanOptions = {
    targetOrg?: string;
    snapshot?: string;
    policyFile?: string;
    departuresOnly: boolean;
    out: string;
    runId?: string;
    asOf?: string;
};

export function parsePlanOptions(argv: string[]): PlanOptions {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        policy: { type: 'string' },
        'departures-only': { type: 'boolean', default: false },
        out: { type: 'string', default: join('out', 'rebalance') },
        'run-id': { type: 'string' },
        'as-of': { type: 'string' }
    });
    return {
        targetOrg: values['target-org'],
        snapshot: values.snapshot,
        policyFile: values.policy,
        departuresOnly: values['departures-only'],
        out: values.out,
        runId: values['run-id'],
        asOf: values['as-of']
    };
}

/** The CLI's way back to an org: `--snapshot DIR` or `--target-org ALIAS`, as the user typed it (for the next command). */
const orgFlag = (o: { snapshot?: string; targetOrg?: string }) =>
    o.snapshot ? `--snapshot ${o.snapshot}` : `--target-org ${o.targetOrg ?? '…'}`;

export async function executePlan(options: PlanOptions, ux: Ux, context: { org?: Org } = {}) {
    await prepareOutDir(options.out);
    const file = await readPolicy(
        options.policyFile ?? (existsSync('config/rebalance-policy.json') ? 'config/rebalance-policy.json' : undefined)
    );
    const org = context.org ?? (await openOrg({ 'target-org': options.targetOrg, snapshot: options.snapshot }, ux));
    const asOf = await resolveAsOf(options.asOf, org);
    const target = await targetOf(org);
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
    // The churn budget is per fiscal quarter: the voluntary moves earlier runs made this quarter count against it.
    const quarterStart = quarterCheck(asOf, await fiscalStartMonth(org), 0).quarterStart;
    const churnUsed = await churnUsedSince(org, quarterStart);
    const policy: RebalancePolicy = {
        ...DEFAULT_POLICY,
        ...Object.fromEntries(Object.entries(file).filter(([k]) => k in DEFAULT_POLICY)),
        departuresOnly: options.departuresOnly,
        lowTierOwnerId: lowTierUser ? String(lowTierUser.Id) : null,
        churnUsed
    };
    if (Object.values(churnUsed).some((n) => n > 0))
        ux.log(
            `This quarter (from ${quarterStart}) earlier runs already made ${Object.entries(churnUsed)
                .map(([t, n]) => `${n} voluntary Tier ${t} moves`)
                .join(' and ')}: they count against the churn budget.`
        );
    ux.log(`Solving (exact min-cost flow per tier${policy.departuresOnly ? ', departures only' : ''})…`);
    const plan = planRebalance(book.accounts, book.sellers, policy);
    // Unique per planning run (a re-plan after a rollback must not reuse the audited run id); the hash names the plan.
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const runId = options.runId ?? `rb-${stamp}-${hash(JSON.stringify(plan.owners)).slice(0, 8)}`;
    Run.folder('.', runId);
    const ownerChange = resolveOwnerChange(file.ownerChange, 'policy');
    const saved = sealRebalancePlan({
        runId,
        createdAt: asOf,
        asOf,
        source: org.label,
        target,
        departuresOnly: policy.departuresOnly,
        policy: { ...policy, ownerChange },
        protectedStages: file.protectedStages ?? PROTECTED_STAGES,
        quarter: { start: quarterStart, churnUsed },
        plan
    });
    if (!plan.ok) {
        for (const i of plan.infeasible) ux.log(`Infeasible: ${i.constraint}: ${i.detail} (short by ${i.shortBy}).`);
        throw new AbmError(
            `No plan: ${plan.infeasible.map((i) => `${i.constraint} short by ${i.shortBy}`).join('; ')}. Nothing was written.`,
            ExitCode.Failure,
            ['Raise Tier1CapacityMax__c on ABM_Seller__c records, add sellers, or re-tier accounts, then plan again.'],
            plan.infeasible
        );
    }
    const out = options.out;
    const files = {
        plan: join(out, 'plan.json'),
        moves: join(out, 'moves.csv'),
        secondary: join(out, 'secondary.csv'),
        report: join(out, 'report.html')
    };
    await writeFileAtomic(files.plan, `${JSON.stringify(saved, null, 2)}\n`);
    await writeFileAtomic(
        files.moves,
        stringify(
            plan.moves.map((m) => [
                m.accountId,
                safeCell(m.accountName),
                m.tier,
                m.fromId ?? '',
                m.fromName,
                m.toId,
                m.toName,
                m.reasons.join('; ')
            ]),
            { header: true, columns: ['AccountId', 'AccountName', 'Tier', 'FromOwnerId', 'FromOwner', 'ToOwnerId', 'ToOwner', 'Reasons'] }
        )
    );
    await writeFileAtomic(
        files.secondary,
        stringify(
            plan.secondaryChanges.map((c) => [
                c.accountId,
                safeCell(c.accountName),
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
    await writeFileAtomic(files.report, reportHtml(saved));
    ux.out('');
    for (const line of summaryLines(saved)) ux.out(line);
    ux.out(`
Plan ${runId}: ${plan.moves.length} moves, ${plan.secondaryChanges.length} secondary owner changes. Nothing was changed.`);
    ux.out(`  ${resolve(files.plan)}
  ${resolve(files.moves)}
  Report: ${resolve(files.report)}`);
    ux.log(`Apply it with: abm rebalance apply --plan ${files.plan} ${orgFlag(options)}`);
    return {
        runId,
        moves: plan.moves.length,
        secondaryChanges: plan.secondaryChanges.length,
        metrics: plan.metrics,
        secondaryMetrics: plan.secondaryMetrics,
        files
    };
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
async function updateOwners(org: Org, rows: SObjectRecord[], ux: Ux, retryDelays: number[], check: () => void): Promise<RowResult[]> {
    const bar = ux.progress('Updating owners', rows.length);
    const results = await org.update('Account', rows, bar.track);
    bar.stop();
    for (const delay of retryDelays) {
        const locked = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.success && (r.error ?? '').startsWith('UNABLE_TO_LOCK_ROW'));
        if (!locked.length) break;
        ux.log(`Retrying ${locked.length} row-locked accounts in batches of 50 after ${delay} ms…`);
        await sleep(delay);
        for (let start = 0; start < locked.length; start += 50) {
            check();
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

export type ApplyOptions = {
    planFile: string;
    targetOrg?: string;
    snapshot?: string;
    force: boolean;
    resume: boolean;
    runsDir: string;
    fiscalStartMonth?: number;
    quarterStart?: string;
    asOf?: string;
    retryDelays: number[];
};

export function parseApplyOptions(argv: string[]): ApplyOptions {
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
    const month = values['fiscal-start-month'];
    if (month !== undefined && !/^(1[0-2]|[1-9])$/.test(month))
        throw new UsageError(`--fiscal-start-month must be a month number 1–12 (got "${month}").`);
    const delay = values['retry-delay-ms'];
    if (delay !== undefined && !/^\d+$/.test(delay)) throw new UsageError(`--retry-delay-ms must be a whole number (got "${delay}").`);
    return {
        planFile: values.plan,
        targetOrg: values['target-org'],
        snapshot: values.snapshot,
        force: values.force,
        resume: values.resume,
        runsDir: values['runs-dir'],
        fiscalStartMonth: month === undefined ? undefined : Number(month),
        quarterStart: values['quarter-start'] === undefined ? undefined : parseDateFlag('--quarter-start', values['quarter-start']),
        asOf: values['as-of'],
        retryDelays: delay === undefined ? RETRY_DELAYS_MS : RETRY_DELAYS_MS.map(() => Number(delay))
    };
}

export async function readRebalancePlan(file: string) {
    const { plan, text } = await readPlanFile(file, 'rebalance', SavedPlanSchema);
    return { saved: plan as unknown as SealedPlan, text };
}

export async function executeApply(options: ApplyOptions, ux: Ux, context: { org?: Org } = {}) {
    const { saved, text } = await readRebalancePlan(options.planFile);
    const org = context.org ?? (await openOrg({ 'target-org': options.targetOrg, snapshot: options.snapshot }, ux));
    if (org.kind === 'salesforce' && !options.force && !saved.departuresOnly) {
        const asOf = await resolveAsOf(options.asOf, org);
        // --quarter-start names the quarter's first day; otherwise the org's fiscal year start month decides.
        let month = options.quarterStart ? Number(options.quarterStart.slice(5, 7)) : options.fiscalStartMonth;
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
    const how = { org: orgFlag(options), runsDir: options.runsDir };
    const summary = await applyPlan(org, saved, { ...options, how }, ux, text);
    const status = summary.failed || summary.secondaryFailed || summary.ownerChange.failed ? ExitCode.Partial : ExitCode.Success;
    return { status, summary };
}

/** How the next command reaches the same org and runs folder (for the commands printed after an interrupt or error). */
type How = { org: string; runsDir: string };

export type ApplyPlanOptions = {
    force: boolean;
    resume: boolean;
    runsDir: string;
    planFile: string;
    retryDelays: number[];
    how?: How;
};

const rbResume = (planFile: string, how?: How) =>
    `abm rebalance apply --plan ${planFile} --resume ${how?.org ?? '…'}${how ? ` --runs-dir ${how.runsDir}` : ''}`;
const rbRollback = (runId: string, how?: How) =>
    `abm rebalance rollback --run ${runId} ${how?.org ?? '…'}${how ? ` --runs-dir ${how.runsDir}` : ''}`;

const ROLLBACK_COLUMNS = ['AccountId', 'PreviousOwnerId', 'PlannedOwnerId'] as const;
const SECONDARY_ROLLBACK_COLUMNS = ['AccountId', 'PreviousSecondaryOwnerId', 'PlannedSecondaryOwnerId'] as const;
const ROLLBACK_FILE = 'rollback.csv';
const SECONDARY_ROLLBACK_FILE = 'rollback-secondary.csv';

/**
 * Apply a saved plan through the one door (used by `abm rebalance apply` and the benchmark): target and drift checks,
 * the run folder and its undo files before the first change, the owner update, the audit, the read-back.
 */
export async function applyPlan(org: Org, saved: SealedPlan, options: ApplyPlanOptions, ux: Ux, planText?: string) {
    if (integrityOf(saved as unknown as Record<string, unknown>) !== saved.integrity)
        throw new AbmError(`The plan ${saved.runId} does not match its integrity hash: plan again.`);
    const target = await targetOf(org);
    checkTarget(saved.target, target, `The plan ${options.planFile}`, [`Plan again on ${describeTarget(target)}.`]);
    const start = {
        runsDir: options.runsDir,
        runId: saved.runId,
        command: 'rebalance' as const,
        planFile: options.planFile,
        planText: planText ?? `${JSON.stringify(saved, null, 2)}\n`,
        integrity: saved.integrity,
        target,
        resume: options.resume
    };
    await Run.check(start);
    const moves = saved.plan.moves;
    const secondaryChanges = saved.plan.secondaryChanges ?? [];
    const ids = [...new Set([...moves.map((m) => m.accountId), ...secondaryChanges.map((c) => c.accountId)])];
    ux.log(
        `Applying run ${saved.runId} to ${org.label}: ${moves.length} owner changes, ${secondaryChanges.length} secondary owner changes.`
    );
    const world = await readWorld(org, ids, saved.protectedStages ?? PROTECTED_STAGES, ux);
    const state = world.accounts;
    const current = new Map([...state].map(([id, a]) => [id, a.ownerId]));
    const currentSecondary = new Map([...state].map(([id, a]) => [id, a.secondaryOwnerId]));
    const missing = ids.filter((id) => !state.has(id));
    if (missing.length)
        throw new AbmError(`${missing.length} planned accounts no longer exist (e.g. ${missing.slice(0, 3).join(', ')}). Plan again.`);
    const pendingAll = moves.filter((m) => current.get(m.accountId) !== m.toId);
    const drift = pendingAll.filter((m) => current.get(m.accountId) !== m.fromId);
    const pendingSecondaryAll = secondaryChanges.filter((c) => currentSecondary.get(c.accountId) !== c.toId);
    const driftSecondary = pendingSecondaryAll.filter((c) => currentSecondary.get(c.accountId) !== c.fromId);
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
    // The world again: every target still an eligible seller with room, every account still under the planner's rules.
    const recheck = recheckPlan({
        moves,
        secondaryChanges,
        accounts: state,
        sellers: world.sellers,
        users: world.users,
        loads: world.loads,
        secondaryLoads: world.secondaryLoads,
        policy: {
            lowTierOwnerId: saved.policy.lowTierOwnerId ?? null,
            departuresOnly: saved.departuresOnly,
            secondaryRoles: saved.policy.secondaryRoles ?? ['Specialist']
        }
    });
    if (recheck.refuse.length)
        throw new AbmError(
            `The plan no longer fits ${org.label}: ${recheck.refuse.length} problem${recheck.refuse.length === 1 ? '' : 's'} (${recheck.refuse
                .slice(0, 3)
                .map((p) => p.reason)
                .join('; ')}${recheck.refuse.length > 3 ? '; …' : ''}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again (abm rebalance plan …) on the org as it is now.'],
            recheck.refuse
        );
    const skipOwner = new Map(recheck.skip.filter((x) => x.field === 'OwnerId').map((x) => [x.accountId, x.reason]));
    const skipSecondary = new Map(recheck.skip.filter((x) => x.field === 'ABM_SecondaryOwner__c').map((x) => [x.accountId, x.reason]));
    const pending = pendingAll.filter((m) => !skipOwner.has(m.accountId));
    const pendingSecondary = pendingSecondaryAll.filter((c) => !skipSecondary.has(c.accountId));
    for (const x of recheck.skip.slice(0, 5))
        ux.warn(
            `${moves.find((m) => m.accountId === x.accountId)?.accountName ?? x.accountId}: ${x.field === 'OwnerId' ? 'owner' : 'secondary owner'} not changed, ${x.reason}.`
        );
    if (recheck.skip.length > 5) ux.warn(`…and ${recheck.skip.length - 5} more skipped (skipped.csv).`);

    const progress = { text: 'nothing written yet' };
    const how = { resume: rbResume(options.planFile, options.how), rollback: rbRollback(saved.runId, options.how) };
    return guardedWrite(ux, how, progress, async (check, started) => {
        const run = started(await Run.begin(start));
        const rollbackFile = run.path(ROLLBACK_FILE);
        // The undo files come first: what every planned account's owner was before this run touched it (on a resume: the
        // ones saved then, verified complete).
        const undo = await run.saveUndo(
            ROLLBACK_FILE,
            ROLLBACK_COLUMNS,
            () => moves.map((m) => ({ AccountId: m.accountId, PreviousOwnerId: current.get(m.accountId) ?? '', PlannedOwnerId: m.toId })),
            { key: 'AccountId', planned: moves.map((m) => m.accountId) }
        );
        check();
        const undoSecondary = secondaryChanges.length
            ? await run.saveUndo(
                  SECONDARY_ROLLBACK_FILE,
                  SECONDARY_ROLLBACK_COLUMNS,
                  () =>
                      secondaryChanges.map((c) => ({
                          AccountId: c.accountId,
                          PreviousSecondaryOwnerId: currentSecondary.get(c.accountId) ?? '',
                          PlannedSecondaryOwnerId: c.toId ?? ''
                      })),
                  { key: 'AccountId', planned: secondaryChanges.map((c) => c.accountId) }
              )
            : [];
        check();
        const previousOwner = new Map(undo.map((r) => [r.AccountId, r.PreviousOwnerId || null]));
        const previousSecondary = new Map(undoSecondary.map((r) => [r.AccountId, r.PreviousSecondaryOwnerId || null]));
        // Before the first change: the account team, and the contacts / open opportunities to move (the plan's ownerChange policy).
        const ownerChange = await prepareOwnerChange(
            org,
            pending.map((m) => ({ accountId: m.accountId, fromId: current.get(m.accountId) ?? null, toId: m.toId })),
            resolveOwnerChange(saved.policy.ownerChange, options.planFile),
            run,
            ux
        );
        check();
        if (run.manifest.state === 'started') await run.setState('writing');
        if (recheck.skip.length)
            await run.writeReport(
                'skipped.csv',
                ['AccountId', 'AccountName', 'Field', 'Reason'],
                recheck.skip.map((x) => [
                    x.accountId,
                    safeCell(moves.find((m) => m.accountId === x.accountId)?.accountName ?? ''),
                    x.field,
                    x.reason
                ])
            );
        // One row per account: the owner and the secondary owner change together (one save, one result).
        const rows = new Map<string, SObjectRecord>();
        for (const m of pending) rows.set(m.accountId, { Id: m.accountId, OwnerId: m.toId, ABM_LastAssignmentRunId__c: saved.runId });
        for (const c of pendingSecondary) {
            const row = rows.get(c.accountId) ?? { Id: c.accountId, ABM_LastAssignmentRunId__c: saved.runId };
            rows.set(c.accountId, { ...row, ABM_SecondaryOwner__c: c.toId });
        }
        const rowList = [...rows.values()];
        check();
        progress.text = `the owner update of ${rowList.length} accounts was sent (some may have changed)`;
        const rowResults = rowList.length ? await updateOwners(org, rowList, ux, options.retryDelays, check) : [];
        const resultOf = new Map(rowList.map((row, i) => [String(row.Id), rowResults[i]!]));
        const results = pending.map((m) => resultOf.get(m.accountId)!);
        const done = pending.filter((_, i) => results[i]!.success);
        const failed = pending.map((m, i) => ({ m, r: results[i]! })).filter(({ r }) => !r.success);
        const secondaryDone = new Set(pendingSecondary.filter((c) => resultOf.get(c.accountId)!.success).map((c) => c.accountId));
        const secondaryFailed = pendingSecondary
            .filter((c) => !secondaryDone.has(c.accountId))
            .map((c) => ({ c, r: resultOf.get(c.accountId)! }));
        progress.text = `updated ${done.length} of ${pending.length} owners; their audit records and the account teams are not written yet`;
        check();
        // Right after the update: the team back, the saved contacts / opportunities to the new owners (done or already there).
        const ownerChangeSummary = await completeOwnerChange(
            org,
            ownerChange,
            [...done.map((m) => m.accountId), ...moves.filter((m) => current.get(m.accountId) === m.toId).map((m) => m.accountId)],
            ux
        );
        check();
        // Audit every change of this run that has no audit record yet (after a crash, --resume writes the missing ones):
        // an account the run changed (its previous owner, from the undo file, is not the planned one) that has its planned
        // owner now. A fresh run has no audit records yet; a resumed one may have some (one query, only then).
        const audited = options.resume ? await auditedChanges(org, saved.runId) : new Set<string>();
        const doneIds = new Set(done.map((m) => m.accountId));
        const toAudit = moves.filter(
            (m) =>
                !audited.has(`${m.accountId}|owner`) &&
                (doneIds.has(m.accountId) || (current.get(m.accountId) === m.toId && previousOwner.get(m.accountId) !== m.toId))
        );
        const secondaryToAudit = secondaryChanges.filter(
            (c) =>
                !audited.has(`${c.accountId}|${SECONDARY_ROLE}`) &&
                (secondaryDone.has(c.accountId) ||
                    (currentSecondary.get(c.accountId) === c.toId && (previousSecondary.get(c.accountId) ?? null) !== c.toId))
        );
        await audit(org, [...toAudit.map(ownerAudit), ...secondaryToAudit.map(secondaryAudit)], saved.runId, 'Rebalance');
        progress.text = `updated ${done.length} of ${pending.length} owners and audited them; not verified yet`;
        check();
        // Verify by reading back.
        const after = await readAccounts(org, ids);
        const failedIds = new Set(rowList.filter((_, i) => !rowResults[i]!.success).map((row) => String(row.Id)));
        const wrong = [
            ...moves.filter((m) => !skipOwner.has(m.accountId) && after.get(m.accountId)?.owner !== m.toId && !failedIds.has(m.accountId)),
            ...secondaryChanges.filter(
                (c) =>
                    !skipSecondary.has(c.accountId) && (after.get(c.accountId)?.secondary ?? null) !== c.toId && !failedIds.has(c.accountId)
            )
        ];
        if (failed.length || secondaryFailed.length) {
            await run.writeReport(
                'failures.csv',
                ['AccountId', 'AccountName', 'Field', 'PlannedValue', 'Error'],
                [
                    ...failed.map(({ m, r }) => [m.accountId, safeCell(m.accountName), 'OwnerId', m.toId, r.error ?? '']),
                    ...secondaryFailed.map(({ c, r }) => [
                        c.accountId,
                        safeCell(c.accountName),
                        'ABM_SecondaryOwner__c',
                        c.toId ?? '',
                        r.error ?? ''
                    ])
                ]
            );
        }
        const summary = {
            runId: saved.runId,
            planned: moves.length,
            alreadyDone: moves.length - pendingAll.length,
            updated: done.length,
            failed: failed.length,
            skipped: skipOwner.size,
            secondaryPlanned: secondaryChanges.length,
            secondaryUpdated: secondaryDone.size,
            secondaryFailed: secondaryFailed.length,
            secondarySkipped: skipSecondary.size,
            verifiedWrong: wrong.length,
            rollbackFile,
            runDir: run.dir,
            ownerChange: ownerChangeSummary
        };
        ux.log(
            `Updated ${done.length}, failed ${failed.length}, skipped ${skipOwner.size}, already at the planned owner ${summary.alreadyDone}; secondary owners updated ${secondaryDone.size}, failed ${secondaryFailed.length}, skipped ${skipSecondary.size}; verified ${wrong.length ? `${wrong.length} WRONG` : 'all owners as planned'}.`
        );
        ux.log(`Undo file: ${rollbackFile}${failed.length || secondaryFailed.length ? `\nFailures: ${run.path('failures.csv')}` : ''}`);
        const partial = failed.length || secondaryFailed.length || wrong.length || ownerChangeSummary.failed;
        await run.setState(
            partial ? 'partial' : 'applied',
            `updated ${done.length}, failed ${failed.length + secondaryFailed.length}, skipped ${recheck.skip.length}, wrong ${wrong.length}`
        );
        if (wrong.length)
            throw new AbmError(
                `${wrong.length} accounts do not have their planned owner or secondary owner after the update.`,
                ExitCode.Failure,
                [how.rollback],
                summary
            );
        return summary;
    });
}

/**
 * The org as apply must see it: the planned accounts (owner, secondary owner, tier, lock, protected deal), every seller
 * and user, and how many accounts each seller holds per tier now (for the windows). One Bulk API 2.0 query of the
 * accounts on a large org (the loads need all of them), SOQL for the rest.
 */
async function readWorld(org: Org, ids: string[], protectedStages: string[], ux: Ux) {
    ux.log('Re-checking the plan against the org: accounts, sellers, users, protected deals…');
    const fields = 'Id, OwnerId, ABM_SecondaryOwner__c, ABM_Tier__c, ABM_IsTerritoryLocked__c';
    const [all, sellerRows, users, deals] = await Promise.all([
        ids.length >= 2000
            ? org.bulkQuery(`SELECT ${fields} FROM Account`)
            : readByIds(org, 'Account', fields.split(', ').slice(1), 'Id', ids),
        org.query(`SELECT ${SELLER_FIELDS} FROM ABM_Seller__c`),
        org.query('SELECT Id, Name, Username, IsActive FROM User'),
        protectedStages.length
            ? org.query(
                  `SELECT AccountId, StageName FROM Opportunity WHERE IsClosed = false AND StageName IN (${protectedStages.map((x) => `'${x.replace(/'/g, "\\'")}'`).join(', ')})`
              )
            : Promise.resolve([])
    ]);
    const stageOf = new Map(deals.map((d) => [String(d.AccountId).slice(0, 15), String(d.StageName)]));
    const tierOf = (v: unknown) => (['1', '2', '3'].includes(String(v)) ? String(v) : 'Not ABM');
    const wanted = new Set(ids);
    const accounts = new Map<string, CurrentAccount>();
    for (const r of all)
        if (wanted.has(r.Id!))
            accounts.set(r.Id!, {
                tier: tierOf(r.ABM_Tier__c),
                ownerId: str(r.OwnerId),
                secondaryOwnerId: str(r.ABM_SecondaryOwner__c),
                isLocked: bool(r.ABM_IsTerritoryLocked__c),
                protectedStage: stageOf.get(r.Id!.slice(0, 15)) ?? null
            });
    // Loads per (tier, owner): from the full read on a large org, else one aggregate query each.
    const loads = new Map<string, number>();
    const secondaryLoads = new Map<string, number>();
    if (ids.length >= 2000) {
        for (const r of all) {
            const tier = tierOf(r.ABM_Tier__c);
            if (r.OwnerId) loads.set(`${tier}|${r.OwnerId}`, (loads.get(`${tier}|${r.OwnerId}`) ?? 0) + 1);
            if (r.ABM_SecondaryOwner__c)
                secondaryLoads.set(
                    `${tier}|${r.ABM_SecondaryOwner__c}`,
                    (secondaryLoads.get(`${tier}|${r.ABM_SecondaryOwner__c}`) ?? 0) + 1
                );
        }
    } else {
        const [owners, secondary] = await Promise.all([
            org.query(
                "SELECT ABM_Tier__c, OwnerId, COUNT(Id) n FROM Account WHERE ABM_Tier__c IN ('1', '2') GROUP BY ABM_Tier__c, OwnerId"
            ),
            org.query(
                "SELECT ABM_Tier__c, ABM_SecondaryOwner__c, COUNT(Id) n FROM Account WHERE ABM_Tier__c IN ('1', '2') AND ABM_SecondaryOwner__c != null GROUP BY ABM_Tier__c, ABM_SecondaryOwner__c"
            )
        ]);
        for (const r of owners) if (r.OwnerId) loads.set(`${tierOf(r.ABM_Tier__c)}|${String(r.OwnerId)}`, Number(r.n));
        for (const r of secondary) secondaryLoads.set(`${tierOf(r.ABM_Tier__c)}|${String(r.ABM_SecondaryOwner__c)}`, Number(r.n));
    }
    return {
        accounts,
        sellers: sellersFrom(sellerRows, users, org.label),
        users: new Map(users.map((u) => [String(u.Id), { name: String(u.Name ?? u.Username ?? u.Id), isActive: bool(u.IsActive) }])),
        loads,
        secondaryLoads
    };
}

/** Rule__c of an owner move: the tier's territory (`, forced` when the account had no eligible owner), or the low-tier owner. */
const ruleOf = (m: Move) =>
    m.tier === '1' || m.tier === '2' ? `Tier ${m.tier} territory${m.forced ? ', forced' : ''}` : `Tier ${m.tier}: low-tier owner`;

const ownerAudit = (m: Move) => ({
    accountId: m.accountId,
    from: m.fromId,
    to: m.toId,
    reason: m.reasons.join('; '),
    rule: ruleOf(m)
});

/** The reasons the planner gives a forced move (older audit records have no `, forced` in their rule). */
const FORCED_REASON = /^(no owner|owner is not a seller|owner departed|owner is not an eligible)/;

/**
 * Voluntary owner moves rebalance runs made since `since` (the quarter's first day), per tier, from the audit trail:
 * forced moves (departures, ineligible owners), low-tier moves and moves a rollback undid do not count.
 */
export async function churnUsedSince(org: Org, since: string): Promise<Record<string, number>> {
    const rows = await org.bulkQuery(
        `SELECT Account__c, Role__c, Rule__c, Reason__c, RunId__c FROM ABM_Assignment__c WHERE Source__c = 'Rebalance' AND AssignedAt__c >= ${since}T00:00:00Z`
    );
    const undone = new Set(
        rows
            .filter((r) => /-rollback$/.test(r.RunId__c ?? ''))
            .map((r) => `${(r.RunId__c ?? '').replace(/-rollback$/, '')}|${(r.Account__c ?? '').slice(0, 15)}`)
    );
    const used: Record<string, number> = {};
    for (const r of rows) {
        const tier = /^Tier ([12])\b/.exec(r.Rule__c ?? '')?.[1];
        if (!tier || (r.Role__c && r.Role__c !== 'AE') || /-rollback$/.test(r.RunId__c ?? '')) continue;
        if (/forced/i.test(r.Rule__c ?? '') || FORCED_REASON.test(r.Reason__c ?? '')) continue;
        if (undone.has(`${r.RunId__c ?? ''}|${(r.Account__c ?? '').slice(0, 15)}`)) continue;
        used[tier] = (used[tier] ?? 0) + 1;
    }
    return used;
}

/** The month the org's fiscal year starts: the snapshot's snapshot.json, or the org's Organization record. */
async function fiscalStartMonth(org: Org): Promise<number> {
    if (org.kind === 'snapshot') return (await readSnapshotMeta(org.label)).fiscalYearStartMonth ?? 1;
    const [row] = await org.query('SELECT FiscalYearStartMonth FROM Organization');
    return Number(row?.FiscalYearStartMonth ?? 1);
}

const secondaryAudit = (c: SecondaryChange) => ({
    accountId: c.accountId,
    from: c.fromId,
    to: c.toId,
    reason: c.reasons.join('; '),
    rule: `Tier ${c.tier} secondary owner`,
    role: SECONDARY_ROLE
});

/** The changes of a run that have an audit record: `<accountId>|owner` and `<accountId>|Secondary owner`. */
async function auditedChanges(org: Org, runId: string): Promise<Set<string>> {
    const rows = await org.query(`SELECT Account__c, Role__c FROM ABM_Assignment__c WHERE RunId__c = '${runId}'`);
    return new Set(rows.map((r) => `${String(r.Account__c)}|${r.Role__c === SECONDARY_ROLE ? SECONDARY_ROLE : 'owner'}`));
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

export type RollbackOptions = { runId: string; targetOrg?: string; snapshot?: string; runsDir: string; force: boolean };

export function parseRollbackOptions(argv: string[]): RollbackOptions {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        run: { type: 'string' },
        'runs-dir': { type: 'string', default: join('out', 'runs') },
        force: { type: 'boolean', default: false }
    });
    if (!values.run) throw new UsageError('Name the run to roll back with --run <runId>.');
    return {
        runId: values.run,
        targetOrg: values['target-org'],
        snapshot: values.snapshot,
        runsDir: values['runs-dir'],
        force: values.force
    };
}

/**
 * Roll a run back: the run must belong to this org or snapshot, its undo files must be complete, and every account must
 * still have the value the run wrote (or already its previous one): one changed by hand since is drift, and the rollback
 * refuses (nothing changed) unless --force. Changes the run made but never audited (a crash) are audited first, so the
 * trail stays complete; re-running an interrupted rollback finishes it.
 */
export async function executeRollback(options: RollbackOptions, ux: Ux, context: { org?: Org } = {}) {
    const org = context.org ?? (await openOrg({ 'target-org': options.targetOrg, snapshot: options.snapshot }, ux));
    const target = await targetOf(org);
    const run = await Run.forRollback(options.runsDir, options.runId, 'rebalance', target);
    const saved = JSON.parse(await run.planText()) as SealedPlan;
    const moves = saved.plan.moves;
    const secondaryChanges = saved.plan.secondaryChanges ?? [];
    const rows = await run.readUndo(ROLLBACK_FILE, { key: 'AccountId', planned: moves.map((m) => m.accountId) });
    const secondaryRows = await run.readUndo(SECONDARY_ROLLBACK_FILE, {
        key: 'AccountId',
        planned: secondaryChanges.map((c) => c.accountId)
    });
    const how: How = { org: orgFlag(options), runsDir: options.runsDir };
    if (!rows || (secondaryChanges.length && !secondaryRows)) {
        if (run.manifest.state !== 'started')
            throw new IncompleteUndoError(
                `Run ${options.runId} is marked ${run.manifest.state} but its undo files were never completed: nothing is changed.`
            );
        ux.log(`Run ${options.runId} stopped before its first change: nothing to roll back.`);
        await run.setState('rolled back', 'nothing was written');
        return {
            status: ExitCode.Success,
            summary: { runId: options.runId, restored: 0, failed: 0, unchanged: 0, drift: 0, inactiveOwners: 0 }
        };
    }
    const ids = [...new Set([...rows.map((r) => r.AccountId!), ...(secondaryRows ?? []).map((r) => r.AccountId!)])];
    const state = await readAccounts(org, ids);
    const gone = ids.filter((id) => !state.has(id));
    const ownerOf = (id: string) => state.get(id)?.owner ?? '';
    const secondaryOf = (id: string) => state.get(id)?.secondary ?? '';
    const classify = <R extends Record<string, string>>(list: R[], now: (id: string) => string, prev: keyof R, plan: keyof R) =>
        list.filter((r) => state.has(r.AccountId!)).map((r) => ({ r, verdict: driftOf(now(r.AccountId!), r[prev]!, r[plan]!) }));
    const owners = classify(rows, ownerOf, 'PreviousOwnerId', 'PlannedOwnerId');
    const secondaries = classify(secondaryRows ?? [], secondaryOf, 'PreviousSecondaryOwnerId', 'PlannedSecondaryOwnerId');
    const drifted = [...owners, ...secondaries].filter((x) => x.verdict === 'drift');
    if (drifted.length && !options.force) {
        const first = drifted[0]!.r;
        const isOwner = 'PlannedOwnerId' in first;
        const set = (isOwner ? first.PlannedOwnerId : first.PlannedSecondaryOwnerId) || '(none)';
        const now = (isOwner ? ownerOf(first.AccountId!) : secondaryOf(first.AccountId!)) || '(none)';
        throw new AbmError(
            `${drifted.length} accounts changed since run ${options.runId} (e.g. ${first.AccountId}: the run set its ${isOwner ? 'owner' : 'secondary owner'} to ${set}, it is now ${now}). Nothing was changed.`,
            ExitCode.Failure,
            [`${rbRollback(options.runId, how)} --force  (to restore the others and leave these as they are)`],
            drifted.map((x) => x.r)
        );
    }
    // Salesforce refuses an account owner that is not an active user, row by row: the typical rollback (of the run that
    // moved a departed AE's accounts away) meets exactly that, so those rows are found before the first write. (The
    // secondary owner is a lookup to User, which takes an inactive user.)
    const toRestore = owners.filter((x) => x.verdict === 'restore').map((x) => x.r);
    const notActive = await notActiveUsers(
        org,
        toRestore.map((r) => r.PreviousOwnerId!)
    );
    const blocked = toRestore.filter((r) => notActive.has((r.PreviousOwnerId ?? '').slice(0, 15)));
    if (blocked.length && !options.force) {
        const first = blocked[0]!;
        throw new AbmError(
            `${blocked.length} accounts' previous owners are not active users any more (e.g. ${first.AccountId}: ${first.PreviousOwnerId}, ${notActive.get(first.PreviousOwnerId!.slice(0, 15))}). Nothing was changed.`,
            ExitCode.Failure,
            [
                `Reactivate the user${blocked.length > 1 ? 's' : ''}, then run ${rbRollback(options.runId, how)} again`,
                `${rbRollback(options.runId, how)} --force  (to restore the others and leave these with their current owner)`
            ],
            blocked.map((r) => ({ ...r, Why: notActive.get(r.PreviousOwnerId!.slice(0, 15))! }))
        );
    }
    if (drifted.length) ux.warn(`${drifted.length} accounts changed since the run are left as they are.`);
    if (blocked.length)
        ux.warn(
            `${blocked.length} accounts whose previous owner is not an active user (e.g. ${blocked[0]!.AccountId}: ${blocked[0]!.PreviousOwnerId}) keep their current owner.`
        );
    if (gone.length) ux.warn(`${gone.length} accounts of the run no longer exist (e.g. ${gone[0]}): left out.`);
    const restore = toRestore.filter((r) => !blocked.includes(r));
    const restoreSecondary = secondaries.filter((x) => x.verdict === 'restore').map((x) => x.r);
    const alreadyRestored = owners.length - toRestore.length + secondaries.length - restoreSecondary.length;
    ux.log(
        `Rolling back run ${options.runId} on ${org.label}: ${restore.length} owners and ${restoreSecondary.length} secondary owners to restore, ${alreadyRestored} already restored.`
    );
    // The trail first: changes the run made but never audited (it crashed between the update and the audit).
    const audited = await auditedChanges(org, options.runId);
    const rollbackRun = `${options.runId}-rollback`;
    const rolledBack = await auditedChanges(org, rollbackRun);
    const moveOf = new Map(moves.map((m) => [m.accountId, m]));
    const changeOf = new Map(secondaryChanges.map((c) => [c.accountId, c]));
    await audit(
        org,
        [
            ...owners
                .filter((x) => x.verdict === 'restore' && !audited.has(`${x.r.AccountId}|owner`))
                .map((x) => ownerAudit(moveOf.get(x.r.AccountId!)!)),
            ...secondaries
                .filter((x) => x.verdict === 'restore' && !audited.has(`${x.r.AccountId}|${SECONDARY_ROLE}`))
                .map((x) => secondaryAudit(changeOf.get(x.r.AccountId!)!))
        ],
        options.runId,
        'Rebalance'
    );
    await run.setState('rolling back');
    const progress = { text: 'nothing restored yet' };
    const guardHow = { resume: `${rbRollback(options.runId, how)}  (to finish the rollback)`, rollback: '' };
    return guardedWrite(ux, guardHow, progress, async (check, started) => {
        started(run);
        const ownerChange = await prepareOwnerChangeRollback(
            org,
            run,
            restore.map((r) => r.AccountId!)
        );
        check();
        progress.text = `the restore of ${restore.length} owners was sent (some may have changed)`;
        const results = restore.length
            ? await updateOwners(
                  org,
                  restore.map((r) => ({ Id: r.AccountId, OwnerId: r.PreviousOwnerId || null, ABM_LastAssignmentRunId__c: rollbackRun })),
                  ux,
                  RETRY_DELAYS_MS,
                  check
              )
            : [];
        const done = restore.filter((_, i) => results[i]!.success);
        const failedIds = new Set(restore.filter((_, i) => !results[i]!.success).map((r) => r.AccountId!));
        progress.text = `restored ${done.length} of ${restore.length} owners; their audit records are not written yet`;
        check();
        // Audit what this pass restored, and what an interrupted earlier pass restored without auditing it.
        const earlier = owners.filter(
            (x) => x.verdict === 'restored' && audited.has(`${x.r.AccountId}|owner`) && !rolledBack.has(`${x.r.AccountId}|owner`)
        );
        await audit(
            org,
            [...done, ...earlier.map((x) => x.r)]
                .filter((r) => r.PreviousOwnerId !== r.PlannedOwnerId)
                .map((r) => ({
                    accountId: r.AccountId!,
                    from: (done.includes(r) ? ownerOf(r.AccountId!) : r.PlannedOwnerId) || null,
                    to: r.PreviousOwnerId || null,
                    reason: `Rollback of run ${options.runId}`,
                    rule: 'Rollback'
                })),
            rollbackRun,
            'Rebalance'
        );
        check();
        const kept = new Set(blocked.map((r) => r.AccountId!));
        const restoredOwnerChange = await completeOwnerChangeRollback(
            org,
            ownerChange,
            rows.map((r) => r.AccountId!).filter((id) => !failedIds.has(id) && !kept.has(id)),
            ux,
            kept
        );
        check();
        const secondary = await rollbackSecondary(
            org,
            secondaries,
            restoreSecondary,
            audited,
            rolledBack,
            options.runId,
            rollbackRun,
            ux,
            check
        );
        const failed = restore.length - done.length;
        const unchanged = owners.length - toRestore.length;
        ux.log(
            `Restored ${done.length} owners${failed ? `, ${failed} failed` : ''}; ${unchanged} already had their previous owner${blocked.length ? `; ${blocked.length} kept their current owner (previous owner not an active user)` : ''}.`
        );
        const partial = failed || secondary.failed || restoredOwnerChange.failed;
        // Like drift under --force, the rows left for an inactive previous owner end the rollback: a later one (once the
        // user is active again) finds them still as the run set them and restores them.
        await run.setState(
            partial ? 'rolling back' : 'rolled back',
            `restored ${done.length}, failed ${failed + secondary.failed}${blocked.length ? `, ${blocked.length} kept (previous owner not an active user)` : ''}`
        );
        return {
            status: partial ? ExitCode.Partial : ExitCode.Success,
            summary: {
                runId: options.runId,
                restored: done.length,
                failed,
                unchanged,
                drift: drifted.length,
                inactiveOwners: blocked.length,
                secondary,
                ownerChange: restoredOwnerChange
            }
        };
    });
}

/** Restore the secondary owners a run changed (rollback-secondary.csv), and audit that. */
async function rollbackSecondary(
    org: Org,
    all: { r: Record<string, string>; verdict: string }[],
    todo: Record<string, string>[],
    audited: Set<string>,
    rolledBack: Set<string>,
    runId: string,
    rollbackRun: string,
    ux: Ux,
    check: () => void
) {
    const previous = (r: Record<string, string>) => r.PreviousSecondaryOwnerId || null;
    const results = todo.length
        ? await updateOwners(
              org,
              todo.map((r) => ({ Id: r.AccountId, ABM_SecondaryOwner__c: previous(r), ABM_LastAssignmentRunId__c: rollbackRun })),
              ux,
              RETRY_DELAYS_MS,
              check
          )
        : [];
    const done = todo.filter((_, i) => results[i]!.success);
    const earlier = all
        .filter(
            (x) =>
                x.verdict === 'restored' &&
                audited.has(`${x.r.AccountId}|${SECONDARY_ROLE}`) &&
                !rolledBack.has(`${x.r.AccountId}|${SECONDARY_ROLE}`)
        )
        .map((x) => x.r);
    await audit(
        org,
        [...done, ...earlier].map((r) => ({
            accountId: r.AccountId!,
            from: r.PlannedSecondaryOwnerId || null,
            to: previous(r),
            reason: `Rollback of run ${runId}`,
            rule: 'Rollback',
            role: SECONDARY_ROLE
        })),
        rollbackRun,
        'Rebalance'
    );
    ux.log(`Restored ${done.length} secondary owners${todo.length - done.length ? `, ${todo.length - done.length} failed` : ''}.`);
    return { restored: done.length, failed: todo.length - done.length, unchanged: all.length - todo.length };
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'plan') return emitResult(ux, ExitCode.Success, await executePlan(parsePlanOptions(rest), ux));
    if (sub === 'apply') {
        const { status, summary } = await executeApply(parseApplyOptions(rest), ux);
        return emitResult(ux, status, summary);
    }
    if (sub === 'rollback') {
        const { status, summary } = await executeRollback(parseRollbackOptions(rest), ux);
        return emitResult(ux, status, summary);
    }
    throw new UsageError(`Unknown subcommand "${sub ?? ''}": use plan, apply or rollback.`, ['abm rebalance --help']);
}
