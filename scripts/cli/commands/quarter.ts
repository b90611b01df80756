/**
 * `abm quarter`: the quarterly run in one plan: re-tier (scripts/core/tiering.ts), then plan the territory rebalance
 * (scripts/core/rebalance/plan.ts `planRebalance`) on the re-tiered book, in memory. Plan only: it writes the two
 * plans and one summary; apply them with `abm tier --apply --plan …`, then plan and apply the rebalance on the new tiers.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { safeCell } from '../../core/lists.js';
import { DEFAULT_POLICY, planRebalance, type RebalancePolicy } from '../../core/rebalance/plan.js';
import { planTiers } from '../../core/tiering.js';
import { esc, page, table } from '../html.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, resolveAsOf, type Ux } from '../shared.js';
import { readBook } from './rebalance.js';
import { targetOf } from '../runs.js';
import { readTierBook, readTieringPolicy, tierRunId, tierSummaryLines, writeTierPlan } from './tier.js';

const PROTECTED_STAGES = ['Proposal/Price Quote', 'Negotiation/Review'];
export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        'tiering-policy': { type: 'string' },
        'rebalance-policy': { type: 'string' },
        'tier1-size': { type: 'string' },
        'tier2-size': { type: 'string' },
        margin: { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string', default: join('out', 'quarter') }
    });
    const tierPolicy = await readTieringPolicy({ ...values, policy: values['tiering-policy'] });
    const rbFile = values['rebalance-policy'] ?? (existsSync('config/rebalance-policy.json') ? 'config/rebalance-policy.json' : undefined);
    let rbRaw: Record<string, unknown> = {};
    if (rbFile) {
        try {
            rbRaw = JSON.parse(await readFile(rbFile, 'utf8')) as Record<string, unknown>;
        } catch (error) {
            throw new AbmError(`Cannot read the rebalance policy ${rbFile}: ${(error as Error).message}`);
        }
    }
    const org = await openOrg(values, ux);
    const asOf = await resolveAsOf(values['as-of'], org);
    const tierBook = await readTierBook(org, ux);
    ux.log(`Re-tiering ${fmt(tierBook.length)} accounts (Tier 1 = top ${tierPolicy.tier1Size}, Tier 2 = next ${tierPolicy.tier2Size})…`);
    const tiers = planTiers(tierBook, tierPolicy, asOf);
    const protectedStages = Array.isArray(rbRaw.protectedStages) ? (rbRaw.protectedStages as string[]) : PROTECTED_STAGES;
    ux.log('Reading owners and sellers for the rebalance…');
    const rb = await readBook(org, protectedStages, ux);
    const newTier = new Map(tiers.decisions.map((d) => [d.id, d.to]));
    const retiered = rb.accounts.map((a) => ({ ...a, tier: newTier.get(a.id) ?? a.tier }));
    const lowTierUsername = typeof rbRaw.lowTierOwnerUsername === 'string' ? rbRaw.lowTierOwnerUsername : null;
    const lowTierUser = lowTierUsername ? rb.users.find((u) => String(u.Username) === lowTierUsername) : undefined;
    if (lowTierUsername && !lowTierUser)
        throw new AbmError(`The rebalance policy's lowTierOwnerUsername ${lowTierUsername} is not a user in ${org.label}.`);
    const rbPolicy: RebalancePolicy = {
        ...DEFAULT_POLICY,
        ...Object.fromEntries(Object.entries(rbRaw).filter(([k]) => k in DEFAULT_POLICY && k !== 'lowTierOwnerId')),
        departuresOnly: false,
        lowTierOwnerId: lowTierUser ? String(lowTierUser.Id) : null
    };
    ux.log('Planning the rebalance on the re-tiered book…');
    const plan = planRebalance(retiered, rb.sellers, rbPolicy);

    const out = values.out;
    const tierDir = join(out, 'tier');
    await mkdir(tierDir, { recursive: true });
    const files = {
        tierPlan: join(tierDir, 'plan.json'),
        tierMoves: join(tierDir, 'moves.csv'),
        tierReport: join(tierDir, 'report.html'),
        rebalanceMoves: join(out, 'rebalance-moves.csv'),
        report: join(out, 'report.html')
    };
    await writeTierPlan(tierDir, {
        runId: tierRunId(tiers),
        asOf,
        source: org.label,
        target: await targetOf(org),
        policy: tierPolicy,
        plan: tiers
    });
    await writeFile(
        files.rebalanceMoves,
        stringify(
            plan.moves.map((m) => [m.accountId, safeCell(m.accountName), m.tier, m.fromName, m.toName, m.reasons.join('; ')]),
            { header: true, columns: ['AccountId', 'Account', 'NewTier', 'FromOwner', 'ToOwner', 'Reasons'] }
        )
    );
    const rbLines = plan.ok
        ? plan.metrics.map(
              (m) =>
                  `Tier ${m.tier}: ${m.accounts} accounts · ${m.moved} owner moves (${m.churn}% churn) · coverage ${m.coverageBefore}% → ${m.coverageAfter}% · capacity violations ${m.capacityViolations}`
          )
        : plan.infeasible.map((i) => `Infeasible: ${i.constraint}: ${i.detail} (short by ${i.shortBy})`);
    await writeFile(
        files.report,
        page(
            'Quarterly run: re-tiering and rebalance plan',
            `<p>${esc(org.label)} · as of ${esc(asOf)} · plan only</p><h2>Re-tiering</h2><pre>${esc(tierSummaryLines(tiers, tierPolicy).join('\n'))}</pre>` +
                `<p>Details: <a href="tier/report.html">tier/report.html</a></p><h2>Rebalance on the new tiers</h2><pre>${esc(rbLines.join('\n'))}</pre>` +
                (plan.ok
                    ? table(
                          ['Account', 'New tier', 'From', 'To', 'Why'],
                          plan.moves.map((m) => [m.accountName, m.tier, m.fromName, m.toName, m.reasons.join('; ')])
                      )
                    : '')
        )
    );
    ux.out('');
    for (const line of tierSummaryLines(tiers, tierPolicy)) ux.out(line);
    for (const line of rbLines) ux.out(line);
    ux.out(`Report: ${resolve(files.report)}\nNothing was changed.`);
    const result = {
        dryRun: true,
        asOf,
        tiering: { moves: tiers.moves.length, up: tiers.up, down: tiers.down, counts: tiers.counts, cutoffs: tiers.cutoffs },
        rebalance: { ok: plan.ok, moves: plan.moves.length, metrics: plan.metrics, infeasible: plan.infeasible },
        files
    };
    if (!plan.ok) {
        throw new AbmError(
            `The re-tiered book has no feasible rebalance: ${plan.infeasible.map((i) => `${i.constraint} short by ${i.shortBy}`).join('; ')}. Nothing was changed.`,
            ExitCode.Failure,
            ["Size Tier 1 to the AEs' capacity (--tier1-size), or change the capacity windows on ABM_Seller__c."],
            result
        );
    }
    emitResult(ux, ExitCode.Success, result);
}
