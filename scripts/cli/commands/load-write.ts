/**
 * The write half of `abm load`: apply a saved account-load or signal-load plan, and roll a load run back, under the
 * write contract of runs.ts (target and integrity checked, undo file saved and verified before the first write, drift
 * refused unless --force, resumable, Ctrl-C stops at a safe point).
 *
 * Account loads upsert by ABM_WebDomain__c. The undo file has one row per (account, field): the value before the run
 * and the planned one; a created account has Action `create`. Rollback puts every field back and deletes the accounts
 * the run created (only while they still hold exactly what the run wrote and have no contacts, opportunities or signals).
 * Signal loads insert ABM_IntentSignal__c; the undo file lists the signals the run inserted (account, topic, date,
 * source); rollback deletes them (only while their strength and type are still the loaded ones).
 */
import { z } from 'zod';
import { safeCell } from '../../core/lists.js';
import type { FieldChange } from '../../core/reconcile.js';
import { signalKey } from '../../core/signal-key.js';
import type { Org, SObjectRecord } from '../../org/index.js';
import { notActiveUsers, readByIds } from '../../org/read.js';
import { checkTarget, describeTarget, guardedWrite, IncompleteUndoError, readPlanFile, Run, targetOf, type Target } from '../runs.js';
import { AbmError, ExitCode, fmt, type Ux } from '../shared.js';
import { pushAll } from '../../core/arrays.js';

/** An account of an account-load plan: what the run writes to it (`record`) and each field's value before and after. */
export type PlannedAccount = {
    domain: string;
    name: string;
    action: 'create' | 'update';
    accountId: string | null;
    changes: FieldChange[];
    record: Record<string, string | number | null>;
};

export type AccountLoadPlan = {
    runId: string;
    asOf: string;
    source: string;
    target: Target;
    files: unknown[];
    summary: Record<string, unknown>;
    accounts: PlannedAccount[];
};

export type PlannedSignal = {
    line: number;
    domain: string;
    Account__c: string;
    Topic__c: string;
    Strength__c: number | null;
    Source__c: string;
    SignalType__c: string;
    SignalDate__c: string;
};

export type SignalLoadPlan = { runId: string; source: string; target: Target; file: string; signals: PlannedSignal[] };

const TargetSchema = z.object({ kind: z.enum(['salesforce', 'snapshot']), id: z.string().min(1), label: z.string() });
const Cell = z.union([z.string(), z.number(), z.null()]);
const AccountPlanSchema = z.object({
    kind: z.literal('load-accounts'),
    integrity: z.string(),
    runId: z.string().min(1),
    asOf: z.string(),
    source: z.string(),
    target: TargetSchema,
    accounts: z.array(
        z.object({
            domain: z.string().min(1),
            name: z.string(),
            action: z.enum(['create', 'update']),
            accountId: z.string().nullable(),
            changes: z.array(z.object({ field: z.string().min(1), from: z.string(), to: z.string(), source: z.string() })),
            record: z.record(z.string(), Cell)
        })
    )
});
const SignalPlanSchema = z.object({
    kind: z.literal('load-signals'),
    integrity: z.string(),
    runId: z.string().min(1),
    source: z.string(),
    target: TargetSchema,
    file: z.string(),
    signals: z.array(
        z.object({
            line: z.number(),
            domain: z.string(),
            Account__c: z.string().min(1),
            Topic__c: z.string().min(1),
            Strength__c: z.number().nullable(),
            Source__c: z.string(),
            SignalType__c: z.string(),
            SignalDate__c: z.string()
        })
    )
});

export type LoadApplyOptions = { planFile: string; force: boolean; resume: boolean; runsDir: string; orgFlag: string };
export type LoadRollbackOptions = { runId: string; force: boolean; runsDir: string; orgFlag: string };

const ACCOUNT_UNDO = 'rollback.csv';
const ACCOUNT_UNDO_COLUMNS = ['Action', 'Domain', 'AccountId', 'Field', 'Previous', 'Planned'] as const;
const SIGNAL_UNDO = 'rollback.csv';
const SIGNAL_UNDO_COLUMNS = ['Key', 'Account__c', 'Topic__c', 'SignalDate__c', 'Source__c', 'Inserted'] as const;

const resumeCmd = (o: LoadApplyOptions) => `abm load apply --plan ${o.planFile} --resume ${o.orgFlag} --runs-dir ${o.runsDir}`;
const rollbackCmd = (runId: string, o: { orgFlag: string; runsDir: string }) =>
    `abm load rollback --run ${runId} ${o.orgFlag} --runs-dir ${o.runsDir}`;

/** The kind of a saved load plan, from its `kind`. */
export async function loadPlanKind(file: string): Promise<'load-accounts' | 'load-signals'> {
    const { readFile } = await import('node:fs/promises');
    const kind = /"kind"\s*:\s*"(load-accounts|load-signals)"/.exec((await readFile(file, 'utf8').catch(() => '')).slice(0, 200))?.[1];
    return (kind as 'load-accounts' | 'load-signals' | undefined) ?? 'load-accounts';
}

/** Values as the org returns them and as the plan has them compared as the same value (numbers by value, Ids by 15). */
function same(field: string, a: unknown, b: unknown): boolean {
    const x = a === null || a === undefined ? '' : String(a).trim();
    const y = b === null || b === undefined ? '' : String(b).trim();
    if (x === y) return true;
    if (x === '' || y === '') return false;
    if (/Id$|__c$/.test(field) && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(x) && /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(y))
        return x.slice(0, 15) === y.slice(0, 15);
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isFinite(nx) && Number.isFinite(ny) && /^[-+\d.eE]+$/.test(x) && /^[-+\d.eE]+$/.test(y)) return nx === ny;
    return x.toLowerCase() === y.toLowerCase() && /^(true|false)$/i.test(x);
}

/** The accounts with these web domains, by lower-case domain: SOQL IN lists below 2,000, one Bulk API 2.0 query above. */
async function accountsByDomain(org: Org, fields: string[], domains: string[]): Promise<Map<string, Record<string, string>>> {
    const select = [...new Set(['Id', 'ABM_WebDomain__c', ...fields])].join(', ');
    const wanted = new Set(domains.map((d) => d.toLowerCase()));
    const rows: Record<string, string>[] = [];
    if (domains.length >= 2000) {
        // One by one: spreading 100,000s of accounts into push() overflows the call stack.
        for (const row of await org.bulkQuery(`SELECT ${select} FROM Account`)) rows.push(row);
    } else
        for (let i = 0; i < domains.length; i += 300) {
            const list = domains.slice(i, i + 300).map((d) => `'${d.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
            const found = await org.query(`SELECT ${select} FROM Account WHERE ABM_WebDomain__c IN (${list.join(', ')})`);
            pushAll(
                rows,
                found.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)])))
            );
        }
    const out = new Map<string, Record<string, string>>();
    for (const r of rows) {
        const d = (r.ABM_WebDomain__c ?? '').toLowerCase();
        if (wanted.has(d)) out.set(d, r);
    }
    return out;
}

/** Owner changes of a run that have an audit record (by account Id, 15 characters). */
async function auditedAccounts(org: Org, runId: string): Promise<Set<string>> {
    const rows = await org.query(`SELECT Account__c FROM ABM_Assignment__c WHERE RunId__c = '${runId}'`);
    return new Set(rows.map((r) => String(r.Account__c).slice(0, 15)));
}

async function auditOwners(
    org: Org,
    changes: { accountId: string; from: string; to: string; reason: string; rule: string }[],
    runId: string,
    ux: Ux
): Promise<void> {
    if (!changes.length) return;
    const stamp = new Date().toISOString();
    const results = await org.insert(
        'ABM_Assignment__c',
        changes.map((c) => ({
            Account__c: c.accountId,
            PreviousOwner__c: c.from || null,
            NewOwner__c: c.to || null,
            Role__c: 'AE',
            Reason__c: c.reason.slice(0, 255),
            Rule__c: c.rule,
            RunId__c: runId,
            Source__c: 'Load',
            AssignedAt__c: stamp
        })),
        { returnIds: false }
    );
    const failed = results.filter((x) => !x.success);
    if (failed.length) ux.warn(`${failed.length} owner-change audit records failed (${failed[0]!.error}).`);
}

/** Apply a saved account-load plan (`abm load apply --plan`, or `abm load accounts --apply`). */
export async function applyAccountPlan(org: Org, options: LoadApplyOptions, ux: Ux) {
    const { plan: parsed, text, integrity } = await readPlanFile(options.planFile, 'load-accounts', AccountPlanSchema);
    const plan = parsed as unknown as AccountLoadPlan;
    const target = await targetOf(org);
    checkTarget(plan.target, target, `The plan ${options.planFile}`, [`Plan again on ${describeTarget(target)} (abm load accounts …).`]);
    const start = {
        runsDir: options.runsDir,
        runId: plan.runId,
        command: 'load-accounts' as const,
        planFile: options.planFile,
        planText: text,
        integrity,
        target,
        resume: options.resume
    };
    await Run.check(start);
    const fields = [...new Set(plan.accounts.flatMap((a) => a.changes.map((c) => c.field)))].sort();
    const current = await accountsByDomain(
        org,
        fields,
        plan.accounts.map((a) => a.domain)
    );
    // Each planned account now: every field already as planned (done), as it was at planning (pending), or neither (drift).
    type State = { a: PlannedAccount; now: Record<string, string> | undefined; state: 'done' | 'pending' | 'drift'; why?: string };
    const states: State[] = plan.accounts.map((a) => {
        const now = current.get(a.domain.toLowerCase());
        if (a.action === 'create') {
            if (!now) return { a, now, state: 'pending' };
            const asPlanned = a.changes.every((c) => same(c.field, now[c.field], c.to));
            return asPlanned
                ? { a, now, state: 'done' }
                : { a, now, state: 'drift', why: `an account with the domain ${a.domain} exists since the plan` };
        }
        if (!now) return { a, now, state: 'drift', why: `the account ${a.name} (${a.domain}) no longer exists` };
        const fieldStates = a.changes.map((c) =>
            same(c.field, now[c.field], c.to) ? 'done' : same(c.field, now[c.field], c.from) ? 'pending' : 'drift'
        );
        if (fieldStates.every((f) => f === 'done')) return { a, now, state: 'done' };
        const drifted = a.changes.find((_, i) => fieldStates[i] === 'drift');
        return drifted
            ? {
                  a,
                  now,
                  state: 'drift',
                  why: `${a.name} (${a.domain}): ${drifted.field} was "${drifted.from}" when planned, now "${now[drifted.field] ?? ''}"`
              }
            : { a, now, state: 'pending' };
    });
    const drift = states.filter((s) => s.state === 'drift');
    if (drift.length && !options.force)
        throw new AbmError(
            `${drift.length} planned accounts changed since the plan (e.g. ${drift[0]!.why}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again (abm load accounts …), or pass --force to write them anyway.']
        );
    // Owners must still be active users (the plan resolved them from the lists' emails).
    const owners = [...new Set(plan.accounts.flatMap((a) => a.changes.filter((c) => c.field === 'OwnerId' && c.to).map((c) => c.to)))];
    const notActive = await notActiveUsers(org, owners);
    const bad = owners.filter((o) => notActive.has(o.slice(0, 15)));
    if (bad.length)
        throw new AbmError(
            `${bad.length} planned owners are not active users any more (e.g. ${bad[0]}, ${notActive.get(bad[0]!.slice(0, 15))}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again with the lists fixed.']
        );
    const pending = states.filter((s) => s.state === 'pending' || (s.state === 'drift' && options.force));
    const progress = { text: `nothing written yet (${pending.length} accounts to write)` };
    return guardedWrite(
        ux,
        { resume: resumeCmd(options), rollback: rollbackCmd(plan.runId, options) },
        progress,
        async (check, started) => {
            const run = started(await Run.begin(start));
            const undo = await run.saveUndo(
                ACCOUNT_UNDO,
                ACCOUNT_UNDO_COLUMNS,
                () =>
                    states.flatMap(({ a, now }) =>
                        a.changes.map((c) => ({
                            Action: a.action === 'create' && !now ? 'create' : 'update',
                            Domain: a.domain,
                            AccountId: now?.Id ?? a.accountId ?? '',
                            Field: c.field,
                            Previous: a.action === 'create' && !now ? '' : (now?.[c.field] ?? ''),
                            Planned: c.to
                        }))
                    ),
                { key: 'Domain', planned: plan.accounts.map((a) => a.domain) }
            );
            const previous = new Map(undo.map((r) => [`${r.Domain!.toLowerCase()}|${r.Field}`, r.Previous ?? '']));
            if (run.manifest.state === 'started') await run.setState('writing');
            check();
            ux.log(
                `Writing ${pending.length} accounts to ${org.label} (upsert by ABM_WebDomain__c; run ${plan.runId}, undo file ${run.path(ACCOUNT_UNDO)})…`
            );
            const records = pending.map(({ a }) => ({
                ...a.record,
                ...(a.record.OwnerId ? { ABM_LastAssignmentRunId__c: plan.runId } : {})
            }));
            check();
            progress.text = `the upsert of ${pending.length} accounts was sent (some may have changed)`;
            const bar = ux.progress('Upserting accounts', records.length);
            const results = records.length ? await org.upsert('Account', 'ABM_WebDomain__c', records as SObjectRecord[], bar.track) : [];
            bar.stop();
            const failed = results.map((r, i) => ({ r, a: pending[i]!.a })).filter(({ r }) => !r.success);
            const failuresFile = failed.length
                ? await run.writeReport(
                      'failures.csv',
                      ['Domain', 'Name', 'Action', 'Error', 'Record'],
                      failed.map(({ r, a }) => [a.domain, safeCell(a.name), a.action, r.error ?? 'unknown error', JSON.stringify(a.record)])
                  )
                : undefined;
            progress.text = `wrote ${results.length - failed.length} of ${pending.length} accounts; their owner-change audit records are not written yet`;
            check();
            // Audit each owner the run changed that has no record yet: written now, or by an interrupted earlier pass.
            const audited = options.resume ? await auditedAccounts(org, plan.runId) : new Set<string>();
            const after = await accountsByDomain(
                org,
                ['OwnerId'],
                plan.accounts.filter((a) => a.changes.some((c) => c.field === 'OwnerId')).map((a) => a.domain)
            );
            const ownerAudits = plan.accounts.flatMap((a) => {
                const c = a.changes.find((x) => x.field === 'OwnerId');
                const now = after.get(a.domain.toLowerCase());
                const was = previous.get(`${a.domain.toLowerCase()}|OwnerId`) ?? '';
                if (!c || !now || !same('OwnerId', now.OwnerId, c.to) || same('OwnerId', was, c.to) || audited.has(now.Id!.slice(0, 15)))
                    return [];
                return [
                    { accountId: now.Id!, from: was, to: c.to, reason: `Account list load: owner from ${c.source}`, rule: 'List load' }
                ];
            });
            await auditOwners(org, ownerAudits, plan.runId, ux);
            const created = results.filter((r) => r.success && r.created).length;
            const updated = results.filter((r) => r.success && !r.created).length;
            ux.log(
                `Created ${created}, updated ${updated}, failed ${failed.length}, already as planned ${states.filter((s) => s.state === 'done').length}.${failuresFile ? ` Failures: ${failuresFile}` : ''}`
            );
            await run.setState(failed.length ? 'partial' : 'applied', `created ${created}, updated ${updated}, failed ${failed.length}`);
            return {
                status: failed.length ? ExitCode.Partial : ExitCode.Success,
                summary: {
                    runId: plan.runId,
                    written: created + updated,
                    created,
                    updated,
                    failed: failed.length,
                    alreadyDone: states.filter((s) => s.state === 'done').length,
                    runDir: run.dir,
                    rollbackFile: run.path(ACCOUNT_UNDO),
                    ...(failuresFile ? { failuresFile } : {})
                }
            };
        }
    );
}

/** Roll an account-load run back: fields restored, created accounts deleted, owner restores audited. */
export async function rollbackAccounts(org: Org, run: Run, options: LoadRollbackOptions, ux: Ux) {
    const plan = JSON.parse(await run.planText()) as AccountLoadPlan;
    const rows = await run.readUndo(ACCOUNT_UNDO, { key: 'Domain', planned: plan.accounts.map((a) => a.domain) });
    if (!rows) return nothingWritten(run, ux);
    const byDomain = new Map<string, Record<string, string>[]>();
    for (const r of rows) byDomain.set(r.Domain!.toLowerCase(), [...(byDomain.get(r.Domain!.toLowerCase()) ?? []), r]);
    const fields = [...new Set(rows.map((r) => r.Field!))];
    const current = await accountsByDomain(org, fields, [...byDomain.keys()]);
    type Verdict = {
        domain: string;
        rows: Record<string, string>[];
        now?: Record<string, string>;
        verdict: 'restore' | 'delete' | 'restored' | 'drift';
        why?: string;
    };
    const verdicts: Verdict[] = [...byDomain].map(([domain, list]) => {
        const now = current.get(domain);
        if (list[0]!.Action === 'create') {
            if (!now) return { domain, rows: list, verdict: 'restored' };
            const asWritten = list.every((r) => same(r.Field!, now[r.Field!], r.Planned));
            return asWritten
                ? { domain, rows: list, now, verdict: 'delete' }
                : { domain, rows: list, now, verdict: 'drift', why: `${domain} was edited since the run created it` };
        }
        if (!now) return { domain, rows: list, verdict: 'drift', why: `${domain} was deleted since the run` };
        const each = list.map((r) =>
            same(r.Field!, now[r.Field!], r.Previous) ? 'restored' : same(r.Field!, now[r.Field!], r.Planned) ? 'restore' : 'drift'
        );
        if (each.includes('drift')) {
            const r = list[each.indexOf('drift')]!;
            return {
                domain,
                rows: list,
                now,
                verdict: 'drift',
                why: `${domain}: the run set ${r.Field} to "${r.Planned}", it is now "${now[r.Field!] ?? ''}"`
            };
        }
        return { domain, rows: list, now, verdict: each.includes('restore') ? 'restore' : 'restored' };
    });
    // A created account that has gained contacts, opportunities or signals is not deleted: that would delete them too.
    const toDelete = verdicts.filter((v) => v.verdict === 'delete');
    if (toDelete.length) {
        const ids = toDelete.map((v) => v.now!.Id!);
        const children = new Set<string>();
        for (const [object, field] of [
            ['Contact', 'AccountId'],
            ['Opportunity', 'AccountId'],
            ['ABM_IntentSignal__c', 'Account__c']
        ] as const) {
            try {
                for (const r of await readByIds(org, object, [], field, ids)) children.add((r[field] ?? '').slice(0, 15));
            } catch (error) {
                if ((error as { errorCode?: string }).errorCode !== 'INVALID_TYPE') throw error;
            }
        }
        for (const v of toDelete)
            if (children.has(v.now!.Id!.slice(0, 15)))
                Object.assign(v, { verdict: 'drift', why: `${v.domain} has contacts, opportunities or signals since the run created it` });
    }
    const drifted = verdicts.filter((v) => v.verdict === 'drift');
    if (drifted.length && !options.force)
        throw new AbmError(
            `${drifted.length} accounts changed since run ${run.manifest.runId} (e.g. ${drifted[0]!.why}). Nothing was changed.`,
            ExitCode.Failure,
            [`${rollbackCmd(run.manifest.runId, options)} --force  (to restore the others and leave these as they are)`]
        );
    const restore = verdicts.filter((v) => v.verdict === 'restore');
    // An owner restore to a user who is not active any more fails in Salesforce row by row (INACTIVE_OWNER_OR_USER): found
    // before the first write, as `abm load apply` checks its planned owners.
    const ownerRow = (v: Verdict) => v.rows.find((r) => r.Field === 'OwnerId' && !same('OwnerId', r.Previous, r.Planned));
    const ownerBack = (v: Verdict) => {
        const r = ownerRow(v);
        return r?.Previous && !same('OwnerId', v.now!.OwnerId, r.Previous) ? r.Previous : '';
    };
    const notActive = await notActiveUsers(org, restore.map(ownerBack));
    const keepOwner = new Set(restore.filter((v) => notActive.has(ownerBack(v).slice(0, 15))));
    if (keepOwner.size && !options.force) {
        const first = [...keepOwner][0]!;
        throw new AbmError(
            `${keepOwner.size} accounts' previous owners are not active users any more (e.g. ${first.now!.Id} (${first.domain}): ${ownerBack(first)}, ${notActive.get(ownerBack(first).slice(0, 15))}). Nothing was changed.`,
            ExitCode.Failure,
            [
                `Reactivate the user${keepOwner.size > 1 ? 's' : ''}, then run ${rollbackCmd(run.manifest.runId, options)} again`,
                `${rollbackCmd(run.manifest.runId, options)} --force  (to restore the others and leave these with their current owner)`
            ],
            [...keepOwner].map((v) => ({
                AccountId: v.now!.Id!,
                Domain: v.domain,
                PreviousOwnerId: ownerBack(v),
                OwnerId: v.now!.OwnerId ?? '',
                Why: notActive.get(ownerBack(v).slice(0, 15))!
            }))
        );
    }
    if (drifted.length) ux.warn(`${drifted.length} accounts changed since the run are left as they are (e.g. ${drifted[0]!.why}).`);
    if (keepOwner.size)
        ux.warn(
            `${keepOwner.size} accounts whose previous owner is not an active user (e.g. ${[...keepOwner][0]!.domain}: ${ownerBack([...keepOwner][0]!)}) keep their current owner; their other fields are restored.`
        );
    // (Of an account that keeps its owner, the other fields the run changed are restored; one with no other is left out.)
    const fieldsBack = (v: Verdict) => v.rows.filter((r) => !(keepOwner.has(v) && r.Field === 'OwnerId'));
    const update = restore.filter((v) => fieldsBack(v).length);
    const remove = verdicts.filter((v) => v.verdict === 'delete');
    ux.log(
        `Rolling back run ${run.manifest.runId} on ${org.label}: ${update.length} accounts to restore, ${remove.length} created accounts to delete.`
    );
    const audited = await auditedAccounts(org, run.manifest.runId);
    const rollbackRun = `${run.manifest.runId}-rollback`;
    const rolledBack = await auditedAccounts(org, rollbackRun);
    await run.setState('rolling back');
    const progress = { text: 'nothing restored yet' };
    return guardedWrite(
        ux,
        { resume: `${rollbackCmd(run.manifest.runId, options)}  (to finish the rollback)`, rollback: '' },
        progress,
        async (check, started) => {
            started(run);
            // The trail first: an owner the run changed but never audited (it crashed before the audit).
            await auditOwners(
                org,
                restore
                    .filter(
                        (v) => ownerRow(v) && same('OwnerId', v.now!.OwnerId, ownerRow(v)!.Planned) && !audited.has(v.now!.Id!.slice(0, 15))
                    )
                    .map((v) => ({
                        accountId: v.now!.Id!,
                        from: ownerRow(v)!.Previous!,
                        to: ownerRow(v)!.Planned!,
                        reason: 'Account list load',
                        rule: 'List load'
                    })),
                run.manifest.runId,
                ux
            );
            check();
            progress.text = `the restore of ${update.length} accounts was sent (some may have changed)`;
            const results = update.length
                ? await org.update(
                      'Account',
                      update.map((v) => ({
                          Id: v.now!.Id,
                          ...Object.fromEntries(fieldsBack(v).map((r) => [r.Field!, r.Previous === '' ? null : r.Previous!])),
                          ...(ownerRow(v) && !keepOwner.has(v) ? { ABM_LastAssignmentRunId__c: rollbackRun } : {})
                      }))
                  )
                : [];
            const restored = update.filter((_, i) => results[i]!.success);
            progress.text = `restored ${restored.length} of ${update.length} accounts; created accounts not deleted yet`;
            check();
            const deleted = remove.length
                ? await org.delete(
                      'Account',
                      remove.map((v) => v.now!.Id!)
                  )
                : [];
            const removed = remove.filter((_, i) => deleted[i]!.success);
            progress.text = `restored ${restored.length} accounts and deleted ${removed.length}; owner restores not audited yet`;
            check();
            const earlier = verdicts.filter(
                (v) =>
                    v.verdict === 'restored' &&
                    v.now &&
                    ownerRow(v) &&
                    audited.has(v.now.Id!.slice(0, 15)) &&
                    !rolledBack.has(v.now.Id!.slice(0, 15))
            );
            await auditOwners(
                org,
                [...restored, ...earlier]
                    .filter((v) => ownerRow(v) && !keepOwner.has(v))
                    .map((v) => ({
                        accountId: v.now!.Id!,
                        from: ownerRow(v)!.Planned!,
                        to: ownerRow(v)!.Previous!,
                        reason: `Rollback of run ${run.manifest.runId}`,
                        rule: 'Rollback'
                    })),
                rollbackRun,
                ux
            );
            const failed = update.length - restored.length + remove.length - removed.length;
            const kept = keepOwner.size ? `, ${keepOwner.size} kept their current owner (previous owner not an active user)` : '';
            ux.log(
                `Restored ${restored.length} accounts, deleted ${removed.length} created accounts${failed ? `, ${failed} failed` : ''}${kept}.`
            );
            // As with drift under --force, the accounts that kept their owner end the rollback; a later one (once the user is
            // active again) finds their owner still as the run set it and restores it.
            await run.setState(
                failed ? 'rolling back' : 'rolled back',
                `restored ${restored.length}, deleted ${removed.length}, failed ${failed}${kept}`
            );
            return {
                status: failed ? ExitCode.Partial : ExitCode.Success,
                summary: {
                    runId: run.manifest.runId,
                    restored: restored.length,
                    deleted: removed.length,
                    failed,
                    drift: drifted.length,
                    inactiveOwners: keepOwner.size
                }
            };
        }
    );
}

function nothingWritten(run: Run, ux: Ux) {
    if (run.manifest.state !== 'started')
        throw new IncompleteUndoError(
            `Run ${run.manifest.runId} is marked ${run.manifest.state} but its undo file was never completed: nothing is changed.`
        );
    ux.log(`Run ${run.manifest.runId} stopped before its first change: nothing to roll back.`);
    return run.setState('rolled back', 'nothing was written').then(() => ({
        status: ExitCode.Success,
        summary: { runId: run.manifest.runId, restored: 0, deleted: 0, failed: 0, drift: 0 }
    }));
}

const keyOf = (s: { Account__c: string; Topic__c: string; SignalDate__c: string; Source__c: string }) =>
    signalKey(s.Account__c, s.Topic__c, s.SignalDate__c, s.Source__c);

/** The signals of these accounts, by key (account, topic, date, source). */
async function signalsOf(org: Org, accountIds: string[]): Promise<Map<string, Record<string, string>>> {
    const rows = await readByIds(
        org,
        'ABM_IntentSignal__c',
        ['Topic__c', 'SignalDate__c', 'Source__c', 'Strength__c', 'SignalType__c'],
        'Account__c',
        accountIds
    );
    return new Map(
        rows.map((r) => [
            keyOf({
                Account__c: r.Account__c ?? '',
                Topic__c: r.Topic__c ?? '',
                SignalDate__c: (r.SignalDate__c ?? '').slice(0, 10),
                Source__c: r.Source__c ?? ''
            }),
            r
        ])
    );
}

/** Apply a saved signal-load plan: insert the signals not in the org yet. */
export async function applySignalPlan(org: Org, options: LoadApplyOptions, ux: Ux) {
    const { plan: parsed, text, integrity } = await readPlanFile(options.planFile, 'load-signals', SignalPlanSchema);
    const plan = parsed as unknown as SignalLoadPlan;
    const target = await targetOf(org);
    checkTarget(plan.target, target, `The plan ${options.planFile}`, [`Plan again on ${describeTarget(target)} (abm load signals …).`]);
    const start = {
        runsDir: options.runsDir,
        runId: plan.runId,
        command: 'load-signals' as const,
        planFile: options.planFile,
        planText: text,
        integrity,
        target,
        resume: options.resume
    };
    await Run.check(start);
    const accountIds = [...new Set(plan.signals.map((s) => s.Account__c))];
    const accounts = new Set((await readByIds(org, 'Account', [], 'Id', accountIds)).map((a) => a.Id!.slice(0, 15)));
    const gone = plan.signals.filter((s) => !accounts.has(s.Account__c.slice(0, 15)));
    if (gone.length && !options.force)
        throw new AbmError(
            `${gone.length} planned signals are for accounts deleted since the plan (e.g. ${gone[0]!.domain}). Nothing was changed.`,
            ExitCode.Failure,
            ['Plan again (abm load signals …), or pass --force to load the others.']
        );
    const existing = await signalsOf(org, accountIds);
    const progress = { text: 'nothing written yet' };
    return guardedWrite(
        ux,
        { resume: resumeCmd(options), rollback: rollbackCmd(plan.runId, options) },
        progress,
        async (check, started) => {
            const run = started(await Run.begin(start));
            // The undo file: every planned signal, and whether this run inserts it (a signal already in the org is not ours).
            const undo = await run.saveUndo(
                SIGNAL_UNDO,
                SIGNAL_UNDO_COLUMNS,
                () =>
                    plan.signals.map((s) => ({
                        Key: keyOf(s),
                        Account__c: s.Account__c,
                        Topic__c: s.Topic__c,
                        SignalDate__c: s.SignalDate__c,
                        Source__c: s.Source__c,
                        Inserted: String(!existing.has(keyOf(s)) && accounts.has(s.Account__c.slice(0, 15)))
                    })),
                { key: 'Key', planned: plan.signals.map(keyOf) }
            );
            const ours = new Set(undo.filter((r) => r.Inserted === 'true').map((r) => r.Key!));
            const pending = plan.signals.filter((s) => ours.has(keyOf(s)) && !existing.has(keyOf(s)));
            progress.text = `nothing written yet (${pending.length} signals to insert)`;
            if (run.manifest.state === 'started') await run.setState('writing');
            check();
            progress.text = `the insert of ${pending.length} signals was sent (some may have been inserted)`;
            const bar = ux.progress('Inserting signals', pending.length);
            const results = pending.length
                ? await org.insert(
                      'ABM_IntentSignal__c',
                      pending.map((s) => ({
                          Account__c: s.Account__c,
                          Topic__c: s.Topic__c,
                          Strength__c: s.Strength__c,
                          Source__c: s.Source__c,
                          SignalType__c: s.SignalType__c,
                          SignalDate__c: s.SignalDate__c
                      })),
                      { ...bar.track, returnIds: false }
                  )
                : [];
            bar.stop();
            const failed = results.map((r, i) => ({ r, p: pending[i]! })).filter(({ r }) => !r.success);
            const failuresFile = failed.length
                ? await run.writeReport(
                      'failures.csv',
                      ['Line', 'Domain', 'Topic', 'Date', 'Error'],
                      failed.map(({ r, p }) => [p.line, p.domain, safeCell(p.Topic__c), p.SignalDate__c, r.error ?? ''])
                  )
                : undefined;
            const inserted = results.length - failed.length;
            ux.log(`Inserted ${fmt(inserted)}, failed ${fmt(failed.length)}, already loaded ${fmt(plan.signals.length - pending.length)}.`);
            await run.setState(failed.length ? 'partial' : 'applied', `inserted ${inserted}, failed ${failed.length}`);
            return {
                status: failed.length ? ExitCode.Partial : ExitCode.Success,
                summary: {
                    runId: plan.runId,
                    inserted,
                    failed: failed.length,
                    alreadyLoaded: plan.signals.length - pending.length,
                    runDir: run.dir,
                    rollbackFile: run.path(SIGNAL_UNDO),
                    ...(failuresFile ? { failuresFile } : {})
                }
            };
        }
    );
}

/** Roll a signal-load run back: delete the signals it inserted (while their strength and type are still the loaded ones). */
export async function rollbackSignals(org: Org, run: Run, options: LoadRollbackOptions, ux: Ux) {
    const plan = JSON.parse(await run.planText()) as SignalLoadPlan;
    const rows = await run.readUndo(SIGNAL_UNDO, { key: 'Key', planned: plan.signals.map(keyOf) });
    if (!rows) return nothingWritten(run, ux);
    const planned = new Map(plan.signals.map((s) => [keyOf(s), s]));
    const ours = rows.filter((r) => r.Inserted === 'true');
    const current = await signalsOf(org, [...new Set(ours.map((r) => r.Account__c!))]);
    const present = ours.filter((r) => current.has(r.Key!));
    const drifted = present.filter((r) => {
        const now = current.get(r.Key!)!;
        const p = planned.get(r.Key!)!;
        return !same('Strength__c', now.Strength__c, p.Strength__c) || (now.SignalType__c ?? '') !== p.SignalType__c;
    });
    if (drifted.length && !options.force)
        throw new AbmError(
            `${drifted.length} signals of run ${run.manifest.runId} were edited since (e.g. ${drifted[0]!.Topic__c} on ${drifted[0]!.SignalDate__c}). Nothing was changed.`,
            ExitCode.Failure,
            [`${rollbackCmd(run.manifest.runId, options)} --force  (to delete the others and leave these as they are)`]
        );
    if (drifted.length) ux.warn(`${drifted.length} signals edited since the run are left as they are.`);
    const remove = present.filter((r) => !drifted.includes(r));
    ux.log(
        `Rolling back run ${run.manifest.runId} on ${org.label}: ${remove.length} signals to delete, ${ours.length - present.length} already gone.`
    );
    await run.setState('rolling back');
    const progress = { text: 'nothing deleted yet' };
    return guardedWrite(
        ux,
        { resume: `${rollbackCmd(run.manifest.runId, options)}  (to finish the rollback)`, rollback: '' },
        progress,
        async (check, started) => {
            started(run);
            check();
            const results = remove.length
                ? await org.delete(
                      'ABM_IntentSignal__c',
                      remove.map((r) => current.get(r.Key!)!.Id!)
                  )
                : [];
            const failed = results.filter((r) => !r.success).length;
            ux.log(`Deleted ${remove.length - failed} signals${failed ? `, ${failed} failed` : ''}.`);
            await run.setState(failed ? 'rolling back' : 'rolled back', `deleted ${remove.length - failed}, failed ${failed}`);
            return {
                status: failed ? ExitCode.Partial : ExitCode.Success,
                summary: {
                    runId: run.manifest.runId,
                    deleted: remove.length - failed,
                    failed,
                    alreadyGone: ours.length - present.length,
                    drift: drifted.length
                }
            };
        }
    );
}

/** `abm load rollback`: the run's kind decides. */
export async function rollbackLoad(org: Org, options: LoadRollbackOptions, ux: Ux) {
    const target = await targetOf(org);
    const dir = Run.folder(options.runsDir, options.runId);
    const found = await Run.load(dir);
    const kind = found?.manifest.command === 'load-signals' ? 'load-signals' : 'load-accounts';
    const run = await Run.forRollback(options.runsDir, options.runId, kind, target);
    return kind === 'load-signals' ? rollbackSignals(org, run, options, ux) : rollbackAccounts(org, run, options, ux);
}
