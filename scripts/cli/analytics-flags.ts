/** Flags and policy shared by `abm report` and `abm comp`: the period, the as-of date and the analytics policy file. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DEFAULT_ANALYTICS_POLICY, previousQuarter, type AnalyticsPolicy, type Period } from '../core/analytics.js';
import type { Org } from '../org/index.js';
import { AbmError, readSnapshotMeta, resolveAsOf, UsageError } from './shared.js';

export const ANALYTICS_FLAGS = {
    'as-of': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'fiscal-start-month': { type: 'string' },
    policy: { type: 'string' },
    out: { type: 'string' }
} as const;

const share = z.number().min(0).max(1);
const PolicySchema = z
    .object({
        engagementWindowDays: z.number().int().positive(),
        staleDays: z.number().int().positive(),
        coverageMinimum: z.number().int().min(0),
        signalToMeetingDays: z.number().int().min(0),
        comp: z
            .object({
                quotaWeight: share,
                engagementWeight: share,
                pipelineWeight: share,
                engagementDefinition: z.enum(['activity', 'sql', 'either']),
                tier1PipelineTargetMultiple: z.number().positive(),
                attainmentCap: z.number().positive()
            })
            .strict()
            .partial()
    })
    .strict()
    .partial();

export async function readAnalyticsPolicy(path: string | undefined): Promise<AnalyticsPolicy> {
    if (!path) return DEFAULT_ANALYTICS_POLICY;
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
        throw new AbmError(`Cannot read the policy file ${path}: ${(error as Error).message}`);
    }
    const parsed = PolicySchema.safeParse(raw);
    if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new AbmError(`${path}: ${issues}`);
    }
    return { ...DEFAULT_ANALYTICS_POLICY, ...parsed.data, comp: { ...DEFAULT_ANALYTICS_POLICY.comp, ...parsed.data.comp } };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period: --from/--to, else the last complete fiscal quarter before the as-of date. */
export async function resolvePeriod(
    values: { 'as-of'?: string; from?: string; to?: string; 'fiscal-start-month'?: string },
    org: Org
): Promise<{ asOf: string; period: Period }> {
    const asOf = await resolveAsOf(values['as-of'], org);
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
        return { asOf, period: { start: values.from, end: values.to } };
    }
    let month = values['fiscal-start-month'] ? Number(values['fiscal-start-month']) : undefined;
    if (month === undefined && org.kind === 'snapshot') month = (await readSnapshotMeta(org.label)).fiscalYearStartMonth;
    if (month !== undefined && !(Number.isInteger(month) && month >= 1 && month <= 12)) {
        throw new UsageError('--fiscal-start-month must be a month number from 1 to 12.');
    }
    return { asOf, period: previousQuarter(asOf, month ?? 1) };
}
