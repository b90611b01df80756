/**
 * npm test (check "project-files"): tsx scripts/check/project-files.ts [PROJECT_DIR]
 *
 * sfdx-project.json and the scratch org definition against Salesforce's schemas (@salesforce/schemas), the packaging
 * rules of the two unlocked packages, package boundaries (settings records only in force-app-settings), and
 * config/scheduled-jobs.json (shape, cron syntax, Schedulable classes). Exit 0 clean, 1 findings, 2 usage.
 */
import { parseArgs } from 'node:util';
import { checkProjectFiles } from './lib/project-files.js';
import { report, secondsSince } from './lib/tools-common.js';

function main(argv: string[]): number {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`project-files: ${(error as Error).message}\nUsage: tsx scripts/check/project-files.ts [PROJECT_DIR]\n`);
        return 2;
    }
    const start = performance.now();
    const { findings, checked } = checkProjectFiles(positionals[0] ?? process.cwd());
    return report('project-files', findings, `${checked.join(', ')} checked: ${findings.length} problems [${secondsSince(start)} s]`);
}

process.exitCode = main(process.argv.slice(2));
