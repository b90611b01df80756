/** The audit reads the same book through the Salesforce adapter (REST + Bulk API 2.0 against the double) as from the snapshot, and finds the same. */
import { join } from 'node:path';
import { readAuditBook } from '../../scripts/cli/commands/audit';
import { Ux } from '../../scripts/cli/shared';
import { DEFAULT_AUDIT_POLICY, runAudit } from '../../scripts/core/audit';
import { SnapshotOrg } from '../../scripts/org/snapshot';
import { startDouble } from '../sfdouble/harness';

jest.setTimeout(120_000);

it('finds the same findings against the API double as on the snapshot', async () => {
    const dir = join(__dirname, '..', '..', 'data', 'sample-org');
    const h = await startDouble({ snapshotDir: dir });
    try {
        const ux = new Ux(true);
        const asOf = '2026-10-01';
        const viaApi = runAudit({ ...(await readAuditBook(h.org, ux, asOf)), asOf, policy: DEFAULT_AUDIT_POLICY });
        const viaSnapshot = runAudit({
            ...(await readAuditBook(await SnapshotOrg.open(dir), ux, asOf)),
            asOf: '2026-10-01',
            policy: DEFAULT_AUDIT_POLICY
        });
        expect(viaApi.findings.length).toBeGreaterThan(100);
        expect(viaApi.findings).toEqual(viaSnapshot.findings);
        // Bulk API 2.0 for the three tables that grow with the org: accounts, contacts, tasks.
        expect(h.double.count('POST', /\/jobs\/query$/)).toBe(3);
    } finally {
        await h.stop();
    }
});
