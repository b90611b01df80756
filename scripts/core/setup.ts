/**
 * The decisions `abm setup` makes after an install or a deploy, kept pure so they are unit-tested: which permission set
 * assignments are missing, which scheduled jobs (config/scheduled-jobs.json) to schedule or leave alone, whether the
 * ABM Account record page is the org default, and which seller records to create or update from a CSV. The command reads
 * the org, calls these, prints the plan, and (unless --dry-run) carries it out. Every function here is idempotent by
 * construction: it compares what the org has with what it should have and plans only the difference.
 */
import { z } from 'zod';
import { parseAssignFlags } from './deploy.js';
import { pushAll } from './arrays.js';

// ───────────────────────────── scheduled jobs ─────────────────────────────

/**
 * Salesforce's cron syntax (System.schedule): `Seconds Minutes Hours Day_of_month Month Day_of_week [Year]`. Seconds and
 * minutes take one number; one of day-of-month and day-of-week must be `?`. Returns the problem, or undefined when valid.
 */
export function cronProblem(expression: string): string | undefined {
    const parts = expression.trim().split(/\s+/);
    if (parts.length < 6 || parts.length > 7) {
        return `has ${parts.length} fields; Salesforce expects 6 or 7 (Seconds Minutes Hours Day_of_month Month Day_of_week [Year])`;
    }
    const [sec, min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string, string?];
    const months = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
    const days = 'SUN|MON|TUE|WED|THU|FRI|SAT';
    const list = (value: string, atom: string) => new RegExp(`^(${atom})(,(${atom}))*$`, 'i').test(value);
    const range = (n: string) => `(${n})(-(${n}))?(/\\d+)?`;
    const checks: [string, string, boolean][] = [
        ['Seconds', sec, /^([0-5]?\d)$/.test(sec)],
        ['Minutes', min, /^([0-5]?\d)$/.test(min)],
        ['Hours', hour, hour === '*' || list(hour, range('[01]?\\d|2[0-3]')) || /^\*\/\d+$/.test(hour)],
        ['Day_of_month', dom, ['?', '*', 'L', 'LW'].includes(dom) || list(dom, `${range('[1-9]|[12]\\d|3[01]')}|([1-9]|[12]\\d|3[01])W`)],
        ['Month', month, month === '*' || list(month, range(`[1-9]|1[0-2]|${months}`))],
        ['Day_of_week', dow, ['?', '*'].includes(dow) || list(dow, `${range(`[1-7]|${days}`)}|([1-7]|${days})(L|#[1-5])`)],
        ...(year === undefined
            ? []
            : ([['Year', year, year === '*' || list(year, range('19[7-9]\\d|20\\d\\d'))]] as [string, string, boolean][]))
    ];
    const bad = checks.find(([, , ok]) => !ok);
    if (bad) return `field ${bad[0]} "${bad[1]}" is not valid`;
    if ((dom === '?') === (dow === '?')) return 'exactly one of Day_of_month and Day_of_week must be "?"';
    return undefined;
}

const APEX_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export const ScheduledJobSchema = z
    .object({
        /** CronJobDetail.Name: what Setup → Scheduled Jobs shows; also how setup recognises the job on a re-run. */
        name: z.string().trim().min(1).max(80),
        /** A global or public Apex class that implements Schedulable and has a no-argument constructor. */
        class: z.string().regex(APEX_NAME, 'an Apex class name'),
        cron: z.string().superRefine((value, ctx) => {
            const problem = cronProblem(value);
            if (problem) ctx.addIssue({ code: 'custom', message: `cron ${problem}` });
        }),
        description: z.string().trim().min(1)
    })
    .strict();
export type ScheduledJob = z.infer<typeof ScheduledJobSchema>;

export const ScheduledJobsSchema = z.array(ScheduledJobSchema).superRefine((jobs, ctx) => {
    const seen = new Map<string, number>();
    jobs.forEach((job, index) => {
        const key = job.name.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `same name as job ${first}` });
        else seen.set(key, index);
    });
});

/** Parse config/scheduled-jobs.json (already JSON-parsed); problems name the file, the row and the field. */
export function parseScheduledJobs(json: unknown, source: string): ScheduledJob[] {
    const parsed = ScheduledJobsSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => {
        const [row, field] = issue.path;
        const where = typeof row === 'number' ? `job ${row}${field === undefined ? '' : ` field "${String(field)}"`}` : 'the file';
        return `${source}: ${where}: ${issue.message}`;
    });
    throw new Error(problems.join('\n'));
}

/** The class every ABM job is scheduled on; it starts the configured class by name (AbmScheduledJob). */
export const DISPATCHER = 'AbmScheduledJob';

/**
 * A CronTrigger as setup reads it (`SELECT Id, CronJobDetail.Name, CronExpression, State FROM CronTrigger`), and the
 * class it is scheduled on when known (AsyncApexJob of type ScheduledApex: `ApexClass.Name`).
 */
export type ExistingJob = { id: string; name: string; cron: string; state: string; className?: string };

export type JobStep = {
    name: string;
    class: string;
    cron: string;
    /**
     * schedule: not in the org; reschedule: scheduled with another cron and --reschedule given; keep: already as
     * configured; move: scheduled on the class itself by an earlier version (abort it, schedule the dispatcher under the
     * configured name with the same cron); abort: such a job when the configured one already runs on the dispatcher.
     */
    action: 'schedule' | 'reschedule' | 'keep' | 'conflict' | 'blocked' | 'move' | 'abort';
    reason: string;
    existingId?: string;
    /** move / abort: the class the old job was scheduled on, and its name (to restore it by hand). */
    previous?: { name: string; class: string; cron: string };
};

const isLive = (job: ExistingJob) => !['DELETED', 'COMPLETE'].includes(job.state.toUpperCase());
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * One step per configured job, plus one per job an earlier version scheduled on a worker class itself. A job already
 * scheduled on the dispatcher under the same name with the same cron is kept; one with another cron is a conflict (the
 * admin may have moved it on purpose) unless `reschedule` is set; a job whose class is not in the org is blocked (deploy
 * or install the package first). A job scheduled on the worker class (whatever its name) locks that class against
 * deploys: it is moved onto the dispatcher under the configured name, keeping its cron (the admin's schedule), or
 * aborted when the configured job already runs on the dispatcher (two copies would run the work twice).
 */
export function planJobs(jobs: ScheduledJob[], existing: ExistingJob[], classesInOrg: Set<string>, reschedule: boolean): JobStep[] {
    const normalise = (cron: string) => cron.trim().split(/\s+/).join(' ').toUpperCase();
    return jobs.flatMap((job): JobStep[] => {
        const base = { name: job.name, class: job.class, cron: job.cron };
        const live = existing.filter(isLive);
        const onWorker = live.filter((e) => e.className !== undefined && sameName(e.className, job.class));
        const current = live.find((e) => e.name === job.name && !onWorker.includes(e));
        if (![...classesInOrg].some((c) => sameName(c, job.class))) {
            return [
                { ...base, action: 'blocked', reason: `Apex class ${job.class} is not in the org: deploy or install the package first` }
            ];
        }
        const previous = (e: ExistingJob) => ({ name: e.name, class: e.className ?? job.class, cron: e.cron });
        const aborts = (olds: ExistingJob[]): JobStep[] =>
            olds.map((e) => ({
                ...base,
                name: e.name,
                cron: e.cron,
                action: 'abort',
                reason: `scheduled on ${job.class} itself by an earlier version; "${job.name}" already runs on ${DISPATCHER}, so this copy is aborted`,
                existingId: e.id,
                previous: previous(e)
            }));
        if (!current && onWorker.length) {
            const [old, ...duplicates] = onWorker as [ExistingJob, ...ExistingJob[]];
            if (![...classesInOrg].some((c) => sameName(c, DISPATCHER))) {
                return [
                    {
                        ...base,
                        cron: old.cron,
                        action: 'blocked',
                        reason: `"${old.name}" is scheduled on ${job.class} itself and ${DISPATCHER} is not in the org to move it onto: deploy that class alone first (sf project deploy start --metadata ApexClass:${DISPATCHER}), then run setup again`,
                        existingId: old.id,
                        previous: previous(old)
                    }
                ];
            }
            const move: JobStep = {
                ...base,
                cron: old.cron,
                action: 'move',
                reason: `"${old.name}" is scheduled on ${job.class} itself (an earlier version), which locks that class against deploys: moved onto ${DISPATCHER} with the same cron`,
                existingId: old.id,
                previous: previous(old)
            };
            return [move, ...aborts(duplicates)];
        }
        const extra = aborts(onWorker);
        if (!current) return [{ ...base, action: 'schedule', reason: 'not scheduled' }, ...extra];
        if (normalise(current.cron) === normalise(job.cron)) {
            return [{ ...base, action: 'keep', reason: `scheduled (${current.state})`, existingId: current.id }, ...extra];
        }
        if (reschedule) {
            return [
                {
                    ...base,
                    action: 'reschedule',
                    reason: `scheduled as "${current.cron}"; --reschedule replaces it`,
                    existingId: current.id
                },
                ...extra
            ];
        }
        return [
            {
                ...base,
                action: 'conflict',
                reason: `scheduled as "${current.cron}", not "${job.cron}"; kept (pass --reschedule to replace it)`,
                existingId: current.id
            },
            ...extra
        ];
    });
}

/**
 * The anonymous Apex that schedules one job (string literals escaped). Every job runs on the dispatcher AbmScheduledJob,
 * which starts the configured class by name: a pending job then locks only the dispatcher, never the class that does
 * the work, so later deploys of that class are not rejected ("This schedulable class has jobs pending").
 */
export function scheduleApex(job: Pick<ScheduledJob, 'name' | 'class' | 'cron'>, abortId?: string): string {
    if (!APEX_NAME.test(job.class)) throw new Error(`"${job.class}" is not an Apex class name.`);
    const literal = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const abort = abortId ? `System.abortJob(${literal(abortId)});\n` : '';
    return `${abort}System.schedule(${literal(job.name)}, ${literal(job.cron)}, new ${DISPATCHER}(${literal(job.class)}));`;
}

/** The anonymous Apex that aborts one scheduled job (CronTrigger Id). */
export function abortApex(cronTriggerId: string): string {
    if (!/^[a-zA-Z0-9]{15,18}$/.test(cronTriggerId)) throw new Error(`"${cronTriggerId}" is not a CronTrigger Id.`);
    return `System.abortJob('${cronTriggerId}');`;
}

// ───────────────────────────── permission sets ─────────────────────────────

export type AssignmentStep = { permissionSet: string; username: string; action: 'assign' | 'keep' | 'blocked'; reason: string };

/**
 * Wanted assignments (permission set → usernames) against what the org has. A missing permission set or user is
 * blocked (named), never guessed.
 */
export function planAssignments(
    wanted: Map<string, Set<string>>,
    permissionSets: Map<string, string>,
    users: Map<string, { id: string; isActive: boolean }>,
    assigned: Set<string>
): AssignmentStep[] {
    const steps: AssignmentStep[] = [];
    for (const [permissionSet, usernames] of [...wanted.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        const psId = permissionSets.get(permissionSet);
        for (const username of [...usernames].sort()) {
            const user = users.get(username.toLowerCase());
            if (!psId)
                steps.push({ permissionSet, username, action: 'blocked', reason: `permission set ${permissionSet} is not in the org` });
            else if (!user) steps.push({ permissionSet, username, action: 'blocked', reason: 'no such user' });
            else if (assigned.has(`${psId}:${user.id}`))
                steps.push({ permissionSet, username, action: 'keep', reason: 'already assigned' });
            else if (!user.isActive) steps.push({ permissionSet, username, action: 'blocked', reason: 'the user is inactive' });
            else steps.push({ permissionSet, username, action: 'assign', reason: 'not assigned' });
        }
    }
    return steps;
}

/** `--assign PERMSET[=user,…]` flags on top of the defaults (running user → `defaults`). */
export function wantedAssignments(flags: string[], runningUsername: string, defaults: string[], known: string[]): Map<string, Set<string>> {
    const wanted = new Map(defaults.map((ps) => [ps, new Set([runningUsername])]));
    return parseAssignFlags(flags, runningUsername, known, wanted);
}

// ───────────────────────────── record page ─────────────────────────────

/** An Account action override as the Metadata API reads it (`CustomObject.actionOverrides`). */
export type ActionOverride = { actionName: string; formFactor?: string; type: string; content?: string; skipRecordTypeSelect?: boolean };

export type RecordPageStep = {
    page: string;
    action: 'activate' | 'keep' | 'conflict' | 'skip';
    reason: string;
    /** The org's current desktop View override, for the rollback file. */
    previous?: ActionOverride;
};

/** Is the ABM record page the org default for Account (desktop)? Another org-default page is kept unless `replace`. */
export function planRecordPage(page: string, overrides: ActionOverride[], replace: boolean, skip: boolean): RecordPageStep {
    if (skip) return { page, action: 'skip', reason: '--no-record-page' };
    const current = overrides.find((o) => o.actionName === 'View' && (o.formFactor ?? 'Large') === 'Large');
    if (current?.type === 'Flexipage' && current.content === page) return { page, action: 'keep', reason: 'already the org default' };
    if (current?.type === 'Flexipage' && current.content && !replace) {
        return {
            page,
            action: 'conflict',
            reason: `the org default Account page is ${current.content}; kept (pass --replace-record-page to replace it)`,
            previous: current
        };
    }
    return {
        page,
        action: 'activate',
        reason: current?.type === 'Flexipage' ? `replaces ${current.content ?? 'the current page'}` : 'the org uses the standard page',
        previous: current
    };
}

/** The overrides to deploy: the org's, with the desktop View override pointing at `page`. */
export function withRecordPage(overrides: ActionOverride[], page: string): ActionOverride[] {
    const rest = overrides.filter((o) => !(o.actionName === 'View' && (o.formFactor ?? 'Large') === 'Large'));
    return [...rest, { actionName: 'View', formFactor: 'Large', type: 'Flexipage', content: page, skipRecordTypeSelect: false }];
}

// ───────────────────────────── sellers ─────────────────────────────

/** An ABM_Seller__c field as describe reports it (the types setup needs to read CSV cells). */
export type SellerField = { name: string; type: string; createable: boolean; updateable: boolean };

export type SellerRowProblem = { row: number; field: string; problem: string };

export type SellerStep = {
    row: number;
    username: string;
    action: 'create' | 'update' | 'keep' | 'blocked';
    reason: string;
    /** Fields to write (create: all given; update: only the changed ones). */
    values: Record<string, string | number | boolean | null>;
    /** Update: the values before, for the rollback file. */
    before?: Record<string, unknown>;
    existingId?: string;
};

/** Read one CSV cell as the field's type; undefined value = a problem (returned as a string). */
export function cellValue(raw: string, type: string): { value: string | number | boolean | null } | { problem: string } {
    const text = raw.trim();
    if (text === '') return { value: null };
    switch (type) {
        case 'boolean':
            if (/^(true|yes|1)$/i.test(text)) return { value: true };
            if (/^(false|no|0)$/i.test(text)) return { value: false };
            return { problem: `"${raw}" is not true/false` };
        case 'double':
        case 'int':
        case 'currency':
        case 'percent': {
            const n = Number(text.replace(/,/g, ''));
            if (!Number.isFinite(n)) return { problem: `"${raw}" is not a number` };
            if (type === 'int' && !Number.isInteger(n)) return { problem: `"${raw}" is not a whole number` };
            return { value: n };
        }
        case 'date':
            return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
                ? { value: text }
                : { problem: `"${raw}" is not a date (YYYY-MM-DD)` };
        default:
            return { value: text };
    }
}

/** Columns the seller CSV must or may not have: `Username` names the user; the rest are ABM_Seller__c field API names. */
export const SELLER_KEY_COLUMN = 'Username';
const SELLER_FORBIDDEN = new Set(['id', 'user__c', 'userkey__c', 'ownerid']);

/**
 * Plan the seller records from CSV rows (header → cell). Problems (unknown column, bad value, unknown user) are collected
 * with row and field so the whole file is reported at once; rows with problems are blocked, the others still planned.
 */
export function planSellers(
    rows: Record<string, string>[],
    fields: SellerField[],
    users: Map<string, { id: string; isActive: boolean; name?: string }>,
    existing: Map<string, Record<string, unknown> & { Id: string }>
): { steps: SellerStep[]; problems: SellerRowProblem[] } {
    const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
    const problems: SellerRowProblem[] = [];
    const steps: SellerStep[] = [];
    const header = Object.keys(rows[0] ?? {});
    if (rows.length && !header.some((h) => h === SELLER_KEY_COLUMN)) {
        problems.push({ row: 1, field: SELLER_KEY_COLUMN, problem: `the header has no ${SELLER_KEY_COLUMN} column` });
        return { steps, problems };
    }
    const columns: { header: string; field: SellerField }[] = [];
    for (const h of header) {
        if (h === SELLER_KEY_COLUMN) continue;
        const field = byName.get(h.toLowerCase());
        if (SELLER_FORBIDDEN.has(h.toLowerCase()))
            problems.push({ row: 1, field: h, problem: 'set by setup from Username; remove the column' });
        else if (!field) problems.push({ row: 1, field: h, problem: 'not a field of ABM_Seller__c in this org' });
        else if (!field.createable && !field.updateable) problems.push({ row: 1, field: h, problem: 'read-only' });
        else columns.push({ header: h, field });
    }
    if (problems.length) return { steps, problems };
    const seen = new Map<string, number>();
    rows.forEach((cells, index) => {
        const row = index + 2; // 1 is the header
        const username = (cells[SELLER_KEY_COLUMN] ?? '').trim();
        const rowProblems: SellerRowProblem[] = [];
        const values: SellerStep['values'] = {};
        if (!username) rowProblems.push({ row, field: SELLER_KEY_COLUMN, problem: 'empty' });
        const first = seen.get(username.toLowerCase());
        if (username && first !== undefined) rowProblems.push({ row, field: SELLER_KEY_COLUMN, problem: `same user as row ${first}` });
        seen.set(username.toLowerCase(), row);
        const user = users.get(username.toLowerCase());
        if (username && !user) rowProblems.push({ row, field: SELLER_KEY_COLUMN, problem: `no user "${username}" in the org` });
        for (const { header: h, field } of columns) {
            const read = cellValue(cells[h] ?? '', field.type);
            if ('problem' in read) rowProblems.push({ row, field: h, problem: read.problem });
            else values[field.name] = read.value;
        }
        if (rowProblems.length || !user) {
            pushAll(problems, rowProblems);
            steps.push({ row, username, action: 'blocked', reason: rowProblems.map((p) => `${p.field}: ${p.problem}`).join('; '), values });
            return;
        }
        const current = existing.get(user.id);
        if (!current) {
            const name = values.Name ?? user.name ?? username;
            steps.push({
                row,
                username,
                action: 'create',
                reason: 'no seller record for this user',
                values: { Name: name, ...values, User__c: user.id }
            });
            return;
        }
        const changed: SellerStep['values'] = {};
        const before: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(values)) {
            const was = current[field] ?? null;
            if (!sameValue(was, value)) {
                changed[field] = value;
                before[field] = was;
            }
        }
        const count = Object.keys(changed).length;
        steps.push(
            count
                ? {
                      row,
                      username,
                      action: 'update',
                      reason: `${count} field${count === 1 ? '' : 's'} differ: ${Object.keys(changed).join(', ')}`,
                      values: changed,
                      before,
                      existingId: current.Id
                  }
                : {
                      row,
                      username,
                      action: 'keep',
                      reason: 'the seller record already has these values',
                      values: {},
                      existingId: current.Id
                  }
        );
    });
    return { steps, problems };
}

function sameValue(a: unknown, b: unknown): boolean {
    if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '';
    if (typeof b === 'number') return Number(a) === b;
    if (typeof b === 'boolean') return String(a).toLowerCase() === String(b);
    if (typeof a === 'string' && typeof b === 'string' && /;/.test(a + b)) {
        const norm = (s: string) =>
            s
                .split(';')
                .map((x) => x.trim())
                .filter(Boolean)
                .sort()
                .join(';');
        return norm(a) === norm(b);
    }
    return String(a) === String(b);
}
