/**
 * The permission matrix in docs/permissions.md is the one AbmPermissionMatrixTest proves in an org: same columns, same
 * rows in the same order, same outcome in every cell, and every row asserted by a test method. Bite tests plant each kind
 * of drift into copies of the two texts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareMatrices, readApexMatrix, readDocMatrix, unassertedRows } from '../../scripts/check/lib/permission-matrix';

const ROOT = join(__dirname, '..', '..');
const APEX = readFileSync(join(ROOT, 'force-app', 'main', 'default', 'classes', 'AbmPermissionMatrixTest.cls'), 'utf8');
const DOCS = readFileSync(join(ROOT, 'docs', 'permissions.md'), 'utf8');

describe('the permission matrix', () => {
    it('is the same in the Apex test and in docs/permissions.md', () => {
        const apex = readApexMatrix(APEX);
        expect(apex.rows.size).toBeGreaterThanOrEqual(10);
        expect(apex.columns).toEqual(['no ABM set', 'ABM_Seller', 'ABM_Operations', 'ABM_Admin', 'ABM_MigrationBypass']);
        expect(compareMatrices(apex, readDocMatrix(DOCS))).toEqual([]);
    });

    it('has a test method for every row', () => {
        expect(unassertedRows(APEX)).toEqual([]);
    });

    it('names a flipped cell', () => {
        const docs = DOCS.replace(/(\| Read seller pay fields \(quota, OTE\) +\| )✗/, '$1✓');
        expect(compareMatrices(readApexMatrix(APEX), readDocMatrix(docs))).toEqual([
            '"Read seller pay fields (quota, OTE)" × no ABM set: test expects denied, docs say allowed'
        ]);
    });

    it('names a row missing on either side and a reordering', () => {
        const lines = DOCS.split('\n');
        const scorecard = lines.findIndex((l) => l.startsWith('| Health scorecard'));
        const withoutRow = [...lines.slice(0, scorecard), ...lines.slice(scorecard + 1)].join('\n');
        expect(compareMatrices(readApexMatrix(APEX), readDocMatrix(withoutRow))).toEqual([
            'row "Health scorecard (AbmHealthController)" is tested but missing from the docs table'
        ]);
        const swapped = [...lines];
        [swapped[scorecard], swapped[scorecard + 1]] = [swapped[scorecard + 1]!, swapped[scorecard]!];
        expect(compareMatrices(readApexMatrix(APEX), readDocMatrix(swapped.join('\n')))).toEqual(['rows are in a different order']);
    });

    it('names a row without a test method', () => {
        expect(unassertedRows(APEX.replace('assertRow(PAY_FIELDS);', ''))).toEqual(['PAY_FIELDS']);
    });

    it('refuses a cell that is neither ✓ nor ✗', () => {
        const docs = DOCS.replace(/(\| Read seller pay fields \(quota, OTE\) +\| )✗/, '$1yes');
        expect(() => readDocMatrix(docs)).toThrow('"yes" in row "Read seller pay fields (quota, OTE)" is neither ✓ nor ✗');
    });
});
