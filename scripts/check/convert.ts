/**
 * npm test (check "convert"): tsx scripts/check/convert.ts [--root-dir DIR]
 *
 * Runs the project's own `sf project convert source --root-dir DIR --output-dir <tmp>` (DIR default: every package
 * directory of sfdx-project.json) with HOME in a temp dir, checks the exit code and JSON result, and adds what convert
 * misses: .cls/.trigger without -meta.xml, misnamed `*.xml` files (e.g. `X.flow.xml`), and components in the source that
 * are missing from the generated package.xml. Prints `file:line: message`. Exit 0 clean, 1 findings, 2 usage.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageDirectories, rel, report, secondsSince, type Finding } from './lib/tools-common.js';
import { cleanupConvert, expectedComponents, missingFromPackage, parsePackageXml, runConvert } from './lib/tools-convert.js';
import { pushAll } from '../core/arrays.js';

function main(argv: string[]): number {
    let values: { 'root-dir'?: string };
    try {
        ({ values } = parseArgs({ args: argv, allowPositionals: false, strict: true, options: { 'root-dir': { type: 'string' } } }));
    } catch (error) {
        process.stderr.write(`convert: ${(error as Error).message}\nUsage: tsx scripts/check/convert.ts [--root-dir DIR]\n`);
        return 2;
    }
    const start = performance.now();
    const base = process.cwd();
    const roots = values['root-dir'] !== undefined ? [join(base, values['root-dir'])] : packageDirectories(base);
    const findings: Finding[] = [];
    let components = 0;
    for (const root of roots) {
        const shownRoot = rel(base, root);
        const run = runConvert(base, shownRoot);
        try {
            const { expected, findings: named } = expectedComponents(root, base);
            pushAll(findings, named);
            components += expected.length;
            if (!run.ok) {
                findings.push({
                    file: shownRoot,
                    line: 1,
                    message: `sf project convert source failed (exit ${run.status ?? 'none'}): ${run.message ?? ''}`
                });
                continue;
            }
            pushAll(findings, missingFromPackage(expected, parsePackageXml(run.packageXml ?? '')));
        } finally {
            cleanupConvert(run);
        }
    }
    return report(
        'convert',
        findings,
        `${components} components converted and found in package.xml, ${findings.length} problems [${secondsSince(start)} s]`
    );
}

process.exitCode = main(process.argv.slice(2));
