/**
 * `abm load accounts` fetches the org's accounts while it reads the lists (scripts/cli/commands/load.ts): against the
 * local Salesforce API double, over real HTTP, a list that turns out to be bad after the org's Bulk API 2.0 query job
 * has started stops the fetch. The job is aborted on the server, no result page is asked for, the error is the list's
 * (file, row), and nothing is written. The list is a named pipe, so the test decides when its bytes arrive: only once
 * the double has the query job, which makes the order exact rather than a race. An --out folder refused after the lists
 * are read stops the fetch the same way, and one of the org's reads failing stops the others.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abmInProcess } from '../abm-cli';
import { startDouble, type Harness } from '../sfdouble/harness';

jest.setTimeout(60_000);
const ROOT = join(__dirname, '..', '..');
const LISTS = join(ROOT, 'data', 'lists');

let h: Harness;
beforeAll(async () => {
    // Query jobs stay InProgress for many polls (the CLI polls about once a second): the list decides first.
    h = await startDouble({ cli: true, snapshotDir: join(ROOT, 'data', 'sample-org'), double: { bulkPolls: 1000 } });
});
afterAll(async () => h.stop());

/** The query jobs this test's command made. */
let earlier = new Set<string>();
beforeEach(() => {
    h.double.reset();
    earlier = new Set(h.double.jobs.keys());
});
const queryJobs = () => [...h.double.jobs.values()].filter((j) => j.kind === 'query' && !earlier.has(j.id));

async function until(what: string, condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 20) {
        if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
}

const load = (dir: string, ...sources: string[]) =>
    abmInProcess(
        [
            'load',
            'accounts',
            '--target-org',
            h.targetOrg!,
            ...sources.flatMap((s) => ['--source', s]),
            '--out',
            join(dir, 'out'),
            '--runs-dir',
            join(dir, 'runs'),
            '--as-of',
            '2026-10-01',
            '--json'
        ],
        { env: h.cliEnv }
    );
type Envelope = { status: number; message?: string; data?: { file?: string; row?: number } };

describe('a bad list while the org is being read', () => {
    it('aborts the running query job on the server, reports the list error, writes nothing', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'abm-fetch-ahead-'));
        const late = join(dir, 'late.csv');
        execFileSync('mkfifo', [late]);
        const out = join(dir, 'out');
        const run = load(dir, `sales=${join(LISTS, 'sales.csv')}`, `late=${late}`);
        // The accounts' query job exists (and runs) before the list has a byte.
        await until('the Account query job', () => queryJobs().some((j) => j.object === 'Account'));
        expect(queryJobs().find((j) => j.object === 'Account')!.state).not.toBe('Aborted');
        // An unclosed quote on line 3: a ListError naming the file and the line.
        await writeFile(late, 'Account Name,Website\nAcme,acme.com\n"Beta,beta.de\n');
        const result = await run;
        const envelope = JSON.parse(result.stdout) as Envelope;
        expect(result.code).toBe(1);
        expect(envelope.message).toMatch(/late\.csv/);
        expect(envelope.message).toMatch(/Nothing was loaded/);
        expect(envelope.data).toMatchObject({ file: late, row: 3 });
        // Every query job the command started was aborted on the server, and no result page was fetched.
        const jobs = queryJobs();
        expect(jobs.some((j) => j.object === 'Account')).toBe(true);
        expect(jobs.map((j) => [j.object, j.state])).toEqual(jobs.map((j) => [j.object, 'Aborted']));
        expect(h.double.count('GET', /\/jobs\/query\/\w+\/results/)).toBe(0);
        // Nothing written.
        expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    });
});

describe('a bad --out folder found after the lists are read', () => {
    it('aborts the running query jobs too, and is the error', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'abm-fetch-ahead-'));
        const late = join(dir, 'late.csv');
        execFileSync('mkfifo', [late]);
        // --out names a file: refused once the lists are read, while the org's jobs run.
        writeFileSync(join(dir, 'out'), 'not a folder');
        const run = load(dir, `late=${late}`);
        await until('the Account query job', () => queryJobs().some((j) => j.object === 'Account'));
        await writeFile(late, 'Account Name,Website\nAcme,acme.com\n');
        const result = await run;
        const envelope = JSON.parse(result.stdout) as Envelope;
        expect(result.code).toBe(2);
        expect(envelope.message).toMatch(/is a file, not a folder/);
        const jobs = queryJobs();
        expect(jobs.some((j) => j.object === 'Account')).toBe(true);
        expect(jobs.map((j) => [j.object, j.state])).toEqual(jobs.map((j) => [j.object, 'Aborted']));
        expect(h.double.count('GET', /\/jobs\/query\/\w+\/results/)).toBe(0);
    });
});

describe('one of the org’s reads failing', () => {
    it('stops the others (their query jobs aborted on the server) and is the error', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'abm-fetch-ahead-'));
        // The users' REST query (the second REST query: the first reads the Organization Id) fails for good.
        h.double.faults.push({
            method: 'GET',
            path: /\/query$/,
            nth: 2,
            fault: {
                kind: 'status',
                status: 400,
                body: [{ errorCode: 'INVALID_FIELD', message: "No such column 'IsActive' on entity 'User'" }]
            }
        });
        const result = await load(dir, `sales=${join(LISTS, 'sales.csv')}`);
        const envelope = JSON.parse(result.stdout) as Envelope;
        expect(result.code).toBe(1);
        expect(envelope.message).toMatch(/IsActive/);
        const jobs = queryJobs();
        expect(jobs.map((j) => j.object).sort()).toEqual(['ABM_DomainAlias__c', 'Account']);
        expect(jobs.map((j) => j.state)).toEqual(['Aborted', 'Aborted']);
        expect(h.double.count('GET', /\/jobs\/query\/\w+\/results/)).toBe(0);
        expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
    });
});
