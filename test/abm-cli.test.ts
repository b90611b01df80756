/**
 * The in-process CLI runner (test/abm-cli.ts) gives each command what a child process would, and takes it back: the
 * same output and exit code as the compiled CLI in a child process, its own env, HOME and folder, and nothing left
 * behind for the next test (env, folder, exit code, signal handlers).
 */
import { mkdtempSync, realpathSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abmInProcess, abmProcess, inProcess, ROOT } from './abm-cli';

jest.setTimeout(60_000);

it('prints what the compiled CLI in a child process prints, with the same exit code', async () => {
    for (const args of [['domain', 'HTTPS://WWW.Acme.COM/x', 'jane@gmail.com', '--json'], ['domain'], ['nope']]) {
        const [inside, child] = [await abmInProcess(args), await abmProcess(args)];
        expect({ args, ...inside }).toEqual({ args, ...child });
    }
});

it('runs with its own env, HOME and folder, and puts this process’s back', async () => {
    const home = mkdtempSync(join(tmpdir(), 'abm-cli-home-'));
    const before = { env: { ...process.env }, cwd: process.cwd(), home: os.homedir() };
    const seen = await inProcess({ env: { ...process.env, HOME: home, ABM_PROBE: 'on' }, cwd: home }, async () => ({
        probe: process.env.ABM_PROBE,
        home: os.homedir(),
        cwd: realpathSync(process.cwd())
    }));
    expect(seen.value).toEqual({ probe: 'on', home, cwd: realpathSync(home) });
    expect({ env: { ...process.env }, cwd: process.cwd(), home: os.homedir() }).toEqual(before);
    const without = await inProcess({ env: { PATH: process.env.PATH } }, async () => ({ ...process.env }));
    expect(without.value).toEqual({ PATH: process.env.PATH });
    expect(process.cwd()).toBe(ROOT);
});

it('returns the exit code and output of each run on its own, and resets the exit code', async () => {
    const failed = await abmInProcess(['domain']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('Give at least one email, URL or domain.');
    expect(process.exitCode).toBeUndefined();
    const next = await abmInProcess(['domain', 'acme.com', '--json']);
    expect({ code: next.code, stderr: next.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(next.stdout)).toMatchObject({ status: 0, result: { domains: [{ domain: 'acme.com' }] } });
});

it('removes a signal handler the command left, keeps the ones there before, and runs calls one at a time', async () => {
    const before = process.listeners('SIGINT').length;
    const order: string[] = [];
    await Promise.all([
        inProcess({}, async () => {
            process.on('SIGINT', () => undefined);
            order.push('first starts');
            await new Promise((resolve) => setTimeout(resolve, 20));
            order.push('first ends');
        }),
        inProcess({}, async () => {
            order.push('second starts');
        })
    ]);
    expect(process.listeners('SIGINT')).toHaveLength(before);
    expect(order).toEqual(['first starts', 'first ends', 'second starts']);
});
