/**
 * npm test (check "cli-flags"): tsx scripts/check/cli-flags.ts
 *
 * The `sf abm` command table (scripts/cli/sf/commands.ts) against the command modules (scripts/cli/commands/*.ts), on
 * the compiled plugin in lib/ (the `build` check runs before it): every flag a module reads is declared with its help,
 * type and default, no declared flag is left unread, every subcommand has its command (scripts/check/lib/cli-flags.ts).
 * A missing declaration fails here, not in a user's terminal. Exit 0 clean, 1 findings or lib/ missing or stale.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkCommandTable, type CommandDecl, type FlagReads } from './lib/cli-flags.js';
import type { CommandModule } from '../cli/sf/base.js';
import type { DeclaredFlag, Ux as UxType } from '../cli/shared.js';
import { maxOf } from '../core/arrays.js';

const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'lib', 'cli');
const SOURCES = ['cli', 'core', 'org', 'io'].map((d) => join(ROOT, 'scripts', d));

type CommandClass = {
    summary?: string;
    examples?: unknown[];
    args?: Record<string, unknown>;
    flags?: Record<string, unknown>;
    module?: () => Promise<CommandModule>;
    words?: string[];
};

const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(file).href)) as T;

/** The newest .ts under the compiled folders, to refuse a stale lib/. */
function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
        else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
    return newest;
}

async function main(): Promise<number> {
    const started = performance.now();
    // lib/package.json is written by the last step of every successful `npm run build` (scripts/dev/lib-esm.mjs);
    // tsc's own .tsbuildinfo is not rewritten when a checkout touched files without changing them.
    const built = join(ROOT, 'lib', 'package.json');
    if (!existsSync(join(LIB, 'sf', 'commands.js')) || !existsSync(built)) {
        process.stdout.write('cli-flags: lib/ is missing: run "npm run build" (npm ci does it) first.\n');
        return 1;
    }
    if (maxOf(SOURCES.map(newestSource)) > statSync(built).mtimeMs) {
        process.stdout.write('cli-flags: lib/ is older than scripts/: run "npm run build" first.\n');
        return 1;
    }
    const { COMMANDS } = await load<{ COMMANDS: Record<string, CommandClass> }>(join(LIB, 'sf', 'commands.js'));
    const { declaredFlags } = await load<{ declaredFlags(flags: Record<string, unknown> | undefined): Record<string, DeclaredFlag> }>(
        join(LIB, 'sf', 'base.js')
    );
    const shared = await load<{
        probeFlagReads(declared: Record<string, DeclaredFlag>, fn: () => Promise<void>): Promise<FlagReads>;
        Ux: new (json: boolean) => UxType;
    }>(join(LIB, 'shared.js'));

    // Every command module (a file of scripts/cli/commands exporting run), by name, compiled and source.
    const modules: Record<string, { compiled: unknown; source: string }> = {};
    for (const file of readdirSync(join(ROOT, 'scripts', 'cli', 'commands'))
        .filter((f) => f.endsWith('.ts'))
        .sort()) {
        const name = basename(file, '.ts');
        const compiled = await load<Partial<CommandModule>>(join(LIB, 'commands', `${name}.js`));
        if (typeof compiled.run === 'function')
            modules[name] = { compiled, source: readFileSync(join(ROOT, 'scripts', 'cli', 'commands', file), 'utf8') };
    }

    const commands: CommandDecl[] = [];
    const reads = new Map<string, FlagReads>();
    for (const [id, cls] of Object.entries(COMMANDS)) {
        const mod = cls.module ? await cls.module() : undefined;
        const name = Object.entries(modules).find(([, m]) => m.compiled === mod)?.[0];
        const flags = declaredFlags(cls.flags);
        commands.push({
            id,
            summary: cls.summary,
            examples: cls.examples,
            args: Object.keys(cls.args ?? {}),
            flags: Object.fromEntries(
                Object.entries(flags).map(([flag, d]) => [
                    flag,
                    { ...d, ...(cls.flags?.[flag] as { summary?: string; description?: string; hidden?: boolean }) }
                ])
            ),
            module: name,
            words: cls.words ?? []
        });
        if (mod) reads.set(id, await shared.probeFlagReads(flags, () => mod.run(cls.words ?? [], new shared.Ux(true))));
    }
    const findings = checkCommandTable(commands, reads, Object.fromEntries(Object.entries(modules).map(([name, m]) => [name, m.source])));
    for (const f of findings) process.stdout.write(`${f.where}: ${f.message}\n`);
    const flagCount = commands.reduce((n, c) => n + Object.keys(c.flags).length, 0);
    process.stdout.write(
        `cli-flags: ${commands.length} sf commands, ${flagCount} flags, ${Object.keys(modules).length} command modules checked: ${findings.length} problems [${((performance.now() - started) / 1000).toFixed(1)} s]\n`
    );
    return findings.length ? 1 : 0;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`cli-flags: ${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
    }
);
