/**
 * The optional secondary owner (specialist) of a tier's accounts, planned after the owners: a second exact min-cost flow
 * (./assign.ts) from accounts to specialists, with the account's planned owner removed from its candidates (never the same
 * person) and a "none" option, because a secondary owner is optional: an account gets a specialist only when one with its
 * industry has room. Each specialist's [min, max] window from the seller record is a hard bound; keeping the current
 * secondary owner is free and changing one costs `moveCost`, as for owners.
 *
 *   secondary owner kept         locked / protected account with an eligible secondary owner (or any, in a departures run)
 *   forced change                the secondary owner departed, or is now the account's owner
 *   left alone                   a secondary owner who is an active user but not a specialist seller (set by hand)
 */
import { solveAssignment } from './assign.js';
import type { Infeasibility, RebalanceAccount, RebalancePolicy, RebalanceSeller } from './plan.js';

export type SecondaryChange = {
    accountId: string;
    accountName: string;
    tier: string;
    fromId: string | null;
    fromName: string;
    /** null: the account is left without a secondary owner. */
    toId: string | null;
    toName: string;
    reasons: string[];
};

export type SecondaryMetrics = {
    tier: string;
    accounts: number;
    /** Accounts left alone: their secondary owner is an active user who is not a specialist seller. */
    leftAlone: number;
    /** Share of the tier's accounts with a secondary owner, before and after (%). */
    coverageBefore: number;
    coverageAfter: number;
    changes: number;
    forcedChanges: number;
    /** Share of accounts with a secondary owner whose secondary owner has the account's industry (%). */
    industryMatchBefore: number;
    industryMatchAfter: number;
    /** Accounts whose secondary owner is also their owner, after the plan (must be 0). */
    sameAsOwner: number;
    capacityViolations: number;
    perSeller: { userId: string; name: string; min: number; max: number; before: number; after: number }[];
    objective: number;
    certificate: { rounds: number; arcs: number; groups: number; negativeReducedCosts: number };
};

type Window = { seller: RebalanceSeller; min: number; max: number };

/** Cost of an arc that must not be used (the account's own owner); any plan using one is infeasible. */
const FORBIDDEN = 1_000_000;
const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
const has = (s: RebalanceSeller | undefined, key: 'industries' | 'regions', value: string | null) =>
    !!s && s[key].some((x) => norm(x) === norm(value));

export function secondaryWindows(sellers: RebalanceSeller[], policy: RebalancePolicy): Window[] {
    const roles = new Set(policy.secondaryRoles ?? ['Specialist']);
    return sellers
        .filter((s) => roles.has(s.role) && s.isActive && s.isAccepting && (s.secondaryMax ?? 0) > 0)
        .map((s) => ({ seller: s, min: s.secondaryMin ?? 0, max: s.secondaryMax ?? 0 }))
        .sort((a, b) => (a.seller.userId < b.seller.userId ? -1 : a.seller.userId > b.seller.userId ? 1 : 0));
}

export function planSecondary(
    tier: string,
    book: RebalanceAccount[],
    ownerAfter: (a: RebalanceAccount) => string | null,
    windows: Window[],
    byId: Map<string, RebalanceSeller>,
    policy: RebalancePolicy
): { infeasible: Infeasibility[]; changes: SecondaryChange[]; metrics: SecondaryMetrics } {
    const m = windows.length;
    const none = m;
    const index = new Map(windows.map((w, j) => [w.seller.userId, j]));
    const nameOf = (id: string | null) => (id ? (byId.get(id)?.name ?? id) : '(none)');

    // Which accounts take part, and how: current secondary index (-1 = none or must change), pinned.
    type Entry = { a: RebalanceAccount; owner: number; pinned: boolean; forced: string | null; excluded: number };
    const entries: Entry[] = [];
    let leftAlone = 0;
    for (const a of book) {
        const current = a.secondaryOwnerId ?? null;
        const primary = ownerAfter(a);
        const seller = current ? byId.get(current) : undefined;
        let forced: string | null = null;
        if (current && current === primary) forced = 'the secondary owner is now the account owner';
        else if (current && seller && !seller.isActive) forced = 'secondary owner departed';
        else if (current && !index.has(current)) {
            // An active user who is not a specialist seller (set by hand, or a seller not accepting): left as it is.
            leftAlone++;
            continue;
        }
        // In a departures run only accounts that must change take part.
        if (policy.departuresOnly && !forced) continue;
        const owner = current && !forced ? index.get(current)! : -1;
        entries.push({
            a,
            owner,
            pinned: owner >= 0 && (a.isLocked || a.hasProtectedOpportunity),
            forced,
            excluded: primary ? (index.get(primary) ?? -1) : -1
        });
    }

    const infeasible: Infeasibility[] = [];
    const pinnedCount = new Array<number>(m).fill(0);
    for (const e of entries) if (e.pinned) pinnedCount[e.owner]! += 1;
    const caps = windows.map((w) => ({ min: policy.departuresOnly ? 0 : w.min, max: w.max }));
    windows.forEach((w, j) => {
        if (pinnedCount[j]! > caps[j]!.max)
            infeasible.push({
                constraint: `${w.seller.name} Tier ${tier} secondary maximum`,
                detail: `${w.seller.name} is the secondary owner of ${pinnedCount[j]} locked or protected Tier ${tier} accounts, above the maximum of ${caps[j]!.max}`,
                shortBy: pinnedCount[j]! - caps[j]!.max
            });
    });
    const free = entries.filter((e) => !e.pinned).length;
    const needMin = caps.reduce((s, c, j) => s + Math.max(0, c.min - pinnedCount[j]!), 0);
    if (!infeasible.length && needMin > free)
        infeasible.push({
            constraint: `Tier ${tier} secondary minimums`,
            detail: `specialists below their secondary minimum need ${needMin} more accounts, but only ${free} Tier ${tier} accounts can take a new secondary owner`,
            shortBy: needMin - free
        });
    /** Accounts whose secondary owner must change (departed, or now the owner) and does. */
    const forcedIds = new Set<string>();
    const summarize = (
        after: Map<string, string | null>,
        changes: SecondaryChange[],
        objective: number,
        sol?: ReturnType<typeof solveAssignment>
    ) => metricsFor(tier, book, ownerAfter, windows, after, changes, leftAlone, objective, sol, forcedIds.size);
    if (infeasible.length) return { infeasible, changes: [], metrics: summarize(new Map(), [], 0) };

    // Classes: (industry, region, the planned owner if a specialist); "none" costs just under an industry mismatch, so a
    // specialist without the account's industry is used only to fill a minimum.
    const classKey = (e: Entry) => `${norm(e.a.industry)}\u0000${norm(e.a.region)}\u0000${e.excluded}`;
    const keys = [...new Set(entries.map(classKey))].sort();
    const classIndex = new Map(keys.map((k, c) => [k, c]));
    const width = m + 1;
    const noneCost = Math.max(0, policy.industryMismatchCost - 1);
    const classCost = new Int32Array(keys.length * width);
    keys.forEach((key, c) => {
        const [industry, region, excluded] = key.split('\u0000') as [string, string, string];
        windows.forEach((w, j) => {
            classCost[c * width + j] =
                j === Number(excluded)
                    ? FORBIDDEN
                    : (w.seller.industries.some((x) => norm(x) === industry) ? 0 : policy.industryMismatchCost) +
                      (w.seller.regions.some((x) => norm(x) === region) ? 0 : policy.regionMismatchCost);
        });
        classCost[c * width + none] = noneCost;
    });
    const n = entries.length;
    const solution = solveAssignment({
        sellers: width,
        min: [...caps.map((c) => c.min), 0],
        max: [...caps.map((c) => c.max), n],
        highTarget: new Array<number>(width).fill(0),
        classes: keys.length,
        classCost,
        accountClass: entries.map((e) => classIndex.get(classKey(e))!),
        accountBand: new Array<number>(n).fill(0),
        // An account without a secondary owner "holds" the none option: keeping it is free and so is leaving it (adding a
        // specialist costs no move), but leaving counts as a change, so among equally good plans the fewest change.
        accountOwner: entries.map((e) => (e.owner >= 0 ? e.owner : !e.a.secondaryOwnerId ? none : -1)),
        accountLeaveCost: entries.map((e) => (e.owner >= 0 ? policy.moveCost : 0)),
        accountPinned: entries.map((e) => (e.pinned ? 1 : 0)),
        moveCost: policy.moveCost,
        loadCost: policy.workloadCost,
        potentialCost: 0,
        k: policy.candidatesPerClass ?? 8,
        flatLoad: [...windows.map(() => 0), 1]
    });
    const forbidden = entries.filter((e, i) => solution.assignment[i] === e.excluded && e.excluded >= 0).length;
    if (solution.status !== 'optimal' || forbidden > 0)
        return {
            infeasible: [
                {
                    constraint: `Tier ${tier} secondary minimums`,
                    detail: `the specialists' secondary minimums can only be met by making some owners their own accounts' secondary owner`,
                    shortBy: Math.max(1, forbidden)
                }
            ],
            changes: [],
            metrics: summarize(new Map(), [], 0)
        };

    const after = new Map<string, string | null>();
    const beforeCount = new Map<string, number>();
    for (const a of book) if (a.secondaryOwnerId) beforeCount.set(a.secondaryOwnerId, (beforeCount.get(a.secondaryOwnerId) ?? 0) + 1);
    const changes: SecondaryChange[] = [];
    entries.forEach((e, i) => {
        const j = solution.assignment[i]!;
        const to = j === none ? null : windows[j]!.seller.userId;
        after.set(e.a.id, to);
        const from = e.a.secondaryOwnerId ?? null;
        if (to === from) return;
        if (e.forced) forcedIds.add(e.a.id);
        const target = to ? byId.get(to) : undefined;
        const previous = from ? byId.get(from) : undefined;
        const reasons: string[] = [];
        if (e.forced) reasons.push(e.forced);
        if (!to) reasons.push(`no specialist with room covers ${e.a.industry ?? 'this industry'}`);
        else {
            if (!from) reasons.push('adds a specialist');
            if (has(target, 'industries', e.a.industry) && !has(previous, 'industries', e.a.industry))
                reasons.push(`industry expertise (${e.a.industry})`);
            if (has(target, 'regions', e.a.region) && !has(previous, 'regions', e.a.region)) reasons.push(`region (${e.a.region})`);
            const w = windows[j]!;
            if ((beforeCount.get(to) ?? 0) < w.min) reasons.push(`fills ${w.seller.name} to the secondary minimum of ${w.min}`);
        }
        const fromWindow = from !== null && index.has(from) ? windows[index.get(from)!] : undefined;
        if (fromWindow && (beforeCount.get(from!) ?? 0) > fromWindow.max)
            reasons.push(`${fromWindow.seller.name} was over secondary capacity (${beforeCount.get(from!)} > ${fromWindow.max})`);
        if (!reasons.length) reasons.push('workload balance');
        changes.push({
            accountId: e.a.id,
            accountName: e.a.name,
            tier,
            fromId: from,
            fromName: nameOf(from),
            toId: to,
            toName: nameOf(to),
            reasons
        });
    });
    return { infeasible: [], changes, metrics: summarize(after, changes, solution.objective, solution) };
}

function metricsFor(
    tier: string,
    book: RebalanceAccount[],
    ownerAfter: (a: RebalanceAccount) => string | null,
    windows: Window[],
    after: Map<string, string | null>,
    changes: SecondaryChange[],
    leftAlone: number,
    objective: number,
    solution: ReturnType<typeof solveAssignment> | undefined,
    forcedChanges: number
): SecondaryMetrics {
    const before = (a: RebalanceAccount) => a.secondaryOwnerId ?? null;
    const later = (a: RebalanceAccount) => (after.has(a.id) ? after.get(a.id)! : before(a));
    const pct = (count: number, of: number) => (of ? Math.round((count / of) * 1000) / 10 : 0);
    const byUser = new Map(windows.map((w) => [w.seller.userId, w.seller]));
    const matchRate = (pick: (a: RebalanceAccount) => string | null) => {
        const covered = book.filter((a) => pick(a));
        return pct(covered.filter((a) => has(byUser.get(pick(a)!), 'industries', a.industry)).length, covered.length);
    };
    const perSeller = windows.map((w) => ({
        userId: w.seller.userId,
        name: w.seller.name,
        min: w.min,
        max: w.max,
        before: book.filter((a) => before(a) === w.seller.userId).length,
        after: book.filter((a) => later(a) === w.seller.userId).length
    }));
    return {
        tier,
        accounts: book.length,
        leftAlone,
        coverageBefore: pct(book.filter((a) => before(a)).length, book.length),
        coverageAfter: pct(book.filter((a) => later(a)).length, book.length),
        changes: changes.length,
        forcedChanges,
        industryMatchBefore: matchRate(before),
        industryMatchAfter: matchRate(later),
        sameAsOwner: book.filter((a) => later(a) !== null && later(a) === ownerAfter(a)).length,
        capacityViolations: perSeller.filter((p) => p.after < p.min || p.after > p.max).length,
        perSeller,
        objective,
        certificate: {
            rounds: solution?.rounds ?? 0,
            arcs: solution?.arcs ?? 0,
            groups: solution?.groups ?? 0,
            negativeReducedCosts: solution?.negativeReducedCosts ?? 0
        }
    };
}
