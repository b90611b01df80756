/** Reading records by a list of Ids through the one door, sized to the list. */
import type { Org } from './index.js';
import { pushAll } from '../core/arrays.js';

/**
 * Rows of `object` whose `idField` is one of `ids`, flattened to strings ('' for null): SOQL `IN` lists of 500 below 2,000
 * ids, one Bulk API 2.0 query of the object (filtered here, by the 15-character Id) above. `where` narrows either query.
 */
export async function readByIds(
    org: Org,
    object: string,
    fields: string[],
    idField: string,
    ids: string[],
    where?: string
): Promise<Record<string, string>[]> {
    const select = [...new Set(['Id', idField, ...fields])].join(', ');
    if (ids.length >= 2000) {
        const wanted = new Set(ids.map(id15));
        const rows = await org.bulkQuery(`SELECT ${select} FROM ${object}${where ? ` WHERE ${where}` : ''}`);
        return rows.filter((r) => wanted.has(id15(r[idField] ?? '')));
    }
    const out: Record<string, string>[] = [];
    for (let i = 0; i < ids.length; i += 500) {
        const list = ids.slice(i, i + 500).map((id) => `'${id}'`);
        const rows = await org.query(
            `SELECT ${select} FROM ${object} WHERE ${idField} IN (${list.join(', ')})${where ? ` AND ${where}` : ''}`
        );
        pushAll(
            out,
            rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])))
        );
    }
    return out;
}

const id15 = (id: string) => id.slice(0, 15);

/**
 * Of the users `ids`, those that are not active users now, by 15-character Id: 'inactive', or 'no such user'. Salesforce
 * refuses a record owner that is not an active user (INACTIVE_OWNER_OR_USER), one row at a time: writes that set owners
 * check them first, so that they can refuse before their first change rather than fail half-way.
 */
export async function notActiveUsers(org: Org, ids: string[]): Promise<Map<string, 'inactive' | 'no such user'>> {
    const wanted = [...new Set(ids.filter(Boolean).map(id15))];
    if (!wanted.length) return new Map();
    const active = new Map((await readByIds(org, 'User', ['IsActive'], 'Id', wanted)).map((u) => [id15(u.Id!), u.IsActive === 'true']));
    return new Map(wanted.filter((id) => active.get(id) !== true).map((id) => [id, active.has(id) ? 'inactive' : 'no such user'] as const));
}
