/** One test per audit rule (scripts/core/audit.ts), on a book built in memory, plus the command on the sample org. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as auditCommand from '../../scripts/cli/commands/audit';
import { DEFAULT_AUDIT_POLICY, failsGate, runAudit, type AuditAccount, type AuditInput, type CheckId } from '../../scripts/core/audit';
import { runCommand } from '../load/helpers';

const AE = '005000000000001AAA';
const SDR = '005000000000002AAA';
const BOT = '005000000000003AAA';
const GONE = '005000000000004AAA';
const ASOF = '2026-10-01';

const acc = (id: number, over: Partial<AuditAccount> = {}): AuditAccount => ({
    Id: `001000000000${String(id).padStart(3, '0')}AAA`,
    Name: `Account ${id}`,
    OwnerId: AE,
    ABM_Tier__c: '1',
    ABM_WebDomain__c: `a${id}.com`,
    Industry: 'Technology',
    NumberOfEmployees: 100,
    AnnualRevenue: null,
    BillingCountry: 'Germany',
    ABM_Region__c: 'EMEA',
    LastActivityDate: '2026-09-25',
    ABM_LastEngagementDate__c: null,
    ABM_TierChangedDate__c: '2026-07-01',
    ...over
});
const engaged = (accountId: string, n: number) =>
    Array.from({ length: n }, (_, i) => ({
        Id: `003${accountId}${i}`,
        AccountId: accountId,
        ABM_BuyingRole__c: 'Champion',
        ABM_IsEngaged__c: true,
        ABM_HasLeftCompany__c: false
    }));

function audit(accounts: AuditAccount[], over: Partial<AuditInput> = {}) {
    return runAudit({
        accounts,
        contacts: accounts.flatMap((a) => engaged(a.Id, 3)),
        users: [
            { Id: AE, Name: 'Ada AE', IsActive: true },
            { Id: SDR, Name: 'Sam SDR', IsActive: true },
            { Id: BOT, Name: 'Automation', IsActive: true, Username: 'bot@corp.example' },
            { Id: GONE, Name: 'Gus Gone', IsActive: false }
        ],
        sellers: [
            { User__c: AE, Role__c: 'AE', IsActive__c: true },
            { User__c: SDR, Role__c: 'SDR', IsActive__c: true },
            { User__c: BOT, Role__c: 'Automation', IsActive__c: true }
        ],
        aliases: [],
        plans: [],
        asOf: ASOF,
        policy: DEFAULT_AUDIT_POLICY,
        ...over
    });
}
const checks = (r: ReturnType<typeof audit>) => r.findings.map((f) => f.check);
const only = (r: ReturnType<typeof audit>, check: CheckId) => r.findings.filter((f) => f.check === check);

it('a healthy Tier 1 account has no findings', () => {
    expect(audit([acc(1)]).findings).toEqual([]);
});

it('unassigned Tier 1: no owner, or the automation owner', () => {
    const r = audit([acc(1, { OwnerId: null }), acc(2, { OwnerId: BOT }), acc(3)]);
    expect(only(r, 'unassigned-tier1').map((f) => [f.recordName, f.severity])).toEqual([
        ['Account 1', 'high'],
        ['Account 2', 'high']
    ]);
    expect(only(r, 'unassigned-tier1')[0]!.fix).toMatch(/abm rebalance plan --departures-only/);
});

it('duplicate accounts by domain (stored or from the website), keeping the best-tiered one', () => {
    const r = audit([acc(1, { ABM_Tier__c: '2' }), acc(2, { ABM_WebDomain__c: null, Website: 'https://www.A1.com/x', ABM_Tier__c: '1' })]);
    const d = only(r, 'duplicate-domain');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ recordName: 'Account 1', severity: 'high' });
    expect(d[0]!.fix).toContain('Merge into Account 2');
});

it('duplicate by alias: an alias naming another account’s domain, and an alias pointing nowhere', () => {
    const r = audit([acc(1), acc(2)], {
        aliases: [
            { Id: 'a1', Domain__c: 'a2.com', Account__c: acc(1).Id },
            { Id: 'a2', Domain__c: 'old.com', Account__c: '001000000000999AAA' }
        ]
    });
    expect(only(r, 'duplicate-alias').map((f) => [f.recordId, f.severity])).toEqual([
        ['a1', 'high'],
        ['a2', 'medium']
    ]);
});

it('missing required fields on target accounts only, listed by name', () => {
    const r = audit([
        acc(1, { Industry: null, NumberOfEmployees: null, BillingCountry: null, ABM_Region__c: null }),
        acc(2, { ABM_Tier__c: 'Not ABM', Industry: null, OwnerId: BOT })
    ]);
    const m = only(r, 'missing-fields');
    expect(m).toHaveLength(1);
    expect(m[0]!.detail).toBe(
        'missing industry (Industry), size (NumberOfEmployees or AnnualRevenue), geography (BillingCountry or ABM_Region__c)'
    );
});

it('Tier 1 contact coverage below the minimum (departed and unengaged contacts do not count)', () => {
    const a = acc(1);
    const contacts = [
        ...engaged(a.Id, 2),
        { Id: 'c9', AccountId: a.Id, ABM_BuyingRole__c: 'Decision Maker', ABM_IsEngaged__c: true, ABM_HasLeftCompany__c: true }
    ];
    const r = audit([a], { contacts });
    expect(only(r, 'low-coverage')[0]).toMatchObject({ severity: 'medium', detail: '2 engaged contacts with a buying role (minimum 3)' });
    expect(only(audit([a], { contacts: [] }), 'low-coverage')[0]!.severity).toBe('high');
});

it.each([
    ['2026-09-11', []],
    ['2026-09-10', ['stalling']],
    ['2026-08-03', ['stalling']],
    ['2026-08-02', ['dormant']],
    [null, ['dormant']]
] as const)('stalling at 21 days, dormant at 60 (last activity %s)', (last, expected) => {
    const r = audit([acc(1, { LastActivityDate: last, ABM_TierChangedDate__c: '2026-09-30' })]);
    expect(checks(r).filter((c) => c === 'stalling' || c === 'dormant')).toEqual(expected);
});

it('uses the later of LastActivityDate and ABM_LastEngagementDate__c', () => {
    const r = audit([acc(1, { LastActivityDate: '2026-01-01', ABM_LastEngagementDate__c: '2026-09-29', ABM_TierChangedDate__c: null })]);
    expect(checks(r)).toEqual([]);
});

it.each([
    ['1', '2026-07-04', null],
    ['1', '2026-07-03', 'sunset-review'],
    ['1', '2026-04-04', 'sunset-due'],
    ['2', '2026-04-05', null],
    ['2', '2026-04-04', 'sunset-review'],
    ['2', '2025-10-01', 'sunset-due']
] as const)('sunset by tier: Tier %s idle since %s → %s', (tier, since, expected) => {
    const r = audit([
        acc(1, { ABM_Tier__c: tier, OwnerId: tier === '2' ? SDR : AE, LastActivityDate: since, ABM_TierChangedDate__c: since })
    ]);
    const found = checks(r).filter((c) => c === 'sunset-review' || c === 'sunset-due');
    expect(found).toEqual(expected ? [expected] : []);
});

it('ownership rules by tier: Tier 1 an AE, Tier 2 an SDR or AE, Tier 3 the automation user', () => {
    const r = audit([
        acc(1, { OwnerId: SDR }),
        acc(2, { ABM_Tier__c: '2', OwnerId: SDR }),
        acc(3, { ABM_Tier__c: '2', OwnerId: BOT }),
        acc(4, { ABM_Tier__c: '3', OwnerId: AE }),
        acc(5, { ABM_Tier__c: '3', OwnerId: BOT })
    ]);
    expect(only(r, 'ownership-rule').map((f) => [f.recordName, f.severity])).toEqual([
        ['Account 1', 'high'],
        ['Account 3', 'medium'],
        ['Account 4', 'low']
    ]);
});

it('a named low-tier owner (lowTierOwnerUsername) is the only valid Tier 3 owner', () => {
    const policy = { ...DEFAULT_AUDIT_POLICY, lowTierOwnerUsername: 'bot@corp.example' };
    const r = audit([acc(1, { ABM_Tier__c: '3', OwnerId: BOT }), acc(2, { ABM_Tier__c: '3', OwnerId: SDR })], { policy });
    expect(only(r, 'ownership-rule').map((f) => f.recordName)).toEqual(['Account 2']);
});

it('owners who are inactive users, by tier severity', () => {
    const r = audit([acc(1, { OwnerId: GONE }), acc(2, { ABM_Tier__c: 'Not ABM', OwnerId: GONE })]);
    // A Tier 1 account with an inactive owner is unassigned (docs/metrics.md), reported once, as unassigned-tier1.
    expect(only(r, 'inactive-owner').map((f) => f.severity)).toEqual(['low']);
    expect(only(r, 'unassigned-tier1').map((f) => f.detail)).toEqual(['Tier 1 account owned by Gus Gone, an inactive user']);
});

it('champion departed on Tier 1–2 accounts', () => {
    const a = acc(1);
    const contacts = [
        ...engaged(a.Id, 3),
        {
            Id: 'c1',
            Name: 'Jo Champion',
            AccountId: a.Id,
            ABM_BuyingRole__c: 'Champion',
            ABM_IsEngaged__c: true,
            ABM_HasLeftCompany__c: true
        }
    ];
    const f = only(audit([a], { contacts }), 'champion-departed');
    expect(f).toEqual([
        expect.objectContaining({ object: 'Contact', recordId: 'c1', recordName: 'Jo Champion', accountId: a.Id, severity: 'high' })
    ]);
});

it('plans overdue for review: past the next review date, or 92 days after the last review', () => {
    const a = acc(1);
    const r = audit([a], {
        plans: [
            { Id: 'p1', Account__c: a.Id, Status__c: 'Active', LastReviewedDate__c: '2026-06-01', NextReviewDate__c: '2026-09-30' },
            { Id: 'p2', Account__c: a.Id, Status__c: 'Active', LastReviewedDate__c: '2026-07-01', NextReviewDate__c: null },
            { Id: 'p3', Account__c: a.Id, Status__c: 'Draft', LastReviewedDate__c: '2026-06-01', NextReviewDate__c: null },
            { Id: 'p4', Account__c: a.Id, Status__c: 'Archived', LastReviewedDate__c: '2020-01-01', NextReviewDate__c: null }
        ]
    });
    expect(only(r, 'plan-overdue').map((f) => f.recordId)).toEqual(['p1', 'p3']);
});

it('thresholds come from the policy, and disabled checks are skipped', () => {
    const a = acc(1, { LastActivityDate: '2026-09-20', ABM_TierChangedDate__c: '2026-09-30' });
    expect(checks(audit([a], { policy: { ...DEFAULT_AUDIT_POLICY, stallingDays: 10 } }))).toEqual(['stalling']);
    expect(
        checks(
            audit([acc(1, { OwnerId: null })], { policy: { ...DEFAULT_AUDIT_POLICY, disabled: ['unassigned-tier1', 'missing-fields'] } })
        )
    ).toEqual([]);
});

it('the CI gate fails at or above the severity', () => {
    const r = audit([acc(1, { ABM_Tier__c: '3', OwnerId: AE })]);
    expect(r.bySeverity).toEqual({ high: 0, medium: 0, low: 1 });
    expect(failsGate(r.findings, 'low')).toBe(true);
    expect(failsGate(r.findings, 'medium')).toBe(false);
});

describe('abm audit on the sample org', () => {
    const out = join(tmpdir(), `abm-audit-${process.pid}`);
    it('finds the sample’s planted problems and passes the gate only when nothing is at the severity', async () => {
        const r = await runCommand(auditCommand, [
            '--snapshot',
            join(__dirname, '../../data/sample-org'),
            '--out',
            out,
            '--fail-on',
            'high'
        ]);
        expect(r.status).toBe(1);
        const byCheck = r.result!.byCheck as { check: string; high: number; medium: number; low: number }[];
        const total = (c: string) => byCheck.filter((x) => x.check === c).reduce((n, x) => n + x.high + x.medium + x.low, 0);
        for (const c of [
            'unassigned-tier1',
            'duplicate-domain',
            'duplicate-alias',
            'dormant',
            'stalling',
            'champion-departed',
            'plan-overdue',
            'low-coverage'
        ])
            expect(total(c)).toBeGreaterThan(0);
        // The sample is self-consistent: every stored derived field equals its source.
        expect(total('derived-field-drift')).toBe(0);
        const ok = await runCommand(auditCommand, [
            '--snapshot',
            join(__dirname, '../../data/sample-org'),
            '--out',
            out,
            '--only',
            'sunset-review',
            '--fail-on',
            'medium'
        ]);
        expect(ok.status).toBe(0);
        const bad = await runCommand(auditCommand, ['--snapshot', join(__dirname, '../../data/sample-org'), '--fail-on', 'urgent']);
        expect(bad.status).toBe(2);
    }, 60_000); // three audits of the whole sample org: ~2 s idle, 6 s on a loaded 2-core machine (no speed assertion here)
});

it('derived-field-drift: stored coverage, completeness and LastActivityDate that disagree with their sources', () => {
    const a = acc(1, { ABM_ContactCoverage__c: 3, ABM_BuyingCommitteeCompleteness__c: 25, LastActivityDate: '2026-09-01' });
    // Three engaged Champions: coverage 3 (agrees), completeness 25 (one of four required roles: agrees).
    expect(only(audit([a]), 'derived-field-drift')).toEqual([]);
    // A completed task after the stored LastActivityDate, and one more engaged contact ("Other" counts).
    const r = audit([a], {
        contacts: [
            ...engaged(a.Id, 3),
            { Id: '003x', AccountId: a.Id, ABM_BuyingRole__c: 'Other', ABM_IsEngaged__c: true, ABM_HasLeftCompany__c: false }
        ],
        activities: [{ AccountId: a.Id, ActivityDate: '2026-09-20', IsClosed: true }]
    });
    expect(only(r, 'derived-field-drift').map((f) => f.detail.split(':')[0])).toEqual([
        'ABM_ContactCoverage__c is 3 but its contacts give 4',
        'LastActivityDate is 2026-09-01 but its completed tasks give 2026-09-20'
    ]);
    // Fields that were not read are not checked.
    expect(only(audit([acc(2)]), 'derived-field-drift')).toEqual([]);
    // A campaign response later than the stored ABM_LastEngagementDate__c (the org's formulas would miss it); one after
    // the as-of date, or earlier than the stored date (another source), is not drift.
    const responded = (stored: string | null, on: string) =>
        only(
            audit([{ ...a, ABM_LastEngagementDate__c: stored }], { responses: [{ AccountId: a.Id, ActivityDate: on }] }),
            'derived-field-drift'
        ).map((f) => f.detail.split(':')[0]);
    expect(responded('2026-08-01', '2026-09-10')).toEqual([
        'ABM_LastEngagementDate__c is 2026-08-01 but its campaign responses give 2026-09-10'
    ]);
    expect(responded(null, '2026-09-10')).toEqual(['ABM_LastEngagementDate__c is blank but its campaign responses give 2026-09-10']);
    expect(responded('2026-09-15', '2026-09-10')).toEqual([]);
    expect(responded(null, '2026-10-20')).toEqual([]);
});

it('judges dormant and stalling as of a past date from the activity up to it, and never-engaged accounts from their creation', () => {
    const a = acc(1, { LastActivityDate: '2026-09-25' });
    const activities = [
        { AccountId: a.Id, ActivityDate: '2026-06-01', IsClosed: true },
        { AccountId: a.Id, ActivityDate: '2026-09-25', IsClosed: true }
    ];
    // As of 1 Aug the September activity has not happened: 61 days since 1 Jun.
    expect(checks(audit([a], { activities, asOf: '2026-08-01' }))).toContain('dormant');
    expect(checks(audit([a], { activities, asOf: '2026-07-01' }))).toContain('stalling');
    // Created 10 days ago, never engaged: not dormant yet; created long ago: dormant.
    const fresh = acc(2, { LastActivityDate: null, CreatedDate: '2026-09-21T10:00:00.000Z' });
    expect(checks(audit([fresh]))).not.toContain('dormant');
    expect(checks(audit([{ ...fresh, CreatedDate: '2025-01-01T00:00:00.000Z' }]))).toContain('dormant');
});
