/**
 * What follows an Account owner change (scripts/cli/owner-change.ts), through the CLI (`abm rebalance plan`, `apply`,
 * `rollback`, in-process: test/abm-cli.ts) against the local Salesforce API double, whose owner change deletes the
 * account team as Salesforce does for REST / Bulk API 2.0 writes (KeepAccountTeam defaults to false). The org is a temp copy of data/sample-org with an
 * AccountTeamMember.csv added: members on accounts the plan moves and on accounts it leaves alone.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { DEFAULT_OWNER_CHANGE, OwnerChangeSchema, resolveOwnerChange } from '../../scripts/cli/owner-change';
import { makeId } from '../../scripts/org/ids';
import { startDouble } from '../sfdouble/harness';
import { abm, ROOT } from './cli';
import { reactivateUsers } from './users';

jest.setTimeout(180_000);
const NOW = () => new Date('2026-10-01T09:00:00Z');
const IN_WINDOW = ['--as-of', '2026-10-02', '--fiscal-start-month', '1'];

const csv = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
type Move = { accountId: string; fromId: string | null; toId: string };
type SavedPlan = { runId: string; policy: { ownerChange?: unknown }; plan: { moves: Move[] } };

const work = mkdtempSync(join(tmpdir(), 'abm-owner-change-'));
const sample = join(ROOT, 'data/sample-org');
const users = csv(join(sample, 'User.csv')).map((u) => u.Id!);
const basePolicy = JSON.parse(readFileSync(join(ROOT, 'config/rebalance-policy.json'), 'utf8')) as Record<string, unknown>;

/** A temp org copy with a team: two members on each of 6 accounts the plan moves and on 4 it keeps. */
let teamed = '';
let plannedMoves: Move[] = [];
beforeAll(async () => {
    const probe = join(work, 'probe');
    cpSync(sample, probe, { recursive: true });
    const plan = await abm(['rebalance', 'plan', '--snapshot', probe, '--out', join(work, 'probe-plan'), '--json']);
    expect(plan.code).toBe(0);
    plannedMoves = (JSON.parse(readFileSync(join(work, 'probe-plan', 'plan.json'), 'utf8')) as SavedPlan).plan.moves;
    const moved = new Set(plannedMoves.map((m) => m.accountId));
    const accounts = csv(join(sample, 'Account.csv'));
    const picks = [...plannedMoves.filter((m) => m.fromId).slice(0, 6), ...accounts.filter((a) => !moved.has(a.Id!)).slice(0, 4)];
    const rows: string[][] = [];
    picks.forEach((p, i) => {
        const accountId = 'accountId' in p ? p.accountId : p.Id!;
        const owners = new Set(['accountId' in p ? [p.fromId, p.toId] : [p.OwnerId]].flat());
        const members = users.filter((u) => !owners.has(u)).slice(i % 5, (i % 5) + 2);
        members.forEach((u, k) =>
            rows.push([
                makeId('01M', i * 10 + k + 1),
                accountId,
                u,
                k ? 'Sales Engineer' : 'Executive Sponsor',
                'Edit',
                'Read',
                'Read',
                'Edit'
            ])
        );
    });
    teamed = join(work, 'teamed');
    cpSync(sample, teamed, { recursive: true });
    // On three moved accounts, a contact and an open opportunity of someone else than the previous owner: they stay.
    const others = plannedMoves
        .filter((m) => m.fromId)
        .slice(0, 3)
        .map((m, i) => ({ m, i, owner: users.find((u) => u !== m.fromId && u !== m.toId)! }));
    const append = (file: string, lines: string[][]) => writeFileSync(file, readFileSync(file, 'utf8') + stringify(lines));
    append(
        join(teamed, 'Contact.csv'),
        others.map(({ m, i, owner }) => [
            makeId('003', 900_001 + i),
            m.accountId,
            owner,
            'Kim',
            `Other${i}`,
            '',
            'CTO',
            '',
            'false',
            'false'
        ])
    );
    append(
        join(teamed, 'Opportunity.csv'),
        others
            .map(({ m, i, owner }) => [
                makeId('006', 900_001 + i),
                m.accountId,
                owner,
                `Side deal ${i}`,
                'Prospecting',
                '1000',
                '2027-03-31',
                '2026-09-01T00:00:00.000Z',
                'false',
                'false',
                'New Business',
                'Partner'
            ])
            .concat(
                // …and a closed deal of the previous owner: not open, so it stays too.
                others.map(({ m, i }) => [
                    makeId('006', 900_101 + i),
                    m.accountId,
                    m.fromId!,
                    `Won deal ${i}`,
                    'Closed Won',
                    '2000',
                    '2026-06-30',
                    '2026-01-01T00:00:00.000Z',
                    'true',
                    'true',
                    'New Business',
                    'Partner'
                ])
            )
    );
    writeFileSync(
        join(teamed, 'AccountTeamMember.csv'),
        stringify(rows, {
            header: true,
            columns: [
                'Id',
                'AccountId',
                'UserId',
                'TeamMemberRole',
                'AccountAccessLevel',
                'OpportunityAccessLevel',
                'CaseAccessLevel',
                'ContactAccessLevel'
            ]
        })
    );
});

/** A double on a fresh copy of `from`, the plan made against it with `ownerChange`, and helpers. */
async function scenario(name: string, from: string, ownerChange?: Record<string, boolean>) {
    const dir = join(work, name);
    cpSync(from, dir, { recursive: true });
    // Bulk API jobs complete at their first poll: the CLI polls every second (polling: test/sfdouble).
    const h = await startDouble({ snapshotDir: dir, cli: true, now: NOW, double: { bulkPolls: 0 } });
    const policyFile = join(work, `${name}-policy.json`);
    writeFileSync(policyFile, JSON.stringify(ownerChange ? { ...basePolicy, ownerChange } : basePolicy));
    const out = join(work, `${name}-plan`);
    const runs = join(work, `${name}-runs`);
    const plan = await abm(['rebalance', 'plan', '--target-org', h.targetOrg!, '--policy', policyFile, '--out', out, '--json'], h.cliEnv);
    expect({ code: plan.code, err: plan.code ? plan.stderr : '' }).toEqual({ code: 0, err: '' });
    const saved = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as SavedPlan;
    const apply = (json = true) =>
        abm(
            [
                'rebalance',
                'apply',
                '--plan',
                join(out, 'plan.json'),
                '--target-org',
                h.targetOrg!,
                ...IN_WINDOW,
                '--runs-dir',
                runs,
                ...(json ? ['--json'] : [])
            ],
            h.cliEnv
        );
    // (The departed AE gets their accounts back: active again first.)
    const rollback = async () => {
        await reactivateUsers(h.org);
        return abm(['rebalance', 'rollback', '--run', saved.runId, '--target-org', h.targetOrg!, '--runs-dir', runs, '--json'], h.cliEnv);
    };
    const team = async () =>
        (await h.org.query('SELECT AccountId, UserId, TeamMemberRole, AccountAccessLevel, CaseAccessLevel FROM AccountTeamMember'))
            .map((r) => [r.AccountId, r.UserId, r.TeamMemberRole, r.AccountAccessLevel, r.CaseAccessLevel].join('|'))
            .sort();
    const owners = async (object: string) =>
        new Map((await h.org.query(`SELECT Id, OwnerId FROM ${object}`)).map((r) => [String(r.Id), String(r.OwnerId)]));
    return { h, saved, runDir: join(runs, saved.runId), apply, rollback, team, owners };
}

const keyOf = (teamKey: string) => teamKey.split('|')[0]!;

describe('the policy', () => {
    it('defaults to keeping the team and moving nothing else; unknown keys and non-booleans are refused', () => {
        expect(DEFAULT_OWNER_CHANGE).toEqual({ keepAccountTeam: true, transferContacts: false, transferOpenOpportunities: false });
        expect(resolveOwnerChange(undefined, 'p.json')).toEqual(DEFAULT_OWNER_CHANGE);
        expect(resolveOwnerChange({ transferContacts: true }, 'p.json')).toEqual({ ...DEFAULT_OWNER_CHANGE, transferContacts: true });
        expect(OwnerChangeSchema.safeParse({ keepTeam: true }).success).toBe(false);
        expect(() => resolveOwnerChange({ keepAccountTeam: true, transferCases: true }, 'p.json')).toThrow(
            /p\.json: ownerChange: .*transferCases/
        );
        expect(() => resolveOwnerChange({ keepAccountTeam: 'yes' }, 'p.json')).toThrow(/keepAccountTeam/);
    });

    it('plan refuses a policy file with an unknown ownerChange key and writes nothing; a good one lands in plan.json', async () => {
        const bad = join(work, 'bad-policy.json');
        writeFileSync(bad, JSON.stringify({ ...basePolicy, ownerChange: { keepAccountTeam: true, transferNotes: true } }));
        const refused = await abm(['rebalance', 'plan', '--snapshot', sample, '--policy', bad, '--out', join(work, 'bad-plan')]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/ownerChange.*transferNotes/);
        expect(existsSync(join(work, 'bad-plan', 'plan.json'))).toBe(false);
        const good = await abm(['rebalance', 'plan', '--snapshot', sample, '--out', join(work, 'good-plan'), '--json']);
        expect(good.code).toBe(0);
        const saved = JSON.parse(readFileSync(join(work, 'good-plan', 'plan.json'), 'utf8')) as SavedPlan;
        expect(saved.policy.ownerChange).toEqual(DEFAULT_OWNER_CHANGE);
    });
});

describe('against the double, with account teams', () => {
    it('default policy: the team of every moved account is back after the apply, account-team.csv saved; rollback keeps it', async () => {
        const s = await scenario('keep', teamed);
        try {
            const before = await s.team();
            const contactsBefore = await s.owners('Contact');
            const moved = new Set(s.saved.plan.moves.map((m) => m.accountId));
            const onMoved = before.filter((t) => moved.has(keyOf(t)));
            expect(onMoved.length).toBeGreaterThanOrEqual(10);
            expect(before.length).toBeGreaterThan(onMoved.length);

            const apply = await s.apply();
            expect({ code: apply.code, err: apply.code ? apply.stderr : '' }).toEqual({ code: 0, err: '' });
            expect(JSON.parse(apply.stdout).result.ownerChange).toMatchObject({
                accountTeams: 'kept',
                teamMembersSaved: onMoved.length,
                teamMembersRestored: onMoved.length,
                contactsMoved: 0,
                opportunitiesMoved: 0,
                failed: 0
            });
            expect(await s.team()).toEqual(before);
            expect(csv(join(s.runDir, 'account-team.csv'))).toHaveLength(onMoved.length);
            expect(existsSync(join(s.runDir, 'rollback-contacts.csv'))).toBe(false);
            expect(await s.owners('Contact')).toEqual(contactsBefore);

            const rollback = await s.rollback();
            expect(rollback.code).toBe(0);
            expect(JSON.parse(rollback.stdout).result.ownerChange).toMatchObject({ teamMembersRestored: onMoved.length, failed: 0 });
            expect(await s.team()).toEqual(before);
        } finally {
            await s.h.stop();
        }
    });

    it('keepAccountTeam false: the moved accounts lose their team (the platform default), the others keep it; rollback puts it back', async () => {
        const s = await scenario('drop', teamed, { keepAccountTeam: false });
        try {
            const before = await s.team();
            const moved = new Set(s.saved.plan.moves.map((m) => m.accountId));
            const apply = await s.apply();
            expect(apply.code).toBe(0);
            expect(JSON.parse(apply.stdout).result.ownerChange).toMatchObject({
                accountTeams: 'not kept (policy)',
                teamMembersRestored: 0
            });
            expect(await s.team()).toEqual(before.filter((t) => !moved.has(keyOf(t))));
            const rollback = await s.rollback();
            expect(rollback.code).toBe(0);
            expect(await s.team()).toEqual(before);
        } finally {
            await s.h.stop();
        }
    });

    it('transferContacts / transferOpenOpportunities: exactly the previous owner’s contacts and open opportunities move; rollback restores them', async () => {
        const s = await scenario('transfer', teamed, { transferContacts: true, transferOpenOpportunities: true });
        try {
            const contacts = csv(join(teamed, 'Contact.csv'));
            const opps = csv(join(teamed, 'Opportunity.csv'));
            const contactsBefore = await s.owners('Contact');
            const oppsBefore = await s.owners('Opportunity');
            const teamBefore = await s.team();
            const byAccount = new Map(s.saved.plan.moves.map((m) => [m.accountId, m]));
            const expectedOwner = (row: Record<string, string>, open: boolean) => {
                const m = byAccount.get(row.AccountId!);
                return m && open && m.fromId === row.OwnerId ? m.toId : row.OwnerId;
            };
            const contactsToMove = contacts.filter((c) => expectedOwner(c, true) !== c.OwnerId);
            const oppsToMove = opps.filter((o) => expectedOwner(o, o.IsClosed === 'false') !== o.OwnerId);
            // The sample has moved accounts with contacts / open deals of the old owner, and with records of other owners.
            expect(contactsToMove.length).toBeGreaterThan(10);
            expect(oppsToMove.length).toBeGreaterThan(0);
            expect(contacts.some((c) => byAccount.has(c.AccountId!) && expectedOwner(c, true) === c.OwnerId)).toBe(true);
            expect(opps.some((o) => byAccount.has(o.AccountId!) && o.IsClosed === 'false' && expectedOwner(o, true) === o.OwnerId)).toBe(
                true
            );
            expect(opps.some((o) => byAccount.get(o.AccountId!)?.fromId === o.OwnerId && o.IsClosed === 'true')).toBe(true);

            const apply = await s.apply();
            expect({ code: apply.code, err: apply.code ? apply.stderr : '' }).toEqual({ code: 0, err: '' });
            expect(JSON.parse(apply.stdout).result.ownerChange).toMatchObject({
                contactsMoved: contactsToMove.length,
                opportunitiesMoved: oppsToMove.length,
                skipped: 0,
                failed: 0
            });
            const contactsAfter = await s.owners('Contact');
            for (const c of contacts) expect([c.Id, contactsAfter.get(c.Id!)]).toEqual([c.Id, expectedOwner(c, true)]);
            const oppsAfter = await s.owners('Opportunity');
            for (const o of opps) expect([o.Id, oppsAfter.get(o.Id!)]).toEqual([o.Id, expectedOwner(o, o.IsClosed === 'false')]);
            expect(csv(join(s.runDir, 'rollback-contacts.csv'))).toHaveLength(contactsToMove.length);
            expect(csv(join(s.runDir, 'rollback-opportunities.csv'))[0]).toEqual(
                expect.objectContaining({
                    Id: expect.any(String),
                    AccountId: expect.any(String),
                    PreviousOwnerId: expect.any(String),
                    PlannedOwnerId: expect.any(String)
                })
            );
            expect(await s.team()).toEqual(teamBefore);

            const rollback = await s.rollback();
            expect(rollback.code).toBe(0);
            expect(JSON.parse(rollback.stdout).result.ownerChange).toMatchObject({
                contactsRestored: contactsToMove.length,
                opportunitiesRestored: oppsToMove.length,
                failed: 0
            });
            expect(await s.owners('Contact')).toEqual(contactsBefore);
            expect(await s.owners('Opportunity')).toEqual(oppsBefore);
            expect(await s.team()).toEqual(teamBefore);
        } finally {
            await s.h.stop();
        }
    });

    it('a team member that cannot be re-inserted is reported per row (failures file, exit 68), the others are put back', async () => {
        const s = await scenario('fail', teamed);
        try {
            const before = await s.team();
            const moved = new Set(s.saved.plan.moves.map((m) => m.accountId));
            const victim = before.find((t) => moved.has(keyOf(t)))!;
            const [accountId, userId] = victim.split('|');
            s.h.double.rowFaults.push({
                object: 'AccountTeamMember',
                statusCode: 'FIELD_INTEGRITY_EXCEPTION',
                message: 'User is inactive',
                match: (r) => r.AccountId === accountId && r.UserId === userId
            });
            const apply = await s.apply();
            expect(apply.code).toBe(68);
            const summary = JSON.parse(apply.stdout).result;
            expect(summary).toMatchObject({ failed: 0, ownerChange: { failed: 1 } });
            expect(await s.team()).toEqual(before.filter((t) => t !== victim));
            const failures = csv(summary.ownerChange.failuresFile as string);
            expect(failures).toEqual([
                expect.objectContaining({
                    Object: 'AccountTeamMember',
                    AccountId: accountId,
                    Error: expect.stringContaining('FIELD_INTEGRITY_EXCEPTION')
                })
            ]);
        } finally {
            await s.h.stop();
        }
    });
});

describe('without account teams', () => {
    it('on the double: applies and says teams are not enabled', async () => {
        const s = await scenario('noteam', sample);
        try {
            const apply = await s.apply();
            expect({ code: apply.code, err: apply.code ? apply.stderr : '' }).toEqual({ code: 0, err: '' });
            expect(JSON.parse(apply.stdout).result).toMatchObject({
                failed: 0,
                verifiedWrong: 0,
                ownerChange: { accountTeams: 'not enabled' }
            });
            expect(existsSync(join(s.runDir, 'account-team.csv'))).toBe(false);
        } finally {
            await s.h.stop();
        }
    });

    it('on a snapshot: applies and prints one line saying teams are not enabled', async () => {
        const snap = join(work, 'noteam-snap');
        cpSync(sample, snap, { recursive: true });
        const plan = await abm(['rebalance', 'plan', '--snapshot', snap, '--out', join(work, 'noteam-snap-plan')]);
        expect(plan.code).toBe(0);
        const apply = await abm([
            'rebalance',
            'apply',
            '--plan',
            join(work, 'noteam-snap-plan', 'plan.json'),
            '--snapshot',
            snap,
            '--runs-dir',
            join(work, 'noteam-snap-runs')
        ]);
        expect({ code: apply.code, err: apply.code ? apply.stderr : '' }).toEqual({ code: 0, err: '' });
        expect(apply.stderr.match(/Account teams are not enabled/g)).toHaveLength(1);
        expect(existsSync(join(snap, 'AccountTeamMember.csv'))).toBe(false);
    });
});
