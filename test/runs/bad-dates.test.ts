/**
 * Impossible dates never change results silently: `--as-of 2026-02-30`, `--as-of yesterday` or `--as-of 2026-13-01` is one
 * clear line and exit 2 (usage) for every command that takes the flag, before anything is read or written.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as audit from '../../scripts/cli/commands/audit';
import * as comp from '../../scripts/cli/commands/comp';
import * as quarter from '../../scripts/cli/commands/quarter';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import * as report from '../../scripts/cli/commands/report';
import * as tier from '../../scripts/cli/commands/tier';
import { runCommand } from '../load/helpers';

jest.setTimeout(300_000);

const SAMPLE = join(__dirname, '..', '..', 'data', 'sample-org');
const out = () => join(mkdtempSync(join(tmpdir(), 'abm-bad-date-')), 'out');

const COMMANDS: [string, Parameters<typeof runCommand>[0], () => string[]][] = [
    ['rebalance plan', rebalance, () => ['plan', '--snapshot', SAMPLE, '--out', out()]],
    ['tier plan', tier, () => ['plan', '--snapshot', SAMPLE, '--out', out()]],
    ['quarter', quarter, () => ['--snapshot', SAMPLE, '--out', out()]],
    ['audit', audit, () => ['--snapshot', SAMPLE, '--out', out()]],
    ['report', report, () => ['--snapshot', SAMPLE, '--out', out()]],
    ['comp', comp, () => ['--snapshot', SAMPLE, '--out', out()]]
];
const DATES: [string, RegExp][] = [
    ['2026-02-30', /^--as-of "2026-02-30" is not a calendar date\.$/],
    ['2026-13-01', /^--as-of "2026-13-01" is not a calendar date\.$/],
    ['yesterday', /^--as-of "yesterday" is not a date in the form YYYY-MM-DD\.$/]
];

describe.each(COMMANDS)('%s', (_name, command, args) => {
    it.each(DATES)('--as-of %s is a usage error in one line', async (date, message) => {
        const r = await runCommand(command, [...args(), '--as-of', date]);
        expect({ status: r.status, message: r.error?.message }).toEqual({ status: 2, message: expect.stringMatching(message) });
    });
});
