/**
 * SOQL over the in-memory store: parse with @jetstreamapp/soql-parser-js, then run the query with the evaluator
 * (soql-eval.ts, which has the details of what is supported). Syntax errors fail with MALFORMED_QUERY, unknown fields
 * with INVALID_FIELD in Salesforce's words. Importing this module loads the parser (about half a second of CPU: its
 * grammar is analysed when it loads); the snapshot adapter goes through soql-cache.ts, which loads it only when a query
 * is not in its cache.
 */
import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { executeParsed, type QueryOptions, type QueryResult } from './soql-eval.js';
import { SoqlError, type RecordStore } from './store.js';

export * from './soql-eval.js';

/** Parse SOQL or throw MALFORMED_QUERY. */
export function parseSoql(soql: string): Query {
    try {
        return parseQuery(soql);
    } catch (error) {
        throw new SoqlError('MALFORMED_QUERY', `unexpected token in query: ${firstLine((error as Error).message)}\n${soql}`);
    }
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

/** Run SOQL against the store. */
export function executeQuery(store: RecordStore, soql: string, options: QueryOptions = {}): QueryResult {
    return executeParsed(store, parseSoql(soql), soql, options);
}
