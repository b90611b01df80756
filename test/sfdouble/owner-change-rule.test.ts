/**
 * A documented platform rule the double models: an Account owner change made through REST sObject collections or Bulk API
 * 2.0 deletes the account's team (AccountTeamMember), because those APIs cannot send the SOAP `OwnerChangeOptions` header
 * and "KeepAccountTeam … If false, the account team is deleted. Default is false." (SOAP API Developer Guide,
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_header_ownerchangeoptions.htm). The rule
 * applies only when the data has an AccountTeamMember table (an org without account teams has no such object).
 */
import { makeId } from '../../scripts/org/ids';
import { startDouble, type Harness } from './harness';

jest.setTimeout(60_000);

const USER = (n: number) => makeId('005', 100 + n);
const ACCOUNT = (n: number) => makeId('001', n);

function book(accounts: number, withTeams: boolean): Record<string, Record<string, unknown>[]> {
    const records: Record<string, Record<string, unknown>[]> = {
        User: [1, 2, 3].map((n) => ({ Id: USER(n), Username: `u${n}@x.test`, LastName: `U${n}`, IsActive: true })),
        Account: Array.from({ length: accounts }, (_, i) => ({ Id: ACCOUNT(i + 1), Name: `A${i + 1}`, OwnerId: USER(1) }))
    };
    if (withTeams)
        records.AccountTeamMember = [1, 2, accounts].flatMap((a) =>
            [2, 3].map((u) => ({
                Id: makeId('01M', a * 10 + u),
                AccountId: ACCOUNT(a),
                UserId: USER(u),
                TeamMemberRole: 'Sales Engineer',
                AccountAccessLevel: 'Edit'
            }))
        );
    return records;
}

async function team(h: Harness, account: number): Promise<string[]> {
    const rows = await h.org.query(`SELECT UserId FROM AccountTeamMember WHERE AccountId = '${ACCOUNT(account)}'`);
    return rows.map((r) => String(r.UserId)).sort();
}

describe('with account teams', () => {
    let h: Harness;
    beforeEach(async () => {
        h = await startDouble({ records: book(3, true) });
    });
    afterEach(async () => h.stop());

    it('an OwnerId change through sObject collections deletes that account team only', async () => {
        const [result] = await h.org.update('Account', [{ Id: ACCOUNT(1), OwnerId: USER(2) }]);
        expect(result!.success).toBe(true);
        expect(h.double.count('PATCH', '/composite/sobjects')).toBe(1);
        expect(await team(h, 1)).toEqual([]);
        expect(await team(h, 2)).toEqual([USER(2), USER(3)].sort());
    });

    it('an update that keeps the owner (another field, or the same OwnerId) keeps the team', async () => {
        await h.org.update('Account', [
            { Id: ACCOUNT(1), Name: 'Renamed' },
            { Id: ACCOUNT(2), OwnerId: USER(1) }
        ]);
        expect(await team(h, 1)).toEqual([USER(2), USER(3)].sort());
        expect(await team(h, 2)).toEqual([USER(2), USER(3)].sort());
    });

    it('a failed row or an all-or-none rollback keeps the team', async () => {
        h.double.rowFaults.push({ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', ids: [ACCOUNT(2)] });
        const results = await h.org.update(
            'Account',
            [
                { Id: ACCOUNT(1), OwnerId: USER(2) },
                { Id: ACCOUNT(2), OwnerId: USER(2) }
            ],
            { allOrNone: true }
        );
        expect(results.map((r) => r.success)).toEqual([false, false]);
        expect(await team(h, 1)).toEqual([USER(2), USER(3)].sort());
        expect(await team(h, 2)).toEqual([USER(2), USER(3)].sort());
    });
});

it('an OwnerId change through a Bulk API 2.0 ingest job deletes the team too', async () => {
    const h = await startDouble({ records: book(2000, true) });
    try {
        // 2,000 rows: the door sends one Bulk API 2.0 update job.
        const rows = Array.from({ length: 2000 }, (_, i) => ({ Id: ACCOUNT(i + 1), OwnerId: i === 1 ? USER(1) : USER(3) }));
        const results = await h.org.update('Account', rows);
        expect(results.every((r) => r.success)).toBe(true);
        expect(h.double.count('POST', /\/jobs\/ingest$/)).toBe(1);
        expect(await team(h, 1)).toEqual([]);
        expect(await team(h, 2)).toEqual([USER(2), USER(3)].sort()); // its owner did not change
        expect(await team(h, 2000)).toEqual([]);
    } finally {
        await h.stop();
    }
});

it('without an AccountTeamMember table the owner changes and the object does not exist (INVALID_TYPE / NOT_FOUND)', async () => {
    const h = await startDouble({ records: book(2, false) });
    try {
        const [result] = await h.org.update('Account', [{ Id: ACCOUNT(1), OwnerId: USER(2) }]);
        expect(result!.success).toBe(true);
        await expect(h.org.query('SELECT Id FROM AccountTeamMember')).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
        await expect(h.org.describe('AccountTeamMember')).rejects.toMatchObject({ errorCode: 'NOT_FOUND' });
    } finally {
        await h.stop();
    }
});
