/**
 * npm test (check "flow-scan"): tsx scripts/check/flow-scan.ts [PATH…]
 *
 * Lightning Flow Scanner over every *.flow-meta.xml under PATH (default: the package directories), rules from
 * .flow-scanner.json. Prints `file:line: [severity Rule] element (type): what the rule checks`. Exit 1 on any
 * error-severity violation or any flow that cannot be parsed; warnings and notes are printed only. Exit 2 on usage.
 */
import { parseArgs } from 'node:util';
import { formatFinding, packageDirectories, secondsSince } from './lib/tools-common.js';
import { CONFIG_FILE, loadFlowScannerConfig, scanFlows } from './lib/tools-flow-scan.js';

async function main(argv: string[]): Promise<number> {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`flow-scan: ${(error as Error).message}\nUsage: tsx scripts/check/flow-scan.ts [PATH...]\n`);
        return 2;
    }
    const start = performance.now();
    const base = process.cwd();
    const roots = positionals.length > 0 ? positionals : packageDirectories(base);
    const config = loadFlowScannerConfig(base);
    const { flows, findings, ruleErrors } = await scanFlows(roots, base, config);
    for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
    for (const e of ruleErrors) process.stdout.write(`notice: a scanner rule crashed (flow not fully checked): ${e}\n`);
    const count = (s: string): number => findings.filter((f) => f.severity === s).length;
    const errors = count('error');
    process.stdout.write(
        `flow-scan: ${flows} flows scanned (${config === undefined ? 'default rules' : `rules from ${CONFIG_FILE}`}), ${errors} errors, ${count('warning')} warnings, ${count('note')} notes [${secondsSince(start)} s]\n`
    );
    return errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`flow-scan: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
    }
);
