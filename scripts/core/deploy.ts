/**
 * The decisions `abm deploy` makes before it touches an org, kept pure so they are unit-tested: what kind of org it is,
 * which test level to run, which test classes, and who gets which permission set. Also the readable failure report.
 */

export type OrgKind = 'scratch' | 'sandbox' | 'production';
export type TestLevel = 'NoTestRun' | 'RunSpecifiedTests' | 'RunLocalTests' | 'RunAllTestsInOrg';
export const TEST_LEVELS: readonly TestLevel[] = ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg'];

/** The Organization row fields that tell the org's kind. */
export type OrganizationInfo = { IsSandbox: boolean; TrialExpirationDate: string | null; OrganizationType?: string | null };

/**
 * Scratch orgs are sandboxes-by-flag with a trial expiration date; sandboxes have IsSandbox and no expiry;
 * everything else (including Developer Edition) is production, where Salesforce requires tests.
 */
export function orgKind(org: OrganizationInfo): OrgKind {
    if (org.IsSandbox && org.TrialExpirationDate) return 'scratch';
    if (org.IsSandbox) return 'sandbox';
    return 'production';
}

export type TestPlan = { testLevel: TestLevel; runTests: string[]; reason: string };

/**
 * Scratch orgs: no tests (fast inner loop). Sandboxes and production: the project's own test classes
 * (RunSpecifiedTests, which also enforces 75 % coverage per deployed class). A requested level wins, except that
 * production refuses NoTestRun (Salesforce does too, with a less helpful message).
 */
export function chooseTestPlan(kind: OrgKind, testClasses: string[], requested?: TestLevel): TestPlan {
    if (requested) {
        if (kind === 'production' && requested === 'NoTestRun') {
            throw new Error('Production deploys must run tests: use --test-level RunSpecifiedTests (the default) or RunLocalTests.');
        }
        return {
            testLevel: requested,
            runTests: requested === 'RunSpecifiedTests' ? [...testClasses].sort() : [],
            reason: `--test-level ${requested}`
        };
    }
    if (kind === 'scratch') return { testLevel: 'NoTestRun', runTests: [], reason: 'scratch org: no tests by default' };
    if (!testClasses.length) throw new Error(`A ${kind} deploy needs tests, but the project has no @IsTest classes.`);
    return {
        testLevel: 'RunSpecifiedTests',
        runTests: [...testClasses].sort(),
        reason: `${kind}: the project's ${testClasses.length} test classes`
    };
}

/**
 * Test classes in the given `.cls` sources (name → source): declared `@IsTest` at class level and holding at least one
 * test method (a test data factory such as AbmTestData is `@IsTest` but has none, and RunSpecifiedTests must not name it).
 */
export function findTestClasses(sources: Map<string, string>): string[] {
    const names: string[] = [];
    for (const [name, source] of sources) {
        const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        const isTestClass = /@IsTest\b[^{;]*?\bclass\s+\w+/i.test(withoutComments);
        const testMethods = withoutComments.match(/@IsTest\b|\btestMethod\b/gi)?.length ?? 0;
        if (isTestClass && testMethods > 1) names.push(name);
    }
    return names.sort();
}

export type PermissionSetAssignmentPlan = { permissionSet: string; usernames: string[] };

/**
 * `--assign ABM_Admin=ada@x.com,bo@x.com --assign ABM_Seller=cy@x.com`; with no --assign, the running user gets ABM_Admin.
 * Unknown permission set names are refused before anything is deployed.
 */
export function planAssignments(flags: string[], runningUsername: string, known: string[]): PermissionSetAssignmentPlan[] {
    if (!flags.length) return [{ permissionSet: 'ABM_Admin', usernames: [runningUsername] }];
    return [...parseAssignFlags(flags, runningUsername, known).entries()].map(([permissionSet, users]) => ({
        permissionSet,
        usernames: [...users].sort()
    }));
}

/**
 * `--assign PERMSET[=user1,user2]` flags (a name alone means the running user) added to `into`: permission set → usernames.
 * Unknown permission set names and malformed flags are refused. Shared by `abm deploy` and `abm setup`.
 */
export function parseAssignFlags(
    flags: string[],
    runningUsername: string,
    known: string[],
    into = new Map<string, Set<string>>()
): Map<string, Set<string>> {
    for (const flag of flags) {
        const match = /^([A-Za-z][A-Za-z0-9_]*)(?:=(.*))?$/.exec(flag.trim());
        if (!match) throw new Error(`--assign "${flag}" is not PERMSET or PERMSET=user1,user2.`);
        const [, permissionSet = '', users] = match;
        if (!known.includes(permissionSet)) throw new Error(`--assign names "${permissionSet}", which is not one of ${known.join(', ')}.`);
        const list = users
            ? users
                  .split(',')
                  .map((u) => u.trim())
                  .filter(Boolean)
            : [runningUsername];
        const set = into.get(permissionSet) ?? new Set<string>();
        for (const u of list) set.add(u);
        into.set(permissionSet, set);
    }
    return into;
}

/** The parts of a Metadata API DeployResult the report reads (componentFailures / runTestResult may be one object or an array). */
export type DeployResultLike = {
    id?: string;
    status?: string;
    success?: boolean | string;
    checkOnly?: boolean | string;
    numberComponentErrors?: number | string;
    numberTestErrors?: number | string;
    errorMessage?: string;
    details?: {
        componentFailures?: ComponentFailure | ComponentFailure[];
        runTestResult?: {
            numFailures?: number | string;
            failures?: TestFailure | TestFailure[];
            codeCoverageWarnings?: { name?: string; message: string } | { name?: string; message: string }[];
        };
    };
};
type ComponentFailure = {
    fileName?: string;
    fullName?: string;
    componentType?: string;
    problem?: string;
    problemType?: string;
    lineNumber?: number | string;
    columnNumber?: number | string;
};
type TestFailure = { name?: string; methodName?: string; message?: string; stackTrace?: string };

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export type DeployProblem = { kind: 'component' | 'test' | 'coverage' | 'deploy'; where: string; problem: string };

/** Flatten a deploy result into readable problems: `file:line  problem`, `Class.method  message`. */
export function deployProblems(result: DeployResultLike): DeployProblem[] {
    const problems: DeployProblem[] = [];
    for (const f of list(result.details?.componentFailures)) {
        const file = f.fileName
            ? f.fileName.replace(/^(unpackaged|metadata)\//, '')
            : `${f.componentType ?? ''} ${f.fullName ?? ''}`.trim();
        const line = f.lineNumber ? `:${f.lineNumber}${f.columnNumber ? `:${f.columnNumber}` : ''}` : '';
        problems.push({ kind: 'component', where: `${file}${line}`, problem: f.problem ?? 'unknown problem' });
    }
    for (const t of list(result.details?.runTestResult?.failures)) {
        const firstFrame = t.stackTrace?.split('\n')[0]?.trim();
        problems.push({
            kind: 'test',
            where: `${t.name ?? '?'}.${t.methodName ?? '?'}`,
            problem: `${t.message ?? 'failed'}${firstFrame ? ` (${firstFrame})` : ''}`
        });
    }
    for (const w of list(result.details?.runTestResult?.codeCoverageWarnings)) {
        problems.push({ kind: 'coverage', where: w.name ?? 'org', problem: w.message });
    }
    if (!problems.length && result.errorMessage) problems.push({ kind: 'deploy', where: 'deploy', problem: result.errorMessage });
    return problems;
}

export const isSuccess = (result: DeployResultLike): boolean => result.success === true || result.success === 'true';

/** `ABM_Setting.Default` → `{ type: 'ABM_Setting__mdt', developerName: 'Default' }` (a CustomMetadata record's full name). */
export function customMetadataRecord(fullName: string): { type: string; developerName: string } {
    const dot = fullName.indexOf('.');
    if (dot <= 0 || dot === fullName.length - 1) throw new Error(`"${fullName}" is not a custom metadata record name (Type.Record).`);
    return { type: `${fullName.slice(0, dot)}__mdt`, developerName: fullName.slice(dot + 1) };
}

export type SettingsRecordPlan = {
    /** Records the org doesn't have: deployed (first, in a deploy of their own: formulas read them). */
    seed: string[];
    /** Records the org already has: left out of the deploy, so an admin's values are never overwritten. */
    keep: string[];
};

/**
 * Custom metadata records hold the org's settings: a deploy creates a record the org lacks and never overwrites one it
 * has (an admin may have changed its values in Setup). `inOrg` maps a type's API name to the DeveloperNames the org has
 * (compared case-insensitively, as Salesforce does).
 */
export function planSettingsRecords(records: string[], inOrg: Map<string, Set<string>>): SettingsRecordPlan {
    const plan: SettingsRecordPlan = { seed: [], keep: [] };
    const lower = new Map(
        [...inOrg.entries()].map(([type, names]) => [type.toLowerCase(), new Set([...names].map((n) => n.toLowerCase()))])
    );
    for (const fullName of [...records].sort()) {
        const { type, developerName } = customMetadataRecord(fullName);
        (lower.get(type.toLowerCase())?.has(developerName.toLowerCase()) ? plan.keep : plan.seed).push(fullName);
    }
    return plan;
}

// ───────────────────────────── scheduled jobs ─────────────────────────────

/**
 * The class ABM schedules every job on (config/scheduled-jobs.json names the worker it starts): Salesforce rejects a
 * deploy or validation that contains a class with pending scheduled jobs ("This schedulable class has jobs pending or
 * in progress"), so only this small, stable class is ever locked.
 */
export const SCHEDULED_JOB_DISPATCHER = 'AbmScheduledJob';

export type ScheduledClassPlan = {
    className: string;
    /** Names of the org's pending or running jobs scheduled on the class. */
    pendingJobs: string[];
    /**
     * deploy: no job locks it (or it is not in the source); leave-out: jobs lock it and the org's copy is the same as
     * ours, so the deploy leaves it out; changed: jobs lock it and ours differs, so the deploy will be rejected unless
     * the org allows deployments with pending jobs.
     */
    action: 'deploy' | 'leave-out' | 'changed';
    reason: string;
};

/** Apex source compared as the org stores it: line endings and trailing blanks do not count. */
const apexText = (body: string): string =>
    body
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n')
        .trim();

/** What to do with a class that scheduled jobs may lock, given its source here and in the org. */
export function planScheduledClass(
    className: string,
    localBody: string | undefined,
    orgBody: string | undefined,
    pendingJobs: string[]
): ScheduledClassPlan {
    const base = { className, pendingJobs };
    if (localBody === undefined) return { ...base, action: 'deploy', reason: 'not in the source' };
    if (pendingJobs.length === 0) return { ...base, action: 'deploy', reason: 'no scheduled job locks it' };
    const jobs = `${pendingJobs.length} scheduled job${pendingJobs.length === 1 ? '' : 's'} (${pendingJobs.join(', ')})`;
    if (orgBody !== undefined && apexText(orgBody) === apexText(localBody))
        return { ...base, action: 'leave-out', reason: `unchanged in the org and locked by ${jobs}: left out of the deploy` };
    return {
        ...base,
        action: 'changed',
        reason:
            `${className} changed and is locked by ${jobs}: Salesforce rejects the deploy ("This schedulable class has jobs pending ` +
            'or in progress") unless Setup > Deployment Settings allows "deployments of components when corresponding Apex jobs are ' +
            `pending or in progress". Otherwise delete the jobs (Setup > Scheduled Jobs), deploy, and run "abm setup" to schedule them again.`
    };
}
