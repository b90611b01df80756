import {
    chooseTestPlan,
    customMetadataRecord,
    deployProblems,
    findTestClasses,
    orgKind,
    planAssignments,
    planSettingsRecords
} from '../../scripts/core/deploy';

describe('orgKind', () => {
    it.each([
        [{ IsSandbox: true, TrialExpirationDate: '2026-12-01T00:00:00.000+0000' }, 'scratch'],
        [{ IsSandbox: true, TrialExpirationDate: null }, 'sandbox'],
        [{ IsSandbox: false, TrialExpirationDate: null }, 'production'],
        [{ IsSandbox: false, TrialExpirationDate: '2026-12-01T00:00:00.000+0000' }, 'production']
    ])('%j is a %s org', (org, kind) => {
        expect(orgKind(org)).toBe(kind);
    });
});

describe('chooseTestPlan', () => {
    const classes = ['AbmTestDataTest', 'AbmDomainServiceTest'];

    it('runs no tests in a scratch org', () => {
        expect(chooseTestPlan('scratch', classes)).toMatchObject({ testLevel: 'NoTestRun', runTests: [] });
    });

    it("runs the project's test classes, sorted, in sandboxes and production", () => {
        for (const kind of ['sandbox', 'production'] as const) {
            expect(chooseTestPlan(kind, classes)).toMatchObject({
                testLevel: 'RunSpecifiedTests',
                runTests: ['AbmDomainServiceTest', 'AbmTestDataTest']
            });
        }
    });

    it('honours a requested level but refuses NoTestRun in production', () => {
        expect(chooseTestPlan('production', classes, 'RunLocalTests')).toMatchObject({ testLevel: 'RunLocalTests', runTests: [] });
        expect(() => chooseTestPlan('production', classes, 'NoTestRun')).toThrow('Production deploys must run tests');
    });

    it('refuses a production deploy when the project has no tests', () => {
        expect(() => chooseTestPlan('production', [])).toThrow('no @IsTest classes');
    });
});

describe('findTestClasses', () => {
    it('finds @IsTest classes with test methods, ignoring comments and test data factories', () => {
        const sources = new Map([
            ['AbmFooTest', '@IsTest\nprivate class AbmFooTest {\n @IsTest static void t() {} }'],
            ['AbmBarTest', '@isTest(IsParallel=true)\nprivate with sharing class AbmBarTest {\n static testMethod void legacy() {} }'],
            ['AbmFoo', 'public with sharing class AbmFoo {\n // @IsTest class Nope\n public void x() {} }'],
            ['AbmBaz', '/* @IsTest\n class AbmBaz */ public class AbmBaz {}'],
            ['AbmTestData', '@IsTest\npublic class AbmTestData {\n public static Account newAccount() { return new Account(); } }']
        ]);
        expect(findTestClasses(sources)).toEqual(['AbmBarTest', 'AbmFooTest']);
    });
});

describe('planAssignments', () => {
    const known = ['ABM_Seller', 'ABM_Operations', 'ABM_Admin'];

    it('gives the running user ABM_Admin by default', () => {
        expect(planAssignments([], 'me@x.com', known)).toEqual([{ permissionSet: 'ABM_Admin', usernames: ['me@x.com'] }]);
    });

    it('parses PERMSET=users and PERMSET alone (running user), merging repeats', () => {
        expect(planAssignments(['ABM_Seller=b@x.com,a@x.com', 'ABM_Seller=a@x.com', 'ABM_Operations'], 'me@x.com', known)).toEqual([
            { permissionSet: 'ABM_Seller', usernames: ['a@x.com', 'b@x.com'] },
            { permissionSet: 'ABM_Operations', usernames: ['me@x.com'] }
        ]);
    });

    it('refuses an unknown permission set before anything is deployed', () => {
        expect(() => planAssignments(['ABM_Sellers=a@x.com'], 'me@x.com', known)).toThrow(
            'not one of ABM_Seller, ABM_Operations, ABM_Admin'
        );
    });
});

describe('deployProblems', () => {
    it('lists component failures as file:line and test failures as Class.method with the first stack frame', () => {
        const problems = deployProblems({
            success: 'false',
            details: {
                componentFailures: {
                    fileName: 'unpackaged/classes/AbmFoo.cls',
                    componentType: 'ApexClass',
                    fullName: 'AbmFoo',
                    problem: 'Variable does not exist: x',
                    lineNumber: '12',
                    columnNumber: '5'
                },
                runTestResult: {
                    failures: [
                        {
                            name: 'AbmFooTest',
                            methodName: 'shouldWork',
                            message: 'Assertion Failed',
                            stackTrace: 'Class.AbmFooTest.shouldWork: line 7, column 1\nmore'
                        }
                    ],
                    codeCoverageWarnings: {
                        name: 'AbmFoo',
                        message: 'Test coverage of selected Apex Class is 40%, at least 75% test coverage is required'
                    }
                }
            }
        });
        expect(problems).toEqual([
            { kind: 'component', where: 'classes/AbmFoo.cls:12:5', problem: 'Variable does not exist: x' },
            { kind: 'test', where: 'AbmFooTest.shouldWork', problem: 'Assertion Failed (Class.AbmFooTest.shouldWork: line 7, column 1)' },
            {
                kind: 'coverage',
                where: 'AbmFoo',
                problem: 'Test coverage of selected Apex Class is 40%, at least 75% test coverage is required'
            }
        ]);
    });

    it('falls back to the deploy error message', () => {
        expect(deployProblems({ success: false, errorMessage: 'INVALID_CROSS_REFERENCE_KEY' })).toEqual([
            { kind: 'deploy', where: 'deploy', problem: 'INVALID_CROSS_REFERENCE_KEY' }
        ]);
    });
});

describe('planSettingsRecords', () => {
    it('seeds the records the org lacks and keeps the ones it has, per type, ignoring case', () => {
        const inOrg = new Map([
            ['abm_setting__mdt', new Set(['DEFAULT'])],
            ['Other__mdt', new Set<string>()]
        ]);
        expect(planSettingsRecords(['Other.First', 'ABM_Setting.Default', 'ABM_Setting.Emea'], inOrg)).toEqual({
            seed: ['ABM_Setting.Emea', 'Other.First'],
            keep: ['ABM_Setting.Default']
        });
    });

    it('seeds everything when the org has none of the types', () => {
        expect(planSettingsRecords(['ABM_Setting.Default'], new Map())).toEqual({ seed: ['ABM_Setting.Default'], keep: [] });
    });

    it('reads a record full name as its type and DeveloperName, and refuses anything else', () => {
        expect(customMetadataRecord('ABM_Setting.Default')).toEqual({ type: 'ABM_Setting__mdt', developerName: 'Default' });
        expect(() => customMetadataRecord('Default')).toThrow('not a custom metadata record name');
        expect(() => customMetadataRecord('ABM_Setting.')).toThrow('not a custom metadata record name');
    });
});
