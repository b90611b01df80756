/**
 * The text-integrity lint and the format-preservation check bite: each line break planted into a copy of force-app
 * is reported at its file, line and token; the project itself is clean; a Prettier config that re-wraps XML text
 * (xmlWhitespaceSensitivity "ignore", with or without wrapping) fails the format check on the project's own files.
 */
import { packageDirectories } from '../../scripts/check/lib/tools-common';
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInventory } from '../../scripts/check/lib/inventory';
import { lintText, type TextFinding } from '../../scripts/check/lib/text-integrity';
import { expectOnlyFinding, PlantedProject, plantedProjects, ROOT, SRC } from './planted';

const lint = (dir: string): TextFinding[] => lintText(buildInventory(packageDirectories(dir), '', 'none', dir).xml);

const planted = plantedProjects();

describe('text-integrity', () => {
    it('finds nothing in the project', () => {
        expect(lint(ROOT)).toEqual([]);
    });

    const cases = [
        {
            name: 'a custom label value with a line break',
            file: 'labels/CustomLabels.labels-meta.xml',
            from: 'owned by an active AE: an active user',
            to: 'owned by an active AE:\n            an active user',
            line: 'active AE:\n',
            token: 'AE:⏎an',
            rule: 'text-line-break',
            message: /line break inside a custom label value <value>/
        },
        {
            name: 'a help text with a line break',
            file: 'objects/ABM_AccountPlan__c/fields/Status__c.field-meta.xml',
            from: 'Active when agreed, Under Review',
            to: 'Active when agreed,\nUnder Review',
            line: '<inlineHelpText>',
            token: 'agreed,⏎Under',
            rule: 'text-line-break',
            message: /help text <inlineHelpText>/
        },
        {
            name: 'a picklist value label with a line break',
            file: 'objects/ABM_AccountPlan__c/fields/Status__c.field-meta.xml',
            from: '<label>Under Review</label>',
            to: '<label>Under\n                Review</label>',
            line: '<label>Under\n',
            token: 'Under⏎Review',
            rule: 'text-line-break',
            message: /label <label>/
        },
        {
            name: 'a validation error message with a line break',
            file: 'objects/ABM_IntentSignal__c/validationRules/StrengthInRange.validationRule-meta.xml',
            from: 'Strength must be between 0 and 100.',
            to: 'Strength must be\n        between 0 and 100.',
            line: '<errorMessage>',
            token: 'be⏎between',
            rule: 'text-line-break',
            message: /error message <errorMessage>/
        },
        {
            name: 'a line break inside a formula string literal',
            file: 'flows/ABM_Account_BeforeSave_StampDates.flow-meta.xml',
            from: '"SQL Account"',
            to: '"SQL\n        Account"',
            line: '"SQL\n',
            token: '"SQL⏎Account"),',
            rule: 'text-rewrap',
            message: /<expression>: a line break inside a string literal/
        },
        {
            name: 'a line break inside a two-character operator',
            file: 'objects/Account/fields/ABM_EngagedLast30Days__c.field-meta.xml',
            from: 'ABM_DaysSinceEngagement__c &lt;= 30',
            to: 'LastActivityDate &lt;\n= TODAY()',
            line: '<formula>',
            token: '<⏎=',
            rule: 'text-rewrap',
            message: /a line break inside the operator <=/
        },
        {
            name: 'a line break inside a {!merge} reference of a flow formula',
            file: 'flows/ABM_Lead_AfterSave_RouteLead.flow-meta.xml',
            from: '&amp; {!$Flow.FaultMessage}',
            to: '&amp; {!$Flow.\nFaultMessage}',
            line: '{!$Flow.\n',
            token: '{!$Flow.⏎FaultMessage},',
            rule: 'text-rewrap',
            message: /a line break inside a \{!merge\} reference/
        }
    ];

    it.each(cases)('$name', ({ file, from, to, ...expected }) => {
        const p = planted();
        const rel = p.plant(file, from, to);
        expectOnlyFinding(lint(p.dir), p, rel, expected);
    });

    it('accepts line breaks between formula tokens', () => {
        const p = planted();
        p.plant(
            'objects/Account/fields/ABM_EngagedLast30Days__c.field-meta.xml',
            'ABM_DaysSinceEngagement__c &lt;= 30',
            'ABM_DaysSinceEngagement__c\n    &lt;=\n    30'
        );
        expect(lint(p.dir)).toEqual([]);
    });
});

describe('format-text (Prettier with the project config keeps element text)', () => {
    const BASE = {
        singleQuote: true,
        tabWidth: 4,
        printWidth: 140,
        trailingComma: 'none',
        plugins: ['prettier-plugin-apex', '@prettier/plugin-xml']
    };
    const ENGAGED = join(SRC, 'objects', 'Account', 'fields', 'ABM_EngagedLast30Days__c.field-meta.xml');
    const BAND = join(SRC, 'objects', 'Account', 'fields', 'ABM_HealthBand__c.field-meta.xml');
    /** The CLI in the planted copy (Prettier's ESM API does not load inside Jest's CommonJS sandbox). */
    const run = (p: PlantedProject, ...dirs: string[]) => {
        symlinkSync(join(ROOT, 'node_modules'), join(p.dir, 'node_modules'));
        const r = spawnSync(
            join(ROOT, 'node_modules', '.bin', 'tsx'),
            [join(ROOT, 'scripts', 'check', 'format-preservation.ts'), ...dirs],
            {
                cwd: p.dir,
                encoding: 'utf8'
            }
        );
        return { status: r.status, out: r.stdout + r.stderr };
    };
    const FIELDS = [join(SRC, 'objects', 'Account', 'fields'), join(SRC, 'objects', 'ABM_AccountPlan__c', 'fields')];

    it('the project config changes no text (exit 0)', () => {
        const r = run(planted(), ...FIELDS, join(SRC, 'flows'), join(SRC, 'labels'));
        expect(r.out).toMatch(
            /^format-text: \d+ XML files formatted in memory with the project's Prettier config in \d+ ms: 0 text changes\n$/
        );
        expect(r.status).toBe(0);
    });

    it('xmlWhitespaceSensitivity "ignore" (even without wrapping) turns <= into < = in a formula: reported at the formula (exit 1)', () => {
        const p = planted();
        writeFileSync(
            join(p.dir, '.prettierrc'),
            JSON.stringify({
                ...BASE,
                xmlWhitespaceSensitivity: 'ignore',
                overrides: [{ files: 'force-app/**/*.xml', options: { printWidth: 100000 } }]
            })
        );
        const r = run(p, ...FIELDS);
        expect(r.status).toBe(1);
        expect(r.out).toContain(
            `${ENGAGED}:${p.lineOf(ENGAGED, '<formula>')}: format-changes-text: formatting changes the text of <formula>: `
        );
        expect(r.out).toContain("'_DaysSinceEngagement__c <= 30), 1, 0)' becomes '_DaysSinceEngagement__c < = 30), 1, 0)'");
    });

    it('the old config (ignore, wrapped at 140) breaks a formula string literal and re-wraps descriptions (exit 1)', () => {
        const p = planted();
        writeFileSync(join(p.dir, '.prettierrc'), JSON.stringify({ ...BASE, xmlWhitespaceSensitivity: 'ignore' }));
        const r = run(p, ...FIELDS);
        expect(r.status).toBe(1);
        expect(r.out).toContain(`${BAND}:${p.lineOf(BAND, '<formula>')}: format-changes-text: formatting changes the text of <formula>: `);
        expect(r.out).toMatch(/becomes '[^']*"At⏎ +risk"/);
        expect(r.out).toContain(
            `${ENGAGED}:${p.lineOf(ENGAGED, '<description>')}: format-changes-text: formatting changes the text of <description>`
        );
    });
});
