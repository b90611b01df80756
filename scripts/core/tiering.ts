/**
 * Quarterly re-tiering: a composite score from ICP fit, intent and engagement (weighted; the weights are normalised
 * to sum to 1), Tier 1 = the top N of the target list, Tier 2 = the next M, Tier 3 = the rest.
 *
 * Hysteresis: an account already in a tier ranks for that tier (and the tiers below it) with a bonus of `margin`
 * points, so a challenger displaces an incumbent only when it scores more than `margin` higher: accounts near a
 * boundary don't flap quarter to quarter. Locked accounts (ABM_IsTerritoryLocked__c) keep their tier and their seat.
 * Dormant Tier 1 accounts (no activity for `dormantDays`) are proposed for Tier 2 whatever their score, and no dormant
 * account enters Tier 1 (so a demoted account does not bounce back the next quarter).
 * Not ABM accounts are outside the target list and untouched. Pure: the as-of date is a parameter.
 */

export type TierValue = '1' | '2' | '3' | 'Not ABM';

export type TierAccount = {
    id: string;
    name: string;
    tier: TierValue;
    fit: number | null;
    intent: number | null;
    engagement: number | null;
    isLocked: boolean;
    /** Latest of LastActivityDate and ABM_LastEngagementDate__c. */
    lastActivity: string | null;
};

export type TieringPolicy = {
    weights: { fit: number; intent: number; engagement: number };
    tier1Size: number;
    tier2Size: number;
    /** Score points an incumbent is ahead of challengers for its current tier. */
    margin: number;
    dormantDays: number;
    /** Propose dormant Tier 1 accounts for Tier 2. */
    demoteDormant: boolean;
};

/** Defaults: ABM_Setting__mdt (FitWeight 0.4, IntentWeight 0.3, EngagementWeight 0.3, Tier1Size 50, Tier2Size 150, DormantDays 60). */
export const DEFAULT_TIERING_POLICY: TieringPolicy = {
    weights: { fit: 0.4, intent: 0.3, engagement: 0.3 },
    tier1Size: 50,
    tier2Size: 150,
    margin: 5,
    dormantDays: 60,
    demoteDormant: true
};

export type TierDecision = {
    id: string;
    name: string;
    from: TierValue;
    to: TierValue;
    score: number;
    /** 1-based rank by score among the target list. */
    rank: number;
    reason: string;
    missingScores: string[];
};

export type TieringPlan = {
    decisions: TierDecision[];
    moves: TierDecision[];
    cutoffs: { tier1: number | null; tier2: number | null };
    counts: { before: Record<TierValue, number>; after: Record<TierValue, number> };
    up: number;
    down: number;
    keptByMargin: number;
    dormantDemoted: number;
    locked: number;
};

const round1 = (n: number) => Math.round(n * 10) / 10;

export function compositeScore(a: Pick<TierAccount, 'fit' | 'intent' | 'engagement'>, weights: TieringPolicy['weights']): number {
    const total = weights.fit + weights.intent + weights.engagement;
    if (total <= 0) return 0;
    const v = (x: number | null) => Math.max(0, Math.min(100, x ?? 0));
    return round1((v(a.fit) * weights.fit + v(a.intent) * weights.intent + v(a.engagement) * weights.engagement) / total);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);

const tierRank = (t: TierValue) => (t === '1' ? 1 : t === '2' ? 2 : t === '3' ? 3 : 4);

export function planTiers(accounts: TierAccount[], policy: TieringPolicy, asOf: string): TieringPlan {
    const targets = accounts.filter((a) => a.tier !== 'Not ABM');
    const scored = targets.map((a) => ({
        a,
        score: compositeScore(a, policy.weights),
        // Dormant accounts neither stay in nor enter Tier 1 (else a demoted account would bounce back next quarter).
        dormant: policy.demoteDormant && (a.lastActivity === null || daysBetween(a.lastActivity, asOf) >= policy.dormantDays),
        missing: (['fit', 'intent', 'engagement'] as const).filter((k) => a[k] === null)
    }));
    const byScore = [...scored].sort((x, y) => y.score - x.score || x.a.id.localeCompare(y.a.id));
    const rankOf = new Map(byScore.map((s, i) => [s.a.id, i + 1]));
    const result = new Map<string, { to: TierValue; reason: string }>();

    // Locked accounts keep their tier and take a seat in it.
    const locked = scored.filter((s) => s.a.isLocked);
    for (const s of locked) result.set(s.a.id, { to: s.a.tier, reason: `locked (ABM_IsTerritoryLocked__c): stays Tier ${s.a.tier}` });
    const seats = {
        1: Math.max(0, policy.tier1Size - locked.filter((s) => s.a.tier === '1').length),
        2: Math.max(0, policy.tier2Size - locked.filter((s) => s.a.tier === '2').length)
    };
    const free = scored.filter((s) => !s.a.isLocked);

    // Tier 1: dormant accounts are out; incumbents rank with the margin.
    const effective = (s: (typeof scored)[number], tier: 1 | 2) => s.score + (tierRank(s.a.tier) <= tier ? policy.margin : 0);
    const t1Candidates = free
        .filter((s) => !s.dormant)
        .sort((x, y) => effective(y, 1) - effective(x, 1) || y.score - x.score || x.a.id.localeCompare(y.a.id));
    const t1 = t1Candidates.slice(0, seats[1]);
    const t1Set = new Set(t1.map((s) => s.a.id));
    const plainT1 = [...free.filter((s) => !s.dormant)]
        .sort((x, y) => y.score - x.score || x.a.id.localeCompare(y.a.id))
        .slice(0, seats[1]);
    const cutoff1 = plainT1.length ? plainT1[plainT1.length - 1]!.score : null;
    const rest = free.filter((s) => !t1Set.has(s.a.id));
    const t2Candidates = rest.sort((x, y) => effective(y, 2) - effective(x, 2) || y.score - x.score || x.a.id.localeCompare(y.a.id));
    const t2 = t2Candidates.slice(0, seats[2]);
    const t2Set = new Set(t2.map((s) => s.a.id));
    const plainT2 = [...free.filter((s) => !t1Set.has(s.a.id))]
        .sort((x, y) => y.score - x.score || x.a.id.localeCompare(y.a.id))
        .slice(0, seats[2]);
    const cutoff2 = plainT2.length ? plainT2[plainT2.length - 1]!.score : null;

    let keptByMargin = 0;
    for (const s of free) {
        const rank = rankOf.get(s.a.id)!;
        let to: TierValue;
        let reason: string;
        if (t1Set.has(s.a.id)) {
            to = '1';
            const plainIn = plainT1.some((p) => p.a.id === s.a.id);
            if (!plainIn && s.a.tier === '1') {
                keptByMargin++;
                reason = `kept in Tier 1 by the ${policy.margin}-point margin: score ${s.score} vs cut-off ${cutoff1}`;
            } else reason = `score ${s.score} ranks #${rank}: in the top ${policy.tier1Size}`;
        } else if (t2Set.has(s.a.id)) {
            to = '2';
            if (s.dormant && s.a.tier === '1') reason = `dormant Tier 1 (no activity for ${policy.dormantDays}+ days): proposed for Tier 2`;
            else if (s.dormant && rank <= policy.tier1Size)
                reason = `score ${s.score} ranks #${rank}, but dormant (no activity for ${policy.dormantDays}+ days): not eligible for Tier 1`;
            else if (s.a.tier === '1')
                reason = `score ${s.score} below the Tier 1 cut-off ${cutoff1} by more than the ${policy.margin}-point margin`;
            else if (s.a.tier === '2' && !plainT2.some((p) => p.a.id === s.a.id)) {
                keptByMargin++;
                reason = `kept in Tier 2 by the ${policy.margin}-point margin: score ${s.score} vs cut-off ${cutoff2}`;
            } else reason = `score ${s.score} ranks #${rank}: in the next ${policy.tier2Size}`;
        } else {
            to = '3';
            reason =
                s.dormant && s.a.tier === '1'
                    ? `dormant Tier 1 (no activity for ${policy.dormantDays}+ days), and its score ${s.score} misses Tier 2 (cut-off ${cutoff2})`
                    : `score ${s.score} below the Tier 2 cut-off ${cutoff2}${tierRank(s.a.tier) <= 2 ? ` by more than the ${policy.margin}-point margin` : ''}`;
        }
        result.set(s.a.id, { to, reason });
    }

    const decisions: TierDecision[] = byScore.map((s) => {
        const r = result.get(s.a.id)!;
        return {
            id: s.a.id,
            name: s.a.name,
            from: s.a.tier,
            to: r.to,
            score: s.score,
            rank: rankOf.get(s.a.id)!,
            reason: r.reason,
            missingScores: [...s.missing]
        };
    });
    const moves = decisions.filter((d) => d.from !== d.to);
    const dormantIds = new Set(scored.filter((s) => s.dormant).map((s) => s.a.id));
    const count = (pick: (d: TierDecision) => TierValue) => {
        const c: Record<TierValue, number> = { '1': 0, '2': 0, '3': 0, 'Not ABM': accounts.length - targets.length };
        for (const d of decisions) c[pick(d)]++;
        return c;
    };
    return {
        decisions,
        moves,
        cutoffs: { tier1: cutoff1, tier2: cutoff2 },
        counts: { before: count((d) => d.from), after: count((d) => d.to) },
        up: moves.filter((m) => tierRank(m.to) < tierRank(m.from)).length,
        down: moves.filter((m) => tierRank(m.to) > tierRank(m.from)).length,
        keptByMargin,
        dormantDemoted: moves.filter((m) => m.from === '1' && dormantIds.has(m.id)).length,
        locked: locked.length
    };
}
