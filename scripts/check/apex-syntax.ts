/**
 * npm test (check "apex-syntax"): tsx scripts/check/apex-syntax.ts [PATH…]
 *
 * Parses every .cls and .trigger under PATH (default: the package directories of sfdx-project.json) with
 * @apexdevtools/apex-parser and prints `file:line:col: syntax error: …` for each error. Exit 0 clean, 1 errors, 2 usage.
 */
import { parseArgs } from 'node:util';
import { checkApexSyntax } from './lib/tools-apex-syntax.js';
import { packageDirectories, report, secondsSince } from './lib/tools-common.js';

function main(argv: string[]): number {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`apex-syntax: ${(error as Error).message}\nUsage: tsx scripts/check/apex-syntax.ts [PATH...]\n`);
        return 2;
    }
    const start = performance.now();
    const base = process.cwd();
    const roots = positionals.length > 0 ? positionals : packageDirectories(base);
    const { files, findings } = checkApexSyntax(roots, base);
    return report('apex-syntax', findings, `${files} Apex files parsed, ${findings.length} syntax errors [${secondsSince(start)} s]`);
}

process.exitCode = main(process.argv.slice(2));
