/** The real CLI as a child process (`node lib/cli/abm.js snapshot --target-org <alias>`, test/abm-cli.ts) against the double, authenticated through @salesforce/core. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDouble } from './harness';
import { ABM_JS } from '../abm-cli';

jest.setTimeout(120_000);

it('abm snapshot --target-org exports Account through the sf auth store', async () => {
    const h = await startDouble({ cli: true, records: { Account: [{ Name: 'Acme' }, { Name: 'Beta' }] } });
    try {
        const out = join(mkdtempSync(join(tmpdir(), 'abm-cli-')), 'snap');
        const root = join(__dirname, '..', '..');
        const { stdout } = await promisify(execFile)(
            process.execPath,
            [ABM_JS, 'snapshot', '--target-org', h.targetOrg!, '--out', out, '--objects', 'Account', '--json'],
            { env: h.cliEnv, cwd: root }
        );
        const result = JSON.parse(stdout) as { status: number; result: { objects: { object: string; rows: number }[] } };
        expect(result.status).toBe(0);
        expect(result.result.objects).toEqual([expect.objectContaining({ object: 'Account', rows: 2 })]);
        expect(readFileSync(join(out, 'Account.csv'), 'utf8')).toMatch(/Acme/);
        expect(h.double.count('POST', /\/jobs\/query$/)).toBe(1);
        expect(stdout).not.toContain(h.double.accessToken);
    } finally {
        await h.stop();
    }
});
