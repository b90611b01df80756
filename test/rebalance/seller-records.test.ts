/**
 * Seller records are validated before solving (and again before applying): a window with a negative or fractional
 * capacity, a minimum above its maximum, an unknown role, a user that does not exist. Each gets one clear error naming the
 * ABM_Seller__c record and field, exit 1, and nothing is planned or written (it used to plan with violations and exit 0).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import { makeId } from '../../scripts/org/ids';
import { crashSnapshot } from '../crash/book';
import { folderBytes, runCommand } from '../load/helpers';

jest.setTimeout(300_000);

const SELLER = makeId('a01', 2); // Bo AE
type Row = Record<string, string>;

/** Change the seller record `SELLER` in a fresh copy of the crash book. */
function book(change: (row: Row) => void): string {
    const dir = crashSnapshot(join(mkdtempSync(join(tmpdir(), 'abm-sellers-')), 'org'));
    const file = join(dir, 'ABM_Seller__c.csv');
    const rows = parse(readFileSync(file), { columns: true }) as Row[];
    change(rows.find((r) => r.Id === SELLER)!);
    writeFileSync(file, stringify(rows, { header: true }));
    return dir;
}

const CASES: [string, (r: Row) => void, RegExp][] = [
    ['a negative minimum', (r) => (r.Tier1CapacityMin__c = '-1'), /Tier1CapacityMin__c is "?-1"?, not a whole number from 0/],
    ['a minimum above its maximum', (r) => (r.Tier1CapacityMin__c = '16'), /Tier1CapacityMin__c 16 is above Tier1CapacityMax__c 9/],
    ['a fractional maximum', (r) => (r.Tier2CapacityMax__c = '2.5'), /Tier2CapacityMax__c is "?2\.5"?, not a whole number from 0/],
    [
        'a secondary window upside down',
        (r) => ((r.SecondaryCapacityMin__c = '3'), (r.SecondaryCapacityMax__c = '1')),
        /SecondaryCapacityMin__c 3 is above SecondaryCapacityMax__c 1/
    ],
    ['an unknown role', (r) => (r.Role__c = 'Wizard'), /Role__c "Wizard" is not one of AE, SDR, Specialist/],
    ['a user that does not exist', (r) => (r.User__c = makeId('005', 77)), new RegExp(`User__c ${makeId('005', 77)} is not a user in`)],
    ['no user', (r) => (r.User__c = ''), /User__c is empty/]
];

describe.each(CASES)('a seller record with %s', (_name, change, message) => {
    it('refuses to plan, naming the record and field; nothing is written', async () => {
        const dir = book(change);
        const before = folderBytes(dir);
        const out = join(mkdtempSync(join(tmpdir(), 'abm-sellers-out-')), 'plan');
        const r = await runCommand(rebalance, ['plan', '--snapshot', dir, '--out', out]);
        expect(r.status).toBe(1);
        expect(r.error!.message).toMatch(/^1 problem in the seller records, so nothing was planned: ABM_Seller__c \w+/);
        expect(r.error!.message).toContain(SELLER);
        expect(r.error!.message).toMatch(message);
        expect(existsSync(join(out, 'plan.json'))).toBe(false);
        expect(folderBytes(dir)).toEqual(before);
    });
});

it('a seller record broken after planning: apply refuses and changes nothing', async () => {
    const dir = book(() => undefined);
    const out = join(mkdtempSync(join(tmpdir(), 'abm-sellers-out-')), 'plan');
    expect((await runCommand(rebalance, ['plan', '--snapshot', dir, '--out', out])).status).toBe(0);
    const file = join(dir, 'ABM_Seller__c.csv');
    const rows = parse(readFileSync(file), { columns: true }) as Row[];
    rows.find((r) => r.Id === SELLER)!.Tier1CapacityMax__c = '-3';
    writeFileSync(file, stringify(rows, { header: true }));
    const before = folderBytes(dir);
    const r = await runCommand(rebalance, ['apply', '--plan', join(out, 'plan.json'), '--snapshot', dir, '--runs-dir', join(out, 'runs')]);
    expect(r.status).toBe(1);
    expect(r.error!.message).toMatch(/Tier1CapacityMax__c is "?-3"?, not a whole number from 0/);
    expect(folderBytes(dir)).toEqual(before);
});
