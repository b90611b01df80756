/**
 * Data-model tests of the sample snapshot (data/sample-org): it is what data/generate-sample-org.ts writes from its seed,
 * and it is self-consistent: references resolve, every derived field equals what it derives from (the same functions
 * the tools use, scripts/core/metrics.ts), dates are in order. Cross-tool checks on the sample mean something only then.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityIndex, completenessOf, coverageOf, derivedFieldDrift } from '../../scripts/core/metrics';
import { SnapshotOrg } from '../../scripts/org/snapshot';

const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample-org');
type Rec = Record<string, unknown>;

let org: SnapshotOrg;
let asOf: string;
const rows: Record<string, Rec[]> = {};
const q = async (object: string, fields: string) => (rows[object] = await org.query(`SELECT ${fields} FROM ${object}`));

beforeAll(async () => {
    org = await SnapshotOrg.open(SAMPLE);
    asOf = (JSON.parse(readFileSync(join(SAMPLE, 'snapshot.json'), 'utf8')) as { asOf: string }).asOf;
    await q('User', 'Id, Username, Name, IsActive');
    await q('ABM_Seller__c', 'Id, User__c, Role__c, IsActive__c');
    await q(
        'Account',
        'Id, OwnerId, ABM_Tier__c, ABM_Stage__c, CreatedDate, LastActivityDate, ABM_LastEngagementDate__c, ABM_IdentifiedDate__c, ABM_SqlEnteredDate__c, ABM_StageEnteredDate__c, ABM_TierChangedDate__c, ABM_ContactCoverage__c, ABM_BuyingCommitteeCompleteness__c, ABM_HealthScore__c, ABM_IcpFitScore__c, ABM_IntentScore__c, ABM_EngagementScore__c, ABM_SecondaryOwner__c, ParentId'
    );
    await q('Contact', 'Id, AccountId, OwnerId, ABM_BuyingRole__c, ABM_IsEngaged__c, ABM_HasLeftCompany__c');
    await q('Task', 'Id, AccountId, WhatId, OwnerId, ActivityDate, IsClosed, Status');
    await q('Opportunity', 'Id, AccountId, OwnerId, CreatedDate, CloseDate, IsClosed, IsWon');
    await q('CampaignMember', 'Id, ContactId, HasResponded, FirstRespondedDate');
});

const ids = (object: string) => new Set(rows[object]!.map((r) => String(r.Id)));
const dangling = (object: string, field: string, target: string) => {
    const targets = ids(target);
    return rows[object]!.filter((r) => r[field] !== null && !targets.has(String(r[field]))).map((r) => `${String(r.Id)}.${field}`);
};

it('is exactly what the generator writes from its seed (reproducible)', () => {
    const out = mkdtempSync(join(tmpdir(), 'abm-sample-'));
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'data', 'generate-sample-org.ts'), '--out', out], { cwd: ROOT });
    const files = readdirSync(SAMPLE).sort();
    expect(readdirSync(out).sort()).toEqual(files);
    for (const f of files) expect([f, readFileSync(join(out, f), 'utf8')]).toEqual([f, readFileSync(join(SAMPLE, f), 'utf8')]);
});

it('has unique users (the automation user is nobody else) and resolvable references', () => {
    const usernames = rows.User!.map((u) => String(u.Username).toLowerCase());
    expect(new Set(usernames).size).toBe(usernames.length);
    const automation = rows.ABM_Seller__c!.filter((s) => s.Role__c === 'Automation').map((s) => String(s.User__c));
    expect(automation).toHaveLength(1);
    const others = new Set(rows.ABM_Seller__c!.filter((s) => s.Role__c !== 'Automation').map((s) => String(s.User__c)));
    expect(others.has(automation[0]!)).toBe(false);
    expect([
        ...dangling('ABM_Seller__c', 'User__c', 'User'),
        ...dangling('Account', 'OwnerId', 'User'),
        ...dangling('Account', 'ABM_SecondaryOwner__c', 'User'),
        ...dangling('Account', 'ParentId', 'Account'),
        ...dangling('Contact', 'AccountId', 'Account'),
        ...dangling('Contact', 'OwnerId', 'User'),
        ...dangling('Task', 'AccountId', 'Account'),
        ...dangling('Task', 'OwnerId', 'User'),
        ...dangling('Opportunity', 'AccountId', 'Account'),
        ...dangling('Opportunity', 'OwnerId', 'User'),
        ...dangling('CampaignMember', 'ContactId', 'Contact')
    ]).toEqual([]);
});

it('stores derived account fields equal to what they derive from', () => {
    const contactsByAccount = new Map<string, Rec[]>();
    for (const c of rows.Contact!) contactsByAccount.set(String(c.AccountId), [...(contactsByAccount.get(String(c.AccountId)) ?? []), c]);
    const committee = (id: string) =>
        (contactsByAccount.get(id) ?? []).map((c) => ({
            ABM_BuyingRole__c: c.ABM_BuyingRole__c as string | null,
            ABM_IsEngaged__c: c.ABM_IsEngaged__c === true,
            ABM_HasLeftCompany__c: c.ABM_HasLeftCompany__c === true
        }));
    const activities = activityIndex(
        rows.Task!.map((t) => ({ ...t, AccountId: t.AccountId as string, ActivityDate: t.ActivityDate as string }))
    );
    // ABM_LastEngagementDate__c (engagement outside activities) is the latest campaign response of the account's contacts.
    const accountOf = new Map(rows.Contact!.map((c) => [String(c.Id), String(c.AccountId)]));
    const lastResponse = new Map<string, string>();
    for (const m of rows.CampaignMember!) {
        const account = accountOf.get(String(m.ContactId));
        const on = m.HasResponded === true ? (m.FirstRespondedDate as string | null) : null;
        if (account && on && on > (lastResponse.get(account) ?? '')) lastResponse.set(account, on);
    }
    const wrong: string[] = [];
    for (const a of rows.Account!) {
        const id = String(a.Id);
        const members = committee(id);
        if ((a.ABM_LastEngagementDate__c ?? null) !== (lastResponse.get(id) ?? null)) wrong.push(`${id} ABM_LastEngagementDate__c`);
        if (a.ABM_ContactCoverage__c !== coverageOf(members)) wrong.push(`${id} coverage`);
        if (a.ABM_BuyingCommitteeCompleteness__c !== completenessOf(members)) wrong.push(`${id} completeness`);
        // LastActivityDate is exactly the latest completed task (none: blank).
        if ((a.LastActivityDate ?? null) !== (activities.get(id.slice(0, 15))?.at(-1) ?? null)) wrong.push(`${id} LastActivityDate`);
        // AbmHealthService.scoreFor with the default weights 0.4 / 0.3 / 0.3, half up (in tenths, so x.5 is exact).
        const score = Math.round(
            (4 * Number(a.ABM_IcpFitScore__c) + 3 * Number(a.ABM_IntentScore__c) + 3 * Number(a.ABM_EngagementScore__c)) / 10
        );
        if (a.ABM_HealthScore__c !== score) wrong.push(`${id} health score`);
        const drift = derivedFieldDrift(a as Parameters<typeof derivedFieldDrift>[0], members, activities.get(id.slice(0, 15)), asOf);
        if (drift.length) wrong.push(`${id} drift ${drift.map((d) => d.field).join(',')}`);
    }
    expect(wrong).toEqual([]);
    // The sample exercises the definitions: "Other" roles, departed contacts, open tasks, engagement outside activities.
    expect(rows.Contact!.some((c) => c.ABM_BuyingRole__c === 'Other' && c.ABM_IsEngaged__c === true)).toBe(true);
    expect(rows.Task!.some((t) => t.IsClosed === false)).toBe(true);
    expect(
        rows.Account!.some(
            (a) => a.ABM_LastEngagementDate__c && (!a.LastActivityDate || String(a.ABM_LastEngagementDate__c) > String(a.LastActivityDate))
        )
    ).toBe(true);
});

it('keeps dates in order: created first, nothing done after the as-of date, Identified before SQL', () => {
    const wrong: string[] = [];
    const created = new Map(rows.Account!.map((a) => [String(a.Id), String(a.CreatedDate).slice(0, 10)]));
    for (const a of rows.Account!) {
        const id = String(a.Id);
        for (const f of [
            'LastActivityDate',
            'ABM_LastEngagementDate__c',
            'ABM_IdentifiedDate__c',
            'ABM_SqlEnteredDate__c',
            'ABM_StageEnteredDate__c',
            'ABM_TierChangedDate__c'
        ]) {
            const d = a[f] as string | null;
            if (d && (d > asOf || d < created.get(id)!)) wrong.push(`${id}.${f} ${d}`);
        }
        if (a.ABM_SqlEnteredDate__c && !(a.ABM_IdentifiedDate__c && String(a.ABM_IdentifiedDate__c) <= String(a.ABM_SqlEnteredDate__c)))
            wrong.push(`${id} SQL before Identified`);
        if (a.ABM_Stage__c === 'SQL Account' && a.ABM_StageEnteredDate__c !== a.ABM_SqlEnteredDate__c) wrong.push(`${id} SQL stage date`);
        if (a.ABM_Stage__c === 'Identified' && a.ABM_StageEnteredDate__c !== a.ABM_IdentifiedDate__c)
            wrong.push(`${id} Identified stage date`);
    }
    for (const t of rows.Task!) {
        if (t.IsClosed === true && String(t.ActivityDate) > asOf) wrong.push(`${String(t.Id)} completed after the as-of date`);
        if (t.WhatId !== t.AccountId) wrong.push(`${String(t.Id)} WhatId`);
    }
    for (const o of rows.Opportunity!) {
        if (String(o.CreatedDate).slice(0, 10) < created.get(String(o.AccountId))!) wrong.push(`${String(o.Id)} before its account`);
        if (o.IsClosed === true && String(o.CloseDate) > asOf) wrong.push(`${String(o.Id)} closed after the as-of date`);
        if (o.IsWon === true && o.IsClosed !== true) wrong.push(`${String(o.Id)} won but open`);
    }
    for (const m of rows.CampaignMember!)
        if ((m.HasResponded === true) !== !!m.FirstRespondedDate) wrong.push(`${String(m.Id)} response date`);
    expect(wrong).toEqual([]);
});
