/** Users of the rebalance tests' orgs. */
import type { Org } from '../../scripts/org';

/**
 * Reactivate every inactive user (the sample org's departed AE and specialist), as ops would before rolling back a run that
 * moved their accounts away: the rollback restores those accounts to them, and refuses while they are inactive (the
 * refusal itself: test/rebalance/e2e.test.ts). Returns their Ids.
 */
export async function reactivateUsers(org: Org): Promise<string[]> {
    const ids = (await org.query('SELECT Id FROM User WHERE IsActive = false')).map((r) => String(r.Id));
    const results = ids.length
        ? await org.update(
              'User',
              ids.map((Id) => ({ Id, IsActive: true }))
          )
        : [];
    if (results.some((r) => !r.success)) throw new Error(`Could not reactivate users: ${JSON.stringify(results)}`);
    return ids;
}
