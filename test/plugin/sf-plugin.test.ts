/**
 * The `sf abm` plugin, as a user runs it: the project's own sf CLI (node_modules/.bin/sf) links this folder as a plugin
 * in a temporary HOME (the user's sf config is never touched), then runs the compiled commands (lib/, built by
 * `npm ci`'s prepare step) offline on the sample snapshot and against the local API double through the default org.
 * Also the `abm` bin, the same commands without the sf CLI.
 *
 * One `sf abm …` and one `abm …` run as real processes of the bins (the linked plugin is found and runs through the
 * real sf binary; exit code and pipes as the shell sees them); the other command lines, the link included, run in one
 * command server (test/plugin/sf-cli.ts) that imports the sf CLI once and runs each line as its bin does, with its own
 * env, stdout, stderr and exit code.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDouble, type Harness } from '../sfdouble/harness';
import { buildPlugin } from './build';
import { ABM, CommandServer, ROOT, runProcess, SF } from './sf-cli';

jest.setTimeout(600_000);

/** A clean sf environment in `home`: no update checks, telemetry or log files; nothing leaks into the real HOME. */
function sfEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home,
        XDG_DATA_HOME: join(home, '.local', 'share'),
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_CACHE_HOME: join(home, '.cache'),
        SF_SKIP_NEW_VERSION_CHECK: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        SF_AUTOUPDATE_DISABLE: 'true',
        SF_DISABLE_AUTOUPDATE: 'true',
        SF_DISABLE_LOG_FILE: 'true',
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
        ...extra
    };
    delete env.SF_TARGET_ORG;
    delete env.NODE_ENV; // jest sets "test", which makes oclif try to transpile TypeScript
    return { ...env, ...extra };
}

let double: Harness | undefined;
let env: NodeJS.ProcessEnv;
let server: CommandServer | undefined;

beforeAll(async () => {
    await buildPlugin();
    // The double's harness makes a HOME holding an sf login (alias abm-double) for the CLI; the plugin is linked there.
    double = await startDouble({ snapshotDir: join(ROOT, 'data', 'sample-org'), cli: true });
    env = sfEnv(double.cliEnv!.HOME!);
    server = new CommandServer(env);
    // Each sf command line loads the linked plugins afresh (in the server too), so the link counts from here on.
    const link = await sf(['plugins', 'link', '.', '--no-install']);
    expect(link).toMatchObject({ code: 0 });
});

afterAll(async () => {
    await server?.stop();
    await double?.stop();
});

/** `sf …` in the command server. */
const sf = (args: string[], extra: NodeJS.ProcessEnv = {}) => server!.sf(args, { ...env, ...extra });
/** `abm …` (the bin) in the command server: the same oclif commands as `sf abm …`, without the sf CLI's own plugins. */
const abm = (args: string[], extra: NodeJS.ProcessEnv = {}) => server!.abm(args, { ...env, ...extra });
/** `abm …` as a process of bin/abm.mjs. */
const abmProcess = (args: string[]) => runProcess(process.execPath, [ABM, ...args], env);

it('prints the sf envelope for "sf abm rebalance plan --snapshot data/sample-org --json"', async () => {
    const out = mkdtempSync(join(tmpdir(), 'abm-plugin-plan-'));
    const r = await runProcess(SF, ['abm', 'rebalance', 'plan', '--snapshot', 'data/sample-org', '--out', out, '--json'], env);
    expect(r.code).toBe(0);
    const envelope = JSON.parse(r.stdout) as { status: number; result: { runId: string; moves: number }; warnings: unknown[] };
    expect(envelope.status).toBe(0);
    expect(envelope.result.runId).toMatch(/\S/);
    expect(envelope.result.moves).toBeGreaterThan(0);
    expect(Array.isArray(envelope.warnings)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8'))).toHaveProperty('plan');
});

it('builds help from the flag definitions, including the flags that used to be undocumented', async () => {
    const plan = await sf(['abm', 'rebalance', 'plan', '--help']);
    expect(plan.code).toBe(0);
    for (const flag of ['--target-org', '--api-version', '--snapshot', '--as-of', '--run-id', '--departures-only', '--json']) {
        expect(plan.stdout).toContain(flag);
    }
    expect(plan.stdout).not.toContain('--verbose');
    const apply = await abm(['rebalance', 'apply', '--help']);
    expect(apply.stdout).toContain('--retry-delay-ms');
    // The write paths' own commands (the cli-flags check proves every flag they read is declared).
    const tierApply = await abm(['tier', 'apply', '--help']);
    for (const flag of ['--plan', '--resume', '--force', '--runs-dir']) expect(tierApply.stdout).toContain(flag);
    const loadRollback = await abm(['load', 'rollback', '--help']);
    for (const flag of ['--run', '--force', '--runs-dir']) expect(loadRollback.stdout).toContain(flag);
    // The topic list as the sf CLI prints it (sf abm --help), and a topic's own help.
    const topics = await sf(['abm', '--help']);
    expect(topics.code).toBe(0);
    for (const command of ['abm rebalance', 'abm load', 'abm tier', 'abm setup', 'abm audit', 'abm quarter'])
        expect(topics.stdout).toContain(command);
    const tier = await sf(['abm', 'tier', '--help']);
    for (const command of ['abm tier plan', 'abm tier apply', 'abm tier rollback']) expect(tier.stdout).toContain(command);
});

/** The API versions of the REST calls the double received since request number `from`. */
const apiVersions = (from: number): string[] => [
    ...new Set(
        double!.double.requests
            .slice(from)
            .map((r) => /^\/services\/data\/v(\d+\.\d)\//.exec(r.path)?.[1])
            .filter((v): v is string => v !== undefined)
    )
];

it('uses the default org from sf config, and --api-version for the connection', async () => {
    const set = await sf(['config', 'set', 'target-org', double!.targetOrg!, '--global', '--json']);
    expect(set.code).toBe(0);
    try {
        const before = double!.double.requests.length;
        const out = mkdtempSync(join(tmpdir(), 'abm-plugin-config-'));
        const r = await sf(['abm', 'snapshot', '--out', out, '--objects', 'ABM_Seller__c', '--json']);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ status: 0, result: { source: double!.double.username } });
        expect(apiVersions(before)).toEqual(['66.0']);

        const pinned = double!.double.requests.length;
        // (A new folder: abm snapshot refuses to export into a folder that already holds a snapshot.)
        const older = await sf([
            'abm',
            'snapshot',
            '--out',
            join(out, 'v64'),
            '--objects',
            'ABM_Seller__c',
            '--api-version',
            '64.0',
            '--json'
        ]);
        expect(older.code).toBe(0);
        expect(apiVersions(pinned)).toEqual(['64.0']);
    } finally {
        await sf(['config', 'unset', 'target-org', '--global', '--json']);
    }
});

it('uses the default org (SF_TARGET_ORG) when no --target-org is given', async () => {
    const out = mkdtempSync(join(tmpdir(), 'abm-plugin-snapshot-'));
    const r = await sf(['abm', 'snapshot', '--out', out, '--objects', 'Account,ABM_Seller__c', '--json'], {
        SF_TARGET_ORG: double!.targetOrg!
    });
    expect(r.code).toBe(0);
    const envelope = JSON.parse(r.stdout) as { result: { source: string; objects: { object: string; rows: number }[] } };
    expect(envelope.result.source).toBe(double!.double.username);
    expect(envelope.result.objects.map((o) => o.object)).toEqual(['Account', 'ABM_Seller__c']);
    expect(envelope.result.objects[0]!.rows).toBe(2000);
});

it('says which default org cannot be opened, instead of asking for an org', async () => {
    const r = await abm(['audit', '--json'], { SF_TARGET_ORG: 'no-such-org' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
        status: 1,
        name: 'NamedOrgNotFoundError',
        message: expect.stringContaining('The default org "no-such-org" (from SF_TARGET_ORG) cannot be opened'),
        actions: expect.arrayContaining(['Log in to it: sf org login web --alias no-such-org'])
    });
    // The same for the commands that need an org (Flags.requiredOrg).
    const setup = await abm(['setup', '--dry-run', '--json'], { SF_TARGET_ORG: 'no-such-org' });
    expect(setup.code).toBe(1);
    expect(JSON.parse(setup.stdout)).toMatchObject({
        name: 'NamedOrgNotFoundError',
        message: expect.stringContaining('The default org "no-such-org" (from SF_TARGET_ORG) cannot be opened')
    });
    // Offline work does not need the default org.
    const out = mkdtempSync(join(tmpdir(), 'abm-plugin-audit-'));
    const offline = await abm(['audit', '--snapshot', 'data/sample-org', '--out', out, '--only', 'duplicate-domain', '--json'], {
        SF_TARGET_ORG: 'no-such-org'
    });
    expect(JSON.parse(offline.stdout)).toMatchObject({ status: 0 });
});

it('lets --snapshot win over a default org', async () => {
    const out = mkdtempSync(join(tmpdir(), 'abm-plugin-audit-'));
    const before = double!.double.requests.length;
    const r = await abm(['audit', '--snapshot', 'data/sample-org', '--out', out, '--only', 'duplicate-domain', '--json'], {
        SF_TARGET_ORG: double!.targetOrg!
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 0 });
    expect(double!.double.requests.length).toBe(before);
});

it('puts results on stdout and progress on stderr', async () => {
    const out = mkdtempSync(join(tmpdir(), 'abm-plugin-plan-'));
    const r = await abm(['rebalance', 'plan', '--snapshot', 'data/sample-org', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Reading the book from data/sample-org');
    expect(r.stdout).not.toContain('Reading the book');
    expect(r.stdout).toMatch(/Plan \S+: \d+ moves/);
    // A real process of the bin: nothing at all on stderr (no warning of Node or of a library either).
    const domains = await abmProcess(['domain', 'www.Acme.com', 'jane@gmail.com']);
    expect(domains.stdout).toMatch(/www\.Acme\.com\s+domain\s+acme\.com/);
    expect(domains.stderr).toBe('');
});

it('reports errors in the SfError shape with the exit codes of the commands', async () => {
    const usage = await abm(['rebalance', 'apply', '--snapshot', 'data/sample-org', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({
        status: 2,
        exitCode: 2,
        message: expect.stringContaining('Missing required flag plan')
    });

    const runsDir = mkdtempSync(join(tmpdir(), 'abm-plugin-runs-'));
    const missing = await abm(['rebalance', 'rollback', '--snapshot', 'data/sample-org', '--run', 'nope', '--runs-dir', runsDir, '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({
        status: 1,
        name: 'AbmError',
        message: expect.stringContaining('No run nope in'),
        actions: ['Name the runs folder with --runs-dir if the run was applied with one.']
    });
    // The same error as the sf CLI prints it in text: name, message, then the actions.
    const text1 = await sf(['abm', 'rebalance', 'rollback', '--snapshot', 'data/sample-org', '--run', 'nope', '--runs-dir', runsDir]);
    expect(text1.code).toBe(1);
    expect(text1.stdout).toBe('');
    expect(text1.stderr).toMatch(/Error \(AbmError\): No run nope in/);
    expect(text1.stderr).toContain('Name the runs folder with --runs-dir');

    const text = await abm(['match', '--snapshot', 'data/sample-org']);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('Give at least one email or URL');
    expect(text.stderr).toContain('abm match jane@acme.com --snapshot data/sample-org');
});
