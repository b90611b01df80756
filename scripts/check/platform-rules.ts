/**
 * npm run check:platform -- [--standard FILE] [PACKAGE_DIR…]
 *
 * Platform rules the Metadata API schema cannot express (owner fields on master-detail children, long text custom
 * metadata read through getInstance/getAll, profiles looked up by name, label copies in Apex tests, without-sharing
 * classes that don't say why, SLDS 2 component hooks, stale cacheable wires on record pages, dynamic dashboard limits,
 * detail edit without master edit). Findings listed in config/platform-rules-known.json (rule + file, with the owner who
 * fixes them) are printed as known and do not fail; a known entry that no longer occurs fails (remove it).
 * Prints `file:line: rule: message ['token']` per finding and a summary; exit 1 on any new finding, 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildInventory } from './lib/inventory.js';
import { PlatformRules } from './lib/platform-rules.js';
import { packageDirectories } from './lib/tools-common.js';

const HELP = `Usage: npm run check:platform -- [--standard FILE] [--known FILE] [PACKAGE_DIR...]

Checks the platform rules of docs/checks.md ("Platform rules") on the package directories of sfdx-project.json.
  --standard FILE   standard objects and fields (default config/standard-fields.txt)
  --known FILE      known findings, not failing (default config/platform-rules-known.json)`;

type Known = { rule: string; file: string; owner: string; why: string };

function main(argv: string[]): number {
    let values;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: { standard: { type: 'string' }, known: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }
        }));
    } catch (error) {
        process.stderr.write(`platform-rules: ${(error as Error).message}\n${HELP}\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(`${HELP}\n`);
        return 0;
    }
    const standard = values.standard ?? 'config/standard-fields.txt';
    const knownFile = values.known ?? 'config/platform-rules-known.json';
    const dirs = positionals.length > 0 ? positionals : packageDirectories('.');
    const missing = [standard, ...dirs].find((d) => !existsSync(d));
    if (missing !== undefined) {
        process.stderr.write(`platform-rules: ${missing}: not found\n`);
        return 2;
    }
    const known: Known[] = existsSync(knownFile) ? (JSON.parse(readFileSync(knownFile, 'utf8')) as Known[]) : [];
    const started = performance.now();
    const inv = buildInventory(dirs, readFileSync(standard, 'utf8'), standard);
    const findings = new PlatformRules(inv, '.').run();
    const ms = Math.round(performance.now() - started);
    const isKnown = (f: { rule: string; file: string }): Known | undefined => known.find((k) => k.rule === f.rule && k.file === f.file);
    const fresh = findings.filter((f) => isKnown(f) === undefined);
    const stale = known.filter((k) => !findings.some((f) => f.rule === k.rule && f.file === k.file));
    const lines = [
        ...fresh.map((f) => `${f.file}:${f.line}: ${f.rule}: ${f.message} ['${f.token}']`),
        ...findings
            .filter((f) => isKnown(f) !== undefined)
            .map((f) => `known (${isKnown(f)!.owner}): ${f.file}:${f.line}: ${f.rule}: ${f.message} ['${f.token}']`),
        ...stale.map((k) => `${knownFile}: known finding ${k.rule} in ${k.file} no longer occurs: remove it from the list`)
    ];
    lines.push(
        `platform-rules: ${inv.xml.length} metadata files, ${inv.apex.length} Apex files, ${inv.lwc.size} LWC bundles checked in ${ms} ms: ` +
            `${fresh.length} finding${fresh.length === 1 ? '' : 's'}, ${findings.length - fresh.length} known, ${stale.length} stale known`
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return fresh.length > 0 || stale.length > 0 ? 1 : 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (error) {
    process.stderr.write(`platform-rules: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
}
