/**
 * npm run check:platform -- [--standard FILE] [--known FILE] [PACKAGE_DIR…]
 *
 * Platform rules the Metadata API schema cannot express (owner fields on master-detail children, long text custom
 * metadata read through getInstance/getAll, profiles looked up by name, label copies in Apex tests, without-sharing
 * classes that don't say why, SLDS 2 component hooks, stale cacheable wires on record pages, dynamic dashboard limits,
 * detail edit without master edit, Lead/Contact/Account saves that alert-only duplicate rules refuse). Findings listed in config/platform-rules-known.json (rule + file, with the owner who
 * fixes them) are printed as known and do not fail; a known entry that no longer occurs fails (remove it).
 * Prints `file:line: rule: message ['token']` per finding and a summary; exit 1 on any new finding, 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { findingLine, plural, runCheckCli, type CheckCli } from './lib/check-cli.js';
import { PlatformRules } from './lib/platform-rules.js';

type Known = { rule: string; file: string; owner: string; why: string };

export const PLATFORM_RULES: CheckCli = {
    name: 'platform-rules',
    help: `Usage: npm run check:platform -- [--standard FILE] [--known FILE] [PACKAGE_DIR...]

Checks the platform rules of docs/checks.md ("platform-rules") on the package directories of sfdx-project.json.
  --standard FILE   standard objects and fields (default config/standard-fields.txt)
  --known FILE      known findings, not failing (default config/platform-rules-known.json)`,
    standard: true,
    flags: { known: 'config/platform-rules-known.json' },
    run({ flags, inventory }) {
        const knownFile = flags.known!;
        const known: Known[] = existsSync(knownFile) ? (JSON.parse(readFileSync(knownFile, 'utf8')) as Known[]) : [];
        const inv = inventory();
        const findings = new PlatformRules(inv, '.').run();
        const isKnown = (f: { rule: string; file: string }): Known | undefined => known.find((k) => k.rule === f.rule && k.file === f.file);
        const fresh = findings.filter((f) => isKnown(f) === undefined);
        const stale = known.filter((k) => !findings.some((f) => f.rule === k.rule && f.file === k.file));
        return {
            lines: [
                ...fresh.map(findingLine),
                ...findings.filter((f) => isKnown(f) !== undefined).map((f) => `known (${isKnown(f)!.owner}): ${findingLine(f)}`),
                ...stale.map((k) => `${knownFile}: known finding ${k.rule} in ${k.file} no longer occurs: remove it from the list`)
            ],
            summary:
                `${plural(inv.xml.length, 'metadata file')}, ${plural(inv.apex.length, 'Apex file')}, ${plural(inv.lwc.size, 'LWC bundle')} checked in {ms} ms: ` +
                `${plural(fresh.length, 'finding')}, ${findings.length - fresh.length} known, ${stale.length} stale known`,
            failed: fresh.length > 0 || stale.length > 0
        };
    }
};

if (require.main === module) runCheckCli(PLATFORM_RULES);
