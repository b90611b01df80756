/**
 * `abm load` has the same plan → apply → rollback contract as every write command (in-process, on the tiny snapshot):
 * an account load is rolled back field by field with its created accounts deleted; a signal load is rolled back by
 * deleting exactly the signals it inserted; drift and incomplete undo files are refused; another snapshot is refused.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as load from '../../scripts/cli/commands/load';
import type { AbmError } from '../../scripts/cli/shared';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { runCommand, tinySnapshot } from './helpers';

jest.setTimeout(60_000);

const rows = (dir: string, object: string) =>
    parse(readFileSync(join(dir, `${object}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
/** The accounts of a snapshot by Id, on the columns of the tiny snapshot's header (what a load may change). */
const accounts = (dir: string) =>
    new Map(
        rows(dir, 'Account').map((r) => [
            r.Id!,
            ['Name', 'OwnerId', 'ABM_Tier__c', 'ABM_WebDomain__c', 'Industry', 'ABM_TierChangedDate__c'].map((c) => r[c] ?? '')
        ])
    );

describe('account loads', () => {
    const org = tinySnapshot();
    const work = mkdtempSync(join(tmpdir(), 'abm-load-undo-'));
    const list = join(work, 'list.csv');
    // Acme moves to Tier 2 and to Cy; Beta gets an industry; Gamma is new.
    writeFileSync(
        list,
        'Name,Website,Tier,Owner Email,Industry\nAcme,acme.com,2,cy@corp.example,Technology\nBeta Group,beta.io,2,,Finance\nGamma,gamma.dev,3,ada@corp.example,Retail\n'
    );
    const before = accounts(org);
    const runs = join(work, 'runs');
    let runId = '';
    const plan = () =>
        runCommand(load, [
            'accounts',
            '--snapshot',
            org,
            '--source',
            `ops=${list}`,
            '--precedence',
            'name=org,ops',
            '--out',
            join(work, 'plan'),
            '--as-of',
            '2026-10-02'
        ]);

    /** The list loaded into a snapshot and applied at once (`--apply`). */
    const loadAndApply = (snapshot: string, out: string, runsDir: string) =>
        runCommand(load, [
            'accounts',
            '--snapshot',
            snapshot,
            '--source',
            `ops=${list}`,
            '--precedence',
            'name=org,ops',
            '--out',
            out,
            '--runs-dir',
            runsDir,
            '--apply'
        ]);

    it('applies a saved plan, then rolls it back to exactly the accounts before, with the owner changes audited both ways', async () => {
        const planned = await plan();
        expect(planned.status).toBe(0);
        runId = String(planned.result!.runId);
        expect(accounts(org)).toEqual(before);
        const applied = await runCommand(load, ['apply', '--plan', join(work, 'plan', 'plan.json'), '--snapshot', org, '--runs-dir', runs]);
        expect(applied.status).toBe(0);
        expect(applied.result).toMatchObject({ created: 1, updated: 2, failed: 0 });
        expect(accounts(org).size).toBe(3);
        const again = await runCommand(load, ['apply', '--plan', join(work, 'plan', 'plan.json'), '--snapshot', org, '--runs-dir', runs]);
        expect(again.status).toBe(1);
        expect(again.error!.message).toMatch(/already applied/);
        const rolled = await runCommand(load, ['rollback', '--run', runId, '--snapshot', org, '--runs-dir', runs]);
        expect(rolled.status).toBe(0);
        expect(rolled.result).toMatchObject({ restored: 2, deleted: 1, failed: 0 });
        expect(accounts(org)).toEqual(before);
        // Owner assignments audited: Acme's change and the created Gamma's first owner; the rollback restores Acme's.
        const audit = rows(org, 'ABM_Assignment__c');
        expect(audit.map((a) => [a.RunId__c, a.Account__c, a.PreviousOwner__c, a.NewOwner__c])).toEqual([
            [runId, '001000000000001AAA', '005000000000001AAA', '005000000000003AAA'],
            [runId, expect.stringMatching(/^001/), '', '005000000000001AAA'],
            [`${runId}-rollback`, '001000000000001AAA', '005000000000003AAA', '005000000000001AAA']
        ]);
    });

    it('an emptied undo file is refused by rollback; an account changed since the run is drift', async () => {
        const fresh = tinySnapshot();
        const out = join(work, 'plan2');
        const planned = await loadAndApply(fresh, out, join(work, 'runs2'));
        expect(planned.status).toBe(0);
        const id = String(planned.result!.runId);
        const undo = join(work, 'runs2', id, 'rollback.csv');
        const saved = readFileSync(undo);
        writeFileSync(undo, 'Action,Domain,AccountId,Field,Previous,Planned\n');
        const after = accounts(fresh);
        const refused = await runCommand(load, ['rollback', '--run', id, '--snapshot', fresh, '--runs-dir', join(work, 'runs2')]);
        expect(refused.status).toBe(1);
        expect(refused.error!.message).toMatch(/is not the one the run wrote/);
        expect(accounts(fresh)).toEqual(after);
        writeFileSync(undo, saved);
        // Someone edits Beta's industry after the load: the rollback refuses, then --force leaves Beta as it is.
        const snap = await SnapshotOrg.open(fresh);
        await snap.update('Account', [{ Id: '001000000000002AAA', Industry: 'Energy' }]);
        const drift = await runCommand(load, ['rollback', '--run', id, '--snapshot', fresh, '--runs-dir', join(work, 'runs2')]);
        expect(drift.status).toBe(1);
        expect(drift.error!.message).toMatch(
            /^1 accounts changed since run .*beta\.io: the run set Industry to "Finance", it is now "Energy".*Nothing was changed\.$/
        );
        const forced = await runCommand(load, ['rollback', '--run', id, '--snapshot', fresh, '--runs-dir', join(work, 'runs2'), '--force']);
        expect(forced.status).toBe(0);
        expect(forced.result).toMatchObject({ restored: 1, deleted: 1, drift: 1 });
        expect(accounts(fresh).get('001000000000002AAA')![4]).toBe('Energy');
        expect(accounts(fresh).get('001000000000001AAA')).toEqual(before.get('001000000000001AAA'));
    });

    it('a previous owner deactivated since the run: rollback refuses, --force restores all but that owner, a later one the rest', async () => {
        const fresh = tinySnapshot();
        const runsDir = join(work, 'runs4');
        const planned = await loadAndApply(fresh, join(work, 'plan4'), runsDir);
        expect(planned.status).toBe(0);
        const id = String(planned.result!.runId);
        const rollback = (...flags: string[]) =>
            runCommand(load, ['rollback', '--run', id, '--snapshot', fresh, '--runs-dir', runsDir, ...flags]);
        // Acme moved from Ada to Cy; then Ada leaves and her user is deactivated.
        const snap = await SnapshotOrg.open(fresh);
        const ada = '005000000000001AAA';
        await snap.update('User', [{ Id: ada, IsActive: false }]);
        const after = accounts(fresh);
        const refused = await rollback();
        expect(refused.status).toBe(1);
        expect(refused.error!.message).toBe(
            `1 accounts' previous owners are not active users any more (e.g. 001000000000001AAA (acme.com): ${ada}, inactive). Nothing was changed.`
        );
        expect((refused.error as AbmError).actions.join('\n')).toMatch(/Reactivate the user[\s\S]*--force/);
        expect(accounts(fresh)).toEqual(after);
        // --force: Acme keeps Cy (its tier is restored), Beta is restored, Gamma deleted; no owner restore is audited.
        const forced = await rollback('--force');
        expect(forced.status).toBe(0);
        expect(forced.result).toMatchObject({ restored: 2, deleted: 1, failed: 0, inactiveOwners: 1 });
        const acme = before.get('001000000000001AAA')!;
        expect(accounts(fresh).get('001000000000001AAA')).toEqual([acme[0], '005000000000003AAA', ...acme.slice(2)]);
        expect(accounts(fresh).get('001000000000002AAA')).toEqual(before.get('001000000000002AAA'));
        expect(accounts(fresh).size).toBe(2);
        expect(rows(fresh, 'ABM_Assignment__c').filter((a) => a.RunId__c === `${id}-rollback`)).toEqual([]);
        // Ada is back: the rollback run again restores her account, and audits it.
        await snap.update('User', [{ Id: ada, IsActive: true }]);
        const again = await rollback();
        expect(again.status).toBe(0);
        expect(again.result).toMatchObject({ restored: 1, failed: 0, inactiveOwners: 0 });
        expect(accounts(fresh)).toEqual(before);
        expect(
            rows(fresh, 'ABM_Assignment__c')
                .filter((a) => a.RunId__c === `${id}-rollback`)
                .map((a) => [a.Account__c, a.PreviousOwner__c, a.NewOwner__c])
        ).toEqual([['001000000000001AAA', '005000000000003AAA', ada]]);
    });

    it('a plan made on another snapshot is refused and nothing changes', async () => {
        const other = mkdtempSync(join(tmpdir(), 'abm-load-other-'));
        cpSync(org, other, { recursive: true });
        const planned = await plan();
        const r = await runCommand(load, [
            'apply',
            '--plan',
            join(work, 'plan', 'plan.json'),
            '--snapshot',
            other,
            '--runs-dir',
            join(work, 'runs3')
        ]);
        expect(r.status).toBe(1);
        expect(r.error!.message).toMatch(/was made for the snapshot .*, not the snapshot .*Nothing was changed\./);
        expect(planned.status).toBe(0);
        expect(accounts(other)).toEqual(accounts(org));
    });
});

describe('signal loads', () => {
    it('rollback deletes exactly the signals the run inserted, not those loaded before it', async () => {
        const org = tinySnapshot();
        const work = mkdtempSync(join(tmpdir(), 'abm-signals-undo-'));
        const file = join(work, 'signals.csv');
        writeFileSync(file, 'Domain,Topic,Score,Provider,Week Of\nacme.com,CRM,80,G2,2026-09-21\nbeta.io,AI,60,G2,2026-09-22\n');
        const first = await runCommand(load, [
            'signals',
            '--snapshot',
            org,
            '--file',
            file,
            '--out',
            join(work, 'a'),
            '--runs-dir',
            join(work, 'runs'),
            '--apply'
        ]);
        expect(first.status).toBe(0);
        expect(first.result).toMatchObject({ inserted: 2 });
        const loaded = rows(org, 'ABM_IntentSignal__c');
        writeFileSync(file, 'Domain,Topic,Score,Provider,Week Of\nacme.com,CRM,80,G2,2026-09-21\nacme.com,Security,70,G2,2026-09-28\n');
        const second = await runCommand(load, [
            'signals',
            '--snapshot',
            org,
            '--file',
            file,
            '--out',
            join(work, 'b'),
            '--runs-dir',
            join(work, 'runs'),
            '--apply'
        ]);
        expect(second.result).toMatchObject({ new: 1, duplicates: 1, inserted: 1 });
        expect(rows(org, 'ABM_IntentSignal__c')).toHaveLength(3);
        const rolled = await runCommand(load, [
            'rollback',
            '--run',
            String(second.result!.runId),
            '--snapshot',
            org,
            '--runs-dir',
            join(work, 'runs')
        ]);
        expect(rolled.status).toBe(0);
        expect(rolled.result).toMatchObject({ deleted: 1, failed: 0 });
        expect(rows(org, 'ABM_IntentSignal__c')).toEqual(loaded);
    });
});
