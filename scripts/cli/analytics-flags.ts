/**
 * Flags and policy shared by `abm report` and `abm comp`: the period, the as-of date, the fiscal year and the policies.
 * Both policy files are read by default (docs/metrics.md): config/analytics-policy.json (engagement window,
 * signal-to-meeting window, comp) and config/audit-policy.json (the ABM settings' thresholds, shared with `abm audit`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_ANALYTICS_POLICY, previousQuarter, type AnalyticsPolicy, type Period } from '../core/analytics.js';
import type { Org } from '../org/index.js';
import { readAuditPolicy } from './commands/audit.js';
import { AbmError, readSnapshotMeta, resolveAsOf, UsageError } from './shared.js';

export const ANALYTICS_FLAGS = {
    'as-of': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'fiscal-start-month': { type: 'string' },
    policy: { type: 'string' },
    'audit-policy': { type: 'string' },
    out: { type: 'string' }
} as const;

export const DEFAULT_ANALYTICS_POLICY_FILE = 'config/analytics-policy.json';

const share = z.number().min(0).max(1);
const PolicySchema = z
    .object({
        engagementWindowDays: z.number().int().positive(),
        signalToMeetingDays: z.number().int().min(0),
        comp: z
            .object({
                quotaWeight: share,
                engagementWeight: share,
                pipelineWeight: share,
                engagementDefinition: z.enum(['activity', 'sql', 'either']),
                tier1PipelineTargetMultiple: z.number().positive(),
                attainmentCap: z.number().positive(),
                quotaPeriodMonths: z.number().int().min(1).max(12)
            })
            .strict()
            .partial()
    })
    .strict()
    .partial();

/** Keys that moved to config/audit-policy.json (one threshold, one file). */
const MOVED = { staleDays: 'dormantDays', coverageMinimum: 'coverageMinimum' } as const;

/**
 * The analytics policy: `path`, else config/analytics-policy.json when present, else the defaults; with the thresholds
 * of the audit policy (`auditPath`, else config/audit-policy.json).
 */
export async function readAnalyticsPolicy(path: string | undefined, auditPath?: string): Promise<AnalyticsPolicy> {
    const file = path ?? (existsSync(DEFAULT_ANALYTICS_POLICY_FILE) ? DEFAULT_ANALYTICS_POLICY_FILE : undefined);
    const audit = await readAuditPolicy(auditPath);
    const thresholds = {
        stallingDays: audit.stallingDays,
        dormantDays: audit.dormantDays,
        coverageMinimum: audit.coverageMinimum,
        lowTierOwnerUsername: audit.lowTierOwnerUsername
    };
    if (!file) return { ...DEFAULT_ANALYTICS_POLICY, thresholds };
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
        throw new AbmError(`Cannot read the policy file ${file}: ${(error as Error).message}`);
    }
    for (const [old, now] of Object.entries(MOVED)) {
        if (raw && typeof raw === 'object' && old in raw)
            throw new AbmError(
                `${file}: "${old}" is now "${now}" in config/audit-policy.json (one threshold for every tool: docs/metrics.md).`
            );
    }
    const parsed = PolicySchema.safeParse(raw);
    if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new AbmError(`${file}: ${issues}`);
    }
    return {
        ...DEFAULT_ANALYTICS_POLICY,
        ...parsed.data,
        thresholds,
        comp: { ...DEFAULT_ANALYTICS_POLICY.comp, ...parsed.data.comp }
    };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period: --from/--to, else the last complete fiscal quarter before the as-of date; and the fiscal year start. */
export async function resolvePeriod(
    values: { 'as-of'?: string; from?: string; to?: string; 'fiscal-start-month'?: string },
    org: Org
): Promise<{ asOf: string; period: Period; fiscalYearStartMonth: number }> {
    const asOf = await resolveAsOf(values['as-of'], org);
    let month = values['fiscal-start-month'] ? Number(values['fiscal-start-month']) : undefined;
    if (month === undefined && org.kind === 'snapshot') month = (await readSnapshotMeta(org.label)).fiscalYearStartMonth;
    if (month !== undefined && !(Number.isInteger(month) && month >= 1 && month <= 12)) {
        throw new UsageError('--fiscal-start-month must be a month number from 1 to 12.');
    }
    const fiscalYearStartMonth = month ?? 1;
    if (values.from || values.to) {
        if (!values.from || !values.to)
            throw new UsageError('Pass both --from and --to (YYYY-MM-DD), or neither for the last full quarter.');
        for (const [flag, v] of [
            ['--from', values.from],
            ['--to', values.to]
        ] as const) {
            if (!DATE.test(v) || Number.isNaN(Date.parse(v))) throw new UsageError(`${flag} "${v}" is not a date in the form YYYY-MM-DD.`);
        }
        if (values.from > values.to) throw new UsageError(`--from ${values.from} is after --to ${values.to}.`);
        return { asOf, period: { start: values.from, end: values.to }, fiscalYearStartMonth };
    }
    return { asOf, period: previousQuarter(asOf, fiscalYearStartMonth), fiscalYearStartMonth };
}
