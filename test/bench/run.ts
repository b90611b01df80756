/**
 * `npm run bench`: runs every `test/bench/*.ts` module that exports `run(): Promise<void>`, in name order, each printing
 * its own table. `npm run bench -- sfdouble` runs only the modules whose name contains the argument.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
    const filter = process.argv[2];
    const dir = __dirname;
    const modules = readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
        .filter((f) => !filter || f.includes(filter))
        .sort();
    for (const file of modules) {
        const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run?: () => Promise<void> };
        if (typeof mod.run !== 'function') continue;
        process.stdout.write(`\n## ${file}\n`);
        const started = Date.now();
        await mod.run();
        process.stdout.write(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
});
