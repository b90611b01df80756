/**
 * `abm load` end to end against the local Salesforce API double: the CLI (its dispatcher in-process, test/abm-cli.ts,
 * through the sf auth store) reconciles the sample lists against the sample org served by the double, applies,
 * re-applies (a no-op: nothing sent), and survives per-row failures (failures file, exit 68). Through the command's
 * apply function, the same apply goes through Bulk API 2.0.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readSources } from '../../scripts/cli/commands/load';
import { applyAccountPlan } from '../../scripts/cli/commands/load-write';
import { sealPlan, targetOf } from '../../scripts/cli/runs';
import { Ux } from '../../scripts/cli/shared';
import { parsePrecedence, reconcile } from '../../scripts/core/reconcile';
import { startDouble, type Harness } from '../sfdouble/harness';
import { abmInProcess } from '../abm-cli';

jest.setTimeout(180_000);
const ROOT = join(__dirname, '..', '..');
const LISTS = join(ROOT, 'data', 'lists');

/** The command under --json, in-process (test/abm-cli.ts): its envelope and exit code. */
async function abm(h: Harness, args: string[]) {
    const run = await abmInProcess([...args, '--json'], { env: h.cliEnv });
    return { ...(JSON.parse(run.stdout) as { status: number; result: Record<string, unknown> }), code: run.code };
}

const loadArgs = (h: Harness, out: string, apply: boolean) => [
    'load',
    'accounts',
    '--target-org',
    h.targetOrg!,
    '--source',
    `marketing=${join(LISTS, 'marketing.csv')}`,
    '--source',
    `sales=${join(LISTS, 'sales.csv')}`,
    '--source',
    `finance=${join(LISTS, 'finance.xlsx')}#Approved`,
    '--mapping',
    `marketing=${join(LISTS, 'marketing.mapping.json')}`,
    '--policy',
    join(LISTS, 'precedence.json'),
    '--out',
    out,
    '--runs-dir',
    join(out, '..', 'runs'),
    '--as-of',
    '2026-10-01',
    ...(apply ? ['--apply'] : [])
];

describe('the CLI against the double', () => {
    let h: Harness;
    beforeAll(async () => {
        // Bulk API jobs complete at their first poll: the CLI polls every second (polling: test/sfdouble).
        h = await startDouble({ cli: true, snapshotDir: join(ROOT, 'data', 'sample-org'), double: { bulkPolls: 0 } });
    });
    afterAll(async () => h.stop());

    it('plans, applies, and a re-run writes nothing', async () => {
        const work = mkdtempSync(join(tmpdir(), 'abm-load-double-'));
        const plan = await abm(h, loadArgs(h, join(work, 'plan'), false));
        expect(plan.status).toBe(0);
        const summary = plan.result.summary as { create: number; update: number; accounts: number };
        expect(summary.create).toBeGreaterThan(0);
        expect(summary.update).toBeGreaterThan(0);
        const writes = () =>
            h.double.requests.filter((r) => r.method !== 'GET' && !/\/jobs\/query/.test(r.path) && !/oauth/.test(r.path)).length;
        expect(writes()).toBe(0);

        const applied = await abm(h, loadArgs(h, join(work, 'apply'), true));
        expect(applied.status).toBe(0);
        expect(applied.result).toMatchObject({ created: summary.create, updated: summary.update, failed: 0 });
        const all = await h.org.bulkQuery('SELECT Id FROM Account');
        expect(all).toHaveLength(2000 + summary.create);
        const audits = await h.org.query("SELECT Id, Source__c FROM ABM_Assignment__c WHERE Source__c = 'Load'");
        expect(audits.length).toBeGreaterThan(0);

        const before = writes();
        const again = await abm(h, loadArgs(h, join(work, 'again'), true));
        expect(again.status).toBe(0);
        expect(again.result).toMatchObject({ written: 0, summary: expect.objectContaining({ create: 0, update: 0 }) });
        expect(writes()).toBe(before);
    });

    it('per-row failures go to the failures file with exit 68, and the rest is written', async () => {
        const work = mkdtempSync(join(tmpdir(), 'abm-load-fail-'));
        // Six Tier 2 accounts re-tiered by a small list; the org refuses the two that would become Tier 1.
        h.double.rowFaults.push({
            object: 'Account',
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Tier 1 needs an owner',
            match: (r) => r.ABM_Tier__c === '1'
        });
        const lists = join(work, 'list.csv');
        const accounts = await h.org.query("SELECT ABM_WebDomain__c, ABM_Tier__c FROM Account WHERE ABM_Tier__c = '2' LIMIT 6");
        const { writeFileSync } = await import('node:fs');
        writeFileSync(
            lists,
            `Name,Website,Tier\n${accounts.map((a, i) => `X${i},${String(a.ABM_WebDomain__c)},${i < 2 ? '1' : '3'}`).join('\n')}\n`
        );
        const r = await abm(h, [
            'load',
            'accounts',
            '--target-org',
            h.targetOrg!,
            '--source',
            `ops=${lists}`,
            '--precedence',
            'name=org,ops',
            '--out',
            work,
            '--runs-dir',
            join(work, 'runs'),
            '--apply'
        ]);
        expect(r.code).toBe(68);
        expect(r.status).toBe(68);
        expect(r.result).toMatchObject({ updated: 4, failed: 2 });
        const runDir = join(work, 'runs', String(r.result.runId));
        const failures = parse(readFileSync(join(runDir, 'failures.csv')), { columns: true }) as Record<string, string>[];
        expect(failures.map((f) => f.Error)).toEqual([
            expect.stringContaining('FIELD_CUSTOM_VALIDATION_EXCEPTION'),
            expect.stringContaining('FIELD_CUSTOM_VALIDATION_EXCEPTION')
        ]);
        // The undo file: every planned account's tier before the run (one row per account and field).
        const rollback = parse(readFileSync(join(runDir, 'rollback.csv')), { columns: true }) as Record<string, string>[];
        const tierRows = rollback.filter((x) => x.Field === 'ABM_Tier__c');
        expect(tierRows).toHaveLength(6);
        expect(tierRows.every((x) => x.Previous === '2')).toBe(true);
        h.double.rowFaults.length = 0;
    });
});

it('applies through Bulk API 2.0 and reports the rows the job failed', async () => {
    const h = await startDouble({ snapshotDir: join(ROOT, 'data', 'sample-org'), org: { bulkThreshold: 1 } });
    try {
        const ux = new Ux(true);
        const loaded = await readSources(new Map([['sales', join(LISTS, 'sales.csv')]]), new Map(), ux);
        const [accounts, aliases, users] = await Promise.all([
            h.org.bulkQuery(
                'SELECT Id, Name, ABM_WebDomain__c, OwnerId, ABM_Tier__c, Industry, BillingCountry, ABM_TierChangedDate__c FROM Account'
            ),
            h.org.bulkQuery('SELECT Domain__c, Account__c FROM ABM_DomainAlias__c'),
            h.org.query<{ Id: string; Email: string; Username: string; IsActive: boolean }>(
                'SELECT Id, Email, Username, IsActive FROM User'
            )
        ]);
        const result = reconcile({
            sources: ['sales'],
            rows: loaded.rows,
            accounts: accounts.map((a) => ({ ...a, Id: a.Id! })),
            aliases,
            users,
            precedence: parsePrecedence('name=org,sales'),
            asOf: '2026-10-01'
        });
        const planned = result.accounts.filter((a) => a.record);
        const victim = planned.find((a) => a.action === 'create')!;
        h.double.rowFaults.push({ object: 'Account', statusCode: 'DUPLICATE_VALUE', match: (r) => r.ABM_WebDomain__c === victim.domain });
        const out = mkdtempSync(join(tmpdir(), 'abm-load-bulk-'));
        const plan = sealPlan('load-accounts', {
            runId: 'run-bulk',
            asOf: '2026-10-01',
            source: 'double',
            target: await targetOf(h.org),
            files: [],
            summary: {},
            accounts: planned.map((a) => ({
                domain: a.domain,
                name: a.name,
                action: a.action,
                accountId: a.accountId,
                changes: a.changes,
                record: a.record!
            }))
        });
        writeFileSync(join(out, 'plan.json'), JSON.stringify(plan));
        const applied = await applyAccountPlan(
            h.org,
            { planFile: join(out, 'plan.json'), force: false, resume: false, runsDir: join(out, 'runs'), orgFlag: '--target-org double' },
            ux
        );
        expect(h.double.count('POST', /\/jobs\/ingest$/)).toBeGreaterThanOrEqual(1);
        expect(applied.summary).toMatchObject({ failed: 1, written: planned.length - 1 });
        const failures = parse(readFileSync(join(out, 'runs', 'run-bulk', 'failures.csv')), { columns: true }) as Record<string, string>[];
        expect(failures).toEqual([
            expect.objectContaining({ Domain: victim.domain, Action: 'create', Error: expect.stringContaining('DUPLICATE_VALUE') })
        ]);
    } finally {
        await h.stop();
    }
});
