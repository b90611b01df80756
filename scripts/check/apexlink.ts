/**
 * npm test (check "apexlink"): tsx scripts/check/apexlink.ts [PROJECT_DIR]
 *
 * Semantic Apex check with ApexLink (Java 17): unknown fields, classes and methods, type mismatches. Prints
 * `file:line:col: Category: message`; known false positives of its older (~API 55) schema are filtered by a documented
 * allow-list (scripts/check/lib/tools-apexlink.ts) and counted. Exit 1 on any error; without `java` prints `SKIPPED:`
 * and exits 0 (npm test counts it as skipped). Exit 2 on usage errors.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runApexLink } from './lib/tools-apexlink.js';
import { formatFinding, javaMajorVersion, SKIPPED_MARKER } from './lib/tools-common.js';

function main(argv: string[]): number {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`apexlink: ${(error as Error).message}\nUsage: tsx scripts/check/apexlink.ts [PROJECT_DIR]\n`);
        return 2;
    }
    const projectDir = positionals[0] ?? process.cwd();
    if (!existsSync(join(projectDir, 'sfdx-project.json'))) {
        process.stderr.write(`apexlink: ${projectDir} has no sfdx-project.json\n`);
        return 2;
    }
    const java = javaMajorVersion();
    if (java === undefined || java < 11) {
        process.stdout.write(
            `${SKIPPED_MARKER} apexlink needs Java 11+ (17 recommended) and ${java === undefined ? '`java` is not on PATH' : `found Java ${java}`}.\n` +
                '  Install it (Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless; macOS: brew install openjdk@17) and re-run.\n'
        );
        return 0;
    }
    const r = runApexLink(projectDir);
    for (const f of r.findings) process.stdout.write(`${formatFinding(f)}\n`);
    for (const f of r.warnings) process.stdout.write(`warning: ${formatFinding(f)}\n`);
    for (const f of r.filtered) process.stdout.write(`  allowed (newer than ApexLink's schema): ${f.count} × ${f.reason}\n`);
    process.stdout.write(
        `apexlink: ${r.files} Apex files, ${r.findings.length} errors, ${r.warnings.length} warnings, ${r.filtered.reduce((n, f) => n + f.count, 0)} known false positives filtered [${r.seconds.toFixed(1)} s]\n`
    );
    return r.findings.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
