/**
 * The data-quality checks of the ABM operating model, as one pure function from the book to findings. Each finding
 * names the record, what is wrong, the fix, and a severity; thresholds come from the policy (the same defaults as
 * ABM_Setting__mdt: stalling 21, dormant 60, coverage 3, sunset 90–180 days Tier 1 and 180–365 Tier 2).
 * Pure: the as-of date is a parameter.
 */
import { normalizeDomain, type DomainOptions } from './domain.js';
import {
    activityIndex,
    addDays,
    coverageOf,
    daysSinceEngagement,
    derivedFieldDrift,
    engagementIndex,
    engagementStatus,
    existedAsOf,
    isUnassigned,
    lastEngagementAsOf,
    type MetricActivity
} from './metrics.js';

export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: Severity[] = ['high', 'medium', 'low'];
export const severityRank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s);

export type AuditAccount = {
    Id: string;
    Name: string;
    OwnerId: string | null;
    ABM_Tier__c: string | null;
    ABM_WebDomain__c: string | null;
    Website?: string | null;
    Industry: string | null;
    NumberOfEmployees: number | null;
    AnnualRevenue: number | null;
    BillingCountry: string | null;
    ABM_Region__c: string | null;
    LastActivityDate: string | null;
    ABM_LastEngagementDate__c: string | null;
    ABM_TierChangedDate__c: string | null;
    CreatedDate?: string | null;
    /** Stored derived fields, compared with their sources (check derived-field-drift) when read. */
    ABM_ContactCoverage__c?: number | null;
    ABM_BuyingCommitteeCompleteness__c?: number | null;
};
export type AuditContact = {
    Id: string;
    AccountId: string | null;
    ABM_BuyingRole__c: string | null;
    ABM_IsEngaged__c: boolean;
    ABM_HasLeftCompany__c: boolean;
    Name?: string;
};
export type AuditUser = { Id: string; Name: string; IsActive: boolean; Username?: string | null };
export type AuditSeller = { User__c: string | null; Role__c: string | null; IsActive__c: boolean };
export type AuditAlias = { Id: string; Domain__c: string | null; Account__c: string | null };
export type AuditPlan = {
    Id: string;
    Name?: string;
    Account__c: string | null;
    Status__c: string | null;
    LastReviewedDate__c: string | null;
    NextReviewDate__c: string | null;
};

export type AuditPolicy = {
    stallingDays: number;
    dormantDays: number;
    coverageMinimum: number;
    tier1SunsetWarnDays: number;
    tier1SunsetDays: number;
    tier2SunsetWarnDays: number;
    tier2SunsetDays: number;
    /** Days after the last review a plan is overdue when it has no next review date (quarterly). */
    planReviewDays: number;
    /** Username of the Tier 3 / Not ABM owner (LowTierOwnerUsername__c); null: any active Automation or Marketer seller. */
    lowTierOwnerUsername: string | null;
    /** Fields a target account (Tier 1–3) must have. */
    requiredFields: ('industry' | 'size' | 'geography' | 'tier' | 'owner' | 'lastActivity')[];
    /** Checks to skip, by id. */
    disabled: string[];
};

export const DEFAULT_AUDIT_POLICY: AuditPolicy = {
    stallingDays: 21,
    dormantDays: 60,
    coverageMinimum: 3,
    tier1SunsetWarnDays: 90,
    tier1SunsetDays: 180,
    tier2SunsetWarnDays: 180,
    tier2SunsetDays: 365,
    planReviewDays: 92,
    lowTierOwnerUsername: null,
    requiredFields: ['industry', 'size', 'geography', 'tier', 'owner', 'lastActivity'],
    disabled: []
};

export type CheckId =
    | 'unassigned-tier1'
    | 'duplicate-domain'
    | 'duplicate-alias'
    | 'missing-fields'
    | 'low-coverage'
    | 'stalling'
    | 'dormant'
    | 'sunset-review'
    | 'sunset-due'
    | 'ownership-rule'
    | 'inactive-owner'
    | 'champion-departed'
    | 'plan-overdue'
    | 'derived-field-drift';

/** Every check, with how often the operating model runs it. */
export const CHECKS: Record<CheckId, { title: string; cadence: 'weekly' | 'monthly' | 'quarterly' }> = {
    'unassigned-tier1': { title: 'Unassigned Tier 1 account', cadence: 'weekly' },
    'duplicate-domain': { title: 'Duplicate accounts by web domain', cadence: 'monthly' },
    'duplicate-alias': { title: 'Duplicate or broken domain alias', cadence: 'monthly' },
    'missing-fields': { title: 'Target account missing required fields', cadence: 'monthly' },
    'low-coverage': { title: 'Tier 1 contact coverage below the minimum', cadence: 'weekly' },
    stalling: { title: 'Tier 1 stalling (no activity)', cadence: 'weekly' },
    dormant: { title: 'Tier 1 dormant (no activity)', cadence: 'weekly' },
    'sunset-review': { title: 'Due for a sunset review', cadence: 'quarterly' },
    'sunset-due': { title: 'Due for sunset', cadence: 'quarterly' },
    'ownership-rule': { title: 'Owner breaks the ownership rule for the tier', cadence: 'weekly' },
    'inactive-owner': { title: 'Owner is an inactive user', cadence: 'weekly' },
    'champion-departed': { title: 'Champion has left the company', cadence: 'weekly' },
    'plan-overdue': { title: 'Account plan overdue for review', cadence: 'quarterly' },
    'derived-field-drift': { title: 'Stored field disagrees with its source', cadence: 'weekly' }
};

export type Finding = {
    check: CheckId;
    severity: Severity;
    object: string;
    recordId: string;
    recordName: string;
    /** The account the finding is about (the record itself, or its parent). */
    accountId: string | null;
    tier: string | null;
    detail: string;
    fix: string;
};

export type AuditInput = {
    accounts: AuditAccount[];
    contacts: AuditContact[];
    users: AuditUser[];
    sellers: AuditSeller[];
    aliases: AuditAlias[];
    plans: AuditPlan[];
    /** Completed tasks (AccountId, ActivityDate): engagement as of a past date and the LastActivityDate check. */
    activities?: MetricActivity[];
    /** Campaign responses (AccountId, ActivityDate = first response): engagement, not activity. */
    responses?: MetricActivity[];
    asOf: string;
    policy: AuditPolicy;
    domainOptions?: DomainOptions;
};

export type AuditResult = {
    findings: Finding[];
    byCheck: { check: CheckId; title: string; cadence: string; high: number; medium: number; low: number }[];
    bySeverity: Record<Severity, number>;
    accountsChecked: number;
};

export function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}

/** Days of activity before the as-of date that can change a finding: the largest threshold, plus one. */
export const activityLookbackDays = (p: AuditPolicy): number =>
    Math.max(p.dormantDays, p.tier1SunsetDays, p.tier2SunsetDays, p.tier1SunsetWarnDays, p.tier2SunsetWarnDays) + 1;

const maxDate = (...dates: (string | null | undefined)[]): string | null =>
    dates.filter((d): d is string => !!d).reduce<string | null>((m, d) => (m === null || d.slice(0, 10) > m ? d.slice(0, 10) : m), null);

const isTarget = (tier: string | null) => tier === '1' || tier === '2' || tier === '3';

export function runAudit(input: AuditInput): AuditResult {
    const { policy, asOf } = input;
    const findings: Finding[] = [];
    const users = new Map(input.users.map((u) => [u.Id.slice(0, 15), u]));
    const sellerRoles = new Map<string, Set<string>>();
    for (const s of input.sellers) {
        if (!s.User__c || !s.IsActive__c) continue;
        const key = s.User__c.slice(0, 15);
        sellerRoles.set(key, (sellerRoles.get(key) ?? new Set()).add(String(s.Role__c)));
    }
    const roles = (userId: string | null) => (userId ? (sellerRoles.get(userId.slice(0, 15)) ?? new Set<string>()) : new Set<string>());
    const lowTierUser = policy.lowTierOwnerUsername
        ? input.users.find((u) => (u.Username ?? '').toLowerCase() === policy.lowTierOwnerUsername!.toLowerCase())
        : undefined;
    // Acceptable owners of Tier 3 / Not ABM: the low-tier user, else any active Automation or Marketer seller.
    const isLowTierOwner = (userId: string | null) =>
        !!userId &&
        (lowTierUser
            ? lowTierUser.Id.slice(0, 15) === userId.slice(0, 15)
            : roles(userId).has('Automation') || roles(userId).has('Marketer'));
    // The low-tier owner of the "unassigned" metric (docs/metrics.md): the low-tier user, else the Automation seller's user.
    const isUnassignedOwner = (userId: string) =>
        lowTierUser ? lowTierUser.Id.slice(0, 15) === userId.slice(0, 15) : roles(userId).has('Automation');
    const activities = input.activities ? activityIndex(input.activities, asOf) : new Map<string, string[]>();
    const engagement = engagementIndex(input.activities ?? [], input.responses, asOf);
    const responses = input.responses ? activityIndex(input.responses, asOf) : undefined;
    const add = (f: Omit<Finding, 'object'> & { object?: string }) => {
        if (!policy.disabled.includes(f.check)) findings.push({ object: 'Account', ...f });
    };
    const accountsById = new Map(input.accounts.map((a) => [a.Id.slice(0, 15), a]));
    const ownerName = (id: string | null) => (id ? (users.get(id.slice(0, 15))?.Name ?? id) : 'nobody');

    const contactsByAccount = new Map<string, AuditContact[]>();
    for (const c of input.contacts) {
        if (!c.AccountId) continue;
        const k = c.AccountId.slice(0, 15);
        contactsByAccount.set(k, [...(contactsByAccount.get(k) ?? []), c]);
    }

    for (const a of input.accounts) {
        // An audit as of a past date looks at the accounts that existed then (docs/metrics.md).
        if (!existedAsOf(a, asOf)) continue;
        const tier = a.ABM_Tier__c;
        const base = { recordId: a.Id, recordName: a.Name, accountId: a.Id, tier };
        const owner = a.OwnerId ? users.get(a.OwnerId.slice(0, 15)) : undefined;
        const ownerRoles = roles(a.OwnerId);
        // Last engagement and days since it, as of the audit date (docs/metrics.md).
        const lastActivity = lastEngagementAsOf(a, engagement, asOf);
        const idle = daysSinceEngagement(a, engagement, asOf);
        const unassigned = tier === '1' && isUnassigned(a.OwnerId, users, isUnassignedOwner);

        // Inactive owners (Tier 1: reported as unassigned), unassigned Tier 1.
        if (owner && !owner.IsActive && !unassigned) {
            add({
                ...base,
                check: 'inactive-owner',
                severity: tier === '1' ? 'high' : isTarget(tier) ? 'medium' : 'low',
                detail: `owned by ${owner.Name}, an inactive user`,
                fix: 'Reassign the book of the departed owner: abm rebalance plan --departures-only, then apply'
            });
        }
        if (unassigned) {
            add({
                ...base,
                check: 'unassigned-tier1',
                severity: 'high',
                detail:
                    !a.OwnerId || !owner
                        ? 'Tier 1 account with no owner'
                        : !owner.IsActive
                          ? `Tier 1 account owned by ${owner.Name}, an inactive user`
                          : `Tier 1 account owned by ${owner.Name}, the low-tier / automation owner`,
                fix: 'Assign an AE: abm rebalance plan --departures-only (or set the owner on the Territory Map)'
            });
        }
        // Ownership rule by tier (active owners; the cases above are reported there).
        if (owner?.IsActive && !unassigned) {
            if (tier === '1' && !ownerRoles.has('AE')) {
                add({
                    ...base,
                    check: 'ownership-rule',
                    severity: 'high',
                    detail: `Tier 1 owner ${owner.Name} is not an active AE seller`,
                    fix: 'Give the account to an AE (abm rebalance plan)'
                });
            } else if (tier === '2' && !ownerRoles.has('AE') && !ownerRoles.has('SDR')) {
                add({
                    ...base,
                    check: 'ownership-rule',
                    severity: 'medium',
                    detail: `Tier 2 owner ${owner.Name} is neither an SDR nor an AE`,
                    fix: 'Give the account to an SDR or AE (abm rebalance plan)'
                });
            } else if ((tier === '3' || tier === 'Not ABM' || !tier) && !isLowTierOwner(a.OwnerId)) {
                add({
                    ...base,
                    check: 'ownership-rule',
                    severity: 'low',
                    detail: `${tier ? `Tier ${tier}` : 'Untiered'} account owned by ${owner.Name}, not the marketing-automation user${lowTierUser ? ` (${lowTierUser.Name})` : ''}`,
                    fix: 'Move it to the low-tier owner (rebalance policy lowTierOwnerUsername), or re-tier it if an AE works it'
                });
            }
        }
        // Required fields on target accounts.
        if (isTarget(tier)) {
            const missing: string[] = [];
            const req = new Set(policy.requiredFields);
            if (req.has('industry') && !a.Industry) missing.push('industry (Industry)');
            if (req.has('size') && a.NumberOfEmployees === null && a.AnnualRevenue === null)
                missing.push('size (NumberOfEmployees or AnnualRevenue)');
            if (req.has('geography') && !a.BillingCountry && !a.ABM_Region__c) missing.push('geography (BillingCountry or ABM_Region__c)');
            if (req.has('owner') && !a.OwnerId) missing.push('owner');
            if (req.has('lastActivity') && !lastActivity) missing.push('last activity');
            if (missing.length) {
                add({
                    ...base,
                    check: 'missing-fields',
                    severity: tier === '1' ? 'medium' : 'low',
                    detail: `missing ${missing.join(', ')}`,
                    fix: 'Fill the fields (or load them: abm load accounts with a list that has them)'
                });
            }
        } else if (policy.requiredFields.includes('tier') && !tier && (a.OwnerId ? ownerRoles.has('AE') : false)) {
            add({
                ...base,
                check: 'missing-fields',
                severity: 'low',
                detail: 'an AE owns it but it has no tier',
                fix: 'Set ABM_Tier__c (abm tier)'
            });
        }
        if (tier === '1') {
            // Contact coverage (docs/metrics.md): engaged contacts with a buying role, "Other" included, who have not left.
            const covered = coverageOf(contactsByAccount.get(a.Id.slice(0, 15)) ?? []);
            if (covered < policy.coverageMinimum) {
                add({
                    ...base,
                    check: 'low-coverage',
                    severity: covered === 0 ? 'high' : 'medium',
                    detail: `${covered} engaged contact${covered === 1 ? '' : 's'} with a buying role (minimum ${policy.coverageMinimum})`,
                    fix: `Engage ${policy.coverageMinimum - covered} more of the buying committee (decision maker, champion, economic buyer…)`
                });
            }
            // Stalling / dormant (engagement status, docs/metrics.md).
            const status = engagementStatus(idle, policy);
            const since = lastActivity ? `last ${lastActivity}` : 'never engaged; counted from the account’s creation';
            if (status === 'Dormant') {
                add({
                    ...base,
                    check: 'dormant',
                    severity: 'high',
                    detail:
                        idle === null
                            ? 'no engagement ever recorded'
                            : `no engagement for ${idle} days (${since}; dormant at ${policy.dormantDays})`,
                    fix: `${ownerName(a.OwnerId)}: re-engage this week, or propose it for Tier 2 (abm tier)`
                });
            } else if (status === 'Stalling') {
                add({
                    ...base,
                    check: 'stalling',
                    severity: 'medium',
                    detail: `no engagement for ${idle} days (${since}; stalling at ${policy.stallingDays})`,
                    fix: `${ownerName(a.OwnerId)}: book a next step`
                });
            }
        }
        // Stored derived fields vs their sources (contacts; completed tasks when read).
        for (const d of derivedFieldDrift(
            a,
            contactsByAccount.get(a.Id.slice(0, 15)) ?? [],
            input.activities ? (activities.get(a.Id.slice(0, 15)) ?? []) : undefined,
            asOf,
            responses ? (responses.get(a.Id.slice(0, 15)) ?? []) : undefined
        )) {
            add({
                ...base,
                check: 'derived-field-drift',
                severity: tier === '1' ? 'medium' : 'low',
                detail: `${d.field} is ${d.stored ?? 'blank'} but its ${d.source} give ${d.expected}: org reports, list views and the health band read the stored value`,
                fix:
                    d.field === 'LastActivityDate'
                        ? 'Salesforce maintains LastActivityDate: check the snapshot or import that wrote it'
                        : d.field === 'ABM_LastEngagementDate__c'
                          ? 'A campaign response did not reach ABM_LastEngagementDate__c (saved before the install or under ABM_BypassAutomation, or its stamp failed): run Database.executeBatch(new AbmEngagementBackfillBatch(), 200) as an admin'
                          : 'Recalculate from the contacts: AbmHealthService.recalculateCoverage for the account (saving any of its contacts runs it)'
            });
        }
        // Sunset by tier: no engagement since the later of the last engagement and the tier change.
        if (tier === '1' || tier === '2') {
            const since = maxDate(lastActivity, a.ABM_TierChangedDate__c);
            const days = since ? daysBetween(since, asOf) : null;
            const [warn, due] =
                tier === '1' ? [policy.tier1SunsetWarnDays, policy.tier1SunsetDays] : [policy.tier2SunsetWarnDays, policy.tier2SunsetDays];
            if (days === null || days >= due) {
                add({
                    ...base,
                    check: 'sunset-due',
                    severity: tier === '1' ? 'high' : 'medium',
                    detail:
                        days === null
                            ? `Tier ${tier} with no activity and no tier date`
                            : `Tier ${tier} for ${days} days without engagement (sunset at ${due})`,
                    fix: `Sunset: move it to Tier ${tier === '1' ? '2' : '3'} at the next re-tiering (abm tier), or record why it stays`
                });
            } else if (days >= warn) {
                add({
                    ...base,
                    check: 'sunset-review',
                    severity: 'low',
                    detail: `Tier ${tier} for ${days} days without engagement (review from ${warn}, sunset at ${due})`,
                    fix: 'Review at the quarterly business review: keep with a plan, or sunset'
                });
            }
        }
    }

    // Duplicates by domain (the stored domain, or the website's when none is stored).
    const byDomain = new Map<string, AuditAccount[]>();
    for (const a of input.accounts) {
        const raw = a.ABM_WebDomain__c || a.Website;
        if (!raw) continue;
        const n = normalizeDomain(raw, input.domainOptions);
        if (n.kind !== 'domain') continue;
        byDomain.set(n.domain, [...(byDomain.get(n.domain) ?? []), a]);
    }
    const domainOwner = new Map<string, AuditAccount>();
    for (const [domain, list] of [...byDomain].sort((x, y) => x[0].localeCompare(y[0]))) {
        domainOwner.set(domain, list[0]!);
        if (list.length < 2) continue;
        const [keep, ...dupes] = [...list].sort((x, y) => tierOrder(x.ABM_Tier__c) - tierOrder(y.ABM_Tier__c) || x.Id.localeCompare(y.Id));
        for (const d of dupes) {
            add({
                recordId: d.Id,
                recordName: d.Name,
                accountId: d.Id,
                tier: d.ABM_Tier__c,
                check: 'duplicate-domain',
                severity: 'high',
                detail: `same domain ${domain} as ${keep!.Name} (${keep!.Id})`,
                fix: `Merge into ${keep!.Name} (${keep!.Id}) in Setup → Merge Accounts`
            });
        }
    }
    const aliasSeen = new Map<string, AuditAlias>();
    for (const al of input.aliases) {
        const domain = (al.Domain__c ?? '').trim().toLowerCase();
        const base = { object: 'ABM_DomainAlias__c', recordId: al.Id, recordName: domain, accountId: al.Account__c, tier: null };
        const target = al.Account__c ? accountsById.get(al.Account__c.slice(0, 15)) : undefined;
        if (!target) {
            add({
                ...base,
                check: 'duplicate-alias',
                severity: 'medium',
                detail: `alias ${domain} points to no existing account`,
                fix: 'Delete the alias or point it at the right account'
            });
            continue;
        }
        const other = domainOwner.get(domain);
        if (other && other.Id.slice(0, 15) !== target.Id.slice(0, 15)) {
            add({
                ...base,
                tier: target.ABM_Tier__c,
                check: 'duplicate-alias',
                severity: 'high',
                detail: `alias ${domain} → ${target.Name}, but ${other.Name} (${other.Id}) has that web domain: two accounts claim it`,
                fix: `Merge ${other.Name} into ${target.Name}, or delete the alias`
            });
        }
        const prev = aliasSeen.get(domain);
        if (prev && prev.Account__c?.slice(0, 15) !== al.Account__c?.slice(0, 15)) {
            add({
                ...base,
                tier: target.ABM_Tier__c,
                check: 'duplicate-alias',
                severity: 'high',
                detail: `alias ${domain} is also an alias of another account (${prev.Account__c})`,
                fix: 'Keep one alias per domain'
            });
        }
        aliasSeen.set(domain, al);
    }

    // Champions who left (Tier 1–2 accounts).
    for (const c of input.contacts) {
        if (c.ABM_BuyingRole__c !== 'Champion' || !c.ABM_HasLeftCompany__c || !c.AccountId) continue;
        const a = accountsById.get(c.AccountId.slice(0, 15));
        if (!a || (a.ABM_Tier__c !== '1' && a.ABM_Tier__c !== '2')) continue;
        add({
            object: 'Contact',
            recordId: c.Id,
            recordName: c.Name ?? c.Id,
            accountId: a.Id,
            tier: a.ABM_Tier__c,
            check: 'champion-departed',
            severity: a.ABM_Tier__c === '1' ? 'high' : 'medium',
            detail: `the champion at ${a.Name} has left the company`,
            fix: `${ownerName(a.OwnerId)}: find a new champion; follow the contact to their new company`
        });
    }

    // Plans overdue for review.
    for (const p of input.plans) {
        if (p.Status__c === 'Archived') continue;
        const a = p.Account__c ? accountsById.get(p.Account__c.slice(0, 15)) : undefined;
        const due = p.NextReviewDate__c ?? (p.LastReviewedDate__c ? addDays(p.LastReviewedDate__c, policy.planReviewDays) : null);
        if (due && due >= asOf) continue;
        add({
            object: 'ABM_AccountPlan__c',
            recordId: p.Id,
            recordName: p.Name ?? p.Id,
            accountId: p.Account__c,
            tier: a?.ABM_Tier__c ?? null,
            check: 'plan-overdue',
            severity: a?.ABM_Tier__c === '1' ? 'medium' : 'low',
            detail: due ? `review was due ${due} (${daysBetween(due, asOf)} days ago)` : 'never reviewed and no review date',
            fix: `${ownerName(a?.OwnerId ?? null)}: review the plan and set LastReviewedDate__c / NextReviewDate__c`
        });
    }

    findings.sort(
        (x, y) =>
            severityRank(y.severity) - severityRank(x.severity) ||
            Object.keys(CHECKS).indexOf(x.check) - Object.keys(CHECKS).indexOf(y.check) ||
            x.recordName.localeCompare(y.recordName) ||
            x.recordId.localeCompare(y.recordId)
    );
    const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
    for (const f of findings) bySeverity[f.severity]++;
    const byCheck = (Object.keys(CHECKS) as CheckId[]).map((check) => {
        const fs = findings.filter((f) => f.check === check);
        return {
            check,
            title: CHECKS[check].title,
            cadence: CHECKS[check].cadence,
            high: fs.filter((f) => f.severity === 'high').length,
            medium: fs.filter((f) => f.severity === 'medium').length,
            low: fs.filter((f) => f.severity === 'low').length
        };
    });
    return { findings, byCheck, bySeverity, accountsChecked: input.accounts.length };
}

const tierOrder = (t: string | null) => (t === '1' ? 1 : t === '2' ? 2 : t === '3' ? 3 : 4);

/** True when any finding is at or above the severity (the CI gate). */
export function failsGate(findings: Finding[], failOn: Severity): boolean {
    return findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
}
