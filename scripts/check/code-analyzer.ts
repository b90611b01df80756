/**
 * npm test (check "code-analyzer"): tsx scripts/check/code-analyzer.ts [--json] [PATH…]
 *
 * Salesforce Code Analyzer v5 (core API: PMD + CPD, regex, flow engines) over PATH (default: the package directories),
 * rule selection "Recommended" + "flow", project config code-analyzer.yml. Prints which engines ran and which did not
 * (and why), then every violation as `file:line:col: [engine:rule sev N] message`, most severe first.
 * Exit 1 on any severity 1 (Critical) or 2 (High) violation; 3–5 are printed only. Without Java, PMD cannot run: the
 * other engines still run and the check prints `SKIPPED:` (counted as skipped by npm test). Exit 2 on usage errors.
 */
import { parseArgs } from 'node:util';
import { FAIL_AT_OR_BELOW, RULE_SELECTORS, runCodeAnalyzer } from './lib/tools-code-analyzer.js';
import { formatFinding, packageDirectories, rel, SKIPPED_MARKER } from './lib/tools-common.js';

async function main(argv: string[]): Promise<number> {
    let positionals: string[];
    let values: { json?: boolean };
    try {
        ({ values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { json: { type: 'boolean' } } }));
    } catch (error) {
        process.stderr.write(`code-analyzer: ${(error as Error).message}\nUsage: tsx scripts/check/code-analyzer.ts [--json] [PATH...]\n`);
        return 2;
    }
    const projectDir = process.cwd();
    const targets = positionals.length > 0 ? positionals : packageDirectories(projectDir).map((d) => rel(projectDir, d));
    const result = await runCodeAnalyzer({ projectDir, targets });
    const failing = result.findings.filter((f) => f.severity <= FAIL_AT_OR_BELOW);
    const pmd = result.engines.find((e) => e.engine === 'pmd');
    if (values.json === true) {
        process.stdout.write(`${JSON.stringify({ status: failing.length > 0 ? 1 : 0, result }, null, 2)}\n`);
        return failing.length > 0 ? 1 : 0;
    }
    const out: string[] = [`Code Analyzer: rule selection ${RULE_SELECTORS.join(' + ')}, ${result.rules} rules, ${result.files} files`];
    for (const e of result.engines) {
        out.push(`  ${e.ran ? 'ran    ' : 'not run'} ${e.engine.padEnd(10)} ${e.ran ? `${e.violations ?? 0} violations, ` : ''}${e.why}`);
    }
    for (const f of result.findings) out.push(`${f.severity <= FAIL_AT_OR_BELOW ? 'FAIL ' : 'info '}${formatFinding(f)}`);
    const bySeverity = [1, 2, 3, 4, 5].map((s) => `${result.findings.filter((f) => f.severity === s).length} sev${s}`).join(', ');
    if (pmd !== undefined && !pmd.ran) out.push(`${SKIPPED_MARKER} PMD did not run (${pmd.why}); Apex was not analysed`);
    out.push(`code-analyzer: ${failing.length} violations of severity 1–2 (fail), ${bySeverity} [${result.seconds.toFixed(1)} s]`);
    process.stdout.write(`${out.join('\n')}\n`);
    return failing.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`code-analyzer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
    }
);
