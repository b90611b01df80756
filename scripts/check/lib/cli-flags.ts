/**
 * The `sf abm` command table against the command modules (check "cli-flags"): every flag a module reads is declared in
 * scripts/cli/sf/commands.ts with the same type, arity and default, every declared flag is read (a flag that does
 * nothing is a bug: the old `--verbose`), every subcommand a module dispatches on has its sf command, every command and
 * flag has help. The flag reads come from probing each command's module (probeFlagReads in scripts/cli/shared.ts); the
 * subcommands from the module's source (`const [sub, ...rest] = argv` then `sub === 'apply'` or `case 'apply':`).
 */
import { COMMON_FLAGS, flagMismatches, type DeclaredFlag, type Options } from '../../cli/shared.js';

/** One sf command, as the check needs it from the oclif class. */
export type CommandDecl = {
    /** oclif id, `abm:rebalance:plan`. */
    id: string;
    summary?: string;
    examples?: unknown[];
    /** Names of the declared positional arguments. */
    args: string[];
    flags: Record<string, DeclaredFlag & { summary?: string; description?: string; hidden?: boolean }>;
    /** The command module's name (scripts/cli/commands/<module>.ts), undefined when the class names none. */
    module?: string;
    /** The words the command passes before its flags (`['plan']`). */
    words: string[];
};

/** What probing one command's module found: the options of its first parseFlags, or why there was none. */
export type FlagReads = { options?: Options; allowPositionals?: boolean; error?: unknown };

export type CliFinding = { where: string; message: string };

/** Flags the sf command itself consumes (never handed to a module). */
const CONSUMED = new Set(['api-version', 'flags-dir', ...Object.keys(COMMON_FLAGS)]);

const display = (id: string) => `sf ${id.split(':').join(' ')}`;

/**
 * The subcommands a module's `run` dispatches on: the first word of argv (`const [sub, ...rest] = argv`) compared with
 * string literals (`sub === 'apply'`, `case 'apply':`). Empty for a module without subcommands.
 */
export function moduleSubcommands(source: string): string[] {
    const start = source.search(/export\s+async\s+function\s+run\s*\(/);
    if (start < 0) return [];
    const end = source.indexOf('\n}\n', start);
    const body = source.slice(start, end < 0 ? undefined : end);
    const first = /const\s*\[\s*(\w+)\s*(?:,[^\]]*)?\]\s*=\s*argv/.exec(body)?.[1];
    if (!first) return [];
    const words = new Set<string>();
    for (const m of body.matchAll(new RegExp(`\\b${first}\\s*===?\\s*'([a-z][a-z0-9-]*)'`, 'g'))) words.add(m[1]!);
    if (new RegExp(`switch\\s*\\(\\s*${first}\\s*\\)`).test(body))
        for (const m of body.matchAll(/\bcase\s+'([a-z][a-z0-9-]*)'\s*:/g)) words.add(m[1]!);
    return [...words].sort();
}

/**
 * Compare the command table with the modules. `reads`: per command id, what its module read; `modules`: every command
 * module's name and source (those exporting `run`).
 */
export function checkCommandTable(
    commands: CommandDecl[],
    reads: ReadonlyMap<string, FlagReads>,
    modules: Record<string, string>
): CliFinding[] {
    const findings: CliFinding[] = [];
    for (const command of commands) {
        const where = display(command.id);
        const add = (message: string) => findings.push({ where, message });
        if (!command.summary?.trim()) add('no summary (the first line of its help).');
        if (!command.examples?.length) add('no examples in its help.');
        for (const [name, flag] of Object.entries(command.flags))
            if (!flag.hidden && !flag.summary?.trim() && !flag.description?.trim()) add(`--${name} has no summary in its help.`);
        if (!command.module) {
            add('names no command module (static module).');
            continue;
        }
        const read = reads.get(command.id);
        if (!read?.options) {
            const why = read?.error instanceof Error ? read.error.message : String(read?.error ?? 'not probed');
            add(`its module (scripts/cli/commands/${command.module}.ts) never reads flags for "${command.words.join(' ')}": ${why}`);
            continue;
        }
        for (const problem of flagMismatches(command.flags, read.options)) add(problem);
        for (const name of Object.keys(command.flags))
            if (!CONSUMED.has(name) && !(name in read.options))
                add(`--${name} is declared but scripts/cli/commands/${command.module}.ts never reads it: the flag would do nothing.`);
        const takesArgs = command.args.length > 0;
        if (Boolean(read.allowPositionals) !== takesArgs)
            add(
                takesArgs
                    ? `declares arguments (${command.args.join(', ')}) but its module reads no positionals.`
                    : 'its module reads positional arguments the command does not declare (args).'
            );
    }
    for (const [module, source] of Object.entries(modules)) {
        const table = commands.filter((c) => c.module === module);
        const subcommands = moduleSubcommands(source);
        const file = `scripts/cli/commands/${module}.ts`;
        if (table.length === 0) {
            findings.push({ where: file, message: 'exports run() but no sf command runs it: add it to scripts/cli/sf/commands.ts.' });
            continue;
        }
        for (const word of subcommands)
            if (!table.some((c) => c.words.length === 1 && c.words[0] === word))
                findings.push({
                    where: file,
                    message: `dispatches on the subcommand "${word}" but no sf command runs it: add "abm ${module} ${word}" to scripts/cli/sf/commands.ts.`
                });
        for (const c of table)
            if (c.words.length > 1 || (c.words.length === 1 && !subcommands.includes(c.words[0]!)))
                findings.push({ where: display(c.id), message: `passes the words "${c.words.join(' ')}", which ${file} does not dispatch on.` });
    }
    return findings;
}
