/**
 * `abm match`: the explain tool for lead-to-account matching. For emails/URLs given on the command line, or the rows
 * of a leads CSV, prints the matched account with its reason code and every candidate considered, reading accounts
 * and domain aliases from an org or a snapshot. Same rules as the Apex matcher (scripts/core/match.ts).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { DEFAULT_HOSTING_DOMAINS, DEFAULT_WEBMAIL_DOMAINS } from '../../core/domain.js';
import {
    buildAccountIndex,
    countByReason,
    matchLead,
    type LeadInput,
    type MatchAccount,
    type MatchAlias,
    type MatchOptions,
    type MatchResult
} from '../../core/match.js';
import type { Org } from '../../org/index.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, UsageError, type Ux } from '../shared.js';

export type MatchRow = { input: string; row?: number } & MatchResult;
export type MatchCommandResult = {
    org: string;
    accounts: number;
    aliases: number;
    options: { preferParentAccount: boolean; settingsSource: 'org' | 'defaults' };
    matches: MatchRow[];
    counts: ReturnType<typeof countByReason>;
    indexWarnings: string[];
};

const looksLikeEmail = (value: string): boolean => value.includes('@') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
const toLead = (value: string): LeadInput => (looksLikeEmail(value) ? { email: value } : { website: value });
const splitLines = (text: unknown): string[] =>
    typeof text === 'string'
        ? text
              .split(/\r?\n/)
              .map((l) => l.trim().toLowerCase())
              .filter(Boolean)
        : [];

/** The ABM settings of an org (hosting and webmail lists, parent policy), or the defaults for a snapshot. */
async function readSettings(org: Org, ux: Ux): Promise<{ options: MatchOptions; source: 'org' | 'defaults' }> {
    const defaults = { hostingDomains: DEFAULT_HOSTING_DOMAINS, webmailDomains: DEFAULT_WEBMAIL_DOMAINS, preferParentAccount: false };
    if (org.kind === 'snapshot') return { options: defaults, source: 'defaults' };
    try {
        const [s] = await org.query(
            "SELECT HostingDomains__c, WebmailDomains__c, PreferParentAccount__c FROM ABM_Setting__mdt WHERE DeveloperName = 'Default'"
        );
        if (!s) throw new Error('no Default record');
        return {
            options: {
                hostingDomains: splitLines(s.HostingDomains__c),
                webmailDomains: splitLines(s.WebmailDomains__c),
                preferParentAccount: s.PreferParentAccount__c === true || s.PreferParentAccount__c === 'true'
            },
            source: 'org'
        };
    } catch (error) {
        ux.warn(`Could not read ABM_Setting__mdt Default (${(error as Error).message}); using the default lists.`);
        return { options: defaults, source: 'defaults' };
    }
}

/** Leads from a CSV file: rows of { email, website } with their 1-based line numbers (header = line 1). */
export async function readLeadsCsv(file: string, column: string | undefined): Promise<{ input: string; row: number; lead: LeadInput }[]> {
    let text: string;
    try {
        text = await readFile(file, 'utf8');
    } catch (error) {
        throw new AbmError(`Cannot read the leads file ${file}: ${(error as Error).message}`);
    }
    let records: Record<string, string>[];
    try {
        records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
    } catch (error) {
        throw new AbmError(`${file} is not a valid CSV file: ${(error as Error).message}`);
    }
    const header = records[0] ? Object.keys(records[0]) : (text.split(/\r?\n/)[0] ?? '').split(',').map((h) => h.trim());
    const find = (name: string) => header.find((h) => h.toLowerCase() === name.toLowerCase());
    if (column !== undefined) {
        const key = find(column);
        if (!key) throw new UsageError(`${file} has no column "${column}" (columns: ${header.join(', ')}).`);
        return records.map((r, i) => ({ input: r[key] ?? '', row: i + 2, lead: toLead(r[key] ?? '') }));
    }
    const emailKey = find('Email');
    const websiteKey = find('Website');
    if (!emailKey && !websiteKey) {
        throw new UsageError(`${file} has neither an Email nor a Website column (columns: ${header.join(', ')}).`, [
            `abm match --file ${file} --column <name> --snapshot data/sample-org`
        ]);
    }
    return records.map((r, i) => {
        const email = emailKey ? r[emailKey] : undefined;
        const website = websiteKey ? r[websiteKey] : undefined;
        return { input: [email, website].filter((v) => v).join(' | '), row: i + 2, lead: { email, website } };
    });
}

/** The human explanation of one match. */
export function explain(m: MatchRow): string {
    const where = m.row === undefined ? '' : `row ${m.row}: `;
    const head = m.accountId
        ? `${where}${m.input} → ${m.accountName ?? '(unnamed)'} (${m.accountId})  [${m.reason}] ${m.domain ?? ''} via ${m.source ?? ''}`
        : `${where}${m.input} → no account  [${m.reason}]${m.domain ? ` ${m.domain}` : ''}`;
    const lines = [head.trimEnd()];
    for (const s of m.sources) {
        const n = s.normalized;
        const what = n.kind === 'invalid' ? `invalid (${n.reason})` : n.kind === 'webmail' ? `webmail ${n.domain}` : n.host;
        lines.push(`    ${s.source}: ${s.input} → ${what}${s.lookedUp.length ? `; looked up ${s.lookedUp.join(', ')}` : ''}`);
    }
    for (const c of m.candidates) {
        lines.push(`    candidate ${c.domain} (${c.via}, level ${c.level}): ${c.accountName ?? '(unnamed)'} ${c.accountId}: ${c.verdict}`);
    }
    return lines.join('\n');
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { values, positionals } = parseFlags(
        argv,
        { ...ORG_FLAGS, file: { type: 'string' }, column: { type: 'string' }, 'prefer-parent': { type: 'boolean', default: false } },
        true
    );
    if (values.file && positionals.length > 0) throw new UsageError('Give emails/URLs or --file, not both.');
    if (!values.file && positionals.length === 0) {
        throw new UsageError('Give at least one email or URL, or --file leads.csv.', [
            'abm match jane@acme.com --snapshot data/sample-org'
        ]);
    }
    if (values.column && !values.file) throw new UsageError('--column needs --file.');
    const inputs = values.file
        ? await readLeadsCsv(values.file, values.column)
        : positionals.map((input) => ({ input, row: undefined, lead: toLead(input) }));

    const org = await openOrg(values, ux, ['Account']);
    try {
        const settings = await readSettings(org, ux);
        const options: MatchOptions = {
            ...settings.options,
            preferParentAccount: values['prefer-parent'] || settings.options.preferParentAccount
        };
        ux.log(`Reading accounts from ${org.label}…`);
        const accounts: MatchAccount[] = (await org.bulkQuery('SELECT Id, Name, ABM_WebDomain__c, ParentId, OwnerId FROM Account')).map(
            (r) => ({
                Id: r.Id ?? '',
                Name: r.Name || null,
                ABM_WebDomain__c: r.ABM_WebDomain__c || null,
                ParentId: r.ParentId || null,
                OwnerId: r.OwnerId || null
            })
        );
        let aliases: MatchAlias[] = [];
        try {
            aliases = await org.bulkQuery('SELECT Id, Domain__c, Account__c FROM ABM_DomainAlias__c');
        } catch (error) {
            ux.warn(`No domain aliases read (${(error as Error).message}); matching by account domains only.`);
        }
        ux.log(`Indexed ${fmt(accounts.length)} accounts and ${fmt(aliases.length)} aliases.`);
        const index = buildAccountIndex(accounts, aliases, options);
        const matches: MatchRow[] = inputs.map(({ input, row, lead }) => ({
            input,
            ...(row === undefined ? {} : { row }),
            ...matchLead(index, lead)
        }));
        const counts = countByReason(matches);
        if (!ux.json) {
            ux.out(`${matches.map(explain).join('\n\n')}\n`);
            const summary = Object.entries(counts)
                .filter(([, n]) => n > 0)
                .map(([reason, n]) => `${reason}: ${fmt(n)}`)
                .join(', ');
            ux.out(`${fmt(matches.length)} lead(s): ${summary}`);
        }
        for (const w of index.warnings.slice(0, 20)) ux.warn(w);
        if (index.warnings.length > 20) ux.warn(`…and ${index.warnings.length - 20} more data warnings.`);
        const result: MatchCommandResult = {
            org: org.label,
            accounts: accounts.length,
            aliases: aliases.length,
            options: { preferParentAccount: options.preferParentAccount === true, settingsSource: settings.source },
            matches,
            counts,
            indexWarnings: index.warnings
        };
        emitResult(ux, ExitCode.Success, result);
    } finally {
        await org.close?.();
    }
}
