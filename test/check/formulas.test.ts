/**
 * The formula checker bites: the project's own formulas are clean; each mistake planted into a copy of force-app is
 * reported at its file, line and token; the grammar's rules (single-token operators, string literals, precedence) and the
 * type rules (functions, arity, argument and operand types, picklists, references, result types, contexts) each have a case.
 */
import { packageDirectories } from '../../scripts/check/lib/tools-common';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFormulas } from '../../scripts/check/lib/formula/collect';
import { checkFlowConditions } from '../../scripts/check/lib/formula/flow-conditions';
import { parseFormula, FormulaSyntaxError, type Node } from '../../scripts/check/lib/formula/syntax';
import { checkFormula, type FormulaFinding, type FormulaSite } from '../../scripts/check/lib/formula/types';
import { buildInventory, type Inventory } from '../../scripts/check/lib/inventory';
import { expectOnlyFinding, plantedProjects, ROOT } from './planted';
import { checkInProcess } from './run-check';
import { FORMULAS } from '../../scripts/check/formulas';

const STANDARD = readFileSync(join(ROOT, 'config', 'standard-fields.txt'), 'utf8');

function inventory(dir: string): Inventory {
    return buildInventory(packageDirectories(dir), STANDARD, 'standard-fields.txt', dir);
}

function check(dir: string): FormulaFinding[] {
    const inv = inventory(dir);
    return [...collectFormulas(inv).flatMap((s) => checkFormula(inv, s)), ...inv.xml.flatMap((x) => checkFlowConditions(inv, x))];
}

const planted = plantedProjects();

describe('the project', () => {
    it('has no formula error, and every kind of formula is found', () => {
        const inv = inventory(ROOT);
        const sites = collectFormulas(inv);
        expect(sites.flatMap((s) => checkFormula(inv, s))).toEqual([]);
        expect(inv.xml.flatMap((x) => checkFlowConditions(inv, x))).toEqual([]);
        const contexts = new Set(sites.map((s) => s.context));
        for (const c of ['formulaField', 'validationRule', 'defaultValue', 'flowFormula', 'flowEntry', 'reportFormula'] as const)
            expect(contexts).toContain(c);
    });
});

describe('bite tests: one mistake planted into a copy of force-app', () => {
    const cases: { name: string; file: string; from: string; to: string; line: string; token: string; rule: string; message: RegExp }[] = [
        {
            name: 'a split operator (< =)',
            file: 'objects/Account/fields/ABM_EngagedLast30Days__c.field-meta.xml',
            from: 'ABM_DaysSinceEngagement__c &lt;= 30',
            to: 'LastActivityDate &lt; = TODAY()',
            line: '<formula>',
            token: '< =',
            rule: 'formula-syntax',
            message: /split operator '< =': <= is one token/
        },
        {
            name: 'a split operator across a line break (> then =)',
            file: 'objects/CampaignMember/fields/ABM_AccountSqlWithin60Days__c.field-meta.xml',
            from: 'ABM_SqlEnteredDate__c &gt;= DATEVALUE',
            to: 'ABM_SqlEnteredDate__c &gt;\n= DATEVALUE',
            line: '<formula>',
            token: '>\n=',
            rule: 'formula-syntax',
            message: /split operator '> =': >= is one token/
        },
        {
            name: 'an unknown function',
            file: 'objects/Account/fields/ABM_DaysInStage__c.field-meta.xml',
            from: 'TODAY() - ABM_StageEnteredDate__c',
            to: 'TODAYS() - ABM_StageEnteredDate__c',
            line: '<formula>',
            token: 'TODAYS',
            rule: 'formula-function',
            message: /unknown function TODAYS\(\) \(did you mean 'TODAY'\?\)/
        },
        {
            name: 'a wrong arity (flow formula)',
            file: 'flows/ABM_Lead_AfterSave_RouteLead.flow-meta.xml',
            from: '{!$Flow.FaultMessage}, 255)',
            to: '{!$Flow.FaultMessage})',
            line: 'LEFT("Routing failed',
            token: 'LEFT',
            rule: 'formula-arity',
            message: /LEFT\(\) takes 2 arguments, received 1/
        },
        {
            name: 'a string literal broken across lines (flow formula)',
            file: 'flows/ABM_Account_BeforeSave_StampDates.flow-meta.xml',
            from: '{!$Record.ABM_Stage__c}, "SQL Account")',
            to: '{!$Record.ABM_Stage__c}, "SQL\nAccount")',
            line: '"SQL',
            token: '"SQL',
            rule: 'formula-syntax',
            message: /string literal broken across lines/
        },
        {
            name: 'a text-vs-number comparison (validation rule)',
            file: 'objects/ABM_IntentSignal__c/validationRules/StrengthInRange.validationRule-meta.xml',
            from: 'Strength__c > 100',
            to: 'Strength__c > "100"',
            line: '<errorConditionFormula>',
            token: '>',
            rule: 'formula-type',
            message: /comparison > of Number with Text \(Strength__c > "100"\)/
        },
        {
            name: 'a mistake on the third line of a multi-line formula',
            file: 'objects/Account/fields/ABM_DaysInStage__c.field-meta.xml',
            from: 'TODAY() - ABM_StageEnteredDate__c',
            to: 'TODAY()\n    -\n    ABM_StageEnterdDate__c',
            line: 'ABM_StageEnterdDate__c',
            token: 'ABM_StageEnterdDate__c',
            rule: 'formula-reference',
            message: /field Account.ABM_StageEnterdDate__c does not exist \(did you mean 'ABM_StageEnteredDate__c'\?\)/
        },
        {
            name: 'a picklist compared with = (entry condition)',
            file: 'flows/ABM_Account_BeforeSave_StampDates.flow-meta.xml',
            from: 'ISCHANGED({!$Record.ABM_NextStep__c})))</filterFormula>',
            to: '{!$Record.ABM_Tier__c} = "1"))</filterFormula>',
            line: '<filterFormula>',
            token: '{!$Record.ABM_Tier__c}',
            rule: 'formula-type',
            message: /picklist used in operator =: only ISPICKVAL, CASE, TEXT/
        },
        {
            name: 'a result type that does not match the field type',
            file: 'objects/Account/fields/ABM_DaysInStage__c.field-meta.xml',
            from: 'TODAY() - ABM_StageEnteredDate__c',
            to: 'TEXT(TODAY() - ABM_StageEnteredDate__c)',
            line: '<formula>',
            token: 'TEXT',
            rule: 'formula-result',
            message: /returns Text, but formula field Account.ABM_DaysInStage__c needs Number/
        },
        {
            name: 'an unknown $Record field in a flow',
            file: 'flows/ABM_Seller_BeforeSave_SetUserKey.flow-meta.xml',
            from: 'ISCHANGED({!$Record.User__c})',
            to: 'ISCHANGED({!$Record.Usr__c})',
            line: '<filterFormula>',
            token: '{!$Record.Usr__c}',
            rule: 'formula-reference',
            message: /field ABM_Seller__c.Usr__c does not exist \(did you mean 'User__c'\?\)/
        },
        {
            name: 'a report summary formula with an unknown function',
            file: 'reports/ABM_Reports/ABM_Win_Rate_By_Tier.report-meta.xml',
            from: 'WON:SUM / CLOSED:SUM',
            to: 'WON:SUM / CLOSED:SUMM',
            line: '<calculatedFormula>',
            token: 'CLOSED:SUMM',
            rule: 'formula-reference',
            message: /summary SUMM is not one of SUM, AVG, MIN, MAX, UNIQUE/
        }
    ];

    it.each(cases)('$name', ({ file, from, to, ...expected }) => {
        const p = planted();
        const rel = p.plant(file, from, to);
        expectOnlyFinding(check(p.dir), p, rel, expected);
    });

    it('a flow decision condition comparing a checkbox with a number', () => {
        const p = planted();
        const rel = p.plant(
            'flows/ABM_Lead_AfterSave_RouteLead.flow-meta.xml',
            '    <description>Lead routing (ABM).',
            '    <decisions>\n        <name>Decide_Reroute</name>\n        <label>Decide Reroute</label>\n        <locationX>0</locationX>\n        <locationY>0</locationY>\n        <defaultConnectorLabel>Default</defaultConnectorLabel>\n        <rules>\n            <name>Is_Reroute</name>\n            <conditionLogic>and</conditionLogic>\n            <conditions>\n                <leftValueReference>$Record.ABM_IsRerouteRequested__c</leftValueReference>\n                <operator>EqualTo</operator>\n                <rightValue>\n                    <numberValue>1.0</numberValue>\n                </rightValue>\n            </conditions>\n            <label>Is Reroute</label>\n        </rules>\n    </decisions>\n    <description>Lead routing (ABM).'
        );
        const findings = check(p.dir);
        expect(findings).toEqual([
            expect.objectContaining({ file: rel, line: p.lineOf(rel, '<conditions>'), token: 'EqualTo', rule: 'formula-type' })
        ]);
        expect(findings[0]!.message).toMatch(/condition \$Record.ABM_IsRerouteRequested__c EqualTo 1.0 compares Boolean with Number/);
    });

    it('a start filter comparing a number field with text, and one naming a missing field', () => {
        const p = planted();
        const rel = p.plant(
            'flows/ABM_Seller_BeforeSave_SetUserKey.flow-meta.xml',
            '    <start>\n',
            '    <start>\n        <filters>\n            <field>Tier1CapacityMax__c</field>\n            <operator>GreaterThan</operator>\n            <value>\n                <stringValue>15</stringValue>\n            </value>\n        </filters>\n        <filters>\n            <field>Tier1CapacityMx__c</field>\n            <operator>IsChanged</operator>\n            <value>\n                <booleanValue>true</booleanValue>\n            </value>\n        </filters>\n'
        );
        const findings = check(p.dir);
        expect(findings).toEqual([
            expect.objectContaining({
                file: rel,
                line: p.lineOf(rel, '<filters>\n            <field>Tier1CapacityMax__c'),
                token: 'GreaterThan',
                rule: 'formula-type'
            }),
            expect.objectContaining({
                file: rel,
                line: p.lineOf(rel, '<field>Tier1CapacityMx__c'),
                token: 'Tier1CapacityMx__c',
                rule: 'formula-reference'
            })
        ]);
        expect(findings[0]!.message).toMatch(/condition Tier1CapacityMax__c GreaterThan "15" compares Number with Text/);
    });

    it('CLI: prints file:line: rule: message [token], exits 1; 0 on the clean copy', async () => {
        const p = planted();
        const argv = ['--standard', join(ROOT, 'config', 'standard-fields.txt')];
        // The clean copy in-process (test/check/run-check.ts), the planted error as the real process.
        const ok = await checkInProcess(FORMULAS, argv, p.dir);
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(/^formulas: \d+ formulas in \d+ files checked in \d+ ms: 0 errors\n$/);
        const rel = p.plant(
            'objects/Account/fields/ABM_EngagedLast30Days__c.field-meta.xml',
            'ABM_DaysSinceEngagement__c &lt;= 30',
            'LastActivityDate &lt; = TODAY()'
        );
        const bad = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'check', 'formulas.ts'), ...argv], {
            cwd: p.dir,
            encoding: 'utf8'
        });
        expect(bad.status).toBe(1);
        expect(String(bad.stdout)).toContain(
            `${rel}:${p.lineOf(rel, '<formula>')}: formula-syntax: formula field Account.ABM_EngagedLast30Days__c: split operator '< =':`
        );
        expect(String(bad.stdout)).toMatch(/: 1 error\n$/);
    });
});

describe('the grammar (FormulaGrammar.g)', () => {
    const shape = (n: Node): string => {
        switch (n.kind) {
            case 'binary':
                return `(${shape(n.left)} ${n.op} ${shape(n.right)})`;
            case 'unary':
                return `(${n.op} ${shape(n.arg)})`;
            case 'call':
                return `${n.name}(${n.args.map(shape).join(', ')})`;
            case 'ref':
                return n.name;
            case 'string':
                return JSON.stringify(n.value);
            case 'number':
                return String(n.value);
            case 'boolean':
                return String(n.value);
            case 'null':
                return 'null';
        }
    };
    it.each([
        ['a || b && c = d', '(a || (b && (c = d)))'],
        ['1 + 2 * 3', '(1 + (2 * 3))'],
        ['2 * 3 ^ 2', '((2 * 3) ^ 2)'],
        ['a <> b', '(a <> b)'],
        ['NOT a = b', '((NOT a) = b)'],
        ['!a', '(NOT a)'],
        ['-x + 1', '((- x) + 1)'],
        ["\"a\" & 'b\\'c' /* note */", '("a" & "b\'c")'],
        ['Owner.Name', 'Owner.Name'],
        ['Amount:SUM / RowCount', '(Amount:SUM / RowCount)'],
        ['if(TRUE, null, 1.5)', 'if(true, null, 1.5)']
    ])('%s parses as %s', (src, expected) => {
        expect(shape(parseFormula(src))).toBe(expected);
    });

    it.each([
        ['a < = b', "split operator '< ='"],
        ['a > = b', "split operator '> ='"],
        ['a < > b', "split operator '< >'"],
        ['a ! = b', "split operator '! ='"],
        ['a & & b', "split operator '& &'"],
        ['a | | b', "split operator '| |'"],
        ['a | b', "unexpected character '|'"],
        ['"open', 'string literal not closed'],
        ['"a\\q"', 'invalid escape'],
        ['1 +', 'unexpected end of formula'],
        ['f(1,)', "unexpected ')'"],
        ['(1', "expected ')'"],
        ['/* x', 'comment not closed'],
        ['{!x}', 'merge field syntax {!…} is not allowed here'],
        ['', 'empty formula']
    ])('%j is a syntax error (%s)', (src, message) => {
        expect(() => parseFormula(src)).toThrow(FormulaSyntaxError);
        expect(() => parseFormula(src)).toThrow(message);
    });
});

describe('type rules', () => {
    const inv = inventory(ROOT);
    const site = (text: string, extra: Partial<FormulaSite> = {}): FormulaSite => ({
        file: 'f',
        line: 1,
        text,
        what: 'w',
        context: 'formulaField',
        object: 'Account',
        ...extra
    });
    const errors = (text: string, extra: Partial<FormulaSite> = {}): string[] =>
        checkFormula(inv, site(text, extra)).map((f) => `${f.rule} [${f.token}]`);

    it.each([
        ['TODAY() - ABM_StageEnteredDate__c', 'Number'],
        ['TODAY() + 7', 'Date'],
        ['NOW() - CreatedDate', 'Number'],
        ['IF(ISPICKVAL(ABM_Tier__c, "1"), "a", NULL)', 'Text'],
        ['CASE(ABM_Tier__c, "1", 1, "2", 2, 0)', 'Number'],
        ['Owner.IsActive && NOT(ISBLANK(Owner.Email))', 'Boolean'],
        ['BLANKVALUE(ABM_LastEngagementDate__c, DATEVALUE(CreatedDate))', 'Date'],
        ['MAX(1, ABM_IcpFitScore__c)', 'Number'],
        ['$User.Username = Owner.Username', 'Boolean'],
        ['Parent.Parent.Name & " / " & Name', 'Text']
    ] as const)('%s is a valid %s formula', (text, expected) => {
        expect(errors(text, { expected })).toEqual([]);
    });

    it.each([
        ['TODAY() - CreatedDate', 'formula-type [-]'],
        ['TEXT(ABM_Tier__c) & 1', 'formula-type [1]'],
        ['IF(TRUE, 1, "a")', 'formula-type ["a"]'],
        ['IF(1, 1, 2)', 'formula-type [1]'],
        ['NOT(Name)', 'formula-type [Name]'],
        ['LEFT(Name, "2")', 'formula-type ["2"]'],
        ['CASE(ABM_Tier__c, "1", 1)', 'formula-arity [CASE]'],
        ['CASE(ABM_Tier__c, ABM_Stage__c, 1, 0)', 'formula-type [ABM_Stage__c]'],
        ['ISPICKVAL(ABM_Tier__c, Name)', 'formula-type [Name]'],
        ['ABM_Tier__c', 'formula-type [ABM_Tier__c]'],
        ['ISCHANGED(Name)', 'formula-function [ISCHANGED]'],
        ['REGEX(Name, "a.*")', 'formula-function [REGEX]'],
        ['Owner.Nme', 'formula-reference [Owner.Nme]'],
        ['Foo__r.Name', 'formula-reference [Foo__r.Name]'],
        ['$Permission.ABM_NoSuchPermission', 'formula-reference [$Permission.ABM_NoSuchPermission]'],
        [
            '$CustomMetadata.ABM_Setting__mdt.NoSuchRecord.DormantDays__c',
            'formula-reference [$CustomMetadata.ABM_Setting__mdt.NoSuchRecord.DormantDays__c]'
        ],
        ['$Flow.CurrentDate', 'formula-reference [$Flow.CurrentDate]'],
        ['$Nope.X', 'formula-reference [$Nope.X]'],
        ['Date() ', 'formula-arity [Date]']
    ])('%s is reported (%s)', (text, expected) => {
        expect(errors(text)).toContain(expected);
    });

    it('default values cannot reference record fields; validation rules must return Boolean', () => {
        expect(errors('Name', { context: 'defaultValue', expected: 'Text' })).toEqual(['formula-reference [Name]']);
        expect(errors('$User.Username', { context: 'defaultValue', expected: 'Text' })).toEqual([]);
        expect(errors('ISNEW()', { context: 'validationRule', expected: 'Boolean' })).toEqual([]);
        expect(errors('Name', { context: 'validationRule', expected: 'Boolean' })).toEqual(['formula-result [Name]']);
    });

    it('flow formulas: {!resource} and $Record references, bare names rejected', () => {
        const flow = {
            recordObject: 'Account',
            resources: new Map([['varcount', { name: 'varCount', type: 'Number' as const, collection: false }]])
        };
        const f = (text: string): string[] => errors(text, { context: 'flowFormula', object: undefined, flow });
        expect(f('{!varCount} + 1 > {!$Record.ABM_IcpFitScore__c}')).toEqual([]);
        expect(f('{!varCont} + 1')).toEqual(['formula-reference [{!varCont}]']);
        expect(f('{!$Record.Nmae} = ""')).toEqual(['formula-reference [{!$Record.Nmae}]']);
        expect(f('Name = ""')).toEqual(['formula-reference [Name]']);
        expect(f('{!varCount} = "1"')).toEqual(['formula-type [=]']);
    });
});
