/**
 * `abm comp` and `abm report` end to end: the CLI (in-process, test/abm-cli.ts; the usage error through the compiled CLI
 * in a child process) on a small snapshot folder whose figures are computed by hand below, read through the snapshot
 * door (SOQL over CSV).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { to18 } from '../../scripts/org/ids';
import { abmInProcess, abmProcess, type CliResult } from '../abm-cli';

jest.setTimeout(60_000);

// Valid 18-character Ids (the snapshot door checks the case-safe suffix).
const ID_00T000000000001 = to18('00T000000000001');
const ID_001000000000001 = to18('001000000000001');
const ID_001000000000002 = to18('001000000000002');
const ID_001000000000003 = to18('001000000000003');
const ID_001000000000004 = to18('001000000000004');
const ID_005000000000001 = to18('005000000000001');
const ID_005000000000002 = to18('005000000000002');
const ID_006000000000001 = to18('006000000000001');
const ID_006000000000002 = to18('006000000000002');
const ID_006000000000003 = to18('006000000000003');
const ID_a05000000000001 = to18('a05000000000001');
const ID_a05000000000002 = to18('a05000000000002');
const ID_a06000000000001 = to18('a06000000000001');
const ID_a06000000000002 = to18('a06000000000002');

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
let dir: string;

beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'abm-analytics-'));
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ asOf: '2026-10-01', fiscalYearStartMonth: 1 }));
    writeFileSync(
        join(dir, 'User.csv'),
        csv([
            ['Id', 'Name', 'IsActive', 'Username', 'Email'],
            [ID_005000000000001, 'Ada AE', 'true', 'ada@x.test', 'ada@x.test'],
            [ID_005000000000002, 'Bo AE', 'true', 'bo@x.test', 'bo@x.test']
        ])
    );
    writeFileSync(
        join(dir, 'ABM_Seller__c.csv'),
        csv([
            ['Id', 'User__c', 'Role__c', 'IsActive__c', 'QuotaAmount__c', 'OnTargetEarnings__c'],
            [ID_a05000000000001, ID_005000000000001, 'AE', 'true', '200000', '40000'],
            [ID_a05000000000002, ID_005000000000002, 'AE', 'true', '100000', '20000']
        ])
    );
    writeFileSync(
        join(dir, 'Account.csv'),
        csv([
            [
                'Id',
                'Name',
                'OwnerId',
                'ABM_Tier__c',
                'ABM_Stage__c',
                'ABM_IdentifiedDate__c',
                'ABM_SqlEnteredDate__c',
                'ABM_ContactCoverage__c',
                'LastActivityDate'
            ],
            [ID_001000000000001, 'Acme', ID_005000000000001, '1', 'SQL Account', '2026-05-01', '2026-07-10', '3', '2026-09-15'],
            [ID_001000000000002, 'Globex', ID_005000000000001, '1', 'Engaged', '', '', '1', '2026-09-20'],
            [ID_001000000000003, 'Initech', ID_005000000000002, '1', 'Engaged', '', '', '3', '2026-08-01'],
            [ID_001000000000004, 'Umbrella', ID_005000000000002, 'Not ABM', 'Unknown', '', '', '0', '']
        ])
    );
    writeFileSync(
        join(dir, 'Opportunity.csv'),
        csv([
            ['Id', 'AccountId', 'OwnerId', 'Name', 'Amount', 'StageName', 'CreatedDate', 'CloseDate', 'IsClosed', 'IsWon'],
            [
                ID_006000000000001,
                ID_001000000000001,
                ID_005000000000001,
                'Acme deal',
                '100000',
                'Closed Won',
                '2026-07-15T10:00:00.000Z',
                '2026-09-01',
                'true',
                'true'
            ],
            [
                ID_006000000000002,
                ID_001000000000002,
                ID_005000000000001,
                'Globex deal',
                '50000',
                'Prospecting',
                '2026-08-01T10:00:00.000Z',
                '2026-12-01',
                'false',
                'false'
            ],
            [
                ID_006000000000003,
                ID_001000000000004,
                ID_005000000000002,
                'Umbrella deal',
                '10000',
                'Closed Won',
                '2026-07-01T10:00:00.000Z',
                '2026-07-31',
                'true',
                'true'
            ]
        ])
    );
    const contact = (n: number, account: string, role: string, engaged: boolean) => [
        to18(`003${String(n).padStart(12, '0')}`),
        account,
        `C${n}`,
        role,
        String(engaged),
        'false'
    ];
    writeFileSync(
        join(dir, 'Contact.csv'),
        csv([
            ['Id', 'AccountId', 'LastName', 'ABM_BuyingRole__c', 'ABM_IsEngaged__c', 'ABM_HasLeftCompany__c'],
            contact(1, ID_001000000000001, 'Decision Maker', true),
            contact(2, ID_001000000000001, 'Champion', true),
            contact(3, ID_001000000000001, 'Other', true),
            contact(4, ID_001000000000002, 'Champion', true),
            contact(5, ID_001000000000002, 'Evaluator', false),
            contact(6, ID_001000000000003, 'Decision Maker', true),
            contact(7, ID_001000000000003, 'Champion', true),
            contact(8, ID_001000000000003, 'User', true)
        ])
    );
    writeFileSync(
        join(dir, 'Task.csv'),
        csv([
            ['Id', 'AccountId', 'ActivityDate', 'Subject'],
            [ID_00T000000000001, ID_001000000000003, '2026-08-03', 'Meeting: discovery']
        ])
    );
    writeFileSync(
        join(dir, 'ABM_IntentSignal__c.csv'),
        csv([
            ['Id', 'Account__c', 'SignalType__c', 'SignalDate__c'],
            [ID_a06000000000001, ID_001000000000003, 'Topic surge', '2026-07-30'],
            [ID_a06000000000002, ID_001000000000002, 'Web visit', '2026-08-30']
        ])
    );
});

const withJson = (result: CliResult) => ({
    status: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout) as { status: number; result: Record<string, unknown> }
});
const abm = async (args: string[]) => withJson(await abmInProcess(args));

it('abm comp pays each AE on the 50/25/25 model for the last full quarter before the snapshot date', async () => {
    const out = join(dir, 'comp');
    const run = await abm(['comp', '--snapshot', dir, '--out', out, '--json']);
    expect({ status: run.status, stdout: run.status === 0 ? '' : run.stdout }).toEqual({ status: 0, stdout: '' });
    const { result } = run.json();
    expect(result.period).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    const rows = result.rows as {
        name: string;
        quotaAttainment: number;
        engagementScore: number;
        pipelineAttainment: number;
        payout: number;
    }[];
    // Annual quota and OTE, a quarter of them for Q3. Ada: quota 50k, OTE 10k; won 100k / 50k = 2 (capped 1.5); engaged
    // 2/2 (15 and 20 Sep are within 30 days of 30 Sep); Tier 1 pipeline 150k / (2 × 50k) = 1.5. 10k × 1.375 = 13,750.
    expect(rows[0]).toMatchObject({
        name: 'Ada AE',
        quota: 50_000,
        onTargetEarnings: 10_000,
        quotaAttainment: 2,
        engagementScore: 1,
        pipelineAttainment: 1.5,
        payout: 13_750
    });
    // Bo: quota 25k, OTE 5k; won 10k / 25k = 0.4; Initech last active 3 Aug (58 days before 30 Sep): not engaged; no
    // Tier 1 pipeline. 5k × 0.5 × 0.4 = 1,000.
    expect(rows[1]).toMatchObject({ name: 'Bo AE', quotaAttainment: 0.4, engagementScore: 0, pipelineAttainment: 0, payout: 1_000 });
    // Every payout within the period OTE × cap.
    for (const r of rows as unknown as { payout: number; onTargetEarnings: number }[])
        expect(r.payout).toBeLessThanOrEqual(r.onTargetEarnings * 1.5);
    const file = readFileSync(join(out, 'comp.csv'), 'utf8').split('\n');
    expect(file[0]).toContain('quotaAttainment');
    expect(file[1]).toContain('Ada AE');
});

it('abm report writes Markdown and HTML with the tier, deal, health and signal figures', async () => {
    const out = join(dir, 'report');
    const run = await abm(['report', '--snapshot', dir, '--out', out, '--json', '--revenue-goal', '1000000']);
    expect({ status: run.status, stdout: run.status === 0 ? '' : run.stdout }).toEqual({ status: 0, stdout: '' });
    const { result } = run.json();
    const tiers = result.tiers as { tier: string; pipelineAmount: number; winRate: number | null }[];
    expect(tiers.find((t) => t.tier === '1')).toMatchObject({ pipelineAmount: 150_000, winRate: 1 });
    // As of 1 Oct: Initech's last engagement is the 3 Aug meeting (59 days): stalling, not dormant. Coverage from the
    // contacts: Acme 3 (its "Other" counts), Globex 1, Initech 3: one gap.
    expect(result.listHealth).toMatchObject({ tier1: 3, dormantTier1: 0, stallingTier1: 1, coverageGaps: 1, tier1WithPipeline: 2 });
    expect(result.signals).toEqual([
        { signalType: 'Topic surge', signals: 1, converted: 1, conversionRate: 1 },
        { signalType: 'Web visit', signals: 1, converted: 0, conversionRate: 0 }
    ]);
    // Growth: ABM average deal 100k, ABM win rate 1/1, evaluation → opportunity: Acme (SQL Account) has one: 1.0.
    expect(result.growth).toMatchObject({ dealsNeeded: 10, opportunitiesNeeded: 10, accountsInEvaluationNeeded: 10 });
    expect(existsSync(join(out, 'report.md'))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<svg role="img" aria-label="Pipeline created by tier"');
    expect(html).toContain('Ada AE');
});

it('refuses half a period with a usage error (exit 2 from a child process) and names the flag', async () => {
    const run = await abmProcess(['comp', '--snapshot', dir, '--from', '2026-07-01']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Pass both --from and --to');
    expect(run.stdout).toBe('');
});

it('rejects a policy whose weights do not validate, naming the file and field', async () => {
    const policy = join(dir, 'bad-policy.json');
    writeFileSync(policy, JSON.stringify({ comp: { quotaWeight: 2 } }));
    const run = await abm(['comp', '--snapshot', dir, '--policy', policy]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${policy}: comp.quotaWeight`);
});
