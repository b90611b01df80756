/**
 * The metric dictionary (docs/metrics.md) in code: the shared definitions that `abm audit`, `abm report`, `abm comp`,
 * the sample-data generator and the data-model tests all call, so a concept has one meaning everywhere. The org side
 * (Apex, formula fields, reports, list views) implements the same definitions; docs/metrics.md says where, and
 * test/metrics/cross-tool.test.ts compares the numbers. Pure: dates are parameters, no clock.
 */

const DAY_MS = 86_400_000;

/** Whole days from a to b (ISO dates or datetimes; only the date part counts), or null when either is missing or invalid. */
export function daysBetween(a: string | null | undefined, b: string | null | undefined): number | null {
    if (!a || !b) return null;
    const from = Date.parse(a.slice(0, 10));
    const to = Date.parse(b.slice(0, 10));
    if (Number.isNaN(from) || Number.isNaN(to)) return null;
    return Math.round((to - from) / DAY_MS);
}

export const dateOf = (value: string | null | undefined): string | null => (value ? value.slice(0, 10) : null);

export function addDays(date: string, days: number): string {
    return new Date(Date.parse(date.slice(0, 10)) + days * DAY_MS).toISOString().slice(0, 10);
}

// ---- Buying committee ---------------------------------------------------------------------------------------------

export type CommitteeContact = {
    ABM_BuyingRole__c: string | null;
    ABM_IsEngaged__c: boolean;
    ABM_HasLeftCompany__c: boolean;
};

/** The roles a complete buying committee fills (AbmHealthService.REQUIRED_ROLES). */
export const REQUIRED_ROLES = ['Decision Maker', 'Economic Buyer', 'Champion', 'Evaluator'] as const;

/** On the buying committee: any buying role, "Other" included (a blank role is not on the committee), and still there. */
const onCommittee = (c: CommitteeContact): boolean => !!c.ABM_BuyingRole__c && !c.ABM_HasLeftCompany__c;

/**
 * Contact coverage (`ABM_ContactCoverage__c`, AbmHealthService.coverageFor): the account's contacts with a buying role
 * (any value, "Other" included) who are engaged and have not left the company.
 */
export function coverageOf(contacts: readonly CommitteeContact[]): number {
    return contacts.filter((c) => onCommittee(c) && c.ABM_IsEngaged__c).length;
}

/**
 * Buying-committee completeness (`ABM_BuyingCommitteeCompleteness__c`, AbmHealthService.completenessFor): the share
 * 0–100 of REQUIRED_ROLES held by a contact who has not left, rounded half up.
 */
export function completenessOf(contacts: readonly CommitteeContact[]): number {
    const filled = new Set(contacts.filter(onCommittee).map((c) => c.ABM_BuyingRole__c));
    const held = REQUIRED_ROLES.filter((r) => filled.has(r)).length;
    return Math.round((held * 100) / REQUIRED_ROLES.length);
}

// ---- Activity and engagement --------------------------------------------------------------------------------------

/**
 * A dated touch on an account: a task or an event (activity), or a campaign response of one of its contacts
 * (engagement recorded outside activities). `IsClosed` false (an open task) is not activity; unknown counts as done
 * once its date has come (an event is held on its date). `CompletedDate` (Task.CompletedDateTime): a task completed
 * after a date was still open on it, so it is not activity as of that date.
 */
export type MetricActivity = {
    AccountId: string | null;
    ActivityDate: string | null;
    IsClosed?: boolean | null;
    CompletedDate?: string | null;
};

/** The account fields the engagement metrics read. */
export type EngagementFields = {
    Id: string;
    /** Salesforce's own latest completed activity date (tasks and events). */
    LastActivityDate: string | null;
    /** Engagement recorded outside activities (campaign response, event visit, reply synced from marketing automation). */
    ABM_LastEngagementDate__c?: string | null;
    /** When the account was created: the start of the clock for an account that never engaged. */
    CreatedDate?: string | null;
};

/**
 * Completed activity dates per account (15-character Id keys), ascending. `unsettled`: per account, the dates of tasks
 * left out because they were completed after the index's as-of date.
 */
export type ActivityIndex = Map<string, string[]> & { unsettled?: Map<string, Set<string>> };

/**
 * The activity index. With `asOf`: as the book stood at the end of that day, without the tasks completed after it
 * (their dates may lie before it; they are kept in `unsettled`).
 */
export function activityIndex(activities: readonly MetricActivity[], asOf?: string): ActivityIndex {
    const byAccount: ActivityIndex = new Map<string, string[]>();
    for (const t of activities) {
        if (!t.AccountId || !t.ActivityDate || t.IsClosed === false) continue;
        if (asOf && t.CompletedDate && t.CompletedDate.slice(0, 10) > asOf) {
            const unsettled = (byAccount.unsettled ??= new Map<string, Set<string>>());
            const key = t.AccountId.slice(0, 15);
            unsettled.set(key, (unsettled.get(key) ?? new Set<string>()).add(t.ActivityDate.slice(0, 10)));
            continue;
        }
        const key = t.AccountId.slice(0, 15);
        const list = byAccount.get(key);
        if (list) list.push(t.ActivityDate.slice(0, 10));
        else byAccount.set(key, [t.ActivityDate.slice(0, 10)]);
    }
    for (const list of byAccount.values()) list.sort();
    return byAccount;
}

/** A campaign member as the tools read it (`HasResponded` true): who responded, and when it first did. */
export type ResponseMember = { ContactId?: string | null; LeadId?: string | null; FirstRespondedDate: string | null };

/** The lead fields that place a lead member's response on an account. */
export type ResponseLead = { ConvertedAccountId?: string | null; ABM_MatchedAccount__c?: string | null };

const key15 = (id: string | null | undefined): string | null => (id ? id.slice(0, 15) : null);

/**
 * The account a campaign response counts for (docs/metrics.md#campaign-response): a contact member's account; a lead
 * member's converted account, else the account lead routing matched it to; otherwise none. The org's
 * `AbmEngagementService.accountOf` applies the same rule when it stamps `ABM_LastEngagementDate__c`.
 */
export function responseAccountOf(
    member: ResponseMember,
    accountOfContact: ReadonlyMap<string, string | null>,
    leadById: ReadonlyMap<string, ResponseLead>
): string | null {
    const contactKey = key15(member.ContactId);
    const contactAccount = contactKey ? (accountOfContact.get(contactKey) ?? null) : null;
    if (contactAccount) return contactAccount;
    const leadKey = key15(member.LeadId);
    const lead = leadKey ? leadById.get(leadKey) : undefined;
    return lead?.ConvertedAccountId || lead?.ABM_MatchedAccount__c || null;
}

/** Responded members as dated engagement of their accounts (`responseAccountOf`); undated or account-less ones drop out. */
export const campaignResponses = (
    members: readonly ResponseMember[],
    accountOfContact: ReadonlyMap<string, string | null>,
    leadById: ReadonlyMap<string, ResponseLead>
): MetricActivity[] =>
    members.flatMap((m) => {
        const AccountId = m.FirstRespondedDate ? responseAccountOf(m, accountOfContact, leadById) : null;
        return AccountId ? [{ AccountId, ActivityDate: m.FirstRespondedDate }] : [];
    });

/**
 * Engagement dates per account as of `asOf`: completed tasks, events and campaign responses (every record the CLI can
 * date), so the last engagement at a past date does not depend on the stored latest-date fields, which later touches
 * overwrite; tasks completed after `asOf` are left out (`activityIndex`).
 */
export const engagementIndex = (
    activities: readonly MetricActivity[],
    responses: readonly MetricActivity[] = [],
    asOf?: string
): ActivityIndex => activityIndex(responses.length ? [...activities, ...responses] : activities, asOf);

/**
 * Last engagement as of a date: the latest of the account's engagement dates (`engagementIndex`: completed tasks,
 * events, campaign responses) on or before `asOf`, `LastActivityDate` (when on or before `asOf`) and
 * `ABM_LastEngagementDate__c` (when on or before `asOf`). For a past date, anything after it is ignored: what
 * happened later says nothing about the window that ended then.
 */
export function lastEngagementAsOf(account: EngagementFields, activities: ActivityIndex, asOf: string): string | null {
    let last: string | null = null;
    const consider = (d: string | null | undefined) => {
        const date = dateOf(d);
        if (date && date <= asOf && (last === null || date > last)) last = date;
    };
    const key = account.Id.slice(0, 15);
    const dates = activities.get(key);
    // LastActivityDate may stand for a task completed after asOf (the stored date is the task's due date): then the
    // dated records decide.
    const stored = dateOf(account.LastActivityDate);
    if (!(stored && activities.unsettled?.get(key)?.has(stored) && !dates?.includes(stored))) consider(stored);
    consider(account.ABM_LastEngagementDate__c);
    if (dates) {
        // Latest date ≤ asOf by binary search (dates are ascending).
        let lo = 0;
        let hi = dates.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (dates[mid]! <= asOf) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0) consider(dates[lo - 1]);
    }
    return last;
}

/**
 * Days since engagement (`ABM_DaysSinceEngagement__c`): days from the last engagement as of `asOf` to `asOf`; for an
 * account that never engaged, days since it was created; null when neither is known (treated as dormant).
 */
export function daysSinceEngagement(account: EngagementFields, activities: ActivityIndex, asOf: string): number | null {
    const last = lastEngagementAsOf(account, activities, asOf);
    if (last) return daysBetween(last, asOf);
    const created = daysBetween(account.CreatedDate ?? null, asOf);
    return created === null ? null : Math.max(0, created);
}

export type EngagementStatus = 'Active' | 'Stalling' | 'Dormant';

/** Health thresholds of the ABM settings (ABM_Setting__mdt; config/audit-policy.json mirrors them). */
export type HealthThresholds = { stallingDays: number; dormantDays: number; coverageMinimum: number };

/**
 * Engagement status (`ABM_EngagementStatus__c`): Dormant at `dormantDays` or more days since engagement (or unknown),
 * Stalling at `stallingDays` or more, else Active.
 */
export function engagementStatus(days: number | null, t: Pick<HealthThresholds, 'stallingDays' | 'dormantDays'>): EngagementStatus {
    if (days === null || days >= t.dormantDays) return 'Dormant';
    return days >= t.stallingDays ? 'Stalling' : 'Active';
}

/**
 * Engaged (`ABM_EngagedLast30Days__c`, the engagement rate and comp): a last engagement as of `asOf` that is at most
 * `windowDays` days before it (the window is `asOf − windowDays` … `asOf`, both included). Never-engaged accounts are not.
 */
export function isEngagedAsOf(account: EngagementFields, activities: ActivityIndex, asOf: string, windowDays: number): boolean {
    const days = daysBetween(lastEngagementAsOf(account, activities, asOf), asOf);
    return days !== null && days <= windowDays;
}

// ---- Ownership -----------------------------------------------------------------------------------------------------

/**
 * The account existed at the end of `asOf`: created on or before it (an unknown creation date counts as existing).
 * A book, a list or a comp period at a past date holds only the accounts that existed then.
 */
export const existedAsOf = (account: { CreatedDate?: string | null }, asOf: string): boolean =>
    !account.CreatedDate || account.CreatedDate.slice(0, 10) <= asOf;

export type OwnerUser = { Id: string; IsActive: boolean };

/**
 * Unassigned (`ABM_IsOwnerUnassigned__c`): nobody works the account: it has no owner, its owner is not an active
 * user, or its owner is the low-tier (marketing-automation) owner.
 */
export function isUnassigned(ownerId: string | null, users: Map<string, OwnerUser>, isLowTierOwner: (userId: string) => boolean): boolean {
    if (!ownerId) return true;
    const owner = users.get(ownerId.slice(0, 15));
    return !owner || !owner.IsActive || isLowTierOwner(ownerId);
}

/** An ownership change from the assignment audit (ABM_Assignment__c rows on accounts, not leads or secondary owners). */
export type OwnerChange = { accountId: string; previousOwnerId: string | null; newOwnerId: string | null; at: string };

/**
 * Owner of each account at the end of a date (`asOf`): the current owner, rolled back through the ownership changes
 * recorded after that date (the earliest later change's previous owner). Without later changes: the current owner.
 */
export function ownersAsOf(
    accounts: readonly { Id: string; OwnerId: string | null }[],
    changes: readonly OwnerChange[],
    asOf: string
): Map<string, string | null> {
    const firstLater = new Map<string, OwnerChange>();
    for (const c of changes) {
        if (dateOf(c.at)! <= asOf) continue;
        const key = c.accountId.slice(0, 15);
        const seen = firstLater.get(key);
        if (!seen || c.at < seen.at) firstLater.set(key, c);
    }
    return new Map(accounts.map((a) => [a.Id, firstLater.get(a.Id.slice(0, 15))?.previousOwnerId ?? a.OwnerId]));
}

// ---- Periods -------------------------------------------------------------------------------------------------------

export type Period = { start: string; end: string };

/** Start of the fiscal year that contains `date` (fiscal years start on the 1st of `fiscalYearStartMonth`, 1 = January). */
export function fiscalYearStart(date: string, fiscalYearStartMonth = 1): string {
    const [y, m] = date.split('-').map(Number) as [number, number];
    const year = m >= fiscalYearStartMonth ? y : y - 1;
    return `${year}-${String(fiscalYearStartMonth).padStart(2, '0')}-01`;
}

/** Fiscal year to date: from the start of the fiscal year containing `asOf` to `asOf`. */
export function fiscalYearToDate(asOf: string, fiscalYearStartMonth = 1): Period {
    return { start: fiscalYearStart(asOf, fiscalYearStartMonth), end: asOf };
}

/** Days in a period, both ends included. */
export const periodDays = (p: Period): number => daysBetween(p.start, p.end)! + 1;

// ---- Stored derived fields vs their sources -----------------------------------------------------------------------

export type DerivedFieldDrift = { field: string; stored: string | number | null; expected: string | number | null; source: string };

/**
 * Derived fields an org stores that disagree with the records they derive from: contact coverage and committee
 * completeness (AbmHealthService, from the contacts), `LastActivityDate` (Salesforce, from completed activities:
 * flagged when a completed activity on or before `asOf` is later than it; a later stored date can come from an event)
 * and `ABM_LastEngagementDate__c` (AbmCampaignMemberTrigger: flagged when a campaign response on or before `asOf` is later
 * than it, so the org's formulas miss engagement the CLI counts; a later stored date can come from another source).
 * `contacts`/`activityDates`/`responseDates` undefined: that source was not read, its fields are not checked.
 */
export function derivedFieldDrift(
    account: {
        ABM_ContactCoverage__c?: number | null;
        ABM_BuyingCommitteeCompleteness__c?: number | null;
        LastActivityDate: string | null;
        ABM_LastEngagementDate__c?: string | null;
    },
    contacts: readonly CommitteeContact[] | undefined,
    activityDates: readonly string[] | undefined,
    asOf: string,
    responseDates?: readonly string[]
): DerivedFieldDrift[] {
    const drift: DerivedFieldDrift[] = [];
    if (contacts) {
        const coverage = coverageOf(contacts);
        if (account.ABM_ContactCoverage__c !== undefined && (account.ABM_ContactCoverage__c ?? 0) !== coverage)
            drift.push({ field: 'ABM_ContactCoverage__c', stored: account.ABM_ContactCoverage__c, expected: coverage, source: 'contacts' });
        const completeness = completenessOf(contacts);
        if (account.ABM_BuyingCommitteeCompleteness__c !== undefined && (account.ABM_BuyingCommitteeCompleteness__c ?? 0) !== completeness)
            drift.push({
                field: 'ABM_BuyingCommitteeCompleteness__c',
                stored: account.ABM_BuyingCommitteeCompleteness__c,
                expected: completeness,
                source: 'contacts'
            });
    }
    if (activityDates) {
        const latest = activityDates.filter((d) => d <= asOf).at(-1) ?? null;
        const stored = dateOf(account.LastActivityDate);
        if (latest && (!stored || latest > stored))
            drift.push({ field: 'LastActivityDate', stored, expected: latest, source: 'completed tasks' });
    }
    if (responseDates) {
        const latest = responseDates.filter((d) => d <= asOf).at(-1) ?? null;
        const stored = dateOf(account.ABM_LastEngagementDate__c);
        if (latest && (!stored || latest > stored))
            drift.push({ field: 'ABM_LastEngagementDate__c', stored, expected: latest, source: 'campaign responses' });
    }
    return drift;
}
