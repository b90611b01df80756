/**
 * Before a saved rebalance plan is applied, the world is checked again (pure: the apply command reads the org, this
 * decides). A plan can be made days before it is applied, or edited by hand; apply must not trust it.
 *
 * Refused (the plan no longer fits; nothing is written):
 *   - a target that is no user, an inactive user, no active seller accepting accounts, a seller of the wrong role for the
 *     tier (Tier 1: AE; Tier 2: SDR or AE with a Tier 2 window), not the plan's low-tier owner for Tier 3 / Not ABM;
 *   - a secondary owner who is not an active specialist accepting accounts, or who would be the account's owner;
 *   - a seller whose book the run would push above their maximum (owner or secondary window), counted on the org as it is.
 * Skipped, with the reason (every rule the planner applied, per account, on the account as it is now):
 *   - re-tiered since the plan (the move was planned for its old tier);
 *   - locked (ABM_IsTerritoryLocked__c) or with a protected deal, while its owner is an eligible seller: the planner pins it;
 *   - in a departures-only plan, an owner who is an eligible seller again;
 *   - the secondary owner change of an account whose owner move is skipped, or whose secondary owner is pinned the same way.
 */
import type { Move, RebalanceSeller } from './plan.js';
import type { SecondaryChange } from './secondary.js';

export type CurrentAccount = {
    tier: string;
    ownerId: string | null;
    secondaryOwnerId: string | null;
    isLocked: boolean;
    /** The stage of an open opportunity at a protected stage, or null. */
    protectedStage: string | null;
};

export type RecheckInput = {
    moves: Move[];
    secondaryChanges: SecondaryChange[];
    /** The planned accounts as they are now, by account Id. */
    accounts: Map<string, CurrentAccount>;
    /** Every seller, from ABM_Seller__c and the users' IsActive, as now. */
    sellers: RebalanceSeller[];
    /** Every target user (owners and secondary owners of the plan), by Id: undefined = no such user. */
    users: Map<string, { name: string; isActive: boolean }>;
    /** Accounts per (tier, owner) now: `${tier}|${ownerId}` → count; and per (tier, secondary owner). */
    loads: Map<string, number>;
    secondaryLoads: Map<string, number>;
    policy: {
        lowTierOwnerId: string | null;
        departuresOnly: boolean;
        secondaryRoles: string[];
    };
};

export type Problem = { accountId?: string; reason: string };
export type Skip = { accountId: string; field: 'OwnerId' | 'ABM_SecondaryOwner__c'; reason: string };
export type RecheckResult = { refuse: Problem[]; skip: Skip[] };

/** The window of a seller for a tier, when the seller may hold accounts of it (Tier 1: AEs; Tier 2: SDRs and AEs). */
export function tierWindow(s: RebalanceSeller, tier: string): { min: number; max: number } | undefined {
    if (!s.isActive || !s.isAccepting) return undefined;
    if (tier === '1') return s.role === 'AE' ? { min: s.tier1Min, max: s.tier1Max } : undefined;
    if (tier === '2') return (s.role === 'SDR' || s.role === 'AE') && s.tier2Max > 0 ? { min: s.tier2Min, max: s.tier2Max } : undefined;
    return undefined;
}

function secondaryWindow(s: RebalanceSeller | undefined, roles: string[]) {
    if (!s || !s.isActive || !s.isAccepting || !roles.includes(s.role) || (s.secondaryMax ?? 0) <= 0) return undefined;
    return { min: s.secondaryMin ?? 0, max: s.secondaryMax ?? 0 };
}

export function recheckPlan(input: RecheckInput): RecheckResult {
    const refuse: Problem[] = [];
    const skip: Skip[] = [];
    const seller = new Map(input.sellers.map((s) => [s.userId, s]));
    const nameOf = (id: string) => input.users.get(id)?.name ?? seller.get(id)?.name ?? id;
    const userProblem = (id: string): string | undefined => {
        const user = input.users.get(id);
        if (!user) return `${id} is not a user in this org`;
        if (!user.isActive) return `${user.name} (${id}) is an inactive user`;
        return undefined;
    };

    // Owners: the target first (refuse), then the planner's rules on the account as it is now (skip).
    const skippedOwner = new Set<string>();
    for (const m of input.moves) {
        const now = input.accounts.get(m.accountId);
        if (!now || now.ownerId === m.toId) continue;
        const user = userProblem(m.toId);
        if (user) {
            refuse.push({ accountId: m.accountId, reason: `${m.accountName}: the planned owner ${user}` });
            continue;
        }
        const low = m.tier === '3' || m.tier === 'Not ABM';
        if (low) {
            if (m.toId !== input.policy.lowTierOwnerId)
                refuse.push({ accountId: m.accountId, reason: `${m.accountName}: ${nameOf(m.toId)} is not the plan's low-tier owner` });
        } else {
            const s = seller.get(m.toId);
            if (!s || !s.isActive || !s.isAccepting)
                refuse.push({
                    accountId: m.accountId,
                    reason: `${m.accountName}: ${nameOf(m.toId)} is not an active seller accepting accounts`
                });
            else if (!tierWindow(s, m.tier))
                refuse.push({
                    accountId: m.accountId,
                    reason: `${m.accountName}: ${nameOf(m.toId)} (${s.role}) is not an eligible Tier ${m.tier} seller`
                });
        }
        const why = skipReason(m, now, seller, input.policy.departuresOnly);
        if (why) {
            skip.push({ accountId: m.accountId, field: 'OwnerId', reason: why });
            skippedOwner.add(m.accountId);
        }
    }

    // Windows: what each seller would hold once the run's (not skipped) moves are made, against the maximum.
    const after = new Map(input.loads);
    for (const m of input.moves) {
        if (skippedOwner.has(m.accountId) || !input.accounts.has(m.accountId)) continue;
        const now = input.accounts.get(m.accountId)!;
        if (now.ownerId === m.toId) continue;
        if (now.ownerId) after.set(`${m.tier}|${now.ownerId}`, (after.get(`${m.tier}|${now.ownerId}`) ?? 0) - 1);
        after.set(`${m.tier}|${m.toId}`, (after.get(`${m.tier}|${m.toId}`) ?? 0) + 1);
    }
    for (const [key, count] of after) {
        const [tier, id] = key.split('|') as [string, string];
        const s = seller.get(id);
        const window = s ? tierWindow(s, tier) : undefined;
        const before = input.loads.get(key) ?? 0;
        if (window && count > window.max && count > before)
            refuse.push({ reason: `${nameOf(id)} would hold ${count} Tier ${tier} accounts, above the maximum of ${window.max}` });
    }

    // Secondary owners.
    const ownerAfter = (accountId: string) => {
        const m = input.moves.find((x) => x.accountId === accountId);
        return m && !skippedOwner.has(accountId) ? m.toId : (input.accounts.get(accountId)?.ownerId ?? null);
    };
    const skippedSecondary = new Set<string>();
    for (const c of input.secondaryChanges) {
        const now = input.accounts.get(c.accountId);
        if (!now || now.secondaryOwnerId === c.toId) continue;
        if (c.toId) {
            const user = userProblem(c.toId);
            const window = secondaryWindow(seller.get(c.toId), input.policy.secondaryRoles);
            if (user) refuse.push({ accountId: c.accountId, reason: `${c.accountName}: the planned secondary owner ${user}` });
            else if (!window)
                refuse.push({
                    accountId: c.accountId,
                    reason: `${c.accountName}: ${nameOf(c.toId)} is not an active specialist accepting accounts`
                });
            else if (c.toId === ownerAfter(c.accountId))
                refuse.push({
                    accountId: c.accountId,
                    reason: `${c.accountName}: ${nameOf(c.toId)} would be both its owner and its secondary owner`
                });
        }
        let why: string | undefined;
        if (skippedOwner.has(c.accountId)) why = 'its owner move is skipped';
        else if (now.tier !== c.tier) why = `re-tiered to ${now.tier} since the plan`;
        else if (
            now.secondaryOwnerId &&
            secondaryWindow(seller.get(now.secondaryOwnerId), input.policy.secondaryRoles) &&
            (now.isLocked || now.protectedStage)
        )
            why = now.isLocked ? 'locked since the plan' : `has a protected deal (${now.protectedStage}) since the plan`;
        if (why) {
            skip.push({ accountId: c.accountId, field: 'ABM_SecondaryOwner__c', reason: why });
            skippedSecondary.add(c.accountId);
        }
    }
    const secondaryAfter = new Map(input.secondaryLoads);
    for (const c of input.secondaryChanges) {
        const now = input.accounts.get(c.accountId);
        if (!now || skippedSecondary.has(c.accountId) || now.secondaryOwnerId === c.toId) continue;
        if (now.secondaryOwnerId)
            secondaryAfter.set(`${c.tier}|${now.secondaryOwnerId}`, (secondaryAfter.get(`${c.tier}|${now.secondaryOwnerId}`) ?? 0) - 1);
        if (c.toId) secondaryAfter.set(`${c.tier}|${c.toId}`, (secondaryAfter.get(`${c.tier}|${c.toId}`) ?? 0) + 1);
    }
    for (const [key, count] of secondaryAfter) {
        const [tier, id] = key.split('|') as [string, string];
        const window = secondaryWindow(seller.get(id), input.policy.secondaryRoles);
        if (window && count > window.max && count > (input.secondaryLoads.get(key) ?? 0))
            refuse.push({
                reason: `${nameOf(id)} would be the secondary owner of ${count} Tier ${tier} accounts, above the maximum of ${window.max}`
            });
    }
    return { refuse, skip };
}

/** Why the planner would not move this account now, or undefined. */
function skipReason(m: Move, now: CurrentAccount, seller: Map<string, RebalanceSeller>, departuresOnly: boolean): string | undefined {
    if (now.tier !== m.tier) return `re-tiered to ${now.tier === 'Not ABM' ? 'Not ABM' : `Tier ${now.tier}`} since the plan`;
    const low = m.tier === '3' || m.tier === 'Not ABM';
    if (low) return now.isLocked ? 'locked since the plan' : undefined;
    const owner = now.ownerId ? seller.get(now.ownerId) : undefined;
    const eligible = !!owner && !!tierWindow(owner, m.tier);
    if (!eligible) return undefined;
    if (now.isLocked) return 'locked since the plan (ABM_IsTerritoryLocked__c)';
    if (now.protectedStage) return `has a protected deal (${now.protectedStage}) since the plan`;
    if (departuresOnly) return 'its owner is an eligible seller again';
    return undefined;
}
