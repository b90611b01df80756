/**
 * What follows an Account owner change, as policy. In Salesforce the SOAP header `OwnerChangeOptions` decides it; REST
 * sObject collections and Bulk API 2.0 (what `abm rebalance apply` writes through) cannot send that header, so an owner
 * change gets the documented defaults for the API — notably KeepAccountTeam false: "If false, the account team is deleted.
 * Default is false." This module does around the owner update what the header would have done:
 *
 * - `prepare` (before the first owner change): saves the account team (AccountTeamMember) of the accounts to
 *   `<runDir>/account-team.csv`, and — when asked — the contacts / open opportunities the previous owner owns on them to
 *   `rollback-contacts.csv` / `rollback-opportunities.csv`;
 * - `complete` (after the owner update): puts back the team members that are gone (keepAccountTeam) and moves the saved
 *   contacts / opportunities of the accounts that changed owner to the new owner;
 * - `prepareRollback` / `completeRollback`: the same in reverse for `abm rebalance rollback`.
 *
 * Every file is written once and kept (a `--resume` or a second rollback reads it instead of the org, which may already
 * have lost the team). Row failures go to a failures CSV and the counts; nothing is dropped silently.
 */
import { z } from 'zod';
import type { Org, RowResult } from '../org/index.js';
import { readByIds } from '../org/read.js';
import type { Run } from './runs.js';
import { AbmError, type Ux } from './shared.js';

export type OwnerChangePolicy = { keepAccountTeam: boolean; transferContacts: boolean; transferOpenOpportunities: boolean };

/** Safe: nothing is lost (the team is kept), nothing beyond the account is reassigned unless asked. */
export const DEFAULT_OWNER_CHANGE: OwnerChangePolicy = { keepAccountTeam: true, transferContacts: false, transferOpenOpportunities: false };

export const OwnerChangeSchema = z
    .object({ keepAccountTeam: z.boolean(), transferContacts: z.boolean(), transferOpenOpportunities: z.boolean() })
    .strict()
    .partial();

/** The policy with defaults filled in; `where` names the file in the error. */
export function resolveOwnerChange(raw: unknown, where: string): OwnerChangePolicy {
    const parsed = OwnerChangeSchema.safeParse(raw ?? {});
    if (!parsed.success)
        throw new AbmError(
            `${where}: ownerChange: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(object)'}: ${i.message}`).join('; ')}`
        );
    return { ...DEFAULT_OWNER_CHANGE, ...parsed.data };
}

export const OWNER_CHANGE_FILES = {
    team: 'account-team.csv',
    contacts: 'rollback-contacts.csv',
    opportunities: 'rollback-opportunities.csv',
    failures: 'owner-change-failures.csv',
    rollbackTeam: 'rollback-account-team.csv',
    rollbackFailures: 'rollback-owner-change-failures.csv'
};

export type AccountChange = { accountId: string; fromId: string | null; toId: string };

const TEAM_COLUMNS = [
    'Id',
    'AccountId',
    'UserId',
    'TeamMemberRole',
    'AccountAccessLevel',
    'OpportunityAccessLevel',
    'CaseAccessLevel',
    'ContactAccessLevel'
] as const;
const TRANSFER_COLUMNS = ['Id', 'AccountId', 'PreviousOwnerId', 'PlannedOwnerId'] as const;
type Csv<C extends readonly string[]> = Record<C[number], string>;
type TeamRow = Csv<typeof TEAM_COLUMNS>;
type TransferRow = Csv<typeof TRANSFER_COLUMNS>;
type Failure = { Object: string; Id: string; AccountId: string; Action: string; Error: string };
/** The team fields this org has: to read (all of TEAM_COLUMNS it knows) and to write on a re-insert (createable). */
type TeamFields = { read: string[]; create: string[] };

export type Prepared = {
    policy: OwnerChangePolicy;
    run: Run;
    /** null: the org has no account teams. */
    team: { fields: TeamFields; rows: TeamRow[] } | null;
    contacts: TransferRow[];
    opportunities: TransferRow[];
};

export type OwnerChangeSummary = {
    accountTeams: 'not enabled' | 'kept' | 'not kept (policy)';
    teamMembersSaved: number;
    teamMembersRestored: number;
    contactsMoved: number;
    opportunitiesMoved: number;
    /** Contacts / opportunities whose owner changed since they were saved (left as they are). */
    skipped: number;
    failed: number;
    failuresFile?: string;
};

const id15 = (id: string) => id.slice(0, 15);

/** Rows of an object by AccountId: chunked SOQL IN lists below 2,000 accounts, one Bulk API 2.0 query above. */
const readByAccount = (org: Org, object: string, fields: string[], accountIds: string[], where?: string) =>
    readByIds(org, object, fields, 'AccountId', accountIds, where);

/** The org's AccountTeamMember fields, or null when account teams are not enabled (the object does not exist). */
async function teamFields(org: Org): Promise<TeamFields | null> {
    try {
        const described = await org.describe('AccountTeamMember');
        const has = (name: string) => described.find((f) => f.name === name);
        return {
            read: TEAM_COLUMNS.filter((c) => has(c)),
            create: TEAM_COLUMNS.filter((c) => c !== 'Id' && has(c)?.createable !== false && has(c))
        };
    } catch (error) {
        if (['INVALID_TYPE', 'NOT_FOUND'].includes((error as { errorCode?: string }).errorCode ?? '')) return null;
        throw error;
    }
}

async function readTeam(org: Org, fields: TeamFields, accountIds: string[]): Promise<TeamRow[]> {
    const rows = await readByAccount(org, 'AccountTeamMember', fields.read, accountIds);
    return rows.map((r) => Object.fromEntries(TEAM_COLUMNS.map((c) => [c, r[c] ?? ''])) as TeamRow);
}

/** Before the first owner change: save the team, and the contacts / open opportunities to move (undo files of the run). */
export async function prepare(org: Org, accounts: AccountChange[], policy: OwnerChangePolicy, run: Run, ux: Ux): Promise<Prepared> {
    const ids = accounts.map((a) => a.accountId);
    const byId = new Map(accounts.map((a) => [id15(a.accountId), a]));
    const fields = await teamFields(org);
    let team: Prepared['team'] = null;
    if (!fields) ux.log('Account teams are not enabled in this org (no AccountTeamMember object): no team to keep.');
    else {
        // Saved even when the policy lets the team go: a rollback then puts back the team the run removed.
        const file = run.path(OWNER_CHANGE_FILES.team);
        team = { fields, rows: await run.saveUndo(OWNER_CHANGE_FILES.team, TEAM_COLUMNS, () => readTeam(org, fields, ids)) };
        ux.log(
            `Saved ${team.rows.length} account team members to ${file}${policy.keepAccountTeam ? '' : ' (keepAccountTeam false: the owner change deletes them, as Salesforce does by default)'}.`
        );
    }
    const saveTransfers = async (object: string, flag: boolean, file: string, where?: string): Promise<TransferRow[]> => {
        if (!flag) return [];
        const rows = await run.saveUndo<TransferRow>(file, TRANSFER_COLUMNS, async () =>
            (await readByAccount(org, object, ['OwnerId'], ids, where))
                .filter((r) => {
                    const from = byId.get(id15(r.AccountId ?? ''))?.fromId;
                    return !!from && id15(r.OwnerId ?? '') === id15(from);
                })
                .map((r) => ({
                    Id: r.Id!,
                    AccountId: r.AccountId!,
                    PreviousOwnerId: r.OwnerId!,
                    PlannedOwnerId: byId.get(id15(r.AccountId!))!.toId
                }))
        );
        ux.log(
            `Saved ${rows.length} ${object === 'Contact' ? 'contacts' : 'open opportunities'} of the previous owners to ${run.path(file)}.`
        );
        return rows;
    };
    const contacts = await saveTransfers('Contact', policy.transferContacts, OWNER_CHANGE_FILES.contacts);
    const opportunities = await saveTransfers(
        'Opportunity',
        policy.transferOpenOpportunities,
        OWNER_CHANGE_FILES.opportunities,
        'IsClosed = false'
    );
    return { policy, run, team, contacts, opportunities };
}

/** Re-insert the saved members that are not on their account any more (matched on account + user). */
async function restoreTeam(org: Org, fields: TeamFields, saved: TeamRow[], failures: Failure[]): Promise<number> {
    const accountIds = [...new Set(saved.map((t) => t.AccountId))];
    if (!accountIds.length) return 0;
    const key = (t: { AccountId?: string; UserId?: string }) => `${id15(t.AccountId ?? '')}:${id15(t.UserId ?? '')}`;
    const present = new Set((await readByAccount(org, 'AccountTeamMember', ['UserId'], accountIds)).map(key));
    const missing = [...new Map(saved.filter((t) => !present.has(key(t))).map((t) => [key(t), t])).values()];
    if (!missing.length) return 0;
    const results = await org.insert(
        'AccountTeamMember',
        missing.map((t) => Object.fromEntries(fields.create.filter((f) => t[f as keyof TeamRow]).map((f) => [f, t[f as keyof TeamRow]])))
    );
    return count(
        results,
        (i) => ({
            Object: 'AccountTeamMember',
            Id: missing[i]!.Id,
            AccountId: missing[i]!.AccountId,
            Action: `re-insert team member ${missing[i]!.UserId}`
        }),
        failures
    );
}

function count(results: RowResult[], describe: (i: number) => Omit<Failure, 'Error'>, failures: Failure[]): number {
    results.forEach((r, i) => {
        if (!r.success) failures.push({ ...describe(i), Error: r.error ?? 'unknown error' });
    });
    return results.filter((r) => r.success).length;
}

/**
 * Move saved records from one owner to the other (`back`: from the planned owner to the previous one). A record whose
 * owner is neither (changed since it was saved), that is gone, or — moving forward — an opportunity closed since, is skipped.
 */
async function transfer(org: Org, object: string, rows: TransferRow[], back: boolean, failures: Failure[]) {
    const from = (r: TransferRow) => (back ? r.PlannedOwnerId : r.PreviousOwnerId);
    const to = (r: TransferRow) => (back ? r.PreviousOwnerId : r.PlannedOwnerId);
    const accountIds = [...new Set(rows.map((r) => r.AccountId))];
    const where = object === 'Opportunity' && !back ? 'IsClosed = false' : undefined;
    const current = new Map(
        (accountIds.length ? await readByAccount(org, object, ['OwnerId'], accountIds, where) : []).map((r) => [
            id15(r.Id ?? ''),
            id15(r.OwnerId ?? '')
        ])
    );
    const todo = rows.filter((r) => current.get(id15(r.Id)) === id15(from(r)));
    const already = rows.filter((r) => current.get(id15(r.Id)) === id15(to(r))).length;
    const results = todo.length
        ? await org.update(
              object,
              todo.map((r) => ({ Id: r.Id, OwnerId: to(r) }))
          )
        : [];
    const moved = count(
        results,
        (i) => ({ Object: object, Id: todo[i]!.Id, AccountId: todo[i]!.AccountId, Action: `owner → ${to(todo[i]!)}` }),
        failures
    );
    return { moved, skipped: rows.length - todo.length - already };
}

async function writeFailures(run: Run, name: string, failures: Failure[]): Promise<string | undefined> {
    if (!failures.length) return undefined;
    return run.writeReport(
        name,
        ['Object', 'Id', 'AccountId', 'Action', 'Error'],
        failures.map((f) => [f.Object, f.Id, f.AccountId, f.Action, f.Error])
    );
}

/** After the owner update: team members back on the accounts that changed owner, saved contacts / opportunities moved. */
export async function complete(org: Org, prepared: Prepared, succeededAccountIds: string[], ux: Ux): Promise<OwnerChangeSummary> {
    const done = new Set(succeededAccountIds.map(id15));
    const mine = <T extends { AccountId: string }>(rows: T[]) => rows.filter((r) => done.has(id15(r.AccountId)));
    const failures: Failure[] = [];
    const { team, policy } = prepared;
    const teamMembersRestored = team && policy.keepAccountTeam ? await restoreTeam(org, team.fields, mine(team.rows), failures) : 0;
    const contacts = await transfer(org, 'Contact', mine(prepared.contacts), false, failures);
    const opportunities = await transfer(org, 'Opportunity', mine(prepared.opportunities), false, failures);
    const summary: OwnerChangeSummary = {
        accountTeams: !team ? 'not enabled' : policy.keepAccountTeam ? 'kept' : 'not kept (policy)',
        teamMembersSaved: team?.rows.length ?? 0,
        teamMembersRestored,
        contactsMoved: contacts.moved,
        opportunitiesMoved: opportunities.moved,
        skipped: contacts.skipped + opportunities.skipped,
        failed: failures.length,
        failuresFile: await writeFailures(prepared.run, OWNER_CHANGE_FILES.failures, failures)
    };
    ux.log(
        `Owner change: account team ${summary.accountTeams}${team && policy.keepAccountTeam ? ` (${teamMembersRestored} members put back)` : ''}` +
            `; moved ${contacts.moved} contacts and ${opportunities.moved} open opportunities to the new owners` +
            `${summary.skipped ? `; ${summary.skipped} skipped (owner changed since)` : ''}${failures.length ? `; ${failures.length} FAILED: ${summary.failuresFile}` : ''}.`
    );
    return summary;
}

export type RollbackPrepared = { run: Run; fields: TeamFields | null; saved: TeamRow[]; current: TeamRow[] };

/** Before a rollback restores the account owners: save the team the accounts have now (the restore deletes it again). */
export async function prepareRollback(org: Org, run: Run, accountIds: string[]): Promise<RollbackPrepared> {
    const saved = (await run.readUndo(OWNER_CHANGE_FILES.team)) as TeamRow[] | undefined;
    if (!saved) return { run, fields: null, saved: [], current: [] };
    const fields = await teamFields(org);
    if (!fields) return { run, fields: null, saved: [], current: [] };
    const current = await run.saveUndo(OWNER_CHANGE_FILES.rollbackTeam, TEAM_COLUMNS, () => readTeam(org, fields, accountIds));
    return { run, fields, saved, current };
}

/**
 * After the account owners are restored: contacts / opportunities back to their previous owners (from the rollback-*.csv
 * files), and on the restored accounts the team members missing — the team before the run, and any member added since.
 * The contacts / opportunities of `keptAccountIds` (accounts left with their current owner because the previous one is
 * not an active user: their contacts' previous owner is that same user, whom Salesforce refuses) stay as they are.
 */
export async function completeRollback(
    org: Org,
    prepared: RollbackPrepared,
    restoredAccountIds: string[],
    ux: Ux,
    keptAccountIds: ReadonlySet<string> = new Set()
) {
    const failures: Failure[] = [];
    const kept = new Set([...keptAccountIds].map(id15));
    const load = async (file: string) =>
        (((await prepared.run.readUndo(file)) ?? []) as TransferRow[]).filter((r) => !kept.has(id15(r.AccountId)));
    const contacts = await transfer(org, 'Contact', await load(OWNER_CHANGE_FILES.contacts), true, failures);
    const opportunities = await transfer(org, 'Opportunity', await load(OWNER_CHANGE_FILES.opportunities), true, failures);
    const restored = new Set(restoredAccountIds.map(id15));
    const teamMembersRestored = prepared.fields
        ? await restoreTeam(
              org,
              prepared.fields,
              [...prepared.saved, ...prepared.current].filter((t) => restored.has(id15(t.AccountId))),
              failures
          )
        : 0;
    const result = {
        teamMembersRestored,
        contactsRestored: contacts.moved,
        opportunitiesRestored: opportunities.moved,
        skipped: contacts.skipped + opportunities.skipped,
        failed: failures.length,
        failuresFile: await writeFailures(prepared.run, OWNER_CHANGE_FILES.rollbackFailures, failures)
    };
    ux.log(
        `Restored ${contacts.moved} contacts, ${opportunities.moved} opportunities and ${teamMembersRestored} account team members` +
            `${result.skipped ? `; ${result.skipped} skipped (owner changed since)` : ''}${failures.length ? `; ${failures.length} FAILED: ${result.failuresFile}` : ''}.`
    );
    return result;
}
