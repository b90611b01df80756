/**
 * The bad-input corpus (test/fixtures/bad-input/, written by make.ts there): each file gets a clear error naming the
 * file and, where it applies, the row and column, and nothing is written to the org (`--apply` on a snapshot copy,
 * whose bytes are compared before and after).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import * as load from '../../scripts/cli/commands/load';
import { folderBytes, runCommand, tinySnapshot } from './helpers';

const DIR = join(__dirname, '..', 'fixtures', 'bad-input');

type Fatal = { fatal: RegExp; row?: number; column?: string };
type Rejected = { rejects: { line: number; column: string; reason: RegExp }[] };

/** What each file must produce. */
const EXPECTED: Record<string, Fatal | Rejected> = {
    'unclosed-quote.csv': { fatal: /quoted value is never closed/, row: 2 },
    'stray-quote.csv': { fatal: /not valid CSV .*quote/, row: 3 },
    'quote-after-close.csv': { fatal: /quote \(".*after a closing quote/, row: 3 },
    'empty.csv': { fatal: /is empty \(0 bytes\)/ },
    'whitespace-only.csv': { fatal: /is empty/ },
    'bom-only.csv': { fatal: /is empty/ },
    'header-only.csv': { fatal: /header row but no data rows/ },
    'no-header.csv': { fatal: /first row looks like data.*"acme-bad\.com"/, row: 1 },
    'duplicate-header.csv': { fatal: /duplicate header: columns 2 and 3 are both named "Website"/, row: 1, column: 'Website' },
    'duplicate-header-case.csv': { fatal: /duplicate header: columns 3 and 4/, row: 1, column: 'TIER' },
    'no-website-column.csv': { fatal: /no website\/domain column \(header: Name, Tier\)/, row: 1 },
    'blank-header-with-data.csv': { fatal: /column 2 has data but no header name/, row: 1, column: '#2' },
    'huge-cell.csv': { rejects: [{ line: 2, column: 'Name', reason: /100,000 characters; name takes at most 255/ }] },
    'huge-record.csv': { fatal: /longer than 1,048,576 characters/, row: 2 },
    'formula-hyperlink.csv': { rejects: [{ line: 2, column: 'Name', reason: /CSV injection/ }] },
    'formula-plus.csv': { rejects: [{ line: 2, column: 'Website', reason: /CSV injection/ }] },
    'formula-at.csv': { rejects: [{ line: 2, column: 'Name', reason: /CSV injection/ }] },
    'formula-tab.csv': { rejects: [{ line: 2, column: 'Name', reason: /CSV injection/ }] },
    'date-ambiguous.csv': { rejects: [{ line: 2, column: 'Last Activity', reason: /ambiguous.*dateFormat/ }] },
    'date-impossible.csv': { rejects: [{ line: 2, column: 'Last Activity', reason: /"2026-02-30" is not a calendar date/ }] },
    'date-text.csv': { rejects: [{ line: 2, column: 'Last Activity', reason: /"next tuesday" is not a date/ }] },
    'tier-unknown.csv': { rejects: [{ line: 2, column: 'Tier', reason: /"Platinum" is not a tier/ }] },
    'employees-not-number.csv': { rejects: [{ line: 2, column: 'Employees', reason: /"lots" is not a number/ }] },
    'owner-not-email.csv': { rejects: [{ line: 2, column: 'Owner Email', reason: /not an email address/ }] },
    'region-unknown.csv': { rejects: [{ line: 2, column: 'Region', reason: /"Atlantis" is not a region/ }] },
    'ragged-row.csv': { rejects: [{ line: 2, column: '', reason: /has 5 cells but the header has 3/ }] },
    'control-chars.csv': { rejects: [{ line: 2, column: 'Name', reason: /control characters/ }] },
    'webmail-only.csv': {
        rejects: [
            { line: 2, column: 'website', reason: /gmail\.com is a webmail domain/ },
            { line: 3, column: 'website', reason: /hotmail\.com is a webmail domain/ }
        ]
    },
    'no-domain.csv': {
        rejects: [
            { line: 2, column: 'website', reason: /"not a domain" is not a usable web domain/ },
            { line: 3, column: 'website', reason: /no website\/domain \(company "Beta"\)/ },
            { line: 4, column: 'website', reason: /ip address/ }
        ]
    },
    'xlsx-really-csv.xlsx': { fatal: /named \.xlsx but is not a workbook: it is plain text/ },
    'csv-really-xlsx.csv': { fatal: /is an Excel workbook .* rename it to \.xlsx/ },
    'binary-junk.csv': { fatal: /binary data/ },
    'png-renamed.csv': { fatal: /binary data/ },
    'legacy-excel.xls': { fatal: /legacy Excel 97-2003/ },
    'corrupt-zip.xlsx': { fatal: /not a readable XLSX workbook/ },
    'mixed-encoding.csv': { fatal: /mixes encodings/, row: 3 },
    'declared-utf8-but-1252.csv': { fatal: /not valid UTF-8 at byte \d+ \(the mapping declares utf-8\)/, row: 2 },
    'mapping-unknown-column.csv': {
        fatal: /names column "Web Site" for website, but the header has no such column/,
        row: 1,
        column: 'Web Site'
    },
    'mapping-unknown-field.csv': { fatal: /not a valid mapping file: columns: Unrecognized key: "colour"/ },
    'mapping-broken-json.csv': { fatal: /Cannot read the mapping file .*mapping-broken-json\.mapping\.json/ },
    'bom-utf8-duplicate-header.csv': { fatal: /columns 1 and 3 are both named "website"/, row: 1 },
    'bom-utf16le-no-website.csv': { fatal: /no website\/domain column \(header: Name, Tier\)/ },
    'bom-utf16be-unclosed-quote.csv': { fatal: /quoted value is never closed/, row: 2 },
    'xlsx-missing-sheet.xlsx': { fatal: /no sheet named "Nope" \(sheets: Sheet1\)/ },
    'xlsx-empty-sheet.xlsx': { fatal: /sheet "Approved" is empty/ },
    'xlsx-formula-text.xlsx': { rejects: [{ line: 2, column: 'Customer', reason: /CSV injection/ }] },
    'xlsx-value-without-header.xlsx': { fatal: /value in column 5, which has no header/, row: 2, column: '#5' }
};

const files = readdirSync(DIR).filter((f) => !f.endsWith('.json') && !f.endsWith('.ts'));

it('the corpus has at least 30 files, and an expectation for each', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
});

describe.each(Object.entries(EXPECTED))('%s', (name, expected) => {
    it('gets a clear error naming the file (row, column) and writes nothing', async () => {
        const org = tinySnapshot();
        const before = folderBytes(org);
        const out = mkdtempSync(join(tmpdir(), 'abm-bad-out-'));
        const mapping = join(DIR, name.replace(/\.[a-z]+$/, '.mapping.json'));
        const spec = `${join(DIR, name)}${name === 'xlsx-missing-sheet.xlsx' ? '#Nope' : ''}`;
        const argv = ['accounts', '--snapshot', org, '--source', `list=${spec}`, '--out', out, '--apply'];
        if (existsSync(mapping)) argv.push('--mapping', `list=${mapping}`);
        const r = await runCommand(load, argv);
        if ('fatal' in expected) {
            expect(r.status).toBe(1);
            expect(r.error?.message).toMatch(expected.fatal);
            if (!/mapping file/.test(r.error!.message)) expect(r.error?.message).toContain(name);
            if (expected.row !== undefined) expect(r.error?.message).toContain(`row ${expected.row}`);
            if (expected.column !== undefined) expect(r.error?.message).toContain(`column "${expected.column}"`);
            expect(existsSync(join(out, 'rejects.csv'))).toBe(false);
        } else {
            expect(r.status).toBe(0);
            expect(r.result).toMatchObject({ written: 0 });
            const rejects = parse(readFileSync(join(out, 'rejects.csv')), { columns: true }) as Record<string, string>[];
            expect(rejects.map((x) => [Number(x.Line), x.Column])).toEqual(expected.rejects.map((x) => [x.line, x.column]));
            expected.rejects.forEach((x, i) => {
                expect(rejects[i]!.Reason).toMatch(x.reason);
                expect(rejects[i]!.File).toContain(name);
                expect(rejects[i]!.Action).toBe('row rejected');
                // Formulas are neutralised in the rejects file a spreadsheet will open.
                expect(rejects[i]!.Value).not.toMatch(/^[=@+\t]/);
            });
        }
        expect(folderBytes(org)).toEqual(before);
    });
});
