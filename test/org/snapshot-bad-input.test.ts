/**
 * Bad input in a snapshot folder gets one clear error naming the file (row, field) and writes nothing; an encoding that
 * is not UTF-8 is converted with a notice, never read into replacement characters. Each case is a copy of the sample
 * snapshot with one fault planted, run through the real commands (in-process).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import * as audit from '../../scripts/cli/commands/audit';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import * as snapshot from '../../scripts/cli/commands/snapshot';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { runCommand } from '../load/helpers';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample-org');

function copy(): string {
    const dir = join(mkdtempSync(join(tmpdir(), 'abm-snap-bad-')), 'org');
    cpSync(SAMPLE, dir, { recursive: true });
    return dir;
}

/**
 * Every file of a folder with its bytes (to prove nothing was written), as base64: Jest compares a string at once but a
 * Buffer byte by byte through its generic equality (a minute of CPU for this suite's 600 kB Account.csv copies).
 */
const bytesOf = (dir: string) =>
    new Map(
        ['Account.csv', 'User.csv', 'snapshot.json'].map((f) => [
            f,
            existsSync(join(dir, f)) ? readFileSync(join(dir, f)).toString('base64') : null
        ])
    );

type Case = [name: string, plant: (dir: string) => void, message: RegExp, status?: number];

const CASES: Case[] = [
    ['no Account.csv', (dir) => rmSync(join(dir, 'Account.csv')), /Account\.csv is missing: .* needs Account\.csv and User\.csv/],
    ['no User.csv', (dir) => rmSync(join(dir, 'User.csv')), /User\.csv is missing: .* needs Account\.csv and User\.csv/],
    [
        'snapshot.json with "asOf": "yesterday"',
        (dir) => writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ asOf: 'yesterday', fiscalYearStartMonth: 2 })),
        /snapshot\.json: asOf "yesterday" is not a date \(YYYY-MM-DD/
    ],
    [
        'snapshot.json with an impossible date',
        (dir) => writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ asOf: '2026-02-30' })),
        /snapshot\.json: asOf "2026-02-30" is not a calendar date/
    ],
    [
        'snapshot.json with fiscalYearStartMonth 13',
        (dir) => writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ asOf: '2026-10-01', fiscalYearStartMonth: 13 })),
        /snapshot\.json: fiscalYearStartMonth 13 is not a month number 1–12/
    ],
    [
        'an account name of 300 characters',
        (dir) => plantCell(dir, 'Account.csv', 'Name', 5, 'N'.repeat(300)),
        /Account\.csv: row 6, field Name: 300 characters, above the 255 a Salesforce name holds/
    ],
    [
        'a value of 200,000 characters (more than any Salesforce field holds)',
        (dir) => plantCell(dir, 'Account.csv', 'Industry', 3, 'x'.repeat(200_000)),
        /Account\.csv: row 4, field Industry: 200,000 characters, above the 131,072 any Salesforce field holds/
    ],
    [
        'a file mixing UTF-8 and Latin-1',
        (dir) => {
            // Row 3 in UTF-8 (São Paulo as the sample has it), line 9 in Latin-1 (ü as one byte).
            const lines = readFileSync(join(dir, 'Account.csv'), 'utf8').split('\n');
            lines[8] = lines[8]!.replace(/^([^,]*),/, '$1,Grün ');
            const bytes = lines.map((l, i) => (i === 8 ? iconv.encode(l, 'latin1') : Buffer.from(l, 'utf8')));
            writeFileSync(join(dir, 'Account.csv'), Buffer.concat(bytes.flatMap((b, i) => (i ? [Buffer.from('\n'), b] : [b]))));
        },
        /Account\.csv: row 9: mixes encodings/
    ]
];

/** Replace one cell (data row `row`, 1-based) of a snapshot CSV. */
function plantCell(dir: string, file: string, field: string, row: number, value: string): void {
    const rows = parse(readFileSync(join(dir, file)), { columns: true }) as Record<string, string>[];
    rows[row - 1]![field] = value;
    writeFileSync(join(dir, file), stringify(rows, { header: true }));
}

describe.each(CASES)('a snapshot with %s', (_name, plant, message, status = 1) => {
    it('gets one clear error naming the file and writes nothing (plan, apply-free audit)', async () => {
        const dir = copy();
        plant(dir);
        const before = bytesOf(dir);
        const out = mkdtempSync(join(tmpdir(), 'abm-snap-bad-out-'));
        for (const [command, args] of [
            [rebalance, ['plan', '--snapshot', dir, '--out', out]],
            [audit, ['--snapshot', dir, '--out', out]]
        ] as const) {
            const r = await runCommand(command, [...args]);
            expect({ status: r.status, message: r.error?.message.split('\n')[0] }).toEqual({
                status,
                message: expect.stringMatching(message)
            });
            expect(r.error!.message.length).toBeLessThan(400);
        }
        expect(bytesOf(dir)).toEqual(before);
        expect(existsSync(join(out, 'plan.json'))).toBe(false);
    });
});

it('a Latin-1 Account.csv is read as Latin-1 with a notice and written back as UTF-8 without a replacement character', async () => {
    const dir = copy();
    const text = readFileSync(join(dir, 'Account.csv'), 'utf8');
    const names = ['Müller Präzision GmbH', 'Société Générale Façade', 'Ångström Æsir'];
    expect(readFileSync(join(dir, 'Account.csv'), 'utf8')).toContain('São Paulo');
    const lines = text.split('\n');
    names.forEach((name, i) => (lines[i + 1] = lines[i + 1]!.replace(/^([^,]*),([^,]*),/, `$1,${name},`)));
    writeFileSync(join(dir, 'Account.csv'), iconv.encode(lines.join('\n'), 'windows-1252'));
    const notices: string[] = [];
    const org = await SnapshotOrg.open(dir, { onNotice: (n) => notices.push(n) });
    const rows = await org.query('SELECT Id, Name FROM Account');
    for (const name of names) expect(rows.map((r) => r.Name)).toContain(name);
    expect(notices.join('\n')).toMatch(/Account\.csv is not UTF-8: read as windows-1252; a write to it rewrites it as UTF-8/);
    await org.update('Account', [{ Id: String(rows[0]!.Id), Industry: 'Retail' }]);
    const written = readFileSync(join(dir, 'Account.csv'), 'utf8');
    expect(written).not.toContain('\uFFFD');
    for (const name of [...names, 'São Paulo']) expect(written).toContain(name);
});

describe('abm snapshot --out', () => {
    it('refuses a folder that already holds a snapshot (before exporting anything), and keeps fiscalYearStartMonth', async () => {
        const src = copy();
        writeFileSync(join(src, 'snapshot.json'), JSON.stringify({ asOf: '2026-10-01', fiscalYearStartMonth: 2 }));
        const other = copy();
        const before = bytesOf(other);
        const refused = await runCommand(snapshot, ['--snapshot', src, '--out', other]);
        expect(refused.status).toBe(2);
        expect(refused.error!.message).toMatch(/--out .* already holds a snapshot \(.*\): export into a new or empty folder\./);
        expect(bytesOf(other)).toEqual(before);
        const fresh = join(mkdtempSync(join(tmpdir(), 'abm-snap-out-')), 'copy');
        const done = await runCommand(snapshot, ['--snapshot', src, '--out', fresh, '--objects', 'Account,User']);
        expect(done.status).toBe(0);
        expect(JSON.parse(readFileSync(join(fresh, 'snapshot.json'), 'utf8'))).toMatchObject({
            asOf: '2026-10-01',
            fiscalYearStartMonth: 2
        });
    });
});
