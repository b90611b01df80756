/**
 * npm run lint:metadata -- [PATH…]   (also the "metadata-names" check of npm test)
 *
 * STYLE.md §2 naming rules (ABM_ / Abm / abm prefixes, flow name shape) and the description / help-text rule for every
 * custom field and object, over PATH (default: the package directories of sfdx-project.json).
 * Prints `file:line: message` per violation. Exit 0 clean, 1 violations, 2 usage.
 */
import { parseArgs } from 'node:util';
import { packageDirectories, report, secondsSince } from './lib/tools-common.js';
import { checkMetadataNames } from './lib/tools-metadata-names.js';

function main(argv: string[]): number {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`lint:metadata: ${(error as Error).message}\nUsage: npm run lint:metadata -- [PATH...]\n`);
        return 2;
    }
    const start = performance.now();
    const base = process.cwd();
    const roots = positionals.length > 0 ? positionals : packageDirectories(base);
    const { components, findings } = checkMetadataNames(roots, base);
    return report(
        'lint:metadata',
        findings,
        `${components} components checked, ${findings.length} naming violations [${secondsSince(start)} s]`
    );
}

process.exitCode = main(process.argv.slice(2));
