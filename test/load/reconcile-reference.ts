/**
 * The oracle for `reconcile`: the straightforward reference implementation that the optimised code in
 * scripts/core/reconcile.ts is checked against. It is the implementation from before the rewrite for speed (perf,
 * issue 17), kept verbatim (renamed; its `nameKey` is exported for the nameKey property test) so that
 * test/load/reconcile-equivalence.test.ts can prove the fast one gives the same result on generated books, and
 * `ABM_BENCH_RECONCILE=reference npm run bench -- reconcile` prints the same digest. It shares only `normalizeDomain`
 * with the fast code (which test/routing/domain-equivalence.test.ts checks against its own reference). Test-only:
 * nothing in scripts/ imports it. Do not "fix" it; change the rules in scripts/core/reconcile.ts and here together, or
 * retire the test.
 */
import { normalizeDomain } from '../../scripts/core/domain';
import { ACCOUNT_FIELD, LIST_FIELDS, toRows, type ListField, type ListIssue, type SourceRow } from '../../scripts/core/lists';
import type {
    AccountAction,
    Conflict,
    ConflictKind,
    ConflictValue,
    FieldChange,
    OrgAccount,
    OrgUser,
    ReconcileInput,
    ReconcileResult,
    ReconciledAccount,
    ReconcileSummary
} from '../../scripts/core/reconcile';

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

export function reconcileReference(input: ReconcileInput): ReconcileResult {
    // The rows as objects, as this reference always took them (the load hands reconcile columns).
    const inputRows: readonly SourceRow[] = Array.isArray(input.rows)
        ? input.rows
        : toRows(input.rows as Exclude<ReconcileInput['rows'], readonly SourceRow[]>);
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
    for (const row of inputRows) {
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
            changes.push({ field: 'ABM_TierChangedDate__c', from: existing ? '' : '', to: input.asOf, source: 'tier change' });
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
            rows: inputRows.filter((r) => r.source === source).length,
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
