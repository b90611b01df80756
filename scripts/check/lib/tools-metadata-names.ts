/**
 * STYLE.md §2 naming rules, checked on source-format metadata (`npm run lint:metadata`):
 *
 * | component                                   | rule                                                      |
 * | ------------------------------------------- | --------------------------------------------------------- |
 * | custom field on a standard object, or on a  | `^ABM_[A-Z][A-Za-z0-9]*__c$`                              |
 * | custom object that is not ours              |                                                           |
 * | our custom object / metadata type / event   | `^ABM_[A-Z][A-Za-z0-9]*__(c|mdt|e)$`                       |
 * | custom field on our object                  | `^[A-Z][A-Za-z0-9]*__c$` (no prefix: the object has it)  |
 * | Apex class, trigger                         | `^Abm[A-Z][A-Za-z0-9]*$`                                  |
 * | LWC bundle                                  | `^abm[A-Z][A-Za-z0-9]*$` (jest mocks are not bundles)     |
 * | flow                                        | `ABM_<Object>_<BeforeSave|AfterSave|Scheduled|Screen|Sub>_<Purpose>` or `ABM_Screen_<Purpose>` |
 * | permission set, custom permission, app,     | `^ABM_[A-Z][A-Za-z0-9]*$` (an object tab: the object name) |
 * | tab, static resource, custom label          |                                                           |
 *
 * and: every custom field and every one of our objects has a `<description>`; every custom field except formula
 * fields has `<inlineHelpText>` (formula fields are read-only, the help text would have nothing to tell the user).
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { lineOf, listFiles, rel, type Finding } from './tools-common.js';

export const PATTERNS = {
    prefixedField: /^ABM_[A-Z][A-Za-z0-9]*__c$/,
    ourObject: /^ABM_[A-Z][A-Za-z0-9]*__(c|mdt|e)$/,
    ownField: /^[A-Z][A-Za-z0-9]*__c$/,
    apex: /^Abm[A-Z][A-Za-z0-9]*$/,
    lwc: /^abm[A-Z][A-Za-z0-9]*$/,
    flow: /^ABM_(?:[A-Z][A-Za-z0-9]*_(?:BeforeSave|AfterSave|Scheduled|Screen|Sub)|Screen)_[A-Z][A-Za-z0-9]*$/,
    prefixed: /^ABM_[A-Z][A-Za-z0-9]*$/,
    objectTab: /^ABM_[A-Z][A-Za-z0-9]*__(c|mdt|e)$/
} as const;

/** Suffix → [kind, pattern] for components named by their file. */
const BY_SUFFIX: [string, string, RegExp][] = [
    ['.cls', 'Apex class', PATTERNS.apex],
    ['.trigger', 'Apex trigger', PATTERNS.apex],
    ['.flow-meta.xml', 'Flow', PATTERNS.flow],
    ['.permissionset-meta.xml', 'Permission set', PATTERNS.prefixed],
    ['.customPermission-meta.xml', 'Custom permission', PATTERNS.prefixed],
    ['.app-meta.xml', 'Lightning app', PATTERNS.prefixed],
    ['.resource-meta.xml', 'Static resource', PATTERNS.prefixed]
];

const WHY: Record<string, string> = {
    prefixedField: 'fields on shared objects carry the ABM_ prefix, then PascalCase (e.g. ABM_HealthScore__c)',
    ourObject: 'our objects are ABM_ + PascalCase singular noun (e.g. ABM_AccountPlan__c)',
    ownField: 'fields on our own objects are PascalCase without a prefix (e.g. FiscalYear__c)',
    apex: 'Apex classes and triggers are Abm + PascalCase (e.g. AbmHealthService)',
    lwc: 'LWC bundles are abm + camelCase (e.g. abmHealthScorecard)',
    flow: 'flows are ABM_<Object>_<BeforeSave|AfterSave|Scheduled|Screen|Sub>_<Purpose> (e.g. ABM_Account_AfterSave_NotifyTierChange)',
    prefixed: 'org-wide names are ABM_ + PascalCase (e.g. ABM_BypassAutomation)'
};

function nameFinding(file: string, kind: string, name: string, rule: keyof typeof WHY): Finding {
    return { file, line: 1, message: `${kind} '${name}' does not match ${String(PATTERNS[rule as keyof typeof PATTERNS])}: ${WHY[rule]}` };
}

function stripSuffix(name: string, suffix: string): string {
    return name.slice(0, name.length - suffix.length);
}

/** Is this path inside a Jest folder (tests and platform mocks are not deployed and not named by these rules)? */
function isJestPath(path: string): boolean {
    return path.split(sep).some((p) => p === '__tests__' || p === '__mocks__' || p === 'jest-mocks');
}

/** Line of the root element (where a missing child element would go). */
function rootLine(text: string): number {
    const m = /<[A-Za-z][\w]*[\s>]/.exec(text.replace(/<\?xml[^>]*\?>/, (s) => ' '.repeat(s.length)));
    return m === null ? 1 : (lineOf(text, m[0]) ?? 1);
}

function hasElement(text: string, element: string): boolean {
    const m = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(text);
    return m !== null && (m[1] ?? '').trim() !== '';
}

/** Check every component under `roots`; findings relative to `base`. */
export function checkMetadataNames(roots: string[], base: string): { components: number; findings: Finding[] } {
    const findings: Finding[] = [];
    let components = 0;
    for (const root of roots) {
        for (const file of listFiles(root, () => true)) {
            if (isJestPath(file)) continue;
            const name = basename(file);
            const shown = rel(base, file);
            const parent = basename(dirname(file));
            const grand = basename(dirname(dirname(file)));

            for (const [suffix, kind, pattern] of BY_SUFFIX) {
                if (!name.endsWith(suffix)) continue;
                components++;
                const api = stripSuffix(name, suffix);
                if (!pattern.test(api)) {
                    const rule = (Object.keys(PATTERNS) as (keyof typeof PATTERNS)[]).find((k) => PATTERNS[k] === pattern) ?? 'prefixed';
                    findings.push(nameFinding(shown, kind, api, rule));
                }
            }

            if (name.endsWith('.tab-meta.xml')) {
                components++;
                const api = stripSuffix(name, '.tab-meta.xml');
                if (!PATTERNS.prefixed.test(api) && !PATTERNS.objectTab.test(api))
                    findings.push(nameFinding(shown, 'Tab', api, 'prefixed'));
            }

            if (name.endsWith('.js-meta.xml') && grand === 'lwc') {
                components++;
                if (!PATTERNS.lwc.test(parent)) findings.push(nameFinding(shown, 'LWC bundle', parent, 'lwc'));
            }

            if (name.endsWith('.labels-meta.xml')) {
                const text = readFileSync(file, 'utf8');
                for (const m of text.matchAll(/<labels>\s*<fullName>([^<]*)<\/fullName>/g)) {
                    components++;
                    const label = (m[1] ?? '').trim();
                    if (!PATTERNS.prefixed.test(label)) {
                        findings.push({ ...nameFinding(shown, 'Custom label', label, 'prefixed'), line: lineOf(text, m[0]) ?? 1 });
                    }
                }
            }

            if (name.endsWith('.object-meta.xml') && grand === 'objects') {
                const api = stripSuffix(name, '.object-meta.xml');
                if (!api.includes('__')) continue; // a standard object's settings: not ours, no rule
                components++;
                if (!PATTERNS.ourObject.test(api)) findings.push(nameFinding(shown, 'Custom object', api, 'ourObject'));
                const text = readFileSync(file, 'utf8');
                if (!hasElement(text, 'description')) {
                    findings.push({
                        file: shown,
                        line: rootLine(text),
                        message: `Custom object '${api}' has no <description> (why it exists, who owns it)`
                    });
                }
            }

            if (name.endsWith('.field-meta.xml') && parent === 'fields') {
                const object = basename(dirname(dirname(file)));
                const field = stripSuffix(name, '.field-meta.xml');
                if (!field.includes('__')) continue; // a standard field's settings (e.g. a picklist's values)
                components++;
                const ours = object.startsWith('ABM_') && object.includes('__');
                const rule = ours ? 'ownField' : 'prefixedField';
                if (!PATTERNS[rule].test(field)) findings.push(nameFinding(shown, `Field on ${object}`, `${object}.${field}`, rule));
                const text = readFileSync(file, 'utf8');
                const line = rootLine(text);
                if (!hasElement(text, 'description')) {
                    findings.push({
                        file: shown,
                        line,
                        message: `Field '${object}.${field}' has no <description> (why it exists, who owns it)`
                    });
                }
                if (!hasElement(text, 'formula') && !hasElement(text, 'inlineHelpText')) {
                    findings.push({
                        file: shown,
                        line,
                        message: `Field '${object}.${field}' has no <inlineHelpText> (what a user should enter)`
                    });
                }
            }
        }
    }
    return { components, findings };
}
