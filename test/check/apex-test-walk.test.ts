/**
 * docs/apex-test-walk.md lists exactly the Apex test methods in force-app: one row per method, none missing, none left
 * over from a removed test. Bite tests plant a new test method, a removed one and a duplicated row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { apexTestMethods, compareWalk, walkRows } from '../../scripts/check/lib/apex-test-walk';

const ROOT = join(__dirname, '..', '..');
const CLASSES = join(ROOT, 'force-app', 'main', 'default', 'classes');
const WALK = readFileSync(join(ROOT, 'docs', 'apex-test-walk.md'), 'utf8');

function allTestMethods(): string[] {
    return readdirSync(CLASSES)
        .filter((f) => f.endsWith('.cls'))
        .flatMap((f) => apexTestMethods(basename(f, '.cls'), readFileSync(join(CLASSES, f), 'utf8')));
}

describe('the Apex test walk', () => {
    it('has one row for every Apex test method and no other', () => {
        const methods = allTestMethods();
        expect(methods.length).toBeGreaterThan(100);
        expect(compareWalk(methods, walkRows(WALK))).toEqual([]);
    });

    it('finds test methods the way Apex declares them, and not helpers or commented-out code', () => {
        const source = `@IsTest
private class AbmProbeTest {
    private static void helper() {}
    @IsTest
    static void shouldCount() {}
    @IsTest(IsParallel=true)
    private static void shouldCountParallel() {}
    // @IsTest static void commentedOut() {}
    static testMethod void oldStyle() {}
}`;
        expect(apexTestMethods('AbmProbeTest', source)).toEqual([
            'AbmProbeTest.shouldCount',
            'AbmProbeTest.shouldCountParallel',
            'AbmProbeTest.oldStyle'
        ]);
    });

    it('names a new test method without a row, a row without a test, and a duplicated row', () => {
        const methods = [...allTestMethods(), 'AbmProbeTest.shouldBeWalked'];
        const rows = walkRows(WALK);
        const dropped = rows.filter((r) => r !== 'AbmSettingSelectorTest.shouldReturnMockWhenOneIsSet');
        expect(compareWalk(methods, [...dropped, 'AbmGoneTest.shouldNotExist', dropped[0]!])).toEqual([
            'AbmSettingSelectorTest.shouldReturnMockWhenOneIsSet: test method without a row in docs/apex-test-walk.md',
            'AbmProbeTest.shouldBeWalked: test method without a row in docs/apex-test-walk.md',
            'AbmGoneTest.shouldNotExist: row in docs/apex-test-walk.md without a test method',
            `${dropped[0]!}: listed twice in docs/apex-test-walk.md`
        ]);
    });
});
