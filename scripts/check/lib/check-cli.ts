/**
 * The shared shell of the text checks (`formulas`, `text-integrity`, `format-text`, `platform-rules`): flags
 * (`--help`, `--standard FILE` where the check reads the standard field list, plus the check's own string flags),
 * package directories as positionals (default: sfdx-project.json's), one line per finding
 * (`file:line: rule: message ['token']`), the summary last, exit 0 clean / 1 findings / 2 usage; an unexpected error is
 * printed with its stack and exits 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildInventory, type Inventory } from './inventory.js';
import { packageDirectories } from './tools-common.js';

export interface CheckFinding {
    file: string;
    line: number;
    rule: string;
    token: string;
    message: string;
}

export interface CheckResult {
    /** Lines to print before the summary (findings, known findings, notes). */
    lines: string[];
    /** The summary (without the check name), e.g. `41 formulas in 34 files checked: 0 errors`. */
    summary: string;
    failed: boolean;
}

export interface CheckCli {
    name: string;
    help: string;
    /** Read config/standard-fields.txt (or --standard FILE) into the inventory. */
    standard?: boolean;
    /** Extra string flags and their defaults. */
    flags?: Record<string, string>;
    run(ctx: { dirs: string[]; flags: Record<string, string>; inventory: () => Inventory }): CheckResult | Promise<CheckResult>;
}

/** `file:line: rule: message ['token']` (the token left out when empty). */
export function findingLine(f: CheckFinding): string {
    return `${f.file}:${f.line}: ${f.rule}: ${f.message}${f.token === '' ? '' : ` ['${f.token}']`}`;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Where a check prints: the process's stdout and stderr, or (tests) strings. */
export interface CheckIo {
    stdout(text: string): void;
    stderr(text: string): void;
}

/** The process's own stdout and stderr. */
export const PROCESS_IO: CheckIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text)
};

/**
 * One run of a check on `argv` (the words after the program), relative to the working folder: what the process prints
 * goes to `io`; returns the exit code. An unexpected error rejects (runCheckCli prints it with its stack, exit 1).
 */
export async function runCheck(cli: CheckCli, argv: string[], io: CheckIo = PROCESS_IO): Promise<number> {
    const options: Record<string, { type: 'string' } | { type: 'boolean'; short: string; default: boolean }> = {
        help: { type: 'boolean', short: 'h', default: false }
    };
    const flagNames = [...(cli.standard === true ? ['standard'] : []), ...Object.keys(cli.flags ?? {})];
    for (const f of flagNames) options[f] = { type: 'string' };
    let values: Record<string, string | boolean | undefined>;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options }));
    } catch (error) {
        io.stderr(`${cli.name}: ${(error as Error).message}\n${cli.help}\n`);
        return 2;
    }
    if (values.help === true) {
        io.stdout(`${cli.help}\n`);
        return 0;
    }
    const flags: Record<string, string> = { standard: 'config/standard-fields.txt', ...cli.flags };
    for (const f of flagNames) if (typeof values[f] === 'string') flags[f] = values[f];
    const dirs = positionals.length > 0 ? positionals : packageDirectories('.');
    const missing = [...(cli.standard === true ? [flags.standard!] : []), ...dirs].find((d) => !existsSync(d));
    if (missing !== undefined) {
        io.stderr(`${cli.name}: ${missing}: not found\n`);
        return 2;
    }
    const standard = cli.standard === true ? readFileSync(flags.standard!, 'utf8') : '';
    const started = performance.now();
    const result = await cli.run({ dirs, flags, inventory: () => buildInventory(dirs, standard, flags.standard!) });
    const ms = Math.round(performance.now() - started);
    io.stdout([...result.lines, `${cli.name}: ${result.summary.replace('{ms}', String(ms))}`].join('\n') + '\n');
    return result.failed ? 1 : 0;
}

/**
 * Run a check as the process's command (sets process.exitCode). The check files call it only as the entry
 * (`if (require.main === module)`), so tests can import their CheckCli and run it in-process with runCheck.
 */
export function runCheckCli(cli: CheckCli): void {
    runCheck(cli, process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`${cli.name}: ${(error as Error).stack ?? String(error)}\n`);
            process.exitCode = 1;
        }
    );
}
