/**
 * End to end: `abm domain` and `abm match` through the CLI's dispatcher (in-process, test/abm-cli.ts; the usage error
 * through the compiled CLI in a child process, as a user runs it) against a small snapshot written by the test,
 * checking stdout, the --json envelope and exit codes.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abmInProcess, abmProcess, ROOT } from '../abm-cli';

const env = { ...process.env, NO_COLOR: '1' };
const abm = (...args: string[]) => abmInProcess(args, { env });

let dir: string;
beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'abm-match-'));
    writeFileSync(
        join(dir, 'Account.csv'),
        [
            'Id,Name,ABM_WebDomain__c,ParentId,OwnerId',
            '001000000000001AAA,Acme Corp,acme.com,,005000000000001AAA',
            '001000000000002AAA,Acme Europe,eu.acme.com,001000000000001AAA,005000000000001AAA',
            '001000000000003AAA,Acme Shop,acme.myshopify.com,,005000000000001AAA',
            '001000000000004AAA,Stadt München,xn--mnchen-3ya.de,,005000000000001AAA'
        ].join('\n') + '\n'
    );
    writeFileSync(join(dir, 'ABM_DomainAlias__c.csv'), 'Id,Domain__c,Account__c\na02000000000001AAA,acme.de,001000000000001AAA\n');
    writeFileSync(
        join(dir, 'leads.csv'),
        'FirstName,Email,Website\nJane,jane@de.eu.acme.com,\nBob,bob@gmail.com,https://shop.acme.myshopify.com/x\nEve,eve@acme.de,\nMax,,münchen.de\nNo,,n/a\n'
    );
}, 30000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('abm domain', () => {
    it('prints normalised domains as JSON', async () => {
        const r = await abm('domain', 'HTTPS://WWW.Acme.COM/x', 'jane@gmail.com', '192.168.0.1', '--json');
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout) as {
            status: number;
            result: { domains: { input: string; kind: string; domain?: string; reason: string }[] };
        };
        expect(out.status).toBe(0);
        expect(out.result.domains.map((d) => [d.kind, d.domain, d.reason])).toEqual([
            ['domain', 'acme.com', 'domain'],
            ['webmail', 'gmail.com', 'webmail'],
            ['invalid', undefined, 'ip address']
        ]);
    }, 30000);

    it('exits 2 without values (a child process: the exit code and stderr as the shell sees them)', async () => {
        const r = await abmProcess(['domain'], { env });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('Give at least one email, URL or domain.');
        expect(r.stdout).toBe('');
    }, 30000);
});

describe('abm match', () => {
    it('explains each match with its reason code and candidates', async () => {
        const r = await abm('match', 'jane@eu.acme.com', 'x@gmail.com', 'https://shop.acme.myshopify.com', '--snapshot', dir);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('jane@eu.acme.com → Acme Europe (001000000000002AAA)  [Exact domain] eu.acme.com via email');
        expect(r.stdout).toContain(
            'candidate acme.com (account, level 1): Acme Corp 001000000000001AAA: lost: a more specific domain matched first'
        );
        expect(r.stdout).toContain('x@gmail.com → no account  [None: webmail] gmail.com');
        expect(r.stdout).toContain('[Hosting subdomain] acme.myshopify.com');
        expect(r.stdout).toContain('3 lead(s): Exact domain: 1, Hosting subdomain: 1, None: webmail: 1');
    }, 30000);

    it('matches a leads CSV with row numbers and the parent policy, as JSON', async () => {
        const r = await abm('match', '--file', join(dir, 'leads.csv'), '--snapshot', dir, '--prefer-parent', '--json');
        expect(r.code).toBe(0);
        const out = JSON.parse(r.stdout) as {
            result: {
                accounts: number;
                aliases: number;
                matches: { row: number; accountId: string | null; reason: string; domain: string | null }[];
            };
        };
        expect(out.result.accounts).toBe(4);
        expect(out.result.aliases).toBe(1);
        expect(out.result.matches.map((m) => [m.row, m.accountId, m.reason, m.domain])).toEqual([
            [2, '001000000000001AAA', 'Parent domain walk', 'acme.com'],
            [3, '001000000000003AAA', 'Hosting subdomain', 'acme.myshopify.com'],
            [4, '001000000000001AAA', 'Alias', 'acme.de'],
            [5, '001000000000004AAA', 'Exact domain', 'xn--mnchen-3ya.de'],
            [6, null, 'None: invalid', null]
        ]);
    }, 30000);

    it('names the file and its columns when the column is missing (exit 2)', async () => {
        const r = await abm('match', '--file', join(dir, 'leads.csv'), '--column', 'Domain', '--snapshot', dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${join(dir, 'leads.csv')} has no column "Domain" (columns: FirstName, Email, Website).`);
    }, 30000);

    it('asks for an org or snapshot (exit 2)', async () => {
        const r = await abm('match', 'jane@acme.com');
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('--snapshot');
    }, 30000);

    const sample = join(ROOT, 'data', 'sample-org');
    (existsSync(join(sample, 'Account.csv')) ? it : it.skip)(
        'runs on the sample snapshot and matches every account domain to itself',
        async () => {
            const probe = await abm('match', 'someone@gmail.com', '--snapshot', sample, '--json');
            expect(probe.code).toBe(0);
            const out = JSON.parse(probe.stdout) as { result: { accounts: number; matches: { reason: string }[] } };
            expect(out.result.accounts).toBeGreaterThan(0);
            expect(out.result.matches[0]!.reason).toBe('None: webmail');
        },
        60000
    );
});
