/**
 * npm run check:formulas -- [--standard FILE] [PACKAGE_DIR…]
 *
 * The formula checker: parses every formula of the project (formula fields, default values, validation rules, flow
 * formulas and entry conditions, report summary formulas) with Salesforce's formula grammar and type-checks it, and the typed conditions of
 * flows (decision conditions, start and record filters), against
 * the project's objects and the standard field list (config/standard-fields.txt, or an org's own with --standard).
 * Prints `file:line: rule: message ['token']` per finding and a summary; exit 1 on any finding, 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { collectFormulas } from './lib/formula/collect.js';
import { checkFlowConditions } from './lib/formula/flow-conditions.js';
import { checkFormula, type FormulaFinding } from './lib/formula/types.js';
import { buildInventory } from './lib/inventory.js';
import { packageDirectories } from './lib/tools-common.js';

const HELP = `Usage: npm run check:formulas -- [--standard FILE] [PACKAGE_DIR...]

Parses and type-checks every formula (formula fields, default values, validation rules, flow formulas and entry
conditions, report summary formulas) of the package directories of sfdx-project.json (or the folders given).
  --standard FILE   standard objects and fields with types (default config/standard-fields.txt)`;

function main(argv: string[]): number {
    let values;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: { standard: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }
        }));
    } catch (error) {
        process.stderr.write(`formulas: ${(error as Error).message}\n${HELP}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return 0;
    }
    const standard = values.standard ?? 'config/standard-fields.txt';
    if (!existsSync(standard)) {
        process.stderr.write(`formulas: standard field list ${standard} not found\n`);
        return 2;
    }
    const dirs = positionals.length > 0 ? positionals : packageDirectories('.');
    const missing = dirs.find((d) => !existsSync(d));
    if (missing !== undefined) {
        process.stderr.write(`formulas: ${missing}: no such folder\n`);
        return 2;
    }
    const started = performance.now();
    const inv = buildInventory(dirs, readFileSync(standard, 'utf8'), standard);
    const sites = collectFormulas(inv);
    const findings: FormulaFinding[] = [
        ...sites.flatMap((s) => checkFormula(inv, s)),
        ...inv.xml.flatMap((x) => checkFlowConditions(inv, x))
    ];
    const ms = Math.round(performance.now() - started);
    const lines = findings.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.message} ['${f.token}']`);
    lines.push(
        `formulas: ${sites.length} formulas in ${new Set(sites.map((s) => s.file)).size} files checked in ${ms} ms: ${findings.length} error${findings.length === 1 ? '' : 's'}`
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return findings.length > 0 ? 1 : 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (error) {
    process.stderr.write(`formulas: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
}
