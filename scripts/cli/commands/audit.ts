/**
 * `abm audit`: the data-quality checks of the operating model over the book (scripts/core/audit.ts), as a terminal
 * summary, findings.csv and a self-contained report.html; `--fail-on <severity>` makes it a CI gate (exit 1).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
    activityLookbackDays,
    CHECKS,
    DEFAULT_AUDIT_POLICY,
    failsGate,
    runAudit,
    SEVERITIES,
    type AuditPolicy,
    type AuditResult,
    type Severity
} from '../../core/audit.js';
import { safeCell } from '../../core/lists.js';
import type { Org } from '../../org/index.js';
import { queryExisting, queryResponseRecords, responsesOf } from '../analytics-book.js';
import { barChart, esc, page, table } from '../html.js';
import { AbmError, emitResult, ExitCode, fmt, openOrg, ORG_FLAGS, parseFlags, resolveAsOf, UsageError, type Ux } from '../shared.js';
import { maxOf } from '../../core/arrays.js';

const PolicySchema = z
    .object({
        stallingDays: z.number().int().min(1),
        dormantDays: z.number().int().min(1),
        coverageMinimum: z.number().int().min(0),
        tier1SunsetWarnDays: z.number().int().min(1),
        tier1SunsetDays: z.number().int().min(1),
        tier2SunsetWarnDays: z.number().int().min(1),
        tier2SunsetDays: z.number().int().min(1),
        planReviewDays: z.number().int().min(1),
        lowTierOwnerUsername: z.string().nullable(),
        requiredFields: z.array(z.enum(['industry', 'size', 'geography', 'tier', 'owner', 'lastActivity'])),
        disabled: z.array(z.enum(Object.keys(CHECKS) as [string, ...string[]]))
    })
    .strict()
    .partial();

export async function readAuditPolicy(path: string | undefined): Promise<AuditPolicy> {
    const file = path ?? (existsSync('config/audit-policy.json') ? 'config/audit-policy.json' : undefined);
    if (!file) return DEFAULT_AUDIT_POLICY;
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
        throw new AbmError(`Cannot read the audit policy ${file}: ${(error as Error).message}`);
    }
    const parsed = PolicySchema.safeParse(raw);
    if (!parsed.success) throw new AbmError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const policy = { ...DEFAULT_AUDIT_POLICY, ...parsed.data } as AuditPolicy;
    if (policy.stallingDays >= policy.dormantDays) throw new AbmError(`${file}: stallingDays must be below dormantDays.`);
    if (policy.tier1SunsetWarnDays > policy.tier1SunsetDays || policy.tier2SunsetWarnDays > policy.tier2SunsetDays)
        throw new AbmError(`${file}: a sunset warning threshold must not exceed its sunset threshold.`);
    return policy;
}

const bool = (v: unknown) => v === true || v === 'true';
const s = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
const n = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));

/** Fields of `object` among `fields` that the org has (older orgs and snapshots may lack some). */
async function existing(org: Org, object: string, fields: string[]): Promise<string[]> {
    const known = new Set((await org.describe(object)).map((f) => f.name.toLowerCase()));
    return fields.filter((f) => known.has(f.toLowerCase()));
}

/**
 * The book the audit reads, through the one door. Completed tasks are read for the `activityLookbackDays` before the
 * as-of date (older activity cannot change a finding): engagement as of a past date, and the LastActivityDate check.
 */
export async function readAuditBook(org: Org, ux: Ux, asOf: string, policy: AuditPolicy = DEFAULT_AUDIT_POLICY) {
    ux.log(`Reading the book from ${org.label}…`);
    const optionalAccount = await existing(org, 'Account', ['CreatedDate', 'ABM_ContactCoverage__c', 'ABM_BuyingCommitteeCompleteness__c']);
    const taskFields = await existing(org, 'Task', ['IsClosed', 'CompletedDateTime']);
    const taskClosed = taskFields.filter((f) => f === 'IsClosed');
    const from = new Date(Date.parse(asOf) - activityLookbackDays(policy) * 86_400_000).toISOString().slice(0, 10);
    const window = (field: string) => `${field} >= ${from} AND ${field} <= ${asOf}`;
    const [accounts, contacts, users, sellers, aliases, plans, tasks, events, responses] = await Promise.all([
        org.bulkQuery(
            `SELECT Id, Name, OwnerId, ABM_Tier__c, ABM_WebDomain__c, Website, Industry, NumberOfEmployees, AnnualRevenue, BillingCountry, ABM_Region__c, LastActivityDate, ABM_LastEngagementDate__c, ABM_TierChangedDate__c${optionalAccount.map((f) => `, ${f}`).join('')} FROM Account`
        ),
        org.bulkQuery('SELECT Id, FirstName, LastName, AccountId, ABM_BuyingRole__c, ABM_IsEngaged__c, ABM_HasLeftCompany__c FROM Contact'),
        org.query('SELECT Id, Name, Username, IsActive FROM User'),
        org.query('SELECT User__c, Role__c, IsActive__c FROM ABM_Seller__c'),
        org.query('SELECT Id, Domain__c, Account__c FROM ABM_DomainAlias__c'),
        org.query('SELECT Id, Name, Account__c, Status__c, LastReviewedDate__c, NextReviewDate__c FROM ABM_AccountPlan__c'),
        org.bulkQuery(
            `SELECT AccountId, ActivityDate${taskFields.includes('CompletedDateTime') ? ', CompletedDateTime' : ''} FROM Task WHERE AccountId != null AND ${window('ActivityDate')}${taskClosed.length ? ' AND IsClosed = true' : ''}`
        ),
        // Events (held on their date) and campaign responses count as engagement (docs/metrics.md); a snapshot may have neither.
        queryExisting(org, 'Event', ['AccountId', 'ActivityDate'], [], true, `AccountId != null AND ${window('ActivityDate')}`),
        queryResponseRecords(org, window('FirstRespondedDate'))
    ]);
    const accountOfContact = new Map(contacts.map((c) => [String(c.Id).slice(0, 15), s(c.AccountId)]));
    ux.log(
        `Read ${fmt(accounts.length)} accounts, ${fmt(contacts.length)} contacts, ${users.length} users, ${aliases.length} aliases, ${plans.length} plans, ` +
            `${fmt(tasks.length)} completed tasks, ${fmt(events.length)} events and ${fmt(responses.members.length)} campaign responses since ${from}.`
    );
    return {
        accounts: accounts.map((a) => ({
            Id: a.Id!,
            Name: a.Name ?? '',
            OwnerId: s(a.OwnerId),
            ABM_Tier__c: s(a.ABM_Tier__c),
            ABM_WebDomain__c: s(a.ABM_WebDomain__c),
            Website: s(a.Website),
            Industry: s(a.Industry),
            NumberOfEmployees: n(a.NumberOfEmployees),
            AnnualRevenue: n(a.AnnualRevenue),
            BillingCountry: s(a.BillingCountry),
            ABM_Region__c: s(a.ABM_Region__c),
            LastActivityDate: s(a.LastActivityDate),
            ABM_LastEngagementDate__c: s(a.ABM_LastEngagementDate__c),
            ABM_TierChangedDate__c: s(a.ABM_TierChangedDate__c),
            ...(optionalAccount.includes('CreatedDate') ? { CreatedDate: s(a.CreatedDate) } : {}),
            ...(optionalAccount.includes('ABM_ContactCoverage__c') ? { ABM_ContactCoverage__c: n(a.ABM_ContactCoverage__c) } : {}),
            ...(optionalAccount.includes('ABM_BuyingCommitteeCompleteness__c')
                ? { ABM_BuyingCommitteeCompleteness__c: n(a.ABM_BuyingCommitteeCompleteness__c) }
                : {})
        })),
        activities: [...tasks, ...events].map((t) => ({
            AccountId: s(t.AccountId),
            ActivityDate: s(t.ActivityDate),
            CompletedDate: s(t.CompletedDateTime)
        })),
        responses: responsesOf(responses, accountOfContact),
        contacts: contacts.map((c) => ({
            Id: c.Id!,
            Name: [c.FirstName, c.LastName].filter(Boolean).join(' '),
            AccountId: s(c.AccountId),
            ABM_BuyingRole__c: s(c.ABM_BuyingRole__c),
            ABM_IsEngaged__c: bool(c.ABM_IsEngaged__c),
            ABM_HasLeftCompany__c: bool(c.ABM_HasLeftCompany__c)
        })),
        users: users.map((u) => ({ Id: String(u.Id), Name: String(u.Name ?? u.Id), Username: s(u.Username), IsActive: bool(u.IsActive) })),
        sellers: sellers.map((x) => ({ User__c: s(x.User__c), Role__c: s(x.Role__c), IsActive__c: bool(x.IsActive__c) })),
        aliases: aliases.map((x) => ({ Id: String(x.Id), Domain__c: s(x.Domain__c), Account__c: s(x.Account__c) })),
        plans: plans.map((p) => ({
            Id: String(p.Id),
            Name: s(p.Name) ?? String(p.Id),
            Account__c: s(p.Account__c),
            Status__c: s(p.Status__c),
            LastReviewedDate__c: s(p.LastReviewedDate__c),
            NextReviewDate__c: s(p.NextReviewDate__c)
        }))
    };
}

export function summaryLines(result: AuditResult): string[] {
    const lines = [
        `${fmt(result.findings.length)} findings on ${fmt(result.accountsChecked)} accounts: ${result.bySeverity.high} high, ${result.bySeverity.medium} medium, ${result.bySeverity.low} low`
    ];
    const width = maxOf(result.byCheck.map((c) => c.title.length));
    for (const c of result.byCheck)
        lines.push(
            `  ${c.title.padEnd(width)}  ${c.cadence.padEnd(9)}  high ${String(c.high).padStart(4)}  medium ${String(c.medium).padStart(4)}  low ${String(c.low).padStart(4)}`
        );
    return lines;
}

function reportHtml(result: AuditResult, label: string, asOf: string): string {
    let body = `<p>${esc(label)} · as of ${esc(asOf)} · ${fmt(result.accountsChecked)} accounts</p>`;
    body += barChart(
        'Findings by check',
        result.byCheck
            .filter((c) => c.high + c.medium + c.low > 0)
            .map((c) => ({ label: c.check, value: c.high + c.medium + c.low, note: c.high ? `(${c.high} high)` : '' }))
    );
    body +=
        '<h2>Checks</h2>' +
        table(
            ['Check', 'Cadence', 'High', 'Medium', 'Low'],
            result.byCheck.map((c) => [c.title, c.cadence, c.high, c.medium, c.low])
        );
    for (const sev of SEVERITIES) {
        const fs = result.findings.filter((f) => f.severity === sev);
        if (!fs.length) continue;
        body +=
            `<h2>${esc(sev[0]!.toUpperCase() + sev.slice(1))} (${fs.length})</h2>` +
            table(
                ['Check', 'Record', 'Tier', 'Detail', 'Fix'],
                fs.map((f) => [f.check, `${f.recordName} (${f.recordId})`, f.tier ?? '', f.detail, f.fix])
            );
    }
    return page('ABM data-quality audit', body);
}

export type AuditOptions = {
    org: { 'target-org'?: string; snapshot?: string };
    policyFile?: string;
    asOf?: string;
    out: string;
    failOn?: Severity;
    only?: string[];
};

export function parseAuditOptions(argv: string[]): AuditOptions {
    const { values } = parseFlags(argv, {
        ...ORG_FLAGS,
        policy: { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string', default: join('out', 'audit') },
        'fail-on': { type: 'string' },
        only: { type: 'string' }
    });
    const failOn = values['fail-on'] as Severity | undefined;
    if (failOn && !SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on "${failOn}": use one of ${SEVERITIES.join(', ')}.`);
    const only = values.only?.split(',').map((x) => x.trim());
    const unknown = (only ?? []).filter((c) => !(c in CHECKS));
    if (unknown.length) throw new UsageError(`--only: unknown check ${unknown.join(', ')} (checks: ${Object.keys(CHECKS).join(', ')}).`);
    return { org: values, policyFile: values.policy, asOf: values['as-of'], out: values.out, failOn, only };
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { status, result } = await executeAudit(parseAuditOptions(argv), ux);
    emitResult(ux, status, result);
}

/** Runs the command on parsed options; `open`: an org already open (tests, a host CLI), else the one the options name. */
export async function executeAudit(options: AuditOptions, ux: Ux, open?: Org) {
    const { failOn } = options;
    const policy = await readAuditPolicy(options.policyFile);
    if (options.only) policy.disabled = Object.keys(CHECKS).filter((c) => !options.only!.includes(c));
    const values = { ...options.org, 'as-of': options.asOf, out: options.out };
    const org = open ?? (await openOrg(values, ux));
    const asOf = await resolveAsOf(values['as-of'], org);
    const book = await readAuditBook(org, ux, asOf, policy);
    const result = runAudit({ ...book, asOf, policy });
    await mkdir(values.out, { recursive: true });
    const files = { findings: join(values.out, 'findings.csv'), report: join(values.out, 'report.html') };
    await writeFile(
        files.findings,
        stringify(
            result.findings.map((f) => [
                f.severity,
                f.check,
                f.object,
                f.recordId,
                safeCell(f.recordName),
                f.accountId ?? '',
                f.tier ?? '',
                safeCell(f.detail),
                f.fix
            ]),
            { header: true, columns: ['Severity', 'Check', 'Object', 'RecordId', 'Record', 'AccountId', 'Tier', 'Detail', 'Fix'] }
        )
    );
    await writeFile(files.report, reportHtml(result, org.label, asOf));
    ux.out('');
    for (const line of summaryLines(result)) ux.out(line);
    for (const f of result.findings.filter((x) => x.severity === 'high').slice(0, 5))
        ux.out(`  e.g. [${f.check}] ${f.recordName}: ${f.detail} → ${f.fix}`);
    ux.out(`Findings: ${resolve(files.findings)}\nReport: ${resolve(files.report)}`);
    const gate = failOn ? failsGate(result.findings, failOn) : false;
    if (gate) ux.log(`Failing: findings at or above "${failOn}" (--fail-on).`);
    return {
        status: gate ? ExitCode.Failure : ExitCode.Success,
        result: {
            asOf,
            target: org.label,
            findings: result.findings.length,
            bySeverity: result.bySeverity,
            byCheck: result.byCheck,
            failOn: failOn ?? null,
            gateFailed: gate,
            files
        }
    };
}
