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
import { ACCOUNT_FIELD, LIST_FIELDS, type ListField, type ListIssue, type SourceRow } from './lists.js';

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

/** Source names per field, highest precedence first; `org` stands for the org's current value. */
export type Precedence = Partial<Record<ListField, string[]>>;

export type ReconcileInput = {
    /** Source names in the order given (the default precedence). */
    sources: string[];
    rows: SourceRow[];
    accounts: OrgAccount[];
    aliases: OrgAlias[];
    users: OrgUser[];
    precedence: Precedence;
    asOf: string;
    domainOptions?: DomainOptions;
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

/** A company name compared without case, accents, punctuation or legal-form suffixes ("ACME, Inc." = "Acme"). */
export function nameKey(name: string): string {
    const words = name
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/&/g, ' and ')
        .replace(/\./g, '')
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
        .split(' ')
        .filter(Boolean);
    while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
    return words.join(' ');
}

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

/** Users by lower-cased email and username; several users with one address resolve to the active one, if only one is. */
function userIndex(users: OrgUser[]): (email: string) => { id?: string; problem?: string } {
    const by = new Map<string, OrgUser[]>();
    for (const u of users) {
        for (const key of new Set([str(u.Username).toLowerCase(), str(u.Email).toLowerCase()])) {
            if (!key) continue;
            const list = by.get(key) ?? [];
            if (!list.includes(u)) list.push(u);
            by.set(key, list);
        }
    }
    return (email) => {
        const list = by.get(email.toLowerCase()) ?? [];
        const active = list.filter((u) => isTrue(u.IsActive));
        if (list.length === 0) return { problem: `${email} is not a user in the org` };
        if (active.length === 0) return { problem: `${email} is an inactive user` };
        if (active.length > 1) return { problem: `${email} matches ${active.length} active users (${active.map((u) => u.Id).join(', ')})` };
        return { id: active[0]!.Id };
    };
}

export function reconcile(input: ReconcileInput): ReconcileResult {
    const issues: ListIssue[] = [];
    const conflicts: Conflict[] = [];
    const sourceIndex = new Map(input.sources.map((s, i) => [s, i]));
    const accountsByDomain = new Map<string, OrgAccount>();
    const accountsById = new Map<string, OrgAccount>();
    for (const a of input.accounts) {
        accountsById.set(a.Id.slice(0, 15), a);
        const d = str(a.ABM_WebDomain__c).trim().toLowerCase();
        if (d && !accountsByDomain.has(d)) accountsByDomain.set(d, a);
    }
    const aliasTo = new Map<string, string>();
    for (const al of input.aliases) {
        const d = str(al.Domain__c).trim().toLowerCase();
        const account = accountsById.get(str(al.Account__c).slice(0, 15));
        const target = str(account?.ABM_WebDomain__c).trim().toLowerCase();
        // An account's own domain wins over an alias (the same order as lead matching: exact, then alias).
        if (d && target && d !== target && !accountsByDomain.has(d)) aliasTo.set(d, target);
    }
    const resolveOwner = userIndex(input.users);

    // 1. Domains.
    type Row = SourceRow & { domain: string; aliasOf?: string };
    const groups = new Map<string, Row[]>();
    for (const row of input.rows) {
        const website = row.values.website ?? '';
        const reject = (kind: ConflictKind, reason: string) => {
            issues.push({
                source: row.source,
                file: row.file,
                line: row.line,
                column: 'website',
                value: website,
                reason,
                action: 'row rejected'
            });
            conflicts.push({
                kind,
                domain: '',
                field: 'website',
                values: [{ source: row.source, file: row.file, line: row.line, value: website || `(${row.values.name ?? 'no name'})` }],
                resolution: 'row not loaded (see rejects)'
            });
        };
        if (!website) {
            reject('no-domain', `no website/domain (${row.values.name ? `company "${row.values.name}"` : 'and no name'})`);
            continue;
        }
        const n = normalizeDomain(website, input.domainOptions);
        if (n.kind === 'invalid') {
            reject('no-domain', `"${website}" is not a usable web domain (${n.reason})`);
            continue;
        }
        if (n.kind === 'webmail') {
            reject('webmail', `${n.domain} is a webmail domain, not a company's`);
            continue;
        }
        const target = aliasTo.get(n.domain);
        const r: Row = { ...row, domain: target ?? n.domain, ...(target ? { aliasOf: n.domain } : {}) };
        const list = groups.get(r.domain) ?? [];
        list.push(r);
        groups.set(r.domain, list);
    }

    // 2. Merge each group.
    const accounts: ReconciledAccount[] = [];
    const orders = new Map<ListField, string[]>(
        LIST_FIELDS.map((field) => {
            const declared = input.precedence[field] ?? [];
            return [field, [...declared, ...input.sources.filter((s) => !declared.includes(s))]];
        })
    );
    const orderFor = (field: ListField): string[] => orders.get(field)!;
    const nameDomains = new Map<string, { name: string; values: ConflictValue[]; domains: Set<string> }>();
    const domains = [...groups.keys()].sort();
    for (const domain of domains) {
        const rows = groups
            .get(domain)!
            .sort((a, b) => (sourceIndex.get(a.source) ?? 0) - (sourceIndex.get(b.source) ?? 0) || a.line - b.line);
        const existing = accountsByDomain.get(domain);
        let groupConflicts = 0;
        // Duplicates within one list.
        const perSource = new Map<string, Row[]>();
        for (const r of rows) perSource.set(r.source, [...(perSource.get(r.source) ?? []), r]);
        for (const [source, list] of perSource) {
            if (list.length > 1) {
                groupConflicts++;
                conflicts.push({
                    kind: 'duplicate-in-source',
                    domain,
                    field: 'website',
                    values: list.map((r) => ({ source, file: r.file, line: r.line, value: r.aliasOf ?? r.values.website ?? '' })),
                    resolution: `the first row (line ${list[0]!.line}) of ${source} is used for each field`
                });
            }
        }
        const merged: Partial<Record<ListField, { value: string; source: string }>> = {};
        for (const field of LIST_FIELDS) {
            if (field === 'website') continue;
            const candidates: (ConflictValue & { resolved: string })[] = [];
            for (const r of rows) {
                const v = r.values[field];
                if (v === undefined || v === '') continue;
                if (field === 'ownerEmail') {
                    const u = resolveOwner(v);
                    if (!u.id) {
                        groupConflicts++;
                        issues.push({
                            source: r.source,
                            file: r.file,
                            line: r.line,
                            column: 'ownerEmail',
                            value: v,
                            reason: u.problem!,
                            action: 'value ignored'
                        });
                        conflicts.push({
                            kind: 'owner-not-a-user',
                            domain,
                            field: 'owner',
                            values: [{ source: r.source, file: r.file, line: r.line, value: v }],
                            resolution: `${u.problem}; the owner is taken from the next source`
                        });
                        continue;
                    }
                    candidates.push({ source: r.source, file: r.file, line: r.line, value: v, resolved: u.id });
                } else candidates.push({ source: r.source, file: r.file, line: r.line, value: v, resolved: v });
            }
            if (field === 'lastEngagement') {
                const latest = candidates.reduce<(typeof candidates)[number] | undefined>(
                    (m, c) => (!m || c.resolved > m.resolved ? c : m),
                    undefined
                );
                if (latest) merged.lastEngagement = { value: latest.resolved, source: latest.source };
                continue;
            }
            const order = orderFor(field);
            const orgValue = existing ? str((existing as Record<string, unknown>)[ACCOUNT_FIELD[field]]) : '';
            let winner: { value: string; source: string } | undefined;
            for (const s of order) {
                if (s === 'org') {
                    if (orgValue) {
                        winner = { value: orgValue, source: 'org' };
                        break;
                    }
                    continue;
                }
                const c = candidates.find((x) => x.source === s);
                if (c) {
                    winner = { value: c.resolved, source: s };
                    break;
                }
            }
            if (winner) merged[field] = winner;
            const distinct = new Set(candidates.map((c) => comparable(field, c.resolved)));
            if (distinct.size > 1 && CONFLICT_FIELDS.has(field)) {
                groupConflicts++;
                conflicts.push({
                    kind: 'field',
                    domain,
                    field: field === 'ownerEmail' ? 'owner' : field,
                    values: candidates.map(({ source, file, line, value }) => ({ source, file, line, value })),
                    resolution: winner
                        ? `${winner.source} wins (precedence ${order.join(' > ')}): ${winner.source === 'org' ? orgValue : (candidates.find((c) => c.source === winner!.source)?.value ?? winner.value)}`
                        : 'no value'
                });
            }
        }
        const name = merged.name?.value ?? str(existing?.Name);
        for (const r of rows) {
            const n = r.values.name;
            if (!n) continue;
            const key = nameKey(n);
            if (!key) continue;
            const e = nameDomains.get(key) ?? { name: n, values: [], domains: new Set<string>() };
            e.domains.add(domain);
            e.values.push({ source: r.source, file: r.file, line: r.line, value: `${n} (${domain})` });
            nameDomains.set(key, e);
        }

        // 3. Against the org.
        const sources = [...new Set(rows.map((r) => r.source))];
        const viaAlias = [...new Set(rows.flatMap((r) => (r.aliasOf ? [r.aliasOf] : [])))];
        const changes: FieldChange[] = [];
        const record: Record<string, string | number | null> = { ABM_WebDomain__c: existing ? str(existing.ABM_WebDomain__c) : domain };
        for (const field of LIST_FIELDS) {
            const m = merged[field];
            if (!m || m.source === 'org' || field === 'website') continue;
            const api = ACCOUNT_FIELD[field];
            const before = existing ? str((existing as Record<string, unknown>)[api]) : '';
            if (existing && comparable(field, before) === comparable(field, m.value)) continue;
            if (field === 'lastEngagement' && before && before >= m.value) continue;
            changes.push({ field: api, from: before, to: m.value, source: m.source });
            record[api] = field === 'employees' || field === 'revenue' ? Number(m.value) : m.value;
        }
        if (!existing) {
            const site = rows.find((r) => r.values.website)?.values.website ?? domain;
            const website = /^https?:\/\//i.test(site) ? site : `https://${domain}`;
            record.Website = website;
            changes.push({ field: 'Website', from: '', to: website, source: rows[0]!.source });
        }
        if (changes.some((c) => c.field === 'ABM_Tier__c')) {
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
            for (const r of rows)
                issues.push({
                    source: r.source,
                    file: r.file,
                    line: r.line,
                    column: 'name',
                    value: '',
                    reason: `new account ${domain} has no name in any list`,
                    action: 'row rejected'
                });
            conflicts.push({
                kind: 'no-name',
                domain,
                field: 'name',
                values: rows.map((r) => ({ source: r.source, file: r.file, line: r.line, value: '' })),
                resolution: 'not created: add a name in one of the lists'
            });
        }
        accounts.push({
            domain,
            name,
            action,
            accountId: existing?.Id ?? null,
            sources,
            rows: rows.length,
            viaAlias,
            changes: action === 'unchanged' || action === 'rejected' ? [] : changes,
            conflicts: groupConflicts,
            record: action === 'create' || action === 'update' ? record : null
        });
    }

    // Same name, different domains (within the lists, and against the org's accounts).
    for (const a of input.accounts) {
        const key = nameKey(str(a.Name));
        const e = nameDomains.get(key);
        const d = str(a.ABM_WebDomain__c).toLowerCase();
        if (e && d && !e.domains.has(d)) {
            e.domains.add(d);
            e.values.push({ source: 'org', file: 'Account', line: 0, value: `${str(a.Name)} (${d}, ${a.Id})` });
        }
    }
    const byDomain = new Map(accounts.map((a) => [a.domain, a]));
    for (const [, e] of [...nameDomains].sort((x, y) => x[0].localeCompare(y[0]))) {
        if (e.domains.size < 2) continue;
        for (const d of e.domains) {
            const acc = byDomain.get(d);
            if (acc) acc.conflicts++;
        }
        conflicts.push({
            kind: 'name-domains',
            domain: [...e.domains].sort().join(' | '),
            field: 'name',
            values: e.values,
            resolution:
                'kept as separate accounts; if they are one company, add an ABM_DomainAlias__c for the other domain(s) and load again'
        });
    }

    const summary: ReconcileSummary = {
        sources: input.sources.map((source) => ({
            source,
            rows: input.rows.filter((r) => r.source === source).length,
            accounts: accounts.filter((a) => a.sources.includes(source) && a.action !== 'rejected').length,
            rejected: issues.filter((i) => i.source === source && i.action === 'row rejected').length
        })),
        accounts: accounts.filter((a) => a.action !== 'rejected').length,
        create: accounts.filter((a) => a.action === 'create').length,
        update: accounts.filter((a) => a.action === 'update').length,
        unchanged: accounts.filter((a) => a.action === 'unchanged').length,
        rejected: accounts.filter((a) => a.action === 'rejected').length,
        rejectedRows: issues.filter((i) => i.action === 'row rejected').length,
        conflicts: EMPTY_CONFLICTS()
    };
    for (const c of conflicts) summary.conflicts[c.kind]++;
    return { accounts, conflicts, issues, summary };
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

/** The identity of a signal: account (15 characters), topic and source (case-insensitive), date. */
export const signalKey = (account: string, topic: string, date: string, source: string) =>
    `${account.slice(0, 15)}|${topic.trim().toLowerCase()}|${date}|${source.trim().toLowerCase()}`;

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
