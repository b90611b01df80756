/**
 * Parsed SOQL kept across processes, so that a command on a snapshot does not load the SOQL parser when it asks what it
 * asked before. Loading @jetstreamapp/soql-parser-js costs about half a second of CPU (chevrotain analyses the grammar
 * when the module loads): about half of what an `abm … --snapshot` command spends in all, and the commands ask the same
 * queries run after run (the same plan re-checked, resumed, rolled back).
 *
 * A cached parse is the parser's own output for exactly that text, as JSON, and is used only when it is:
 * - for exactly the same text: each entry starts with the query text itself, compared in full (the file name, a hash
 *   of the text, only finds it);
 * - from exactly this parser: entries live in a folder named after the parser and its version (`SOQL_PARSER`, the
 *   version package.json pins; test/org/soql-cache.test.ts fails when the installed parser is another), so an upgrade
 *   starts an empty cache;
 * - the same after the round trip: a parse is stored only when `JSON.parse(JSON.stringify(ast))` is deep-strict-equal
 *   to it (no undefined-valued keys, class instances or other values JSON would change).
 * A query the parser rejects is never cached (it is parsed every time, so MALFORMED_QUERY is the parser's). Entries are
 * written to a temp file and renamed into place (a reader sees a whole entry or none); an entry that cannot be read or
 * parsed counts as absent; a cache that cannot be written is skipped. Past 2,000 entries the older half is removed;
 * queries over 64 kB are not cached.
 *
 * Where: `ABM_SOQL_CACHE` (a folder; `off` or `0`: no cache), else `$XDG_CACHE_HOME/abm/soql`, else `~/.cache/abm/soql`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Query } from '@jetstreamapp/soql-parser-js';

/** The parser whose output is cached (package.json pins it; the test checks the installed one is this). */
export const SOQL_PARSER = '@jetstreamapp/soql-parser-js@6.3.1';

const MAX_TEXT = 65_536;
const MAX_ENTRIES = 2_000;
const MAX_MEMO = 1_000;

/** Parses of this process: query text → the AST as JSON (a fresh copy is handed out each time). */
const memo = new Map<string, string>();
let parser: typeof import('./soql.js') | undefined;

/** The cache folder for this parser, or undefined when the cache is off. */
export function soqlCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const setting = env.ABM_SOQL_CACHE;
    if (setting === 'off' || setting === '0') return undefined;
    const root = setting || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'abm', 'soql');
    return join(root, SOQL_PARSER.replace(/[^\w.-]+/g, '_'));
}

/** Parse SOQL as soql.ts `parseSoql` does (MALFORMED_QUERY on a syntax error), from the cache when it is there. */
export async function parseSoqlCached(soql: string): Promise<Query> {
    const dir = soqlCacheDir();
    const json = memo.get(soql) ?? (dir && soql.length <= MAX_TEXT ? readEntry(dir, soql) : undefined);
    if (json !== undefined) {
        try {
            const query = JSON.parse(json) as Query;
            remember(soql, json);
            return query;
        } catch {
            // A damaged entry: parse instead (and write it again).
        }
    }
    parser ??= await import('./soql.js');
    const query = parser.parseSoql(soql);
    const fresh = keep(soql, query);
    if (fresh !== undefined && dir && soql.length <= MAX_TEXT) writeEntry(dir, soql, fresh);
    return query;
}

/**
 * The same parses kept in this process's memory only, synchronously, for a caller that has loaded the parser anyway
 * (the Salesforce API double parses every query a client sends): `parse` runs when this text has no kept parse, and
 * each call gets a fresh AST, as the parser gives.
 */
export function memoisedParse(soql: string, parse: (soql: string) => Query): Query {
    const json = memo.get(soql);
    if (json !== undefined) return JSON.parse(json) as Query;
    const query = parse(soql);
    keep(soql, query);
    return query;
}

/** Keep a parse when it survives the JSON round trip unchanged; its JSON, or undefined when it was not kept. */
function keep(soql: string, query: Query): string | undefined {
    const json = JSON.stringify(query);
    if (!isDeepStrictEqual(JSON.parse(json), query)) return undefined;
    remember(soql, json);
    return json;
}

function remember(soql: string, json: string): void {
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(soql, json);
}

const fileOf = (dir: string, soql: string) => join(dir, `${createHash('sha256').update(soql).digest('hex')}.json`);
/** An entry: the query text as a JSON string on the first line, then the AST as JSON. */
const headOf = (soql: string) => `${JSON.stringify(soql)}\n`;

function readEntry(dir: string, soql: string): string | undefined {
    let text: string;
    try {
        text = readFileSync(fileOf(dir, soql), 'utf8');
    } catch {
        return undefined;
    }
    const head = headOf(soql);
    return text.startsWith(head) ? text.slice(head.length) : undefined;
}

function writeEntry(dir: string, soql: string, json: string): void {
    const file = fileOf(dir, soql);
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(temp, headOf(soql) + json);
        renameSync(temp, file);
        prune(dir);
    } catch {
        rmSync(temp, { force: true });
    }
}

/** Past MAX_ENTRIES files, remove the older half (by modification time). */
function prune(dir: string): void {
    const names = readdirSync(dir);
    if (names.length <= MAX_ENTRIES) return;
    const aged = names.map((name) => {
        try {
            return { name, at: statSync(join(dir, name)).mtimeMs };
        } catch {
            return { name, at: 0 };
        }
    });
    aged.sort((a, b) => a.at - b.at);
    for (const { name } of aged.slice(0, aged.length - MAX_ENTRIES / 2)) rmSync(join(dir, name), { force: true });
}
