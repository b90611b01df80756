/**
 * npm run check:text -- [PACKAGE_DIR…]
 *
 * Text integrity of the metadata: no line break inside labels, custom label values, help text, error messages, picklist
 * labels and descriptions; no line break where it changes a formula or flow expression (inside a string literal, a
 * two-character operator or a {!merge} reference). Prints `file:line: rule: message ['token']` per finding and a
 * summary; exit 1 on any finding, 2 on usage errors.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildInventory } from './lib/inventory.js';
import { lintText } from './lib/text-integrity.js';
import { packageDirectories } from './lib/tools-common.js';

const HELP = `Usage: npm run check:text -- [PACKAGE_DIR...]

Flags line breaks inside one-line texts (labels, custom label values, help text, error messages, descriptions) and
line breaks that change a formula or flow expression, in the package directories of sfdx-project.json (or the folders given).`;

function main(argv: string[]): number {
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
        process.stderr.write(`text-integrity: ${(error as Error).message}\n${HELP}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return 0;
    }
    const dirs = positionals.length > 0 ? positionals : packageDirectories('.');
    const missing = dirs.find((d) => !existsSync(d));
    if (missing !== undefined) {
        process.stderr.write(`text-integrity: ${missing}: no such folder\n`);
        return 2;
    }
    const started = performance.now();
    const inv = buildInventory(dirs, '', 'none');
    const findings = lintText(inv.xml);
    const ms = Math.round(performance.now() - started);
    const lines = findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.message} ['${f.token}']`);
    lines.push(
        `text-integrity: ${inv.xml.length} metadata files checked in ${ms} ms: ${findings.length} finding${findings.length === 1 ? '' : 's'}`
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return findings.length > 0 ? 1 : 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (error) {
    process.stderr.write(`text-integrity: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
}
