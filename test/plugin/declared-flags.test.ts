/**
 * Every flag a command module reads is declared on its sf command (scripts/cli/sf/commands.ts). The bridge refuses a
 * flag read but not declared at run time, so a missing declaration breaks the command for every user (it did for
 * `abm report` and `abm comp`, which read --audit-policy). Each compiled command module (lib/, ESM like the plugin) runs
 * under the bridge with no flag values: it stops early for want of an org or a file, never for an undeclared flag.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildPlugin } from './build';

jest.setTimeout(600_000);

const ROOT = join(__dirname, '..', '..');

const PROBE = `
import { COMMANDS } from './lib/cli/sf/commands.js';
import { declaredFlags } from './lib/cli/sf/base.js';
import { runBridged, Ux } from './lib/cli/shared.js';
const out = {};
for (const [id, cls] of Object.entries(COMMANDS)) {
    const mod = await cls.module();
    try {
        await runBridged({ values: {}, positionals: [], declared: declaredFlags(cls.flags) }, () => mod.run(cls.words, new Ux(true)));
        out[id] = 'ran';
    } catch (error) {
        out[id] = error.message;
    }
}
process.stdout.write(JSON.stringify(out));
`;

it('every command reads only the flags its sf command declares', async () => {
    await buildPlugin();
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: join(ROOT, 'out', 'declared-flags-home') };
    delete env.SF_TARGET_ORG;
    delete env.NODE_ENV;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', PROBE], { cwd: ROOT, env });
    const outcomes = JSON.parse(stdout) as Record<string, string>;
    expect(Object.keys(outcomes)).toContain('abm:comp');
    const undeclared = Object.entries(outcomes).filter(([, m]) =>
        /not declared in scripts\/cli\/sf\/commands\.ts|differs from the sf flag/.test(m)
    );
    expect(undeclared).toEqual([]);
});
