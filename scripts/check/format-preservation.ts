/**
 * npm run check:format-text -- [PACKAGE_DIR…]
 *
 * Formats every metadata XML file of the project in memory with the project's Prettier config and fails when an
 * element's text (apart from surrounding whitespace), an attribute or an element would change. Nothing is written.
 * Prints `file:line: rule: message` per finding and a summary; exit 1 on any finding, 2 on usage errors.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkFormatPreservation } from './lib/format-preservation.js';
import { listFiles, packageDirectories } from './lib/tools-common.js';

const HELP = `Usage: npm run check:format-text -- [PACKAGE_DIR...]

Formats a copy (in memory) of every metadata XML file with the project's .prettierrc and reports each element whose
text would change (formulas, labels, help text, …). Default: the package directories of sfdx-project.json.`;

async function main(argv: string[]): Promise<number> {
    let values;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: { help: { type: 'boolean', short: 'h', default: false } }
        }));
    } catch (error) {
        process.stderr.write(`format-text: ${(error as Error).message}\n${HELP}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return 0;
    }
    const dirs = positionals.length > 0 ? positionals : packageDirectories('.');
    const missing = dirs.find((d) => !existsSync(d));
    if (missing !== undefined) {
        process.stderr.write(`format-text: ${missing}: no such folder\n`);
        return 2;
    }
    const started = performance.now();
    const files = dirs.flatMap((d) => listFiles(d, (n) => n.endsWith('.xml'))).map((f) => resolve(f));
    const { findings, formatted } = await checkFormatPreservation(process.cwd(), files, (f) => relative(process.cwd(), f));
    const ms = Math.round(performance.now() - started);
    const lines = findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.message}`);
    lines.push(
        `format-text: ${formatted} XML files formatted in memory with the project's Prettier config in ${ms} ms: ${findings.length} text change${findings.length === 1 ? '' : 's'}`
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return findings.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`format-text: ${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
    }
);
