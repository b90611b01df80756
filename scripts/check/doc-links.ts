/**
 * npm test (check "doc-links"): tsx scripts/check/doc-links.ts [PROJECT_DIR]
 *
 * Every relative link, image and anchor in README.md, CHANGELOG.md and docs/**.md resolves in the repository, and the
 * README stays a front page (scripts/check/lib/doc-links.ts). Exit 0 clean, 1 findings, 2 usage.
 */
import { parseArgs } from 'node:util';
import { checkDocLinks, README_MAX_LINES } from './lib/doc-links.js';
import { report, secondsSince } from './lib/tools-common.js';

function main(argv: string[]): number {
    let positionals: string[];
    try {
        ({ positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {} }));
    } catch (error) {
        process.stderr.write(`doc-links: ${(error as Error).message}\nUsage: tsx scripts/check/doc-links.ts [PROJECT_DIR]\n`);
        return 2;
    }
    const start = performance.now();
    const { findings, files, links } = checkDocLinks(positionals[0] ?? process.cwd());
    return report(
        'doc-links',
        findings,
        `${files} markdown files, ${links} relative links and anchors checked, README at most ${README_MAX_LINES} lines: ${findings.length} problems [${secondsSince(start)} s]`
    );
}

process.exitCode = main(process.argv.slice(2));
