/**
 * The schema checker bites: every planted mistake in test/fixtures/metadata/broken is reported at its exact file and line,
 * the good fixture project is clean, and the committed API 66.0 model equals a fresh compile of the shared WSDL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { compileWsdl, loadModel, ModelIndex } from '../../scripts/check/metadata-model';
import { lineOf } from './line-of';
import { validatePaths, validateText, type Finding } from '../../scripts/check/lib/validate';
import { validateCli } from '../../scripts/check/validate-metadata';
import { inFolder } from './run-check';

const ROOT = join(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'metadata');
const BROKEN = join(FIX, 'broken', 'force-app', 'main', 'default');
const MODEL_PATH = join(ROOT, 'config', 'metadata-model-66.0.json');
const idx = new ModelIndex(loadModel(MODEL_PATH));

describe('validate-metadata on the fixtures', () => {
    const broken = validatePaths(idx, [join(FIX, 'broken')], ROOT);
    const at = (rel: string, needle: string, severity: Finding['severity'], message: RegExp): void => {
        const file = join(BROKEN, rel);
        const line = lineOf(file, needle);
        const hit = broken.findings.find(
            (f) => f.file === relative(ROOT, file) && f.line === line && f.severity === severity && message.test(f.message)
        );
        if (hit === undefined)
            throw new Error(
                `no ${severity} ${String(message)} at ${rel}:${line}; got:\n${broken.findings.map((f) => `${f.file}:${f.line}: ${f.message}`).join('\n')}`
            );
    };

    it('finds nothing in the good project', () => {
        const good = validatePaths(idx, [join(FIX, 'good')], ROOT);
        expect(good.files).toBeGreaterThanOrEqual(18);
        expect(good.findings).toEqual([]);
    });

    it('reports a misspelled element with a did-you-mean hint', () => {
        at(
            'objects/Account/fields/ABM_Misspelled__c.field-meta.xml',
            '<lable>',
            'error',
            /^Element lable invalid at this location in type CustomField \(did you mean 'label'\?\)$/
        );
    });

    it('reports a wrong enum value', () => {
        at(
            'objects/Account/fields/ABM_WrongEnum__c.field-meta.xml',
            'CheckBox',
            'error',
            /invalid value 'CheckBox' for <CustomField.type> \(enum FieldType\) \(did you mean 'Checkbox'\?\)/
        );
        at('flows/ABM_BadValues.flow-meta.xml', 'Autolaunched_Flow', 'error', /enum FlowProcessType.*did you mean 'AutoLaunchedFlow'/);
    });

    it('reports a repeated element split apart (Salesforce: "duplicated at this location")', () => {
        const expectAtSecond = (rel: string, tag: string, type: string): void => {
            const file = join(BROKEN, rel);
            const text = readFileSync(file, 'utf8');
            const second = text.indexOf(`<${tag}>`, text.indexOf(`</${tag}>`));
            expect(broken.findings).toContainEqual({
                file: relative(ROOT, file),
                line: text.slice(0, second).split('\n').length,
                severity: 'error',
                message: `Element ${tag} is duplicated at this location in type ${type} (all <${tag}> elements must be contiguous)`
            });
        };
        expectAtSecond('permissionsets/ABM_Split.permissionset-meta.xml', 'fieldPermissions', 'PermissionSet');
        expectAtSecond('flows/ABM_BadValues.flow-meta.xml', 'assignments', 'Flow');
    });

    it('reports a non-repeatable element repeated', () => {
        at(
            'permissionsets/ABM_Split.permissionset-meta.xml',
            'Second description.',
            'error',
            /^Element description is not repeatable in type PermissionSet/
        );
    });

    it('reports bad boolean, int, date and time values', () => {
        at(
            'objects/Account/fields/ABM_Misspelled__c.field-meta.xml',
            '<required>yes',
            'error',
            /^invalid boolean value 'yes' for <CustomField.required>$/
        );
        at('flows/ABM_BadValues.flow-meta.xml', 'fifty', 'error', /^invalid int value 'fifty'/);
        at('flows/ABM_BadValues.flow-meta.xml', '2026-13-01', 'error', /^invalid date value/);
        at('flows/ABM_BadValues.flow-meta.xml', '25:00:00', 'error', /^invalid time value/);
    });

    it('reports text in a complex element and children in a simple one', () => {
        at(
            'objects/Account/fields/ABM_Plan__c.field-meta.xml',
            '<valueSet>',
            'error',
            /has complex type ValueSet and must not contain text/
        );
        at(
            'objects/Account/fields/ABM_Plan__c.field-meta.xml',
            '<lines>',
            'error',
            /has simple type xsd:int and must not contain child elements \(found <lines>\)/
        );
    });

    it('reports root/suffix mismatch and a wrong namespace, and accepts the tooling namespace on cls', () => {
        at(
            'objects/Account/validationRules/ABM_WrongRoot.validationRule-meta.xml',
            '<CustomField',
            'error',
            /root element <CustomField> does not match the file suffix .validationRule-meta.xml \(expected <ValidationRule>\)/
        );
        at('classes/AbmWrongNs.cls-meta.xml', '<ApexClass', 'error', /^wrong namespace 'http:\/\/soap.sforce.com\/2006\/04\/metadata\/v2'/);
        expect(broken.findings.filter((f) => f.file.endsWith('AbmTooling.cls-meta.xml'))).toEqual([]);
    });

    it('checks LWC targetConfigs (base64Binary in the WSDL) as XML', () => {
        at(
            'lwc/abmBroken/abmBroken.js-meta.xml',
            '<targetConfig ',
            'error',
            /^targetConfig target 'lightning__HomePage' is not listed in <targets>/
        );
        at('lwc/abmBroken/abmBroken.js-meta.xml', '<property', 'error', /needs a type attribute/);
    });

    it('applies the CustomField table rules', () => {
        at(
            'objects/Account/fields/ABM_Misspelled__c.field-meta.xml',
            '<length>',
            'error',
            /^Text field ABM_Misspelled__c: <length> must be 1–255$/
        );
        at(
            'objects/Account/fields/ABM_Plan__c.field-meta.xml',
            '<required>',
            'error',
            /Master-Detail relationship fields cannot be optional or required/
        );
    });

    it('only warns for out-of-order and missing required elements', () => {
        at('tabs/ABM_Order.tab-meta.xml', '<customObject>', 'warning', /^Element customObject is out of order in type CustomTab/);
        at(
            'customPermissions/ABM_NoLicense.customPermission-meta.xml',
            '<CustomPermission',
            'warning',
            /^required element <isLicensed> missing in <CustomPermission>/
        );
    });

    it('reports every planted mistake and nothing else', () => {
        expect(broken.errors).toBe(18);
        expect(broken.warnings).toBe(2);
    });

    it('reports malformed XML with its line', () => {
        const findings = validateText(
            idx,
            'x/Bad__c.field-meta.xml',
            '<?xml version="1.0"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>x</lable>\n</CustomField>\n'
        );
        expect(findings).toHaveLength(1);
        expect(findings[0]).toMatchObject({ line: 3, severity: 'error' });
        expect(findings[0]!.message).toMatch(/^malformed XML: .*label/);
    });
});

describe('validate-metadata CLI', () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    /** The real process (tsx): the entry and its exit code as the shell sees them. */
    const runProcess = (args: string[]) =>
        spawnSync(tsx, [join(ROOT, 'scripts', 'check', 'validate-metadata.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    /** The same CLI in this process (test/check/run-check.ts). */
    const run = (args: string[]) => inFolder(ROOT, (io) => validateCli(args, io));
    const tmp = mkdtempSync(join(tmpdir(), 'abm-validate-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('prints file:line findings and a summary, exit 1 on errors', () => {
        const r = runProcess([join('test', 'fixtures', 'metadata', 'broken')]);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain(
            'test/fixtures/metadata/broken/force-app/main/default/objects/Account/fields/ABM_WrongEnum__c.field-meta.xml:7: error: invalid value'
        );
        expect(r.stdout).toMatch(/validate: 11 files checked against Metadata API 66\.0 .*: 18 errors, 2 warnings/);
    });

    it('passes warnings unless --strict', async () => {
        const dir = join(tmp, 'tabs');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'ABM_Order.tab-meta.xml'), readFileSync(join(BROKEN, 'tabs', 'ABM_Order.tab-meta.xml')));
        expect((await run([dir])).status).toBe(0);
        const strict = await run(['--strict', dir]);
        expect(strict.status).toBe(1);
        expect(strict.stdout).toMatch(/ABM_Order\.tab-meta\.xml:4: error: Element customObject is out of order/);
    });

    it('reports a class meta file without its .cls (SDR: "Expected source files")', () => {
        const dir = join(tmp, 'classes');
        mkdirSync(dir, { recursive: true });
        const meta = readFileSync(join(FIX, 'good', 'force-app', 'main', 'default', 'classes', 'AbmStampAction.cls-meta.xml'));
        writeFileSync(join(dir, 'AbmOrphan.cls-meta.xml'), meta);
        const r = validatePaths(idx, [dir], tmp);
        expect(r.findings).toEqual([
            {
                file: join('classes', 'AbmOrphan.cls-meta.xml'),
                line: 1,
                severity: 'error',
                message: 'missing source file AbmOrphan.cls next to this meta file'
            }
        ]);
        writeFileSync(join(dir, 'AbmOrphan.cls'), 'public with sharing class AbmOrphan {}\n');
        expect(validatePaths(idx, [dir], tmp).findings).toEqual([]);
    });

    it('rejects unknown flags with exit 2', async () => {
        expect((await run(['--nope'])).status).toBe(2);
    });
});

describe('committed model', () => {
    const wsdl = [join(ROOT, '..', 'shared', 'metadata.wsdl'), '/work/shared/metadata.wsdl'].find((p) => existsSync(p));
    const test = wsdl === undefined ? it.skip : it;
    test(`matches a fresh compile of the shared WSDL${wsdl === undefined ? ' (SKIPPED: no ../shared/metadata.wsdl here)' : ''}`, () => {
        const fresh = compileWsdl(readFileSync(wsdl!, 'utf8'));
        const committed = loadModel(MODEL_PATH);
        expect(committed.apiVersion).toBe('66.0');
        expect(Object.keys(committed.types).length).toBe(Object.keys(fresh.types).length);
        expect(committed).toEqual(JSON.parse(JSON.stringify(fresh)));
    });

    it('knows the metadata types the project uses', () => {
        for (const t of [
            'CustomField',
            'CustomObject',
            'Flow',
            'PermissionSet',
            'FlexiPage',
            'LightningComponentBundle',
            'ApexClass',
            'CustomMetadata',
            'CustomLabels',
            'ListView',
            'ValidationRule',
            'Layout',
            'CustomApplication',
            'CustomTab',
            'Report',
            'Dashboard',
            'ReportType'
        ]) {
            expect(idx.isMetadataType(t)).toBe(true);
        }
        expect(idx.get('CustomField')!.byName.get('fullName')!.index).toBe(0); // base (Metadata) elements come first
    });
});

describe('the real project', () => {
    it('runs over force-app without crashing; every finding names an existing file and a line', () => {
        const forceApp = join(ROOT, 'force-app');
        const result = validatePaths(idx, [forceApp], ROOT);
        for (const f of result.findings) {
            expect(existsSync(join(ROOT, f.file))).toBe(true);
            expect(f.line).toBeGreaterThanOrEqual(1);
        }
    });
});

describe('text longer than its column (scripts/check/lib/text-limits.ts)', () => {
    const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
    const permset = (description: string): string =>
        `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet ${NS}>\n    <description>${description}</description>\n    <hasActivationRequired>false</hasActivationRequired>\n    <label>ABM Planted</label>\n</PermissionSet>\n`;
    const tooLong = (f: Finding): boolean => /the limit is \d+/.test(f.message);

    it('reports a 256-character permission set description at its line, and accepts 255', () => {
        const file = 'force-app/main/default/permissionsets/ABM_Planted.permissionset-meta.xml';
        const over = validateText(idx, file, permset('x'.repeat(256))).filter(tooLong);
        expect(over).toHaveLength(1);
        expect(over[0]).toMatchObject({ line: 3, severity: 'error' });
        expect(over[0]!.message).toMatch(
            /^<PermissionSet\.description> is 256 characters; the limit is 255 \(.*PermissionSet\.Description/
        );
        expect(validateText(idx, file, permset('x'.repeat(255))).filter(tooLong)).toEqual([]);
    });

    it('counts characters after XML unescaping (&amp; is one character)', () => {
        const file = 'force-app/main/default/permissionsets/ABM_Planted.permissionset-meta.xml';
        expect(validateText(idx, file, permset('&amp;'.repeat(255))).filter(tooLong)).toEqual([]);
        expect(validateText(idx, file, permset('&amp;'.repeat(256))).filter(tooLong)).toHaveLength(1);
    });

    it('names the label whose short description passes 80 characters', () => {
        const labels = (short: string): string =>
            `<?xml version="1.0" encoding="UTF-8"?>\n<CustomLabels ${NS}>\n    <labels>\n        <fullName>ABM_Planted</fullName>\n        <language>en_US</language>\n        <protected>false</protected>\n        <shortDescription>${short}</shortDescription>\n        <value>Planted</value>\n    </labels>\n</CustomLabels>\n`;
        const file = 'force-app/main/default/labels/CustomLabels.labels-meta.xml';
        const over = validateText(idx, file, labels('s'.repeat(81))).filter(tooLong);
        expect(over).toHaveLength(1);
        expect(over[0]).toMatchObject({ line: 7 });
        expect(over[0]!.message).toMatch(/^<CustomLabels\.labels\.shortDescription> of ABM_Planted is 81 characters; the limit is 80/);
        expect(validateText(idx, file, labels('s'.repeat(80))).filter(tooLong)).toEqual([]);
    });

    it('covers the other types of the table: component, custom permission, static resource, field help, validation message', () => {
        const cases: [string, string, RegExp][] = [
            [
                'force-app/main/default/lwc/abmPlanted/abmPlanted.js-meta.xml',
                `<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle ${NS}>\n    <apiVersion>66.0</apiVersion>\n    <description>${'d'.repeat(256)}</description>\n    <isExposed>false</isExposed>\n</LightningComponentBundle>\n`,
                /^<LightningComponentBundle\.description> is 256 characters; the limit is 255/
            ],
            [
                'force-app/main/default/customPermissions/ABM_Planted.customPermission-meta.xml',
                `<?xml version="1.0" encoding="UTF-8"?>\n<CustomPermission ${NS}>\n    <description>${'d'.repeat(300)}</description>\n    <isLicensed>false</isLicensed>\n    <label>Planted</label>\n</CustomPermission>\n`,
                /^<CustomPermission\.description> is 300 characters; the limit is 255/
            ],
            [
                'force-app/main/default/staticresources/ABM_Planted.resource-meta.xml',
                `<?xml version="1.0" encoding="UTF-8"?>\n<StaticResource ${NS}>\n    <cacheControl>Private</cacheControl>\n    <contentType>application/json</contentType>\n    <description>${'d'.repeat(284)}</description>\n</StaticResource>\n`,
                /^<StaticResource\.description> is 284 characters; the limit is 255/
            ],
            [
                'force-app/main/default/objects/Account/fields/ABM_Planted__c.field-meta.xml',
                `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${NS}>\n    <fullName>ABM_Planted__c</fullName>\n    <inlineHelpText>${'h'.repeat(511)}</inlineHelpText>\n    <label>Planted</label>\n    <length>10</length>\n    <type>Text</type>\n</CustomField>\n`,
                /^<CustomField\.inlineHelpText> is 511 characters; the limit is 510/
            ],
            [
                'force-app/main/default/objects/Account/validationRules/ABM_Planted.validationRule-meta.xml',
                `<?xml version="1.0" encoding="UTF-8"?>\n<ValidationRule ${NS}>\n    <fullName>ABM_Planted</fullName>\n    <active>true</active>\n    <errorConditionFormula>false</errorConditionFormula>\n    <errorMessage>${'m'.repeat(256)}</errorMessage>\n</ValidationRule>\n`,
                /^<ValidationRule\.errorMessage> is 256 characters; the limit is 255/
            ]
        ];
        for (const [file, text, message] of cases) {
            const over = validateText(idx, file, text).filter(tooLong);
            expect({ file, messages: over.map((f) => f.message) }).toEqual({ file, messages: [expect.stringMatching(message)] });
        }
    });

    it('finds no over-long text in any package directory of the project (force-app and force-app-settings)', () => {
        const dirs = ['force-app', 'force-app-settings'].map((d) => join(ROOT, d)).filter((d) => existsSync(d));
        expect(dirs.length).toBe(2);
        const result = validatePaths(idx, dirs, ROOT);
        expect(result.findings.filter(tooLong).map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([]);
    });
});
