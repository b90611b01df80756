/**
 * The XLSX reader (scripts/io/lists.ts, SheetJS): what each kind of cell becomes, on a workbook written by another
 * program (test/fixtures/lists/cell-types.xlsx, written by ExcelJS 4.4.0, the reader this one replaced). The expected
 * rows are what that reader gave for the same file, so the switch changed nothing a user sees: the header is the first
 * row with a value, rows keep their sheet row numbers, formulas give their cached result, rich text and hyperlinks
 * their text, dates (in any time zone) YYYY-MM-DD, errors their Excel text, merged cells their first cell's value.
 */
import { join } from 'node:path';
import { readList } from '../../scripts/io/lists';

const FILE = join(__dirname, '..', 'fixtures', 'lists', 'cell-types.xlsx');

describe('reading an XLSX sheet', () => {
    const tz = process.env.TZ;
    afterEach(() => {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
    });

    it.each(['UTC', 'Pacific/Auckland', 'America/Los_Angeles'])('gives every cell as text, as before (time zone %s)', async (zone) => {
        process.env.TZ = zone;
        const table = await readList(FILE, { sheet: 'Approved' });
        expect(table).toEqual({
            file: FILE,
            format: 'xlsx',
            sheet: 'Approved',
            header: ['Customer', 'Domain', 'Tier', 'Last Activity', 'Revenue', 'Active', 'Region', 'Note'],
            rows: [
                { line: 4, cells: ['Acme Corp', 'acme.example', '2', '2026-03-04', '1234.5', 'true', 'EMEA', '  padded  '] },
                { line: 5, cells: ['Beta GmbH', 'beta.example', '3', '2026-12-31', '#DIV/0!', 'false', '', '=1+2'] },
                { line: 7, cells: ['Gamma', 'gamma.example', '3', '2026-05-06', '1,200', 'yes', 'APAC', '#N/A'] },
                { line: 8, cells: ['Delta', 'delta.example', '1', '', '0.1', '', 'APAC', 'x'] }
            ]
        });
    });

    it('reads the first sheet when none is named, and names the sheets when the one asked for is missing', async () => {
        const first = await readList(FILE);
        expect(first.sheet).toBe('Notes');
        expect(first.header).toEqual(['This workbook lists approved accounts on the next sheet.']);
        await expect(readList(FILE, { sheet: 'approved' })).rejects.toThrow(/has no sheet named "approved" \(sheets: Notes, Approved\)/);
    });
});
