/**
 * npm run check:text -- [PACKAGE_DIR…]
 *
 * Text integrity of the metadata: no line break inside labels, custom label values, help text, error messages, picklist
 * labels and descriptions; no line break where it changes a formula or flow expression (inside a string literal, a
 * two-character operator or a {!merge} reference). Prints `file:line: rule: message ['token']` per finding and a
 * summary; exit 1 on any finding, 2 on usage errors.
 */
import { findingLine, plural, runCheckCli, type CheckCli } from './lib/check-cli.js';
import { lintText } from './lib/text-integrity.js';

export const TEXT_INTEGRITY: CheckCli = {
    name: 'text-integrity',
    help: `Usage: npm run check:text -- [PACKAGE_DIR...]

Flags line breaks inside one-line texts (labels, custom label values, help text, error messages, descriptions) and
line breaks that change a formula or flow expression, in the package directories of sfdx-project.json (or the folders given).`,
    run({ inventory }) {
        const inv = inventory();
        const findings = lintText(inv.xml);
        return {
            lines: findings.map(findingLine),
            summary: `${plural(inv.xml.length, 'metadata file')} checked in {ms} ms: ${plural(findings.length, 'finding')}`,
            failed: findings.length > 0
        };
    }
};

if (require.main === module) runCheckCli(TEXT_INTEGRITY);
