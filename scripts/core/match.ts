/**
 * Lead-to-account matching, the TypeScript twin of the Apex `AbmLeadMatcher` (same rules, same reason codes).
 * Build the index once (`buildAccountIndex`), then `matchLead` is a handful of map lookups per lead.
 *
 * The rules:
 * 1. Sources in order: the lead's email, then its website. Each is normalised (`normalizeDomain`); a webmail or invalid
 *    source is skipped, so `jane@gmail.com` + `acme.com` still matches through the website.
 * 2. For a source, look up its host, then each parent domain down to the registrable (or hosting-kept) domain:
 *    `eu.shop.acme.com` → `eu.shop.acme.com`, `shop.acme.com`, `acme.com`. The most specific level with a hit wins
 *    (a subsidiary's own domain beats its parent's); at one level an account's own web domain beats an alias
 *    (exact domain first, then the alias owner).
 * 3. Parent/subsidiary policy (`preferParentAccount`, setting `PreferParentAccount__c`): when on, and an account found
 *    at a less specific level of the same walk is an ancestor (up to 4 levels of ParentId) of the winner, the lead
 *    goes to the top-most such ancestor.
 * 4. Reason codes (Lead.ABM_MatchReason__c): `Exact domain` (the host is the account's domain), `Alias`
 *    (ABM_DomainAlias__c), `Parent domain walk` (found at a parent domain, or moved to the parent account by the
 *    policy), `Hosting subdomain` (a shop on a hosting platform: `acme.myshopify.com`), `None: webmail`,
 *    `None: no account`, `None: invalid`.
 * Pure: no I/O; never creates accounts.
 */
import { domainWalk, normalizeDomain, type DomainOptions, type DomainResult } from './domain.js';
import { pushAll } from './arrays.js';

export const MatchReason = {
    Exact: 'Exact domain',
    Alias: 'Alias',
    ParentWalk: 'Parent domain walk',
    Hosting: 'Hosting subdomain',
    NoneWebmail: 'None: webmail',
    NoneNoAccount: 'None: no account',
    NoneInvalid: 'None: invalid'
} as const;
export type MatchReason = (typeof MatchReason)[keyof typeof MatchReason];

/** How many ParentId steps the parent policy follows (the Apex query reads the same depth). */
export const MAX_ANCESTOR_DEPTH = 4;

export type MatchAccount = {
    Id: string;
    Name?: string | null;
    ABM_WebDomain__c?: string | null;
    ParentId?: string | null;
    OwnerId?: string | null;
};
export type MatchAlias = { Id?: string; Domain__c?: string | null; Account__c?: string | null };
export type MatchOptions = DomainOptions & { preferParentAccount?: boolean };
export type LeadInput = { email?: string | null; website?: string | null };
export type MatchSource = 'email' | 'website';

/** One account found while matching (the explanation). */
export type MatchCandidate = {
    source: MatchSource;
    /** The domain looked up. */
    domain: string;
    /** 0 = the host itself, 1 = its parent domain, … */
    level: number;
    via: 'account' | 'alias';
    accountId: string;
    accountName: string | null;
    /** Why this candidate won or lost. */
    verdict: string;
};

export type SourceTrace = { source: MatchSource; input: string; normalized: DomainResult; lookedUp: string[] };

export type MatchResult = {
    accountId: string | null;
    accountName: string | null;
    reason: MatchReason;
    /** The matched domain, else the lead's normalised domain (null when none). Lead.ABM_MatchedDomain__c. */
    domain: string | null;
    source: MatchSource | null;
    candidates: MatchCandidate[];
    sources: SourceTrace[];
};

export type AccountIndex = {
    readonly byDomain: ReadonlyMap<string, MatchAccount>;
    readonly aliasOwner: ReadonlyMap<string, string>;
    readonly byId: ReadonlyMap<string, MatchAccount>;
    readonly options: MatchOptions;
    /** Data problems seen while indexing (duplicate domains, orphan aliases, non-normalised domains). */
    readonly warnings: string[];
};

const key = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

/**
 * Index accounts by web domain and aliases by domain. Keys are the stored values trimmed and lower-cased, exactly what
 * the Apex matcher's `IN :domains` query compares (case-insensitively); a stored value that is not already normalised
 * is reported in `warnings` (it can only match a lead whose host is spelt the same way, in both languages).
 */
export function buildAccountIndex(
    accounts: readonly MatchAccount[],
    aliases: readonly MatchAlias[],
    options: MatchOptions = {}
): AccountIndex {
    const byDomain = new Map<string, MatchAccount>();
    const byId = new Map<string, MatchAccount>();
    const aliasOwner = new Map<string, string>();
    const warnings: string[] = [];
    for (const account of accounts) {
        byId.set(account.Id, account);
        const domain = key(account.ABM_WebDomain__c);
        if (!domain) continue;
        const existing = byDomain.get(domain);
        if (existing) {
            warnings.push(`Accounts ${existing.Id} and ${account.Id} share the web domain ${domain}; ${existing.Id} is used.`);
            continue;
        }
        byDomain.set(domain, account);
        const normalized = normalizeDomain(domain, options);
        if (normalized.kind !== 'domain' || normalized.host !== domain) {
            const expected = normalized.kind === 'invalid' ? `invalid (${normalized.reason})` : normalized.domain;
            warnings.push(`Account ${account.Id} web domain "${domain}" is not normalised (normalises to ${expected}).`);
        }
    }
    for (const alias of aliases) {
        const domain = key(alias.Domain__c);
        const accountId = alias.Account__c?.trim();
        if (!domain || !accountId) continue;
        if (aliasOwner.has(domain)) {
            warnings.push(`Alias ${domain} is listed twice; the first (account ${aliasOwner.get(domain)!}) is used.`);
            continue;
        }
        if (!byId.has(accountId)) warnings.push(`Alias ${domain} points to account ${accountId}, which is not in the account list.`);
        aliasOwner.set(domain, accountId);
    }
    return { byDomain, aliasOwner, byId, options, warnings };
}

/** Ancestors of an account (its parent first), up to MAX_ANCESTOR_DEPTH steps. */
function ancestors(index: AccountIndex, accountId: string): string[] {
    const chain: string[] = [];
    let current = index.byId.get(accountId);
    while (current?.ParentId && chain.length < MAX_ANCESTOR_DEPTH) {
        chain.push(current.ParentId);
        current = index.byId.get(current.ParentId);
    }
    return chain;
}

const nameOf = (index: AccountIndex, id: string): string | null => index.byId.get(id)?.Name ?? null;

/** Match one lead (email and/or website) to an account, with the reason code and every candidate considered. */
export function matchLead(index: AccountIndex, lead: LeadInput): MatchResult {
    const candidates: MatchCandidate[] = [];
    const sources: SourceTrace[] = [];
    let winner: { candidate: MatchCandidate; reason: MatchReason } | undefined;

    for (const source of ['email', 'website'] as const) {
        const input = lead[source];
        if (input === undefined || input === null || input.trim() === '') continue;
        const normalized = normalizeDomain(input, index.options);
        const lookedUp = normalized.kind === 'domain' ? domainWalk(normalized) : [];
        sources.push({ source, input, normalized, lookedUp });
        if (normalized.kind !== 'domain') continue;

        const found: MatchCandidate[] = [];
        lookedUp.forEach((domain, level) => {
            const account = index.byDomain.get(domain);
            if (account) {
                found.push({
                    source,
                    domain,
                    level,
                    via: 'account',
                    accountId: account.Id,
                    accountName: account.Name ?? null,
                    verdict: ''
                });
            }
            const owner = index.aliasOwner.get(domain);
            if (owner)
                found.push({ source, domain, level, via: 'alias', accountId: owner, accountName: nameOf(index, owner), verdict: '' });
        });
        pushAll(candidates, found);
        if (winner || found.length === 0) {
            for (const c of found) c.verdict = winner ? `not needed: already matched through the ${winner.candidate.source}` : '';
            continue;
        }

        // found is ordered by level, account before alias at a level: the first is the most specific, exact-first hit.
        let chosen = found[0]!;
        let reason: MatchReason;
        if (chosen.via === 'alias') reason = MatchReason.Alias;
        else if (normalized.reason === 'hosting subdomain' && chosen.domain === normalized.domain) reason = MatchReason.Hosting;
        else reason = chosen.level === 0 ? MatchReason.Exact : MatchReason.ParentWalk;
        const first = chosen;

        if (index.options.preferParentAccount) {
            const chain = new Set(ancestors(index, first.accountId));
            const parent = [...found].reverse().find((c) => c.via === 'account' && c.level > first.level && chain.has(c.accountId));
            if (parent) {
                first.verdict = `lost to its parent account ${parent.accountId} (parent/subsidiary policy: prefer the parent)`;
                chosen = parent;
                reason = MatchReason.ParentWalk;
            }
        }
        chosen.verdict = 'matched';
        for (const c of found) {
            if (c.verdict) continue;
            c.verdict =
                c.level === first.level && c.via === 'alias'
                    ? 'lost: an account web domain beats an alias at the same domain'
                    : 'lost: a more specific domain matched first';
        }
        winner = { candidate: chosen, reason };
    }

    if (winner) {
        const { candidate, reason } = winner;
        return {
            accountId: candidate.accountId,
            accountName: candidate.accountName,
            reason,
            domain: candidate.domain,
            source: candidate.source,
            candidates,
            sources
        };
    }
    const domainSource = sources.find((s) => s.normalized.kind === 'domain');
    const webmailSource = sources.find((s) => s.normalized.kind === 'webmail');
    const reason = domainSource ? MatchReason.NoneNoAccount : webmailSource ? MatchReason.NoneWebmail : MatchReason.NoneInvalid;
    const fallback = domainSource ?? webmailSource;
    const domain = fallback && fallback.normalized.kind !== 'invalid' ? fallback.normalized.domain : null;
    return { accountId: null, accountName: null, reason, domain, source: fallback?.source ?? null, candidates, sources };
}

/** Counts of results by reason code (for summaries and benchmarks). */
export function countByReason(results: readonly MatchResult[]): Record<MatchReason, number> {
    const counts = Object.fromEntries(Object.values(MatchReason).map((r) => [r, 0])) as Record<MatchReason, number>;
    for (const r of results) counts[r.reason]++;
    return counts;
}
