/**
 * Apply re-checks the world, not just the owners: between plan and apply the org changes (an account is locked,
 * re-tiered to Not ABM or given a protected deal; a target seller leaves, changes role or fills up; a plan is edited and
 * re-sealed by hand). Each case runs on both adapters, the Salesforce API double and the snapshot folder: a rule the
 * planner applied per account makes apply skip that account with the reason (skipped.csv, the others are applied); a
 * target that is no longer an active, eligible seller with room makes apply refuse with the reason and change nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import { integrityOf } from '../../scripts/cli/runs';
import { AbmError, Ux } from '../../scripts/cli/shared';
import type { Org } from '../../scripts/org/index';
import { makeId } from '../../scripts/org/ids';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { crashBook, crashSnapshot } from '../crash/book';
import { startDouble } from '../sfdouble/harness';

jest.setTimeout(300_000);

const quiet = new Ux(true);
const AE = [1, 2, 3, 4].map((n) => makeId('005', n));

type Move = { accountId: string; fromId: string | null; toId: string; tier: string; forced?: boolean };
type Saved = { runId: string; plan: { moves: Move[] } };
type World = { org: Org; apply: (planFile: string) => Promise<{ status: number }>; stop: () => Promise<void> };

/** A fresh copy of the crash book on each adapter, with the apply command as a user runs it there. */
const ADAPTERS: Record<string, () => Promise<World>> = {
    'API double': async () => {
        const h = await startDouble({ records: structuredClone(crashBook()), now: () => new Date('2026-10-02T09:00:00Z') });
        return {
            org: h.org,
            apply: (planFile) =>
                rebalance.executeApply(
                    {
                        ...rebalance.parseApplyOptions([
                            ...['--plan', planFile, '--target-org', 'double', '--runs-dir', join(planFile, '..', '..', 'runs')],
                            ...['--as-of', '2026-10-02', '--fiscal-start-month', '1']
                        ]),
                        retryDelays: [1]
                    },
                    quiet,
                    { org: h.org }
                ),
            stop: () => h.stop()
        };
    },
    'snapshot folder': async () => {
        const dir = crashSnapshot(join(mkdtempSync(join(tmpdir(), 'abm-recheck-')), 'org'));
        const org = await SnapshotOrg.open(dir);
        return {
            org,
            apply: (planFile) =>
                rebalance.executeApply(
                    rebalance.parseApplyOptions(['--plan', planFile, '--snapshot', dir, '--runs-dir', join(planFile, '..', '..', 'runs')]),
                    quiet,
                    { org }
                ),
            stop: async () => undefined
        };
    }
};

async function plan(org: Org): Promise<{ file: string; saved: Saved }> {
    const work = mkdtempSync(join(tmpdir(), 'abm-recheck-plan-'));
    writeFileSync(join(work, 'policy.json'), JSON.stringify({ churnBudget: 1, includeTier2: false }));
    const out = join(work, 'plan');
    await rebalance.executePlan(
        rebalance.parsePlanOptions(['--out', out, '--policy', join(work, 'policy.json'), '--as-of', '2026-10-02']),
        quiet,
        { org }
    );
    const file = join(out, 'plan.json');
    return { file, saved: JSON.parse(readFileSync(file, 'utf8')) as Saved };
}

const owners = async (org: Org) =>
    new Map((await org.query('SELECT Id, OwnerId FROM Account')).map((a) => [String(a.Id), String(a.OwnerId)]));

/** Voluntary Tier 1 moves away from an active AE (the planner would pin such an account if it were locked). */
const voluntary = (saved: Saved) => saved.plan.moves.filter((m) => m.tier === '1' && !m.forced && AE.includes(m.fromId ?? ''));

/** The seller who gains the most accounts in the plan (net), and how many Tier 1 accounts they hold now. */
async function topGainer(org: Org, saved: Saved) {
    const gain = new Map<string, number>();
    for (const m of saved.plan.moves.filter((x) => x.tier === '1')) {
        gain.set(m.toId, (gain.get(m.toId) ?? 0) + 1);
        if (m.fromId) gain.set(m.fromId, (gain.get(m.fromId) ?? 0) - 1);
    }
    const [id] = [...gain].sort((a, b) => b[1] - a[1])[0]!;
    const now = (await org.query(`SELECT Id FROM Account WHERE ABM_Tier__c = '1' AND OwnerId = '${id}'`)).length;
    const [seller] = await org.query(`SELECT Id FROM ABM_Seller__c WHERE User__c = '${id}'`);
    return { id, now, sellerId: String(seller!.Id) };
}

describe.each(Object.keys(ADAPTERS))('on the %s', (adapter) => {
    let world: World;
    beforeEach(async () => {
        world = await ADAPTERS[adapter]!();
    });
    afterEach(() => world.stop());

    it('an account locked, re-tiered to Not ABM or given a protected deal since the plan is skipped with its reason; the rest is applied', async () => {
        const { file, saved } = await plan(world.org);
        const [locked, retiered, dealt] = voluntary(saved);
        expect(dealt).toBeDefined();
        await world.org.update('Account', [
            { Id: locked!.accountId, ABM_IsTerritoryLocked__c: true },
            { Id: retiered!.accountId, ABM_Tier__c: null }
        ]);
        await world.org.insert('Opportunity', [
            { Name: 'Late deal', AccountId: dealt!.accountId, StageName: 'Negotiation/Review', CloseDate: '2026-12-15' }
        ]);
        const before = await owners(world.org);
        const result = (await world.apply(file)) as { status: number; summary: { skipped: number; runDir: string } };
        expect(result.status).toBe(0);
        expect(result.summary.skipped).toBe(3);
        const after = await owners(world.org);
        const skipped = new Set([locked!.accountId, retiered!.accountId, dealt!.accountId]);
        for (const m of saved.plan.moves) expect(after.get(m.accountId)).toBe(skipped.has(m.accountId) ? before.get(m.accountId) : m.toId);
        const report = parse(readFileSync(join(result.summary.runDir, 'skipped.csv'), 'utf8'), { columns: true }) as Record<
            string,
            string
        >[];
        expect(new Map(report.filter((r) => r.Field === 'OwnerId').map((r) => [r.AccountId, r.Reason]))).toEqual(
            new Map([
                [locked!.accountId, 'locked since the plan (ABM_IsTerritoryLocked__c)'],
                [retiered!.accountId, 're-tiered to Not ABM since the plan'],
                [dealt!.accountId, 'has a protected deal (Negotiation/Review) since the plan']
            ])
        );
        // A secondary owner change of a skipped account is skipped with it.
        for (const r of report.filter((x) => x.Field === 'ABM_SecondaryOwner__c'))
            expect({ id: r.AccountId, skippedOwner: skipped.has(r.AccountId!), reason: r.Reason }).toEqual({
                id: r.AccountId,
                skippedOwner: true,
                reason: 'its owner move is skipped'
            });
    });

    /** Changes that make the plan's targets wrong: apply refuses with the reason and changes nothing. */
    const REFUSALS: [string, (org: Org, saved: Saved, file: string) => Promise<void>, RegExp][] = [
        [
            'a target user deactivated since the plan',
            async (org, saved) => {
                await org.update('User', [{ Id: voluntary(saved)[0]!.toId, IsActive: false }]);
            },
            /is an inactive user/
        ],
        [
            'a target seller no longer accepting accounts',
            async (org, saved) => {
                const [s] = await org.query(`SELECT Id FROM ABM_Seller__c WHERE User__c = '${voluntary(saved)[0]!.toId}'`);
                await org.update('ABM_Seller__c', [{ Id: String(s!.Id), IsAcceptingAccounts__c: false }]);
            },
            /is not an active seller accepting accounts/
        ],
        [
            'a target seller who is no longer an AE (not an eligible Tier 1 seller)',
            async (org, saved) => {
                const [s] = await org.query(`SELECT Id FROM ABM_Seller__c WHERE User__c = '${voluntary(saved)[0]!.toId}'`);
                await org.update('ABM_Seller__c', [{ Id: String(s!.Id), Role__c: 'SDR' }]);
            },
            /\(SDR\) is not an eligible Tier 1 seller/
        ],
        [
            'a target seller whose maximum would be exceeded (the window shrank since the plan)',
            async (org, saved) => {
                const top = await topGainer(org, saved);
                await org.update('ABM_Seller__c', [{ Id: top.sellerId, Tier1CapacityMin__c: 0, Tier1CapacityMax__c: top.now }]);
            },
            /would hold \d+ Tier 1 accounts, above the maximum of \d+/
        ],
        [
            'a plan edited by hand and re-sealed, giving an account to a user that does not exist',
            async (_org, saved, file) => {
                const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & Saved;
                raw.plan.moves[0]!.toId = makeId('005', 99);
                raw.integrity = integrityOf(raw);
                writeFileSync(file, JSON.stringify(raw));
                expect(saved.plan.moves.length).toBeGreaterThan(0);
            },
            new RegExp(`the planned owner ${makeId('005', 99)} is not a user in this org`)
        ]
    ];

    it.each(REFUSALS)('refuses %s, naming the reason, and changes nothing', async (_name, change, message) => {
        const { file, saved } = await plan(world.org);
        await change(world.org, saved, file);
        const before = await owners(world.org);
        const error = await world.apply(file).then(
            () => undefined,
            (e: unknown) => e
        );
        expect(error).toBeInstanceOf(AbmError);
        expect((error as Error).message).toMatch(/^The plan no longer fits .*Nothing was changed\.$/);
        expect((error as Error).message).toMatch(message);
        expect(await owners(world.org)).toEqual(before);
    });
});
