/**
 * Reading a team's list file into text rows (`ListTable`): CSV in any common dialect and encoding, or an XLSX sheet.
 * Everything that touches bytes lives here, so `scripts/core/lists.ts` and `reconcile.ts` stay pure.
 *
 * - Format from the bytes, not the name: a ZIP (`PK\x03\x04`) is a workbook, an OLE2 file is a legacy .xls; a
 *   `.xlsx` that is text, or a `.csv` that is a workbook, is an error saying so.
 * - Encoding: a BOM (UTF-8, UTF-16 LE/BE) wins; else UTF-16 without a BOM (NUL pattern); else strict UTF-8; else
 *   Windows-1252 (iconv-lite). Valid multi-byte UTF-8 mixed with invalid bytes is an error naming the line.
 * - Delimiter: `,` `;` tab `|`, whichever splits the first lines (outside quotes) consistently into most columns.
 * - CSV syntax errors (unclosed quotes, stray quotes) are errors naming the line.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Parser, type Options as CsvOptions } from 'csv-parse';
import type { CellObject, WorkBook } from '@e965/xlsx';
import iconv from 'iconv-lite';
import { ListError, type ListTable } from '../core/lists.js';

export type ReadOptions = { sheet?: string; encoding?: string; delimiter?: string };

/** Largest list file read (a list of accounts, not a data lake). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Largest CSV record: beyond this a quote is almost certainly unclosed. */
export const MAX_RECORD_BYTES = 1024 * 1024;

export async function readList(file: string, options: ReadOptions = {}): Promise<ListTable> {
    let bytes: Buffer;
    try {
        bytes = await readFile(file);
    } catch (error) {
        throw new ListError(`cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file);
    }
    return readListBytes(file, bytes, options);
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle2 = (b: Buffer) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

export async function readListBytes(file: string, bytes: Buffer, options: ReadOptions = {}): Promise<ListTable> {
    if (bytes.length > MAX_FILE_BYTES)
        throw new ListError(`is ${bytes.length.toLocaleString('en-US')} bytes; lists up to 256 MB are read`, file);
    const ext = extname(file).toLowerCase();
    if (isOle2(bytes)) throw new ListError('is a legacy Excel 97-2003 (.xls) or other OLE2 file: save it as .xlsx or CSV', file);
    if (isZip(bytes)) {
        if (ext === '.csv' || ext === '.txt' || ext === '.tsv')
            throw new ListError(`is an Excel workbook (ZIP/XLSX bytes), not ${ext} text: rename it to .xlsx`, file);
        return readXlsx(file, bytes, options.sheet);
    }
    if (ext === '.xlsx' || ext === '.xlsm') {
        const looksText = bytes.length > 0 && !bytes.subarray(0, 512).includes(0);
        throw new ListError(
            looksText
                ? 'is named .xlsx but is not a workbook: it is plain text (a CSV?); rename it to .csv'
                : 'is named .xlsx but is not a workbook (no ZIP signature): the file is damaged or not Excel',
            file
        );
    }
    if (options.sheet) throw new ListError(`a sheet ("${options.sheet}") was named, but the file is CSV text, not a workbook`, file);
    const { text, encoding } = decode(file, bytes, options.encoding);
    return parseCsv(file, text, encoding, options.delimiter);
}

/** Bytes → text with the detected (or declared) encoding. */
export function decode(file: string, bytes: Buffer, declared?: string): { text: string; encoding: string } {
    if (bytes.length === 0) throw new ListError('is empty (0 bytes)', file);
    let encoding: string;
    let body = bytes;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        encoding = 'utf-8';
        body = bytes.subarray(3);
    } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
        encoding = 'utf-16le';
        body = bytes.subarray(2);
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        encoding = 'utf-16be';
        body = bytes.subarray(2);
    } else if (declared) {
        if (!iconv.encodingExists(declared)) throw new ListError(`the mapping declares encoding "${declared}", which is not known`, file);
        encoding = declared.toLowerCase();
    } else {
        const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
        let evenNul = 0;
        let oddNul = 0;
        for (let i = 0; i < sample.length; i++) {
            if (sample[i] !== 0) continue;
            if (i % 2 === 0) evenNul++;
            else oddNul++;
        }
        const half = sample.length / 2;
        if (oddNul > half * 0.3 && evenNul < half * 0.05) encoding = 'utf-16le';
        else if (evenNul > half * 0.3 && oddNul < half * 0.05) encoding = 'utf-16be';
        else encoding = isUtf8(bytes) ? 'utf-8' : 'windows-1252';
    }
    if (encoding === 'utf-8' || encoding === 'utf8') {
        const bad = firstInvalidUtf8(body);
        if (bad >= 0) {
            const line = body.subarray(0, bad).toString('latin1').split('\n').length;
            throw new ListError(
                `is not valid UTF-8 at byte ${bad}${declared ? ` (the mapping declares ${declared})` : ' although other lines are UTF-8 (mixed encodings)'}: re-save the file in one encoding`,
                file,
                line
            );
        }
    } else if (encoding === 'windows-1252' && !declared && hasUtf8Sequences(body)) {
        const bad = firstInvalidUtf8(body);
        const line = body.subarray(0, bad).toString('latin1').split('\n').length;
        throw new ListError(
            'mixes encodings: some characters are UTF-8 and some are not (first bad byte here); re-save the file in one encoding',
            file,
            line
        );
    }
    // Valid UTF-8 (checked above) is what Buffer decodes natively; iconv-lite's codec table (every encoding it knows,
    // loaded on its first use: about 10 ms of a command's start) only for the others.
    let text = encoding === 'utf-8' || encoding === 'utf8' ? body.toString('utf8') : iconv.decode(body, encoding);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
        throw new ListError(
            `contains binary data (a NUL character) at character ${nul}: this is not a text list`,
            file,
            text.slice(0, nul).split('\n').length
        );
    }
    const controls = (text.slice(0, 65536).match(/[\x01-\x08\x0e-\x1f\x7f]/g) ?? []).length;
    if (controls > 8 && controls > text.slice(0, 65536).length * 0.01) throw new ListError('is binary data, not a CSV text file', file);
    if (text.trim() === '') throw new ListError('is empty (no header row, no data)', file);
    return { text, encoding };
}

function isUtf8(bytes: Buffer): boolean {
    return firstInvalidUtf8(bytes) < 0;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Buffer): number {
    let i = 0;
    while (i < b.length) {
        const c = b[i]!;
        let n = 0;
        if (c < 0x80) n = 0;
        else if (c >= 0xc2 && c <= 0xdf) n = 1;
        else if (c >= 0xe0 && c <= 0xef) n = 2;
        else if (c >= 0xf0 && c <= 0xf4) n = 3;
        else return i;
        if (i + n >= b.length && n > 0) return i;
        for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
        i += n + 1;
    }
    return -1;
}

function hasUtf8Sequences(b: Buffer): boolean {
    for (let i = 0; i + 1 < b.length; i++) {
        const c = b[i]!;
        if (c >= 0xc2 && c <= 0xdf && (b[i + 1]! & 0xc0) === 0x80 && (i + 2 >= b.length || (b[i + 2]! & 0xc0) !== 0x80)) return true;
        if (c >= 0xe0 && c <= 0xef && i + 2 < b.length && (b[i + 1]! & 0xc0) === 0x80 && (b[i + 2]! & 0xc0) === 0x80) return true;
    }
    return false;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines (outside quotes) into the most columns, the same number on each line. */
export function detectDelimiter(text: string): string {
    const lines: string[] = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < text.length && lines.length < 20; i++) {
        const ch = text[i]!;
        if (ch === '"') quoted = !quoted;
        if ((ch === '\n' || ch === '\r') && !quoted) {
            if (current.trim()) lines.push(current);
            current = '';
            continue;
        }
        current += quoted && ch !== '"' ? '' : ch;
    }
    if (current.trim() && lines.length < 20) lines.push(current);
    let best = ',';
    let bestScore = -1;
    for (const d of DELIMITERS) {
        const counts = lines.map((l) => l.split(d).length - 1);
        const first = counts[0] ?? 0;
        if (first === 0) continue;
        const consistent = counts.filter((c) => c === first).length / counts.length;
        const score = consistent * 1000 + first;
        if (score > bestScore) {
            bestScore = score;
            best = d;
        }
    }
    return best;
}

/**
 * csv-parse's synchronous core, with the line each record ends on. The sync API's `on_record` (or `info`) builds a
 * context object of a dozen fields for every record, which doubled the time of a 100,000-row list; the parser's live
 * `info.lines` at the moment a record is pushed is the same number. `Parser#api` is the transform the sync API and
 * the stream both drive (csv-parse pins it as `this.api`; the version is pinned in package.json).
 */
function parseRecords(bytes: Buffer, options: CsvOptions, onRecord: (cells: string[], line: number) => void): void {
    const parser = new Parser(options) as Parser & {
        api?: { parse(buf: Buffer, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined };
    };
    const api = parser.api;
    if (typeof api?.parse !== 'function') throw new Error('csv-parse has no Parser#api.parse: check the pinned csv-parse version');
    const info = parser.info;
    const error = api.parse(
        bytes,
        true,
        (record) => onRecord(record, info.lines),
        () => undefined
    );
    if (error !== undefined) throw error;
}

function parseCsv(file: string, text: string, encoding: string, declared?: string): ListTable {
    const delimiter = declared ?? detectDelimiter(text);
    const records: { line: number; cells: string[] }[] = [];
    try {
        parseRecords(
            Buffer.from(text),
            { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES },
            // Each record as the row it becomes, with the line it ends on.
            (cells, line) => records.push({ line, cells })
        );
    } catch (error) {
        const e = error as Error & { lines?: number; code?: string };
        const reason =
            e.code === 'CSV_QUOTE_NOT_CLOSED'
                ? 'a quoted value is never closed (an unmatched ")'
                : e.code === 'CSV_INVALID_CLOSING_QUOTE'
                  ? 'a quote (") appears inside an unquoted value or after a closing quote; double it ("") or quote the whole value'
                  : e.code === 'CSV_MAX_RECORD_SIZE'
                    ? `a record is longer than ${MAX_RECORD_BYTES.toLocaleString('en-US')} characters (an unclosed quote?)`
                    : e.message.replace(/^Invalid Record Length: |^Invalid Opening Quote: /, '');
        const line =
            e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'CSV_MAX_RECORD_SIZE'
                ? (unclosedQuoteLine(text, delimiter) ?? e.lines)
                : e.lines;
        throw new ListError(`is not valid CSV (${delimiterName(delimiter)}-separated): ${reason}`, file, line);
    }
    const head = records[0];
    if (!head) throw new ListError('is empty (no header row, no data)', file);
    records.shift();
    return { file, format: 'csv', encoding, delimiter, header: head.cells.map((h) => h.trim()), rows: records };
}

/** The line where a quoted value opens and never closes (csv-parse reports the end of the file). */
export function unclosedQuoteLine(text: string, delimiter: string): number | undefined {
    let line = 1;
    let inQuotes = false;
    let openLine = 0;
    let atFieldStart = true;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (inQuotes) {
            if (ch === '"') {
                if (text[i + 1] === '"') i++;
                else inQuotes = false;
            } else if (ch === '\n') line++;
            continue;
        }
        if (ch === '"' && atFieldStart) {
            inQuotes = true;
            openLine = line;
            atFieldStart = false;
        } else if (ch === delimiter) atFieldStart = true;
        else if (ch === '\n') {
            line++;
            atFieldStart = true;
        } else if (ch !== '\r') atFieldStart = false;
    }
    return inQuotes ? openLine : undefined;
}

const delimiterName = (d: string) => ({ ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' })[d] ?? JSON.stringify(d);

type SheetJs = typeof import('@e965/xlsx');
let sheetJs: Promise<SheetJs> | undefined;
/** SheetJS is loaded on the first workbook (a CSV-only load, and every other command, never pays for it). */
const loadSheetJs = (): Promise<SheetJs> => (sheetJs ??= import('@e965/xlsx'));

/**
 * A cell's text: dates (a number with a date format) as YYYY-MM-DD, formulas as their cached result, hyperlinks and
 * rich text as their text, errors as Excel shows them (#N/A), booleans as true/false.
 */
function cellText(XLSX: SheetJs, cell: CellObject | null | undefined): string {
    if (!cell) return '';
    switch (cell.t) {
        case 's':
            return cell.v as string;
        case 'n':
        case 'b':
            return String(cell.v);
        case 'd':
            return cell.v instanceof Date ? cell.v.toISOString().slice(0, 10) : String(cell.v);
        case 'e':
            return XLSX.utils.format_cell(cell);
        default:
            return '';
    }
}

async function readXlsx(file: string, bytes: Buffer, sheetName?: string): Promise<ListTable> {
    const XLSX = await loadSheetJs();
    let workbook: WorkBook;
    try {
        workbook = XLSX.read(bytes, {
            type: 'buffer',
            // Only the sheet asked for is parsed (the names of all are read).
            sheets: sheetName ?? 0,
            dense: true,
            cellDates: true,
            cellFormula: false,
            cellHTML: false,
            cellNF: false,
            cellStyles: false,
            cellText: false
        });
    } catch (error) {
        throw new ListError(`is a ZIP file but not a readable XLSX workbook: ${(error as Error).message}`, file);
    }
    const names = workbook.SheetNames;
    const name = sheetName ?? names[0];
    const sheet = name !== undefined && names.includes(name) ? workbook.Sheets[name] : undefined;
    if (!sheet || name === undefined) {
        throw new ListError(
            sheetName ? `has no sheet named "${sheetName}" (sheets: ${names.join(', ') || 'none'})` : 'has no worksheets',
            file
        );
    }
    const data: (CellObject | null | undefined)[][] = sheet['!data'] ?? [];
    // A merged range shows its first cell's value in every cell it covers (as Excel displays it).
    for (const m of sheet['!merges'] ?? []) {
        const master = data[m.s.r]?.[m.s.c];
        if (!master) continue;
        for (let r = m.s.r; r <= m.e.r; r++)
            for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) (data[r] ??= [])[c] = master;
    }
    const rows: { line: number; cells: string[] }[] = [];
    let header: string[] | undefined;
    let width = 0;
    for (let r = 0; r < data.length; r++) {
        const row = data[r];
        if (!row || !row.some((c) => c && c.t !== 'z')) continue;
        // Cells up to the last one with a value (a column past it has none in this row).
        let last = row.length - 1;
        while (last >= 0 && (!row[last] || row[last]!.t === 'z')) last--;
        const cells: string[] = new Array<string>(Math.max(last + 1, width));
        for (let c = 0; c < cells.length; c++) cells[c] = c <= last ? cellText(XLSX, row[c]) : '';
        if (!header) {
            header = cells.map((h) => h.trim());
            width = header.length;
            continue;
        }
        rows.push({ line: r + 1, cells });
    }
    if (!header) throw new ListError(`sheet "${name}" is empty (no header row, no data)`, file);
    const h = header;
    for (const r of rows) {
        if (r.cells.length > h.length) {
            const extra = r.cells.findIndex((c, i) => i >= h.length && c.trim() !== '');
            if (extra >= 0) throw new ListError(`has a value in column ${extra + 1}, which has no header`, file, r.line, `#${extra + 1}`);
            r.cells.length = h.length;
        }
    }
    return { file, format: 'xlsx', sheet: name, header: h, rows };
}
