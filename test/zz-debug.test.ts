import { join } from 'node:path';
import { startDouble } from './sfdouble/harness';
import { abmInProcess, ROOT } from './abm-cli';

jest.setTimeout(60_000);
it('debug', async () => {
    const t0 = Date.now();
    const log = (m: string) => process.stderr.write(`[dbg ${Date.now() - t0} ms] ${m}\n`);
    log('start');
    const r0 = await abmInProcess(['domain', 'www.acme.com', '--json']);
    log(`domain ${r0.code} ${r0.stdout.length} ${r0.stderr}`);
    const h = await startDouble({ snapshotDir: join(ROOT, 'data/sample-org'), cli: true }).catch((e) => { log(String(e.stack)); throw e; });
    log('double up');
    const r = await abmInProcess(['rebalance', 'plan', '--target-org', h.targetOrg!, '--out', '/tmp/pt-dbg-plan', '--json'], { env: h.cliEnv });
    log(`plan ${r.code} ${r.stdout.slice(0, 200)} ${r.stderr.slice(0, 500)}`);
    const r2 = await abmInProcess(['rebalance', 'plan', '--target-org', h.targetOrg!, '--out', '/tmp/pt-dbg-plan2', '--json'], { env: h.cliEnv });
    log(`plan2 ${r2.code} ${r2.stderr.slice(0, 500)}`);
    await h.stop();
});
