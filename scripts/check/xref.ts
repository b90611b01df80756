/**
 * npm run xref -- [--standard FILE] [PACKAGE_DIR…]
 *
 * Cross-reference check: every object, field, class, method, LWC, flow element, label, custom permission, static
 * resource, tab, app, report and report type that one file names must exist in the project (standard objects and
 * fields: config/standard-fields.txt, or an org's own describe list passed with --standard). Prints `file:line: message`
 * for every dangling reference and a summary; exit 1 on any finding, 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildInventory, XrefChecker } from './lib/xref.js';
import { PROCESS_IO, type CheckIo } from './lib/check-cli.js';

const HELP = `Usage: npm run xref -- [--standard FILE] [PACKAGE_DIR...]

Checks that every name one metadata/Apex/LWC file uses exists in the project (default: the packageDirectories of
sfdx-project.json). Standard objects and fields come from config/standard-fields.txt ("Object.Field" lines;
"Object.FieldId -> Target" for lookups, "Object.Children[] -> ChildObject" for child relationships).
  --standard FILE   use this list instead (e.g. generated from your org's describe)`;

function packageDirs(): string[] {
    if (!existsSync('sfdx-project.json')) return ['force-app'];
    const project = JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as { packageDirectories?: { path: string }[] };
    const dirs = (project.packageDirectories ?? []).map((d) => d.path).filter((p) => existsSync(p));
    return dirs.length > 0 ? dirs : ['force-app'];
}

/**
 * One run of the CLI on `argv` (the words after the program), relative to the working folder, printing to `io`; returns
 * the exit code. The process runs it only as the entry (below); tests also run it in-process.
 */
export function xrefCli(argv: string[], io: CheckIo = PROCESS_IO): number {
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
        io.stderr(`xref: ${(error as Error).message}\n${HELP}\n`);
        return 2;
    }
    if (values.help) {
        io.stdout(`${HELP}\n`);
        return 0;
    }
    const standard = values.standard ?? 'config/standard-fields.txt';
    if (!existsSync(standard)) {
        io.stderr(`xref: standard field list ${standard} not found\n`);
        return 2;
    }
    const dirs = positionals.length > 0 ? positionals : packageDirs();
    for (const d of dirs) {
        if (!existsSync(d)) {
            io.stderr(`xref: ${d}: no such folder\n`);
            return 2;
        }
    }
    const started = performance.now();
    const inv = buildInventory(dirs, readFileSync(standard, 'utf8'), standard);
    const findings = new XrefChecker(inv).run();
    const ms = Math.round(performance.now() - started);
    const lines = findings.map((f) => `${f.file}:${f.line}: ${f.message}`);
    const projectObjects = [...inv.objects.values()].filter((o) => o.inProject).length;
    lines.push(
        `xref: ${inv.xml.length} metadata files, ${inv.apex.length} Apex files, ${inv.lwc.size} LWC bundles, ${projectObjects} objects checked ` +
            `in ${ms} ms: ${findings.length} dangling reference${findings.length === 1 ? '' : 's'}`
    );
    io.stdout(`${lines.join('\n')}\n`);
    return findings.length > 0 ? 1 : 0;
}

if (require.main === module) {
    try {
        process.exitCode = xrefCli(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`xref: ${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
    }
}
