/**
 * The dispatcher of the `abm` command modules without oclif: the command table and one run of a command line. The entry
 * is scripts/cli/abm.ts (compiled to lib/cli/abm.js); users run the same modules as `sf abm …`, `abm …` or
 * `npm run abm -- …` (scripts/cli/sf/commands.ts), where every flag is declared with its help; here the modules parse
 * their own flags strictly (node:util parseArgs), and `--help` points there.
 */
import { emitError, UsageError, Ux } from './shared.js';
import { maxOf } from '../core/arrays.js';

type Command = { summary: string; module: () => Promise<{ run(argv: string[], ux: Ux): Promise<void> }> };

const COMMANDS: Record<string, Command> = {
    snapshot: {
        summary: 'Export the book from an org into a snapshot folder (Bulk API 2.0 query)',
        module: () => import('./commands/snapshot.js')
    },
    rebalance: { summary: 'Plan, apply or roll back a territory rebalance', module: () => import('./commands/rebalance.js') },
    domain: { summary: 'Print normalised web domains', module: () => import('./commands/domain.js') },
    match: { summary: 'Explain lead-to-account matches for emails, URLs or a CSV of leads', module: () => import('./commands/match.js') },
    load: { summary: 'Reconcile account lists (CSV/XLSX) or load intent signals', module: () => import('./commands/load.js') },
    audit: { summary: 'Data-quality audit of the ABM book', module: () => import('./commands/audit.js') },
    tier: { summary: 'Quarterly re-tiering plan (and --apply)', module: () => import('./commands/tier.js') },
    quarter: { summary: 'Re-tier, then plan the rebalance, together', module: () => import('./commands/quarter.js') },
    deploy: {
        summary: 'Deploy the project to an org (check-only with --dry-run); settings are never overwritten',
        module: () => import('./commands/deploy.js')
    },
    setup: {
        summary: 'Post-install setup: permission sets, record page, sellers from a CSV, scheduled jobs (idempotent, --dry-run)',
        module: () => import('./commands/setup.js')
    },
    report: { summary: 'Account-level analytics report for the quarterly business review', module: () => import('./commands/report.js') },
    comp: { summary: 'ABM compensation model (50/25/25) per AE', module: () => import('./commands/comp.js') }
};

function usage(): string {
    const width = maxOf(Object.keys(COMMANDS).map((c) => c.length));
    const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
    return `Usage: abm <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nFlags and examples: npm run abm -- <command> --help (or sf abm <command> --help).\n`;
}

/**
 * Run one `abm` command line (`argv` without the program: `['rebalance', 'plan', …]`): results on stdout, stage lines and
 * errors on stderr, the exit code in `process.exitCode`. scripts/cli/abm.ts calls it with the process's arguments; the
 * end-to-end tests call it in-process (test/abm-cli.ts), where a command's process boundary is not what they test.
 */
export async function runAbm(argv: string[]): Promise<void> {
    const [name, ...rest] = argv;
    const ux = new Ux(rest.includes('--json'));
    try {
        if (!name || name === '--help' || name === '-h') {
            process.stdout.write(usage());
            return;
        }
        const command = COMMANDS[name];
        if (!command) throw new UsageError(`Unknown command "${name}".`, ['abm --help']);
        if (rest.includes('--help') || rest.includes('-h')) {
            process.stdout.write(`Flags and examples: npm run abm -- ${name} --help (or sf abm ${name} --help).\n`);
            return;
        }
        await (await command.module()).run(rest, ux);
    } catch (error) {
        emitError(ux, error);
    }
}
