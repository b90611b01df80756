/**
 * npm test (check "workflows"): tsx scripts/check/workflows.ts [PROJECT_DIR]
 *
 * The GitHub Actions files (workflows, composite actions, adopter templates): YAML syntax, actionlint, pinned actions,
 * secrets only through env. Exit 0 clean, 1 findings, 2 usage.
 */
import { parseArgs } from 'node:util';
import { report, secondsSince } from './lib/tools-common.js';
import { checkWorkflows } from './lib/workflows.js';

async function main(argv: string[]): Promise<number> {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`workflows: ${(error as Error).message}\nUsage: tsx scripts/check/workflows.ts [PROJECT_DIR]\n`);
        return 2;
    }
    const start = performance.now();
    const { findings, files } = await checkWorkflows(positionals[0] ?? process.cwd());
    return report(
        'workflows',
        findings,
        `${files} GitHub Actions files checked (YAML, actionlint 1.6.22, pinned actions, secrets): ${findings.length} problems [${secondsSince(start)} s]`
    );
}

void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
