/**
 * npm run check:formulas -- [--standard FILE] [PACKAGE_DIR…]
 *
 * The formula checker: parses every formula of the project (formula fields, default values, validation rules, flow
 * formulas and entry conditions, report summary formulas) with Salesforce's formula grammar and type-checks it, and the
 * typed conditions of flows (decision conditions, start and record filters), against the project's objects and the
 * standard field list (config/standard-fields.txt, or an org's own with --standard).
 * Prints `file:line: rule: message ['token']` per finding and a summary; exit 1 on any finding, 2 on usage errors.
 */
import { plural, findingLine, runCheckCli, type CheckCli } from './lib/check-cli.js';
import { collectFormulas } from './lib/formula/collect.js';
import { checkFlowConditions } from './lib/formula/flow-conditions.js';
import { checkFormula } from './lib/formula/types.js';

export const FORMULAS: CheckCli = {
    name: 'formulas',
    help: `Usage: npm run check:formulas -- [--standard FILE] [PACKAGE_DIR...]

Parses and type-checks every formula (formula fields, default values, validation rules, flow formulas and entry
conditions, report summary formulas) and every flow condition of the package directories of sfdx-project.json (or the
folders given).
  --standard FILE   standard objects and fields with types (default config/standard-fields.txt)`,
    standard: true,
    run({ inventory }) {
        const inv = inventory();
        const sites = collectFormulas(inv);
        const findings = [...sites.flatMap((s) => checkFormula(inv, s)), ...inv.xml.flatMap((x) => checkFlowConditions(inv, x))];
        return {
            lines: findings.map(findingLine),
            summary: `${plural(sites.length, 'formula')} in ${plural(new Set(sites.map((s) => s.file)).size, 'file')} checked in {ms} ms: ${plural(findings.length, 'error')}`,
            failed: findings.length > 0
        };
    }
};

if (require.main === module) runCheckCli(FORMULAS);
