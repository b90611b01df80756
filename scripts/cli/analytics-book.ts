/**
 * Reads what `abm report` and `abm comp` need from an org or a snapshot, through the one door (`Org`), and turns the
 * API's values into the typed rows of scripts/core/analytics.ts.
 */
import type { AnalyticsAccount, AnalyticsActivity, AnalyticsOpportunity, AnalyticsSeller, AnalyticsSignal } from '../core/analytics.js';
import type { Org, SObjectRecord } from '../org/index.js';
import type { Ux } from './shared.js';

export type AnalyticsBook = {
    accounts: AnalyticsAccount[];
    opportunities: AnalyticsOpportunity[];
    activities: AnalyticsActivity[];
    signals: AnalyticsSignal[];
    sellers: AnalyticsSeller[];
    activeUserIds: Set<string>;
};

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const num = (v: unknown): number | null => {
    if (v === null || v === undefined || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
};
const bool = (v: unknown): boolean => v === true || v === 'true';

/** Query the fields of `wanted` that the org has (optional ones may be missing in older orgs or snapshots). */
async function queryExisting(org: Org, object: string, required: string[], optional: string[]): Promise<SObjectRecord[]> {
    const known = new Set((await org.describe(object)).map((f) => f.name.toLowerCase()));
    const fields = [...required, ...optional.filter((f) => known.has(f.toLowerCase()))];
    return org.query(`SELECT ${fields.join(', ')} FROM ${object}`);
}

export async function loadAnalyticsBook(org: Org, ux: Ux): Promise<AnalyticsBook> {
    ux.log(`Reading accounts, opportunities, activities, signals and sellers from ${org.label}…`);
    const [accounts, opportunities, tasks, signals, sellers, users] = await Promise.all([
        queryExisting(
            org,
            'Account',
            ['Id', 'Name', 'OwnerId', 'ABM_Tier__c', 'ABM_Stage__c'],
            ['ABM_IdentifiedDate__c', 'ABM_SqlEnteredDate__c', 'ABM_ContactCoverage__c', 'LastActivityDate']
        ),
        queryExisting(
            org,
            'Opportunity',
            ['Id', 'AccountId', 'OwnerId', 'Amount', 'StageName', 'CreatedDate', 'CloseDate', 'IsClosed', 'IsWon'],
            []
        ),
        queryExisting(org, 'Task', ['AccountId', 'ActivityDate', 'Subject'], ['Type']),
        queryExisting(org, 'ABM_IntentSignal__c', ['Account__c', 'SignalDate__c'], ['SignalType__c']),
        queryExisting(org, 'ABM_Seller__c', ['User__c', 'Role__c', 'IsActive__c'], ['QuotaAmount__c', 'OnTargetEarnings__c']),
        org.query('SELECT Id, Name, IsActive FROM User')
    ]);
    const userById = new Map(users.map((u) => [String(u.Id), u]));
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
            LastActivityDate: str(a.LastActivityDate)
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
        activities: tasks.map((t) => ({
            AccountId: str(t.AccountId),
            ActivityDate: str(t.ActivityDate),
            Subject: str(t.Subject),
            Type: str(t.Type)
        })),
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
        activeUserIds: new Set(users.filter((u) => bool(u.IsActive)).map((u) => String(u.Id)))
    };
    ux.log(
        `Read ${book.accounts.length} accounts, ${book.opportunities.length} opportunities, ${book.activities.length} tasks, ` +
            `${book.signals.length} signals, ${book.sellers.length} sellers.`
    );
    return book;
}
