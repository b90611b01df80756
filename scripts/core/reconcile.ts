/**
 * Reconciling the teams' account lists into one account per web domain, against the org.
 *
 * 1. Each row's website is normalised (`normalizeDomain`, the one normaliser); rows with no usable domain or a webmail
 *    domain are rejected with their file and line. An alias domain (ABM_DomainAlias__c) resolves to its account's domain.
 * 2. Rows are grouped by domain: one account each. Every field is merged by the declared source precedence
 *    (`tier: ['finance', 'sales']`: finance's tier wins, then sales'); `org` in a list means the org's current value.
 *    Sources not named come after, in the order given. The last engagement date is the latest of all.
 * 3. Conflicts are reported, never resolved silently: the same domain with different names / tiers / owners / …,
 *    the same company name under different domains, duplicate rows within one list, owners that are not users.
 * 4. Against the org, each account is a create, an update of only the fields that differ, or unchanged: re-running a
 *    load that was applied writes nothing. Tier changes stamp ABM_TierChangedDate__c with the as-of date.
 *
 * Pure: no I/O, no clock (the as-of date is a parameter).
 */
import { normalizeDomain, type DomainOptions } from './domain.js';
import { signalKey } from './signal-key.js';
import {
    ACCOUNT_FIELD,
    LIST_FIELDS,
    toColumns,
    UNPREPARED,
    type ListField,
    type ListIssue,
    type ListRows,
    type RowColumns,
    type SourceRow
} from './lists.js';

export type OrgAccount = {
    Id: string;
    Name?: string | null;
    ABM_WebDomain__c?: string | null;
    Website?: string | null;
    OwnerId?: string | null;
    ABM_Tier__c?: string | null;
    Industry?: string | null;
    BillingCountry?: string | null;
    ABM_Region__c?: string | null;
    NumberOfEmployees?: number | string | null;
    AnnualRevenue?: number | string | null;
    ABM_LastEngagementDate__c?: string | null;
    ABM_TierChangedDate__c?: string | null;
};
export type OrgAlias = { Domain__c?: string | null; Account__c?: string | null };
export type OrgUser = { Id: string; Email?: string | null; Username?: string | null; IsActive?: boolean | string | null };
/** What a reconcile reads from the org. */
export type OrgBook = { accounts: OrgAccount[]; aliases: OrgAlias[]; users: OrgUser[] };

/** Source names per field, highest precedence first; `org` stands for the org's current value. */
export type Precedence = Partial<Record<ListField, string[]>>;

export type ReconcileInput = {
    /** Source names in the order given (the default precedence). */
    sources: string[];
    /** The lists' rows: as columns (what the load reads), or as row objects. */
    rows: RowColumns | readonly SourceRow[];
    accounts: OrgAccount[];
    aliases: OrgAlias[];
    users: OrgUser[];
    precedence: Precedence;
    asOf: string;
    domainOptions?: DomainOptions;
    /**
     * The org indexed ahead (`indexOrg` of these accounts, aliases and users; the load does it while the lists are
     * read, and resolves the rows read meanwhile against it with `prepareRows`). Without it, `reconcile` indexes them.
     */
    index?: OrgIndex;
};

export type ConflictKind = 'field' | 'name-domains' | 'no-domain' | 'webmail' | 'duplicate-in-source' | 'owner-not-a-user' | 'no-name';

export type ConflictValue = { source: string; file: string; line: number; value: string };

export type Conflict = {
    kind: ConflictKind;
    domain: string;
    field: string;
    values: ConflictValue[];
    resolution: string;
};

export type FieldChange = { field: string; from: string; to: string; source: string };

export type AccountAction = 'create' | 'update' | 'unchanged' | 'rejected';

export type ReconciledAccount = {
    domain: string;
    name: string;
    action: AccountAction;
    accountId: string | null;
    /** The source lists that had this account, in source order. */
    sources: string[];
    rows: number;
    /** Domains the rows gave that resolved to this one through an alias. */
    viaAlias: string[];
    changes: FieldChange[];
    conflicts: number;
    /** The upsert payload (ABM_WebDomain__c + changed fields), null when nothing is written. */
    record: Record<string, string | number | null> | null;
};

export type ReconcileSummary = {
    sources: { source: string; rows: number; accounts: number; rejected: number }[];
    accounts: number;
    create: number;
    update: number;
    unchanged: number;
    rejected: number;
    rejectedRows: number;
    conflicts: Record<ConflictKind, number>;
};

export type ReconcileResult = {
    accounts: ReconciledAccount[];
    conflicts: Conflict[];
    issues: ListIssue[];
    summary: ReconcileSummary;
};

const LEGAL_SUFFIXES = new Set([
    'inc',
    'incorporated',
    'ltd',
    'limited',
    'llc',
    'llp',
    'plc',
    'corp',
    'corporation',
    'co',
    'company',
    'gmbh',
    'ag',
    'sa',
    'sas',
    'sarl',
    'srl',
    'spa',
    'bv',
    'nv',
    'oy',
    'ab',
    'as',
    'asa',
    'aps',
    'pty',
    'kk',
    'kg',
    'se'
]);

/**
 * A company name compared without case, accents, punctuation or legal-form suffixes ("ACME, Inc." = "Acme"):
 * NFKD with the combining marks dropped, lower case, `&` read as "and", dots dropped ("S.A." = "sa"), every other run
 * of characters that are not a-z or 0-9 a word break, and trailing legal forms removed (one word is always kept).
 */
export function nameKey(name: string): string {
    // Pure ASCII needs no Unicode normalisation (the common case, and a single pass).
    const lower = (ASCII_ONLY.test(name) ? name : name.replace(NON_ASCII_RUN, foldRun)).toLowerCase();
    // Words of a-z/0-9 separated by single spaces (most names): the key is a prefix of the lower-cased name.
    if (SIMPLE_WORDS.test(lower)) {
        let end = lower.length;
        for (;;) {
            const space = lower.lastIndexOf(' ', end - 1);
            if (space < 0 || !LEGAL_SUFFIXES.has(lower.slice(space + 1, end))) return end === lower.length ? lower : lower.slice(0, end);
            end = space;
        }
    }
    const words: string[] = [];
    let word = '';
    let start = -1;
    for (let i = 0; i < lower.length; i++) {
        const c = lower.charCodeAt(i);
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
            if (start < 0) start = i;
            continue;
        }
        if (start >= 0) {
            word += lower.slice(start, i);
            start = -1;
        }
        if (c === 46) continue; // a dot joins: "S.A." → "sa"
        if (word) {
            words.push(word);
            word = '';
        }
        if (c === 38) words.push('and');
    }
    if (start >= 0) word += lower.slice(start);
    if (word) words.push(word);
    while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
    return words.join(' ');
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
/**
 * A run of non-ASCII characters decomposed for compatibility (NFKD: "ﬁ" → "fi", "ü" → "u" + a combining mark) without
 * its combining marks. The NFKD of a name is the NFKD of its non-ASCII runs with the ASCII characters between them as
 * they are (an ASCII character decomposes to itself and nothing reorders across it), so each distinct run is folded
 * once: a memo of pure results, bounded.
 */
const foldedRuns = new Map<string, string>();
function foldRun(run: string): string {
    let folded = foldedRuns.get(run);
    if (folded === undefined) {
        folded = run.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
        if (foldedRuns.size < 4096) foldedRuns.set(run, folded);
    }
    return folded;
}
const SIMPLE_WORDS = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** Fields whose differing values are reported as conflicts (numbers and dates simply follow the precedence). */
const CONFLICT_FIELDS = new Set<ListField>(['name', 'tier', 'ownerEmail', 'industry', 'country', 'region']);

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const isTrue = (v: unknown) => v === true || v === 'true';

/** The comparable form of a field's value, so "1200" and 1200, or an 18- and 15-char Id, are the same. */
function comparable(field: ListField, value: string): string {
    if (field === 'employees' || field === 'revenue') return value === '' ? '' : String(Number(value));
    if (field === 'ownerEmail') return value.slice(0, 15);
    if (field === 'name') return nameKey(value);
    if (field === 'industry' || field === 'country') return value.trim().toLowerCase();
    return value.trim();
}

const EMPTY_CONFLICTS = (): Record<ConflictKind, number> => ({
    field: 0,
    'name-domains': 0,
    'no-domain': 0,
    webmail: 0,
    'duplicate-in-source': 0,
    'owner-not-a-user': 0,
    'no-name': 0
});

type OwnerLookup = { id?: string; problem?: string };

/**
 * Users by lower-cased email and username; several users with one address resolve to the active one, if only one is.
 * Each distinct address is resolved once (a list names the same few hundred owners on thousands of rows).
 */
function userIndex(users: OrgUser[]): (email: string) => OwnerLookup {
    const by = new Map<string, OrgUser[]>();
    for (const u of users) {
        for (const key of new Set([str(u.Username).toLowerCase(), str(u.Email).toLowerCase()])) {
            if (!key) continue;
            const list = by.get(key) ?? [];
            if (!list.includes(u)) list.push(u);
            by.set(key, list);
        }
    }
    const resolved = new Map<string, OwnerLookup>();
    const resolve = (email: string): OwnerLookup => {
        const list = by.get(email.toLowerCase()) ?? [];
        const active = list.filter((u) => isTrue(u.IsActive));
        if (list.length === 0) return { problem: `${email} is not a user in the org` };
        if (active.length === 0) return { problem: `${email} is an inactive user` };
        if (active.length > 1) return { problem: `${email} matches ${active.length} active users (${active.map((u) => u.Id).join(', ')})` };
        return { id: active[0]!.Id };
    };
    return (email) => {
        let r = resolved.get(email);
        if (!r) resolved.set(email, (r = resolve(email)));
        return r;
    };
}

/** The fields merged per account (every list field but the website, which is the key). */
const MERGED_FIELDS = LIST_FIELDS.filter((f) => f !== 'website');
const NAME = MERGED_FIELDS.indexOf('name');
/** Domain ids at or below this stand for an alias: ALIAS - id is the id of the account domain it resolves to. */
const ALIAS = -2;
/** The column of a field no row has. */
const NO_VALUES: readonly (string | undefined)[] = [];
const isRowArray = (rows: ReconcileInput['rows']): rows is readonly SourceRow[] => Array.isArray(rows);

/**
 * What `reconcile` does first with each row's website, done ahead (the load does it while list threads finish): the
 * row's `normalizeDomain` (default options), kept where it is a company domain (the rest is normalised again, and
 * rejected, by `reconcile`).
 */
export function normalizeRowDomains(rows: Pick<ListRows, 'length' | 'values' | 'domain'>): void {
    const websites = rows.values.website;
    if (!websites) return;
    const domain = new Array<string | undefined>(rows.length).fill(undefined);
    for (let i = 0; i < rows.length; i++) {
        const website = websites[i];
        if (!website) continue;
        const n = normalizeDomain(website);
        if (n.kind === 'domain') domain[i] = n.domain;
    }
    rows.domain = domain;
}

/**
 * The org's side of a reconcile, built once (`indexOrg`) and grown by the rows resolved against it (`prepareRows`,
 * `reconcile`): every domain has one integer id in one map. An account's domain is the index of its first account; an
 * alias domain is ALIAS - the id of its account's domain (an account's own domain wins over an alias, the same order
 * as lead matching: exact, then alias; of two aliases with one domain the last wins); a domain only the rows give gets
 * the next id after the accounts. One lookup per row gives its account, its alias and its group. Name keys are
 * interned the same way (one id per distinct key, `EMPTY_KEY` for ""), so rows and accounts compare names as integers.
 */
export type OrgIndex = {
    readonly accounts: OrgAccount[];
    readonly aliases: OrgAlias[];
    readonly users: OrgUser[];
    readonly domainId: Map<string, number>;
    readonly idDomain: string[];
    readonly keyId: Map<string, number>;
    readonly idKey: string[];
    /** Per account: the id of its name's key. */
    readonly accountKey: Int32Array;
    /** The ids of the accounts' domains, in domain order (a reconcile then sorts only the domains its rows add). */
    readonly accountOrder: Int32Array;
    readonly resolveOwner: (email: string) => OwnerLookup;
};

/** A prepared row's domain id when it has no company domain (rejected, or normalised again by `reconcile`). */
const NO_DOMAIN = -1;
/** A row's name id when it has no name. */
const NO_NAME = -1;
/** The id of the empty name key (a name of only punctuation): compared like any key, never a name entry. */
const EMPTY_KEY = 0;

/** Index the org's accounts (by domain and alias, and their name keys) and users, once. */
export function indexOrg(book: OrgBook): OrgIndex {
    const { accounts, aliases, users } = book;
    const accountCount = accounts.length;
    const domainId = new Map<string, number>();
    const idDomain: string[] = new Array<string>(accountCount);
    for (let a = 0; a < accountCount; a++) {
        const d = str(accounts[a]!.ABM_WebDomain__c).trim().toLowerCase();
        if (d && !domainId.has(d)) {
            domainId.set(d, a);
            idDomain[a] = d;
        }
    }
    // Alias domain → its account's domain (only the accounts that aliases name are indexed by Id).
    const aliasIds = new Set(aliases.map((al) => str(al.Account__c).slice(0, 15)));
    const accountsById = new Map<string, OrgAccount>();
    for (const a of accounts) {
        const id = a.Id.slice(0, 15);
        if (aliasIds.has(id)) accountsById.set(id, a);
    }
    for (const al of aliases) {
        const d = str(al.Domain__c).trim().toLowerCase();
        const account = accountsById.get(str(al.Account__c).slice(0, 15));
        const target = str(account?.ABM_WebDomain__c).trim().toLowerCase();
        if (!d || !target || d === target) continue;
        const own = domainId.get(d);
        if (own === undefined || own <= ALIAS) domainId.set(d, ALIAS - domainId.get(target)!);
    }
    // The engine's own string sort is several times faster than sorting ids with a comparator; the ids come back from
    // the map (whose keys these strings are).
    const accountDomains: string[] = [];
    for (let a = 0; a < accountCount; a++) if (idDomain[a] !== undefined) accountDomains.push(idDomain[a]!);
    accountDomains.sort();
    const index: OrgIndex = {
        accounts,
        aliases,
        users,
        domainId,
        idDomain,
        accountOrder: Int32Array.from(accountDomains, (d) => domainId.get(d)!),
        keyId: new Map([['', EMPTY_KEY]]),
        idKey: [''],
        accountKey: new Int32Array(accountCount),
        resolveOwner: userIndex(users)
    };
    for (let a = 0; a < accountCount; a++) index.accountKey[a] = keyIdOf(index, nameKey(str(accounts[a]!.Name)));
    return index;
}

/** The id of `value` in an interning table (`ids` maps each value to its index in `values`), a new one if it has none. */
function intern(ids: Map<string, number>, values: string[], value: string): number {
    let id = ids.get(value);
    if (id === undefined) {
        id = values.length;
        ids.set(value, id);
        values.push(value);
    }
    return id;
}

/** The id of a domain (see `OrgIndex`), a new one for a domain the index has not seen. */
const domainIdOf = (index: OrgIndex, domain: string): number => intern(index.domainId, index.idDomain, domain);

/** The id of a name key, a new one for a key the index has not seen. */
const keyIdOf = (index: OrgIndex, key: string): number => intern(index.keyId, index.idKey, key);

/**
 * What `reconcile` does first with each row, done ahead for one list against the org's index (the load does it while
 * other lists are still being read): its website normalised (default options, as `normalizeRowDomains`) and resolved
 * to a domain id, and its name's key to a key id. `reconcile` uses them when given the same index.
 */
export function prepareRows(index: OrgIndex, rows: ListRows): void {
    if (!rows.domain) normalizeRowDomains(rows);
    const domains = rows.domain!;
    const names = rows.values.name;
    const domain = new Int32Array(rows.length);
    const name = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
        const d = domains[i];
        domain[i] = d === undefined ? NO_DOMAIN : domainIdOf(index, d);
        const n = names?.[i];
        name[i] = n ? keyIdOf(index, nameKey(n)) : NO_NAME;
    }
    rows.prepared = { index, domain, name };
}

/**
 * Reconcile the lists' rows against the org. Built for lists of 100,000s of rows: rows are never copied (a row's
 * group, source rank and name entry live in typed arrays indexed like `input.rows`), groups are ranges of one index
 * array numbered in domain order, a name key is computed once per row and an owner address once per list, and a
 * conflict's values are only built for a field (or a name) that has a conflict.
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
    const issues: ListIssue[] = [];
    const conflicts: Conflict[] = [];
    const rows: RowColumns = isRowArray(input.rows) ? toColumns(input.rows) : input.rows;
    const rowCount = rows.length;
    const rowSource = rows.source;
    const rowFile = rows.file;
    const rowLineOf = rows.line;
    const column = (field: ListField): readonly (string | undefined)[] => rows.values[field] ?? NO_VALUES;
    const rowName = column('name');
    const rowWebsite = column('website');
    /** Websites normalised ahead (`normalizeRowDomains`: default options only). */
    const readyDomain = input.domainOptions === undefined ? rows.domain : undefined;
    if (
        input.index &&
        (input.index.accounts !== input.accounts || input.index.aliases !== input.aliases || input.index.users !== input.users)
    )
        throw new Error('reconcile: the org index given was built from other accounts, aliases or users');
    const index = input.index ?? indexOrg(input);
    const orgAccounts = input.accounts;
    const accountCount = orgAccounts.length;
    const { domainId, idDomain, accountKey, resolveOwner } = index;
    /** Rows resolved ahead against this index (with the default normaliser only); the others are resolved below. */
    const prepared = input.domainOptions === undefined && rows.prepared?.index === index ? rows.prepared : undefined;
    const rowDomainId = prepared ? prepared.domain : undefined;
    /** Per row: the id of its name's key (see `OrgIndex`), or NO_NAME. */
    const rowKey = prepared ? prepared.name.slice(0, rowCount) : new Int32Array(rowCount).fill(UNPREPARED);

    // 1. Domains: each usable row joins its domain's group; the others are rejected here, in row order.
    const reject = (i: number, kind: ConflictKind, reason: string) => {
        const website = rowWebsite[i] ?? '';
        issues.push({
            source: rowSource[i]!,
            file: rowFile[i]!,
            line: rowLineOf[i]!,
            column: 'website',
            value: website,
            reason,
            action: 'row rejected'
        });
        conflicts.push({
            kind,
            domain: '',
            field: 'website',
            values: [{ source: rowSource[i]!, file: rowFile[i]!, line: rowLineOf[i]!, value: website || `(${rowName[i] ?? 'no name'})` }],
            resolution: 'row not loaded (see rejects)'
        });
    };
    const sourceIndex = new Map(input.sources.map((s, i) => [s, i]));
    /** Rows per source (by its index in `sources`), for the summary. */
    const sourceRows = new Int32Array(input.sources.length);
    const rowLine = rowLineOf;
    /** Per row: the id of its domain (after aliases), or -1 for a rejected row. */
    const rowId = new Int32Array(rowCount).fill(-1);
    const aliasOf = new Map<number, string>();
    /** Per row: its source's index in `sources`, or -1 for a source not there. */
    const rowSourceAt = new Int32Array(rowCount);
    let lastSource: string | undefined;
    let lastSourceAt: number | undefined;
    for (let i = 0; i < rowCount; i++) {
        // Rows come list by list: the source's index is looked up once per run of rows of one list.
        const rowSourceName = rowSource[i]!;
        if (rowSourceName !== lastSource) {
            lastSource = rowSourceName;
            lastSourceAt = sourceIndex.get(rowSourceName);
        }
        const sourceAt = lastSourceAt;
        if (sourceAt !== undefined) sourceRows[sourceAt]!++;
        rowSourceAt[i] = sourceAt ?? -1;
        const website = rowWebsite[i] ?? '';
        if (!website) {
            reject(i, 'no-domain', `no website/domain (${rowName[i] ? `company "${rowName[i]}"` : 'and no name'})`);
            continue;
        }
        let id = rowDomainId === undefined ? UNPREPARED : rowDomainId[i]!;
        let domain = readyDomain?.[i];
        if (id === UNPREPARED || id === NO_DOMAIN) {
            if (domain === undefined) {
                const n = normalizeDomain(website, input.domainOptions);
                if (n.kind === 'invalid') {
                    reject(i, 'no-domain', `"${website}" is not a usable web domain (${n.reason})`);
                    continue;
                }
                if (n.kind === 'webmail') {
                    reject(i, 'webmail', `${n.domain} is a webmail domain, not a company's`);
                    continue;
                }
                domain = n.domain;
            }
            id = domainIdOf(index, domain);
        }
        if (id <= ALIAS) {
            aliasOf.set(i, domain!);
            id = ALIAS - id;
        }
        rowId[i] = id;
        if (rowKey[i] === UNPREPARED) {
            const n = rowName[i];
            rowKey[i] = n ? keyIdOf(index, nameKey(n)) : NO_NAME;
        }
    }
    // Groups: the ids the rows use, numbered in domain order; then the rows of each group, in input order (a stable
    // counting sort).
    // The accounts' domains are in order already (the index's `accountOrder`): only the domains the rows add are
    // sorted here, and the two orders merged.
    const groupOfId = new Int32Array(idDomain.length).fill(-1);
    const addedIds: number[] = [];
    let groupCount = 0;
    for (let i = 0; i < rowCount; i++) {
        const id = rowId[i]!;
        if (id >= 0 && groupOfId[id] === -1) {
            groupOfId[id] = 0;
            groupCount++;
            if (id >= accountCount) addedIds.push(id);
        }
    }
    addedIds.sort((a, b) => (idDomain[a]! < idDomain[b]! ? -1 : 1));
    const usedIds = new Int32Array(groupCount);
    const groupDomain: string[] = new Array<string>(groupCount);
    const accountOrder = index.accountOrder;
    for (let g = 0, a = 0, n = 0; g < groupCount; g++) {
        while (a < accountOrder.length && groupOfId[accountOrder[a]!] === -1) a++;
        const fromAccounts = a < accountOrder.length && (n >= addedIds.length || idDomain[accountOrder[a]!]! < idDomain[addedIds[n]!]!);
        const id = fromAccounts ? accountOrder[a++]! : addedIds[n++]!;
        usedIds[g] = id;
        groupDomain[g] = idDomain[id]!;
        groupOfId[id] = g;
    }
    const rowGroup = rowId;
    const groupStart = new Int32Array(groupCount + 1);
    for (let i = 0; i < rowCount; i++) {
        if (rowId[i]! < 0) continue;
        rowGroup[i] = groupOfId[rowId[i]!]!;
        groupStart[rowGroup[i]! + 1]!++;
    }
    for (let g = 0; g < groupCount; g++) groupStart[g + 1]! += groupStart[g]!;
    const grouped = new Int32Array(groupStart[groupCount]!);
    const fill = groupStart.slice(0, groupCount);
    for (let i = 0; i < rowCount; i++) {
        const g = rowGroup[i]!;
        if (g >= 0) grouped[fill[g]!++] = i;
    }
    /** The group of a domain, or undefined when no row has it. */
    const groupOf = (domain: string): number | undefined => {
        const id = domainId.get(domain);
        const g = id === undefined || id < 0 ? -1 : groupOfId[id]!;
        return g >= 0 ? g : undefined;
    };
    // Within a group: by the source's place in the list order, then by line (stable). The rows of lists joined in that
    // order come so already; only a group out of order is sorted.
    // (A source not in `sources` ranks first, as the first source.)
    const rankOf = (i: number) => Math.max(0, rowSourceAt[i]!);
    const byRank = (a: number, b: number) => rankOf(a) - rankOf(b) || rowLine[a]! - rowLine[b]!;
    for (let g = 0; g < groupCount; g++) {
        for (let k = groupStart[g]! + 1; k < groupStart[g + 1]!; k++) {
            if (byRank(grouped[k - 1]!, grouped[k]!) > 0) {
                grouped.set(Array.from(grouped.subarray(groupStart[g]!, groupStart[g + 1]!)).sort(byRank), groupStart[g]!);
                break;
            }
        }
    }
    // Each field's values in that order, one pass per column: the merge then reads them in sequence, not at each row's
    // place in the lists (at 100,000s of rows, the scattered reads cost more than the copy).
    const groupedValues = MERGED_FIELDS.map((field): readonly (string | undefined)[] => {
        const values = rows.values[field];
        if (!values) return NO_VALUES;
        const out = new Array<string | undefined>(grouped.length);
        for (let k = 0; k < grouped.length; k++) out[k] = values[grouped[k]!];
        return out;
    });

    // 2. Merge each group, in domain order.
    const accounts: ReconciledAccount[] = [];
    /** Per field: each source's place in the precedence (its first mention), and the precedence as text. */
    const precedenceRank: Map<string, number>[] = [];
    /** The same, by the source's index in `sources` (a lookup per candidate value). */
    const sourceRank: Int32Array[] = [];
    const precedenceText: string[] = [];
    for (const field of MERGED_FIELDS) {
        const declared = input.precedence[field] ?? [];
        const order = [...declared, ...input.sources.filter((s) => !declared.includes(s))];
        const ranks = new Map<string, number>();
        order.forEach((s, i) => {
            if (!ranks.has(s)) ranks.set(s, i);
        });
        precedenceRank.push(ranks);
        sourceRank.push(Int32Array.from(input.sources, (s) => ranks.get(s)!));
        precedenceText.push(order.join(' > '));
    }
    // Same name, other domain: each distinct name key is an entry (numbered in the order the groups first have it);
    // the entries seen under two or more domains keep the set of their domains (few do).
    const keyEntry = new Int32Array(index.idKey.length).fill(-1);
    const entryKey: number[] = [];
    const entryGroup: number[] = [];
    const entryDomains = new Map<number, Set<string>>();
    const entryOrg = new Map<number, ConflictValue[]>();
    const rowEntry = new Int32Array(rowCount).fill(-1);

    const group: number[] = [];
    const keys: number[] = [];
    const winnerAt: number[] = MERGED_FIELDS.map(() => -1);
    const winnerValue: (string | undefined)[] = MERGED_FIELDS.map(() => undefined);
    const winnerSource: (string | undefined)[] = MERGED_FIELDS.map(() => undefined);
    /** Scratch arrays, reused for every group (what is kept is copied out at its size). */
    const scratch: ConflictValue[] = [];
    const groupSources: string[] = [];
    const groupAliases: string[] = [];
    const groupChanges: FieldChange[] = [];
    /** The account's own value of each field ('' for a new account). */
    const orgValues: string[] = MERGED_FIELDS.map(() => '');
    for (let g = 0; g < groupCount; g++) {
        const domain = groupDomain[g]!;
        group.length = 0;
        const first = groupStart[g]!;
        for (let k = first; k < groupStart[g + 1]!; k++) group.push(grouped[k]!);
        const size = group.length;
        const id = usedIds[g]!;
        const existing = id < accountCount ? orgAccounts[id] : undefined;
        let groupConflicts = 0;
        // Name keys, and the name entries (same name, other domain).
        keys.length = size;
        for (let k = 0; k < size; k++) {
            const i = group[k]!;
            const key = rowKey[i]!;
            keys[k] = key;
            if (key === NO_NAME || key === EMPTY_KEY) continue;
            // The rows of one account mostly share a name: an earlier row's entry is this one's.
            let j = 0;
            while (j < k && keys[j] !== key) j++;
            if (j < k) {
                rowEntry[i] = rowEntry[group[j]!]!;
                continue;
            }
            let e = keyEntry[key]!;
            if (e < 0) {
                e = entryGroup.length;
                keyEntry[key] = e;
                entryKey.push(key);
                entryGroup.push(g);
            } else if (entryGroup[e] !== g) {
                const domains = entryDomains.get(e);
                if (domains) domains.add(domain);
                else entryDomains.set(e, new Set([groupDomain[entryGroup[e]!]!, domain]));
            }
            rowEntry[i] = e;
        }
        // Duplicates within one list (sources in the order they first appear).
        for (let k = 0; k < size; k++) {
            const source = rowSource[group[k]!]!;
            let seen = false;
            for (let j = 0; j < k && !seen; j++) seen = rowSource[group[j]!] === source;
            if (seen) continue;
            let twice = false;
            for (let j = k + 1; j < size && !twice; j++) twice = rowSource[group[j]!] === source;
            if (!twice) continue;
            const list = group.filter((i, j) => j >= k && rowSource[i] === source);
            groupConflicts++;
            conflicts.push({
                kind: 'duplicate-in-source',
                domain,
                field: 'website',
                values: list.map((i) => ({ source, file: rowFile[i]!, line: rowLineOf[i]!, value: aliasOf.get(i) ?? rowWebsite[i] ?? '' })),
                resolution: `the first row (line ${rowLineOf[list[0]!]!}) of ${source} is used for each field`
            });
        }
        for (let f = 0; f < MERGED_FIELDS.length; f++) {
            const field = MERGED_FIELDS[f]!;
            const ranks = precedenceRank[f]!;
            const ranksAt = sourceRank[f]!;
            const checkConflict = CONFLICT_FIELDS.has(field);
            // The candidates: rows with a value (owners: those that are users). `best` wins by precedence (the
            // latest date for the last engagement); a conflict is two candidates whose comparable values differ.
            let best = -1;
            let bestRank = Infinity;
            let bestValue: string | undefined;
            let firstKey: string | number | undefined;
            let differs = false;
            const fieldValues = groupedValues[f]!;
            // (A field no list has is left to the org's value, below.)
            for (let k = 0; k < (fieldValues === NO_VALUES ? 0 : size); k++) {
                const i = group[k]!;
                const v = fieldValues[first + k];
                if (v === undefined || v === '') continue;
                let resolved = v;
                if (field === 'ownerEmail') {
                    const u = resolveOwner(v);
                    if (!u.id) {
                        groupConflicts++;
                        issues.push({
                            source: rowSource[i]!,
                            file: rowFile[i]!,
                            line: rowLineOf[i]!,
                            column: 'ownerEmail',
                            value: v,
                            reason: u.problem!,
                            action: 'value ignored'
                        });
                        conflicts.push({
                            kind: 'owner-not-a-user',
                            domain,
                            field: 'owner',
                            values: [{ source: rowSource[i]!, file: rowFile[i]!, line: rowLineOf[i]!, value: v }],
                            resolution: `${u.problem}; the owner is taken from the next source`
                        });
                        continue;
                    }
                    resolved = u.id;
                }
                if (field === 'lastEngagement') {
                    if (best < 0 || resolved > bestValue!) {
                        best = k;
                        bestValue = resolved;
                    }
                    continue;
                }
                const at = rowSourceAt[i]!;
                const rank = at >= 0 ? ranksAt[at] : ranks.get(rowSource[i]!);
                if (rank !== undefined && rank < bestRank) {
                    best = k;
                    bestRank = rank;
                    bestValue = resolved;
                }
                if (checkConflict && !differs) {
                    const key = field === 'name' ? keys[k]! : comparable(field, resolved);
                    if (firstKey === undefined) firstKey = key;
                    else differs = key !== firstKey;
                }
            }
            winnerAt[f] = best;
            winnerValue[f] = bestValue;
            winnerSource[f] = best >= 0 ? rowSource[group[best]!] : undefined;
            const orgValue = existing ? str((existing as Record<string, unknown>)[ACCOUNT_FIELD[field]]) : '';
            orgValues[f] = orgValue;
            if (field === 'lastEngagement') continue;
            const orgRank = ranks.get('org');
            if (orgRank !== undefined && orgValue && orgRank < bestRank) {
                winnerAt[f] = -1;
                winnerValue[f] = orgValue;
                winnerSource[f] = 'org';
            }
            if (!differs) continue;
            groupConflicts++;
            // (Built in a scratch array and copied: each result array holds just its elements, not a grown buffer.)
            scratch.length = 0;
            let winnerText: string | undefined;
            const source = winnerSource[f];
            for (let k = 0; k < size; k++) {
                const i = group[k]!;
                const v = fieldValues[first + k];
                if (v === undefined || v === '' || (field === 'ownerEmail' && !resolveOwner(v).id)) continue;
                if (winnerText === undefined && rowSource[i] === source) winnerText = v;
                scratch.push({ source: rowSource[i]!, file: rowFile[i]!, line: rowLineOf[i]!, value: v });
            }
            conflicts.push({
                kind: 'field',
                domain,
                field: field === 'ownerEmail' ? 'owner' : field,
                values: scratch.slice(),
                resolution:
                    source === undefined
                        ? 'no value'
                        : `${source} wins (precedence ${precedenceText[f]!}): ${source === 'org' ? orgValue : (winnerText ?? winnerValue[f]!)}`
            });
        }
        const name = winnerValue[NAME] ?? str(existing?.Name);

        // 3. Against the org.
        groupSources.length = 0;
        groupAliases.length = 0;
        for (let k = 0; k < size; k++) {
            const i = group[k]!;
            const source = rowSource[i]!;
            if (!groupSources.includes(source)) groupSources.push(source);
            if (aliasOf.size === 0) continue;
            const alias = aliasOf.get(i);
            if (alias !== undefined && !groupAliases.includes(alias)) groupAliases.push(alias);
        }
        const changes = groupChanges;
        changes.length = 0;
        let tierChanged = false;
        const record: Record<string, string | number | null> = { ABM_WebDomain__c: existing ? str(existing.ABM_WebDomain__c) : domain };
        for (let f = 0; f < MERGED_FIELDS.length; f++) {
            const field = MERGED_FIELDS[f]!;
            const value = winnerValue[f];
            const source = winnerSource[f];
            if (value === undefined || source === undefined || source === 'org') continue;
            const api = ACCOUNT_FIELD[field];
            const before = orgValues[f]!;
            if (existing) {
                const same =
                    field === 'name'
                        ? accountKey[id] === keys[winnerAt[f]!]
                        : before === value || comparable(field, before) === comparable(field, value);
                if (same) continue;
            }
            if (field === 'lastEngagement' && before && before >= value) continue;
            changes.push({ field: api, from: before, to: value, source });
            if (field === 'tier') tierChanged = true;
            record[api] = field === 'employees' || field === 'revenue' ? Number(value) : value;
        }
        if (!existing) {
            let site = domain;
            for (let k = 0; k < size; k++) {
                const w = rowWebsite[group[k]!];
                if (w) {
                    site = w;
                    break;
                }
            }
            const website = /^https?:\/\//i.test(site) ? site : `https://${domain}`;
            record.Website = website;
            changes.push({ field: 'Website', from: '', to: website, source: rowSource[group[0]!]! });
        }
        if (tierChanged) {
            record.ABM_TierChangedDate__c = input.asOf;
            changes.push({
                field: 'ABM_TierChangedDate__c',
                from: existing ? str(existing.ABM_TierChangedDate__c) : '',
                to: input.asOf,
                source: 'tier change'
            });
        }
        let action: AccountAction = existing ? (changes.length ? 'update' : 'unchanged') : 'create';
        if (!existing && !name) {
            action = 'rejected';
            groupConflicts++;
            for (const i of group) {
                issues.push({
                    source: rowSource[i]!,
                    file: rowFile[i]!,
                    line: rowLineOf[i]!,
                    column: 'name',
                    value: '',
                    reason: `new account ${domain} has no name in any list`,
                    action: 'row rejected'
                });
            }
            conflicts.push({
                kind: 'no-name',
                domain,
                field: 'name',
                values: group.map((i) => ({ source: rowSource[i]!, file: rowFile[i]!, line: rowLineOf[i]!, value: '' })),
                resolution: 'not created: add a name in one of the lists'
            });
        }
        accounts.push({
            domain,
            name,
            action,
            accountId: existing?.Id ?? null,
            sources: groupSources.slice(),
            rows: size,
            viaAlias: groupAliases.slice(),
            changes: action === 'unchanged' || action === 'rejected' ? [] : changes.slice(),
            conflicts: groupConflicts,
            record: action === 'create' || action === 'update' ? record : null
        });
    }
    nameConflicts(input, rows, {
        keyEntry,
        entryKey,
        idKey: index.idKey,
        entryGroup,
        entryDomains,
        entryOrg,
        rowEntry,
        groupDomain,
        groupOf,
        groupStart,
        grouped,
        accounts,
        conflicts,
        accountKey
    });
    const rowsOf = (source: string) => sourceRows[sourceIndex.get(source)!]!;
    return { accounts, conflicts, issues, summary: summarise(input, rowsOf, accounts, conflicts, issues) };
}

/**
 * Same name, different domains (within the lists, and against the org's accounts): one conflict per name key seen
 * under two or more domains, in name-key order, with every row that has the name (in the order the groups were
 * merged) and then the org's accounts of other domains; each account under such a name counts the conflict.
 */
function nameConflicts(
    input: ReconcileInput,
    rows: RowColumns,
    s: {
        keyEntry: Int32Array;
        entryKey: number[];
        idKey: string[];
        entryGroup: number[];
        entryDomains: Map<number, Set<string>>;
        entryOrg: Map<number, ConflictValue[]>;
        rowEntry: Int32Array;
        groupDomain: string[];
        groupOf: (domain: string) => number | undefined;
        groupStart: Int32Array;
        grouped: Int32Array;
        accounts: ReconciledAccount[];
        conflicts: Conflict[];
        accountKey: Int32Array;
    }
): void {
    if (s.entryKey.length === 0) return;
    input.accounts.forEach((a, i) => {
        const d = str(a.ABM_WebDomain__c).toLowerCase();
        if (!d) return;
        const e = s.keyEntry[s.accountKey[i]!]!;
        if (e < 0) return;
        let domains = s.entryDomains.get(e);
        if (!domains) {
            const first = s.groupDomain[s.entryGroup[e]!]!;
            if (first === d) return;
            s.entryDomains.set(e, (domains = new Set([first])));
        }
        if (domains.has(d)) return;
        domains.add(d);
        const org = s.entryOrg.get(e) ?? [];
        org.push({ source: 'org', file: 'Account', line: 0, value: `${str(a.Name)} (${d}, ${a.Id})` });
        s.entryOrg.set(e, org);
    });
    if (s.entryDomains.size === 0) return;
    // The rows of each shared name, in the order the groups were merged.
    const values = new Map<number, ConflictValue[]>([...s.entryDomains.keys()].map((e) => [e, []]));
    for (let g = 0; g < s.groupDomain.length; g++) {
        for (let k = s.groupStart[g]!; k < s.groupStart[g + 1]!; k++) {
            const i = s.grouped[k]!;
            const list = values.get(s.rowEntry[i]!);
            if (!list) continue;
            list.push({
                source: rows.source[i]!,
                file: rows.file[i]!,
                line: rows.line[i]!,
                value: `${rows.values.name![i]!} (${s.groupDomain[g]!})`
            });
        }
    }
    const collator = new Intl.Collator();
    const shared = [...s.entryDomains.keys()].sort((x, y) => collator.compare(s.idKey[s.entryKey[x]!]!, s.idKey[s.entryKey[y]!]!));
    for (const e of shared) {
        const domains = s.entryDomains.get(e)!;
        for (const d of domains) {
            const g = s.groupOf(d);
            if (g !== undefined) s.accounts[g]!.conflicts++;
        }
        s.conflicts.push({
            kind: 'name-domains',
            domain: [...domains].sort().join(' | '),
            field: 'name',
            values: [...values.get(e)!, ...(s.entryOrg.get(e) ?? [])],
            resolution:
                'kept as separate accounts; if they are one company, add an ABM_DomainAlias__c for the other domain(s) and load again'
        });
    }
}

function summarise(
    input: ReconcileInput,
    rowsOf: (source: string) => number,
    accounts: ReconciledAccount[],
    conflicts: Conflict[],
    issues: ListIssue[]
): ReconcileSummary {
    const perSource = new Map(input.sources.map((source) => [source, { source, rows: rowsOf(source), accounts: 0, rejected: 0 }]));
    const summary: ReconcileSummary = {
        sources: [...perSource.values()],
        accounts: 0,
        create: 0,
        update: 0,
        unchanged: 0,
        rejected: 0,
        rejectedRows: 0,
        conflicts: EMPTY_CONFLICTS()
    };
    // (Index loops: over 100,000s of accounts, conflicts and issues, an iterator's result objects add up.)
    for (let k = 0; k < accounts.length; k++) {
        const a = accounts[k]!;
        summary[a.action]++;
        if (a.action === 'rejected') continue;
        summary.accounts++;
        for (let j = 0; j < a.sources.length; j++) {
            const s = perSource.get(a.sources[j]!);
            if (s) s.accounts++;
        }
    }
    for (let k = 0; k < issues.length; k++) {
        const i = issues[k]!;
        if (i.action !== 'row rejected') continue;
        summary.rejectedRows++;
        const s = perSource.get(i.source);
        if (s) s.rejected++;
    }
    for (let k = 0; k < conflicts.length; k++) summary.conflicts[conflicts[k]!.kind]++;
    return summary;
}

/** Parse `tier=finance,sales;owner=sales` into a precedence (field names as LIST_FIELDS, or `owner` for ownerEmail). */
export function parsePrecedence(text: string): Precedence {
    const out: Precedence = {};
    for (const part of text
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [rawField, rawSources] = part.split('=');
        const field = (rawField?.trim() === 'owner' ? 'ownerEmail' : rawField?.trim()) as ListField;
        if (!LIST_FIELDS.includes(field))
            throw new Error(`unknown field "${rawField}" in precedence (fields: ${LIST_FIELDS.join(', ')}, owner)`);
        const sources = (rawSources ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        if (!sources.length) throw new Error(`precedence for "${rawField}" names no sources`);
        out[field] = sources;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Intent signals (an intent provider's export) → ABM_IntentSignal__c, matched to accounts by domain.

export const SIGNAL_TYPES = ['Topic surge', 'Web visit', 'Content download', 'Event', 'Ad engagement', 'Other'] as const;

const SIGNAL_TYPE_WORDS: Record<string, (typeof SIGNAL_TYPES)[number]> = {
    'topic surge': 'Topic surge',
    surge: 'Topic surge',
    'intent surge': 'Topic surge',
    'web visit': 'Web visit',
    'website visit': 'Web visit',
    'page view': 'Web visit',
    pageview: 'Web visit',
    visit: 'Web visit',
    'content download': 'Content download',
    download: 'Content download',
    'content syndication': 'Content download',
    event: 'Event',
    webinar: 'Event',
    'ad engagement': 'Ad engagement',
    'ad click': 'Ad engagement',
    ad: 'Ad engagement',
    other: 'Other'
};

export type SignalInputRow = {
    file: string;
    line: number;
    domain: string;
    topic: string;
    strength: string;
    source: string;
    type: string;
    date: string;
};
export type ExistingSignal = {
    Account__c?: string | null;
    Topic__c?: string | null;
    SignalDate__c?: string | null;
    Source__c?: string | null;
};
export type SignalRecord = {
    Account__c: string;
    Topic__c: string;
    Strength__c: number | null;
    Source__c: string;
    SignalType__c: string;
    SignalDate__c: string;
};
export type SignalPlan = { records: (SignalRecord & { line: number; domain: string })[]; duplicates: number; issues: ListIssue[] };

export { signalKey };

/**
 * Signals to insert: each row matched to an account by its domain (exact or alias), its date and strength checked; a
 * signal already in the org (same account, topic, date and source) or twice in the file is skipped, so a re-load
 * inserts nothing. Unmatched or invalid rows are issues (rejects), never dropped silently.
 */
export function planSignals(
    rows: SignalInputRow[],
    accounts: OrgAccount[],
    aliases: OrgAlias[],
    existing: ExistingSignal[],
    parseDateFn: (v: string) => { date: string } | { error: string },
    domainOptions?: DomainOptions
): SignalPlan {
    const byDomain = new Map<string, string>();
    for (const a of accounts) {
        const d = str(a.ABM_WebDomain__c).trim().toLowerCase();
        if (d && !byDomain.has(d)) byDomain.set(d, a.Id);
    }
    for (const al of aliases) {
        const d = str(al.Domain__c).trim().toLowerCase();
        if (d && al.Account__c && !byDomain.has(d)) byDomain.set(d, al.Account__c);
    }
    const seen = new Set(existing.map((s) => signalKey(str(s.Account__c), str(s.Topic__c), str(s.SignalDate__c), str(s.Source__c))));
    const issues: ListIssue[] = [];
    const records: SignalPlan['records'] = [];
    let duplicates = 0;
    for (const r of rows) {
        const reject = (column: string, value: string, reason: string) =>
            issues.push({ source: 'signals', file: r.file, line: r.line, column, value, reason, action: 'row rejected' });
        const n = normalizeDomain(r.domain, domainOptions);
        if (n.kind !== 'domain') {
            reject(
                'domain',
                r.domain,
                n.kind === 'webmail' ? `${n.domain} is a webmail domain` : `"${r.domain}" is not a usable domain (${n.reason})`
            );
            continue;
        }
        const accountId = byDomain.get(n.domain);
        if (!accountId) {
            reject('domain', r.domain, `no account with web domain or alias ${n.domain}`);
            continue;
        }
        if (!r.topic.trim()) {
            reject('topic', '', 'no topic');
            continue;
        }
        const d = parseDateFn(r.date);
        if ('error' in d) {
            reject('date', r.date, d.error);
            continue;
        }
        let strength: number | null = null;
        if (r.strength.trim()) {
            const s = Number(r.strength.trim().replace(/%$/, ''));
            if (!Number.isFinite(s) || s < 0 || s > 100) {
                reject('strength', r.strength, `"${r.strength}" is not a strength from 0 to 100`);
                continue;
            }
            strength = Math.round(s);
        }
        const type = r.type.trim() ? SIGNAL_TYPE_WORDS[r.type.trim().toLowerCase()] : 'Topic surge';
        if (!type) {
            reject('type', r.type, `"${r.type}" is not a signal type (${SIGNAL_TYPES.join(', ')})`);
            continue;
        }
        const source = r.source.trim() || 'Import';
        const key = signalKey(accountId, r.topic, d.date, source);
        if (seen.has(key)) {
            duplicates++;
            continue;
        }
        seen.add(key);
        records.push({
            line: r.line,
            domain: n.domain,
            Account__c: accountId,
            Topic__c: r.topic.trim().slice(0, 255),
            Strength__c: strength,
            Source__c: source.slice(0, 80),
            SignalType__c: type,
            SignalDate__c: d.date
        });
    }
    return { records, duplicates, issues };
}
