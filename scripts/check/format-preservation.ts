/**
 * npm run check:format-text -- [PACKAGE_DIR…]
 *
 * Formats every metadata XML file of the project in memory with the project's Prettier config and fails when an
 * element's text (apart from surrounding whitespace), an attribute or an element would change. Nothing is written.
 * Prints `file:line: rule: message` per finding and a summary; exit 1 on any finding, 2 on usage errors.
 */
import { relative, resolve } from 'node:path';
import { findingLine, plural, runCheckCli, type CheckCli } from './lib/check-cli.js';
import { checkFormatPreservation } from './lib/format-preservation.js';
import { listFiles } from './lib/tools-common.js';

export const FORMAT_PRESERVATION: CheckCli = {
    name: 'format-text',
    help: `Usage: npm run check:format-text -- [PACKAGE_DIR...]

Formats a copy (in memory) of every metadata XML file with the project's .prettierrc and reports each element whose
text would change (formulas, labels, help text, …). Default: the package directories of sfdx-project.json.`,
    async run({ dirs }) {
        const files = dirs.flatMap((d) => listFiles(d, (n) => n.endsWith('.xml'))).map((f) => resolve(f));
        const { findings, formatted } = await checkFormatPreservation(process.cwd(), files, (f) => relative(process.cwd(), f));
        return {
            lines: findings.map((f) => findingLine({ ...f, token: '' })),
            summary: `${formatted} XML files formatted in memory with the project's Prettier config in {ms} ms: ${plural(findings.length, 'text change')}`,
            failed: findings.length > 0
        };
    }
};

if (require.main === module) runCheckCli(FORMAT_PRESERVATION);
