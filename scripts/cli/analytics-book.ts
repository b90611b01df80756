/**
 * Reads what `abm report` and `abm comp` need from an org or a snapshot, through the one door (`Org`), and turns the
 * API's values into the typed rows of scripts/core/analytics.ts.
 */
import type { AnalyticsBook } from '../core/analytics.js';
import { campaignResponses, type MetricActivity, type OwnerChange } from '../core/metrics.js';
import type { Org, SObjectRecord } from '../org/index.js';
import type { Ux } from './shared.js';

export type { AnalyticsBook };

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown): number | null => {
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
};
const bool = (v: unknown): boolean => v === true || v === 'true';
/** A boolean that may be absent from an older snapshot: null when unknown. */
const optBool = (v: unknown): boolean | null => (v === undefined || v === null || v === '' ? null : bool(v));

/**
 * Query the fields of `wanted` that the org has (optional ones may be missing in older orgs or snapshots); an object
 * the org does not have at all reads as no rows when `optionalObject`.
 */
export async function queryExisting(
    org: Org,
    object: string,
    required: string[],
    optional: string[],
    optionalObject = false,
    where = ''
): Promise<SObjectRecord[]> {
    let described;
    try {
        described = await org.describe(object);
    } catch (error) {
        if (optionalObject) return [];
        throw error;
    }
    const known = new Set(described.map((f) => f.name.toLowerCase()));
    if (optionalObject && required.some((f) => !known.has(f.toLowerCase()))) return [];
    const fields = [...required, ...optional.filter((f) => known.has(f.toLowerCase()))];
    return org.query(`SELECT ${fields.join(', ')} FROM ${object}${where ? ` WHERE ${where}` : ''}`);
}

/** Responded campaign members and the leads among them (`queryResponseRecords`). */
export type ResponseRecords = { members: SObjectRecord[]; leads: SObjectRecord[] };

/**
 * Campaign responses (docs/metrics.md#campaign-response): the responded members (`HasResponded = true`, and `where`)
 * and, when some are leads, those leads with the fields that place their response on an account (converted account,
 * routing's matched account; a semi-join, so only the responding leads are read). An org or snapshot without campaign
 * members has no responses; one without the lead fields counts the contact members only.
 */
export async function queryResponseRecords(org: Org, where = ''): Promise<ResponseRecords> {
    const responded = `HasResponded = true${where ? ` AND ${where}` : ''}`;
    const members = await queryExisting(org, 'CampaignMember', ['ContactId', 'FirstRespondedDate'], ['LeadId'], true, responded);
    if (!members.some((m) => str(m.LeadId))) return { members, leads: [] };
    const leads = await queryExisting(
        org,
        'Lead',
        ['Id'],
        ['ConvertedAccountId', 'ABM_MatchedAccount__c'],
        true,
        `Id IN (SELECT LeadId FROM CampaignMember WHERE ${responded})`
    );
    return { members, leads };
}

/** The responses of `queryResponseRecords` as dated engagement of their accounts (`campaignResponses`). */
export function responsesOf(records: ResponseRecords, accountOfContact: ReadonlyMap<string, string | null>): MetricActivity[] {
    const leadById = new Map(
        records.leads.map((l) => [
            String(l.Id).slice(0, 15),
            { ConvertedAccountId: str(l.ConvertedAccountId), ABM_MatchedAccount__c: str(l.ABM_MatchedAccount__c) }
        ])
    );
    const members = records.members.map((m) => ({
        ContactId: str(m.ContactId),
        LeadId: str(m.LeadId),
        FirstRespondedDate: str(m.FirstRespondedDate)
    }));
    return campaignResponses(members, accountOfContact, leadById);
}

/** Ownership changes of accounts from the assignment audit (not lead routing, not secondary owners). */
export function ownerChangesOf(rows: SObjectRecord[]): OwnerChange[] {
    return rows
        .filter((r) => str(r.Account__c) && !str(r.Lead__c) && str(r.Role__c) !== 'Secondary owner' && str(r.AssignedAt__c))
        .map((r) => ({
            accountId: String(r.Account__c),
            previousOwnerId: str(r.PreviousOwner__c),
            newOwnerId: str(r.NewOwner__c),
            at: String(r.AssignedAt__c)
        }));
}

export async function loadAnalyticsBook(org: Org, ux: Ux): Promise<AnalyticsBook> {
    ux.log(
        `Reading accounts, contacts, opportunities, activities, campaign responses, signals, sellers and ownership changes from ${org.label}…`
    );
    const [accounts, contacts, opportunities, tasks, events, members, signals, sellers, users, assignments] = await Promise.all([
        queryExisting(
            org,
            'Account',
            ['Id', 'Name', 'OwnerId', 'ABM_Tier__c', 'ABM_Stage__c'],
            [
                'ABM_IdentifiedDate__c',
                'ABM_SqlEnteredDate__c',
                'ABM_ContactCoverage__c',
                'LastActivityDate',
                'ABM_LastEngagementDate__c',
                'CreatedDate'
            ]
        ),
        queryExisting(org, 'Contact', ['Id', 'AccountId'], ['ABM_BuyingRole__c', 'ABM_IsEngaged__c', 'ABM_HasLeftCompany__c']),
        queryExisting(
            org,
            'Opportunity',
            ['Id', 'AccountId', 'OwnerId', 'Amount', 'StageName', 'CreatedDate', 'CloseDate', 'IsClosed', 'IsWon'],
            []
        ),
        queryExisting(org, 'Task', ['AccountId', 'ActivityDate', 'Subject'], ['Type', 'IsClosed', 'CompletedDateTime']),
        // Events are activity too (meetings): held on their date. A snapshot without Event.csv has none.
        queryExisting(org, 'Event', ['AccountId', 'ActivityDate', 'Subject'], ['Type'], true, 'AccountId != null'),
        // Campaign responses of contacts and leads: engagement dated by the first response (docs/metrics.md#campaign-response).
        queryResponseRecords(org),
        queryExisting(org, 'ABM_IntentSignal__c', ['Account__c', 'SignalDate__c'], ['SignalType__c']),
        queryExisting(org, 'ABM_Seller__c', ['User__c', 'Role__c', 'IsActive__c'], ['QuotaAmount__c', 'OnTargetEarnings__c']),
        queryExisting(org, 'User', ['Id', 'Name', 'IsActive'], ['Username']),
        queryExisting(
            org,
            'ABM_Assignment__c',
            ['Account__c', 'PreviousOwner__c', 'NewOwner__c', 'AssignedAt__c'],
            ['Lead__c', 'Role__c'],
            true
        )
    ]);
    const userById = new Map(users.map((u) => [String(u.Id), u]));
    const accountOfContact = new Map(contacts.map((c) => [String(c.Id).slice(0, 15), str(c.AccountId)]));
    const book: AnalyticsBook = {
        accounts: accounts.map((a) => ({
            Id: String(a.Id),
            Name: str(a.Name) ?? '',
            OwnerId: str(a.OwnerId),
            ABM_Tier__c: str(a.ABM_Tier__c),
            ABM_Stage__c: str(a.ABM_Stage__c),
            ABM_IdentifiedDate__c: str(a.ABM_IdentifiedDate__c),
            ABM_SqlEnteredDate__c: str(a.ABM_SqlEnteredDate__c),
            ABM_ContactCoverage__c: num(a.ABM_ContactCoverage__c),
            LastActivityDate: str(a.LastActivityDate),
            ABM_LastEngagementDate__c: str(a.ABM_LastEngagementDate__c),
            CreatedDate: str(a.CreatedDate)
        })),
        contacts: contacts.map((c) => ({
            AccountId: str(c.AccountId),
            ABM_BuyingRole__c: str(c.ABM_BuyingRole__c),
            ABM_IsEngaged__c: bool(c.ABM_IsEngaged__c),
            ABM_HasLeftCompany__c: bool(c.ABM_HasLeftCompany__c)
        })),
        opportunities: opportunities.map((o) => ({
            Id: String(o.Id),
            AccountId: str(o.AccountId),
            OwnerId: str(o.OwnerId),
            Amount: num(o.Amount),
            StageName: str(o.StageName),
            CreatedDate: str(o.CreatedDate),
            CloseDate: str(o.CloseDate),
            IsClosed: bool(o.IsClosed),
            IsWon: bool(o.IsWon)
        })),
        activities: [
            ...tasks.map((t) => ({
                AccountId: str(t.AccountId),
                ActivityDate: str(t.ActivityDate),
                Subject: str(t.Subject),
                Type: str(t.Type),
                IsClosed: optBool(t.IsClosed),
                CompletedDate: str(t.CompletedDateTime)
            })),
            ...events.map((e) => ({
                AccountId: str(e.AccountId),
                ActivityDate: str(e.ActivityDate),
                Subject: str(e.Subject),
                Type: str(e.Type)
            }))
        ],
        responses: responsesOf(members, accountOfContact),
        signals: signals.map((s) => ({
            Account__c: str(s.Account__c),
            SignalType__c: str(s.SignalType__c),
            SignalDate__c: str(s.SignalDate__c)
        })),
        sellers: sellers
            .filter((s) => str(s.User__c))
            .map((s) => {
                const user = userById.get(String(s.User__c));
                return {
                    UserId: String(s.User__c),
                    Name: str(user?.Name) ?? String(s.User__c),
                    Role: str(s.Role__c) ?? '',
                    IsActive: bool(s.IsActive__c) && bool(user?.IsActive),
                    QuotaAmount: num(s.QuotaAmount__c),
                    OnTargetEarnings: num(s.OnTargetEarnings__c)
                };
            }),
        users: users.map((u) => ({ Id: String(u.Id), IsActive: bool(u.IsActive), Username: str(u.Username) })),
        ownerChanges: ownerChangesOf(assignments)
    };
    ux.log(
        `Read ${book.accounts.length} accounts, ${book.contacts!.length} contacts, ${book.opportunities.length} opportunities, ` +
            `${tasks.length} tasks, ${events.length} events, ${book.responses!.length} campaign responses, ` +
            `${book.signals.length} signals, ${book.sellers.length} sellers, ` +
            `${book.ownerChanges!.length} ownership changes.`
    );
    return book;
}
