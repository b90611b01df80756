/**
 * Campaign responses as account engagement (docs/metrics.md#campaign-response), the rule the org's CampaignMember
 * trigger stamps into ABM_LastEngagementDate__c (AbmEngagementService.accountOf): a contact member counts for the
 * contact's account, a lead member for its converted account, else the account routing matched it to. `abm audit` and
 * `abm report`/`abm comp` read lead members the same way, from a snapshot and through the API double.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { loadAnalyticsBook } from '../../scripts/cli/analytics-book';
import { readAuditBook } from '../../scripts/cli/commands/audit';
import { Ux } from '../../scripts/cli/shared';
import { DEFAULT_AUDIT_POLICY, runAudit } from '../../scripts/core/audit';
import { campaignResponses, responseAccountOf } from '../../scripts/core/metrics';
import { to18 } from '../../scripts/org/ids';
import type { Org } from '../../scripts/org/index';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { startDouble } from '../sfdouble/harness';

jest.setTimeout(120_000);

const CONTACT_ACCOUNT = '001000000000001';
const CONVERTED = '001000000000002';
const MATCHED = '001000000000003';
const contacts = new Map([['003000000000001', CONTACT_ACCOUNT]]);
const leads = new Map([
    ['00Q000000000001', { ConvertedAccountId: CONVERTED, ABM_MatchedAccount__c: MATCHED }],
    ['00Q000000000002', { ConvertedAccountId: null, ABM_MatchedAccount__c: MATCHED }],
    ['00Q000000000003', { ConvertedAccountId: null, ABM_MatchedAccount__c: null }]
]);

describe('the account of a campaign response', () => {
    it.each([
        [
            'a contact member: the contact’s account, before any lead',
            { ContactId: '003000000000001AAA', LeadId: '00Q000000000002AAA' },
            CONTACT_ACCOUNT
        ],
        ['a converted lead: its converted account, not the matched one', { LeadId: '00Q000000000001AAA' }, CONVERTED],
        ['an open lead: the account routing matched it to', { LeadId: '00Q000000000002AAA' }, MATCHED],
        ['an unmatched lead: none', { LeadId: '00Q000000000003AAA' }, null],
        ['a contact without account and no lead: none', { ContactId: '003000000000009AAA' }, null],
        ['neither contact nor lead (an account member): none', {}, null]
    ])('%s', (_name, member, expected) => {
        expect(responseAccountOf({ FirstRespondedDate: '2026-05-01', ...member }, contacts, leads)).toBe(expected);
    });

    it('drops undated and account-less responses and keeps the first response date', () => {
        expect(
            campaignResponses(
                [
                    { ContactId: '003000000000001', FirstRespondedDate: '2026-05-01' },
                    { LeadId: '00Q000000000002', FirstRespondedDate: '2026-05-09' },
                    { LeadId: '00Q000000000003', FirstRespondedDate: '2026-05-10' },
                    { ContactId: '003000000000001', FirstRespondedDate: null }
                ],
                contacts,
                leads
            )
        ).toEqual([
            { AccountId: CONTACT_ACCOUNT, ActivityDate: '2026-05-01' },
            { AccountId: MATCHED, ActivityDate: '2026-05-09' }
        ]);
    });
});

describe('lead members in the CLI', () => {
    const SAMPLE = join(__dirname, '..', '..', 'data', 'sample-org');
    const ASOF = '2026-10-01';
    const RESPONDED = '2026-09-30';
    const csv = (dir: string, object: string) =>
        parse(readFileSync(join(dir, `${object}.csv`)), { columns: true }) as Record<string, string>[];
    const write = (dir: string, object: string, rows: Record<string, string>[]) =>
        writeFileSync(join(dir, `${object}.csv`), stringify(rows, { header: true, columns: Object.keys(rows[0]!) }));

    // A copy of the sample with three responding leads: one matched to account A, one converted to account B (and
    // matched to A), one unmatched; A and B had no engagement stored after the response.
    const dir = mkdtempSync(join(tmpdir(), 'abm-responses-'));
    cpSync(SAMPLE, dir, { recursive: true });
    const accounts = csv(dir, 'Account').filter((a) => a.ABM_Tier__c === '1' && !(a.ABM_LastEngagementDate__c! >= RESPONDED));
    const [a, b] = [accounts[0]!.Id!, accounts[1]!.Id!];
    const sampleLeads = csv(dir, 'Lead');
    const leadAccounts: [string, string][] = [
        [a, ''],
        [a, b],
        ['', '']
    ];
    write(
        dir,
        'Lead',
        sampleLeads.map((l, i) => ({
            ...l,
            ABM_MatchedAccount__c: leadAccounts[i]?.[0] ?? '',
            ConvertedAccountId: leadAccounts[i]?.[1] ?? '',
            IsConverted: leadAccounts[i]?.[1] ? 'true' : 'false'
        }))
    );
    const members: Record<string, string>[] = csv(dir, 'CampaignMember').map((m) => ({ ...m, LeadId: '' }));
    const campaignId = members[0]!.CampaignId!;
    const leadRows = sampleLeads.slice(0, 4).map((l, i) => ({
        Id: to18(`00vABM00000099${i}`),
        CampaignId: campaignId,
        ContactId: '',
        LeadId: l.Id!,
        Status: i < 3 ? 'Responded' : 'Sent',
        HasResponded: i < 3 ? 'true' : 'false',
        FirstRespondedDate: i < 3 ? RESPONDED : ''
    }));
    write(dir, 'CampaignMember', [...members, ...leadRows]);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const leadResponses = (responses: { AccountId: string | null; ActivityDate: string | null }[] | undefined) =>
        (responses ?? []).filter((r) => r.ActivityDate === RESPONDED && (r.AccountId === a || r.AccountId === b));

    async function readBoth(org: Org) {
        const ux = new Ux(true);
        const audit = await readAuditBook(org, ux, ASOF);
        const analytics = await loadAnalyticsBook(org, ux);
        return { audit, analytics };
    }

    it('counts a matched lead for its matched account and a converted lead for its converted account, in the snapshot and through the API', async () => {
        const h = await startDouble({ snapshotDir: dir });
        try {
            for (const org of [await SnapshotOrg.open(dir), h.org]) {
                const { audit, analytics } = await readBoth(org);
                const expected = [
                    { AccountId: a, ActivityDate: RESPONDED },
                    { AccountId: b, ActivityDate: RESPONDED }
                ];
                expect(leadResponses(audit.responses)).toEqual(expect.arrayContaining(expected));
                expect(leadResponses(audit.responses)).toHaveLength(2);
                expect(leadResponses(analytics.responses)).toEqual(expect.arrayContaining(expected));
                expect(leadResponses(analytics.responses)).toHaveLength(2);
                // The stored engagement date is older than the lead responses: the audit asks for the backfill.
                const drift = runAudit({ ...audit, asOf: ASOF, policy: DEFAULT_AUDIT_POLICY }).findings.filter(
                    (f) => f.check === 'derived-field-drift' && f.detail.startsWith('ABM_LastEngagementDate__c')
                );
                expect(drift.map((f) => f.recordId).sort()).toEqual(expect.arrayContaining([a, b].sort()));
                expect(drift.find((f) => f.recordId === a)!.fix).toContain('AbmEngagementBackfillBatch');
            }
        } finally {
            await h.stop();
        }
    });
});
