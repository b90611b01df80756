/**
 * A small book for the crash-consistency suite, as records (the API double) or as a snapshot folder: five AEs (one
 * departed, whose accounts must move), two specialists (one departed), an automation user for the low tier, 28 Tier 1
 * accounts with expertise to gain, a few Tier 3 accounts (scored high: `abm tier` moves them up), and an account team on six accounts (the owner change deletes
 * it; apply puts it back). Small enough for a run per request boundary, big enough that every phase of an apply writes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { makeId } from '../../scripts/org/ids';

const user = (n: number) => makeId('005', n);
const acct = (n: number) => makeId('001', n);
const INDUSTRIES = ['Technology', 'Finance', 'Healthcare', 'Retail'];

/** The fields `abm tier` scores with besides fit and intent (engagement and the dates it reads), and a web domain. */
const tiering = (i: number) => ({
    ABM_EngagementScore__c: 20 + ((i * 7) % 60),
    LastActivityDate: `2026-09-${String(1 + (i % 28)).padStart(2, '0')}`,
    ABM_LastEngagementDate__c: null,
    ABM_TierChangedDate__c: null,
    ABM_WebDomain__c: `crash${i}.example`,
    BillingCountry: 'Germany'
});

export function crashBook(): Record<string, Record<string, unknown>[]> {
    const names = ['Ada AE', 'Bo AE', 'Cy AE', 'Dee AE', 'Eve Gone', 'Sam Specialist', 'Tia Specialist', 'Auto Mation'];
    const User = names.map((name, i) => ({
        Id: user(i + 1),
        Username: `${name.split(' ')[0]!.toLowerCase()}@crash.example`,
        Name: name,
        LastName: name.split(' ')[1],
        // Every user is active: the departed AE and specialist are marked by their seller records (as ops do on the day
        // they leave; the user is deactivated later). A rollback restores accounts to the departed AE, which Salesforce
        // refuses once that user is inactive, and so does the rollback (test/rebalance/e2e.test.ts): here it must finish.
        IsActive: true
    }));
    const seller = (i: number, role: string, industries: string, extra: Record<string, unknown> = {}) => ({
        Id: makeId('a01', i + 1),
        User__c: user(i + 1),
        Role__c: role,
        Industries__c: industries,
        Regions__c: 'EMEA',
        Tier1CapacityMin__c: role === 'AE' ? 4 : 0,
        Tier1CapacityMax__c: role === 'AE' ? 9 : 0,
        Tier2CapacityMin__c: 0,
        Tier2CapacityMax__c: 0,
        SecondaryCapacityMin__c: 0,
        SecondaryCapacityMax__c: role === 'Specialist' ? 8 : 0,
        IsActive__c: true,
        IsAcceptingAccounts__c: true,
        ...extra
    });
    const ABM_Seller__c = [
        seller(0, 'AE', 'Technology'),
        seller(1, 'AE', 'Finance'),
        seller(2, 'AE', 'Healthcare'),
        seller(3, 'AE', 'Retail'),
        seller(4, 'AE', 'Technology', { IsActive__c: false }),
        seller(5, 'Specialist', 'Finance;Healthcare'),
        seller(6, 'Specialist', 'Technology', { IsActive__c: false }),
        seller(7, 'Automation', '')
    ];
    const Account: Record<string, unknown>[] = [];
    for (let i = 1; i <= 28; i++) {
        // Owners are dealt round-robin over the five AEs (Eve departed): industries mismatch, so the plan moves many.
        Account.push({
            Id: acct(i),
            Name: `Crash ${String(i).padStart(2, '0')}`,
            OwnerId: user(((i * 3) % 5) + 1),
            ABM_Tier__c: '1',
            Industry: INDUSTRIES[i % 4],
            ABM_Region__c: 'EMEA',
            ABM_IsTerritoryLocked__c: i === 5,
            ABM_SecondaryOwner__c: i % 7 === 0 ? user(7) : null,
            ABM_IcpFitScore__c: 50 + (i % 5) * 10,
            ABM_IntentScore__c: 40 + (i % 3) * 20,
            ...tiering(i),
            ABM_LastAssignmentRunId__c: null
        });
    }
    for (let i = 29; i <= 32; i++)
        Account.push({
            Id: acct(i),
            Name: `Crash low ${i}`,
            OwnerId: user(1),
            ABM_Tier__c: '3',
            Industry: 'Retail',
            ABM_Region__c: 'EMEA',
            ABM_IcpFitScore__c: 60 + i,
            ABM_IntentScore__c: 90,
            ...tiering(i)
        });
    const AccountTeamMember = [3, 6, 9, 12, 15, 18].flatMap((i, k) => [
        {
            Id: makeId('01M', k * 2 + 1),
            AccountId: acct(i),
            UserId: user(6),
            TeamMemberRole: 'Executive Sponsor',
            AccountAccessLevel: 'Edit',
            OpportunityAccessLevel: 'Read',
            CaseAccessLevel: 'Read',
            ContactAccessLevel: 'Edit'
        }
    ]);
    return {
        User,
        ABM_Seller__c,
        Account,
        AccountTeamMember,
        ABM_Assignment__c: [],
        Opportunity: [
            {
                Id: makeId('006', 1),
                Name: 'Deal',
                AccountId: acct(5),
                StageName: 'Negotiation/Review',
                CloseDate: '2026-12-01',
                IsClosed: false
            }
        ]
    };
}

/** The same book as a snapshot folder (one CSV per object, `snapshot.json` with the as-of date). */
export function crashSnapshot(dir: string): string {
    mkdirSync(dir, { recursive: true });
    for (const [object, rows] of Object.entries(crashBook())) {
        const header = [...new Set(['Id', ...rows.flatMap((r) => Object.keys(r))])];
        const columns =
            object === 'ABM_Assignment__c'
                ? [
                      'Id',
                      'Account__c',
                      'PreviousOwner__c',
                      'NewOwner__c',
                      'Role__c',
                      'Reason__c',
                      'Rule__c',
                      'RunId__c',
                      'Source__c',
                      'AssignedAt__c'
                  ]
                : header;
        writeFileSync(
            join(dir, `${object}.csv`),
            stringify(
                rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c])))),
                { header: true, columns }
            )
        );
    }
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ asOf: '2026-10-01', fiscalYearStartMonth: 1 }));
    return dir;
}
