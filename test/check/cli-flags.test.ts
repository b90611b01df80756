/**
 * The cli-flags check (scripts/check/cli-flags.ts runs it on the compiled plugin in npm test): planted command tables
 * and modules, and the probe on the real command modules, which must stop at their flag reads before touching an org.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCommandTable, moduleSubcommands, type CommandDecl, type FlagReads } from '../../scripts/check/lib/cli-flags';
import * as load from '../../scripts/cli/commands/load';
import * as rebalance from '../../scripts/cli/commands/rebalance';
import * as tier from '../../scripts/cli/commands/tier';
import { probeFlagReads, Ux, type DeclaredFlag } from '../../scripts/cli/shared';

const ROOT = join(__dirname, '..', '..');
const source = (name: string) => readFileSync(join(ROOT, 'scripts', 'cli', 'commands', `${name}.ts`), 'utf8');

const string = (extra: Partial<DeclaredFlag> = {}) => ({ type: 'option' as const, summary: 'A string.', ...extra });
const boolean = (extra: Partial<DeclaredFlag> = {}) => ({ type: 'boolean' as const, summary: 'A switch.', default: false, ...extra });

/** A command `abm thing <words>` declaring `flags`, of the module "thing". */
const command = (words: string[], flags: CommandDecl['flags'], extra: Partial<CommandDecl> = {}): CommandDecl => ({
    id: ['abm', 'thing', ...words].join(':'),
    summary: 'Do the thing.',
    examples: ['abm thing'],
    args: [],
    flags,
    module: 'thing',
    words,
    ...extra
});

const THING = `
export async function run(argv: string[], ux: Ux): Promise<void> {
    const [sub, ...rest] = argv;
    if (sub === 'plan') return plan(rest, ux);
    if (sub === 'apply') return apply(rest, ux);
    throw new UsageError('use plan or apply');
}
`;

const check = (commands: CommandDecl[], reads: Record<string, FlagReads>, modules: Record<string, string> = { thing: THING }) =>
    checkCommandTable(commands, new Map(Object.entries(reads)), modules).map((f) => `${f.where}: ${f.message}`);

it('passes a table that declares exactly what the modules read', () => {
    const commands = [
        command(['plan'], { out: string({ default: 'out/thing' }), 'api-version': string() }),
        command(['apply'], { plan: string(), force: boolean(), source: string({ multiple: true, default: [] }) })
    ];
    expect(
        check(commands, {
            'abm:thing:plan': { options: { out: { type: 'string', default: join('out', 'thing') } } },
            'abm:thing:apply': {
                options: {
                    plan: { type: 'string' },
                    force: { type: 'boolean', default: false },
                    source: { type: 'string', multiple: true, default: [] }
                }
            }
        })
    ).toEqual([]);
});

it('catches a flag read but not declared, declared but never read, or declared with another type, arity or default', () => {
    const commands = [
        command(['plan'], { out: string({ default: 'out/a' }), verbose: boolean(), limit: boolean(), source: string() }),
        command(['apply'], { plan: string() })
    ];
    const findings = check(commands, {
        'abm:thing:plan': {
            options: {
                out: { type: 'string', default: 'out/b' },
                limit: { type: 'string' },
                source: { type: 'string', multiple: true },
                'runs-dir': { type: 'string', default: 'out/runs' }
            }
        },
        'abm:thing:apply': { options: { plan: { type: 'string' }, resume: { type: 'boolean', default: false } } }
    });
    expect(findings).toEqual([
        `sf abm thing plan: --out: the command's default "out/b" differs from the sf flag's "out/a" in scripts/cli/sf/commands.ts.`,
        'sf abm thing plan: --limit: the command reads a string, the sf flag is a boolean.',
        'sf abm thing plan: --source: the command reads several values, the sf flag takes one.',
        'sf abm thing plan: --runs-dir is read by the command but not declared in scripts/cli/sf/commands.ts: declare it there (help and validation come from there).',
        'sf abm thing plan: --verbose is declared but scripts/cli/commands/thing.ts never reads it: the flag would do nothing.',
        'sf abm thing apply: --resume is read by the command but not declared in scripts/cli/sf/commands.ts: declare it there (help and validation come from there).'
    ]);
});

it('catches a subcommand without its sf command, a module without any, and a command its module does not dispatch', () => {
    const commands = [command(['plan'], {}), command(['undo'], {})];
    const findings = check(
        commands,
        { 'abm:thing:plan': { options: {} }, 'abm:thing:undo': { error: new Error('Unknown subcommand "undo": use plan or apply') } },
        { thing: THING, other: 'export async function run(argv: string[]) {}\n' }
    );
    expect(findings).toEqual([
        'sf abm thing undo: its module (scripts/cli/commands/thing.ts) never reads flags for "undo": Unknown subcommand "undo": use plan or apply',
        'scripts/cli/commands/thing.ts: dispatches on the subcommand "apply" but no sf command runs it: add "abm thing apply" to scripts/cli/sf/commands.ts.',
        'sf abm thing undo: passes the words "undo", which scripts/cli/commands/thing.ts does not dispatch on.',
        'scripts/cli/commands/other.ts: exports run() but no sf command runs it: add it to scripts/cli/sf/commands.ts.'
    ]);
});

it('catches missing help and undeclared positional arguments', () => {
    const bare = command([], { file: { type: 'option' } }, { id: 'abm:bare', module: 'bare', summary: '', examples: [] });
    const findings = check([bare], { 'abm:bare': { options: { file: { type: 'string' } }, allowPositionals: true } }, { bare: 'x' });
    expect(findings).toEqual([
        'sf abm bare: no summary (the first line of its help).',
        'sf abm bare: no examples in its help.',
        'sf abm bare: --file has no summary in its help.',
        'sf abm bare: its module reads positional arguments the command does not declare (args).'
    ]);
});

it('finds the subcommands of the real modules', () => {
    expect(moduleSubcommands(source('rebalance'))).toEqual(['apply', 'plan', 'rollback']);
    expect(moduleSubcommands(source('load'))).toEqual(['accounts', 'apply', 'rollback', 'signals']);
    expect(moduleSubcommands(source('tier'))).toEqual(['apply', 'plan', 'rollback']);
    expect(moduleSubcommands(source('audit'))).toEqual([]);
    expect(
        moduleSubcommands(
            "export async function run(argv) {\n    const [verb] = argv;\n    switch (verb) {\n        case 'go':\n    }\n}\n"
        )
    ).toEqual(['go']);
});

it('probes a real module up to its flag reads, before it opens an org or reads a file', async () => {
    const declared: Record<string, DeclaredFlag> = { snapshot: { type: 'option' }, plan: { type: 'option' } };
    const apply = await probeFlagReads(declared, () => load.run(['apply'], new Ux(true)));
    expect(apply.error).toBeUndefined();
    expect(Object.keys(apply.options ?? {}).sort()).toEqual(['force', 'plan', 'resume', 'runs-dir', 'snapshot', 'target-org']);
    const rollback = await probeFlagReads(declared, () => tier.run(['rollback'], new Ux(true)));
    expect(Object.keys(rollback.options ?? {}).sort()).toEqual(['force', 'run', 'runs-dir', 'snapshot', 'target-org']);
    const unknown = await probeFlagReads(declared, () => rebalance.run(['undo'], new Ux(true)));
    expect(unknown.options).toBeUndefined();
    expect(String(unknown.error)).toContain('Unknown subcommand');
});
