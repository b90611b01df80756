/**
 * The tool-based checks of `npm test` bite: the fixture project (test/fixtures/tools/project: valid API 66.0 metadata and
 * Apex that uses WITH USER_MODE, AccessLevel and Assert) is clean for every check, and each mistake planted from
 * test/fixtures/tools/broken is reported with its file and line. One temp copy with all mistakes is shared, and the
 * slow tools (Code Analyzer, ApexLink, sf convert) run once each.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApexSyntax, shortenMessage } from '../../scripts/check/lib/tools-apex-syntax';
import { knownFalsePositive, runApexLink, type ApexLinkResult } from '../../scripts/check/lib/tools-apexlink';
import { runCodeAnalyzer, type AnalyzerResult } from '../../scripts/check/lib/tools-code-analyzer';
import { formatFinding, javaMajorVersion, type Finding } from '../../scripts/check/lib/tools-common';
import { cleanupConvert, expectedComponents, missingFromPackage, parsePackageXml, runConvert } from '../../scripts/check/lib/tools-convert';
import { loadFlowScannerConfig, scanFlows } from '../../scripts/check/lib/tools-flow-scan';
import { checkMetadataNames } from '../../scripts/check/lib/tools-metadata-names';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'tools');
const SRC = 'force-app/main/default';
const BIN = join(ROOT, 'node_modules', '.bin');
const HAS_JAVA = javaMajorVersion() !== undefined;
const CLS_META = readFileSync(join(FIX, 'project', SRC, 'classes', 'AbmGoodSelector.cls-meta.xml'), 'utf8');

/** template in broken/ → path under force-app/main/default, and whether a .cls-meta.xml goes with it. */
const PLANTED: [string, string, boolean][] = [
    ['AbmBrokenSyntax.cls.txt', 'classes/AbmBrokenSyntax.cls', true],
    ['AbmCrudLeak.cls.txt', 'classes/AbmCrudLeak.cls', true],
    ['AbmUnknownField.cls.txt', 'classes/AbmUnknownField.cls', true],
    ['AbmNoMeta.cls.txt', 'classes/AbmNoMeta.cls', false],
    ['Health_Score__c.field-meta.xml.txt', 'objects/Account/fields/Health_Score__c.field-meta.xml', false],
    ['ABM_Widget_Stamp.flow.xml.txt', 'flows/ABM_Widget_Stamp.flow.xml', false],
    ['ABM_Account_AfterSave_BrokenUpdate.flow.txt', 'flows/ABM_Account_AfterSave_BrokenUpdate.flow-meta.xml', false],
    ['ABM_Account_AfterSave_Unparseable.flow.txt', 'flows/ABM_Account_AfterSave_Unparseable.flow-meta.xml', false]
];

const dirs: string[] = [];
function project(broken: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-tools-'));
    dirs.push(dir);
    cpSync(join(FIX, 'project'), dir, { recursive: true });
    if (broken) {
        for (const [template, target, meta] of PLANTED) {
            writeFileSync(join(dir, SRC, target), readFileSync(join(FIX, 'broken', template), 'utf8'));
            if (meta) writeFileSync(join(dir, SRC, `${target}-meta.xml`), CLS_META);
        }
    }
    return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// The processes this file starts (sf twice, tsx run-all and its checks eleven times, prettier) load the same modules:
// Node's on-disk V8 code cache lets each one after the first skip compiling them (sf convert 5.9 -> 3.0 CPU-s). V8
// checks every entry against its module's source, so nothing a check reads or reports changes. process.env is this
// test file's own copy (Jest), and the spawned processes inherit it.
const compileCache = mkdtempSync(join(tmpdir(), 'abm-node-compile-'));
dirs.push(compileCache);
process.env.NODE_COMPILE_CACHE = compileCache;

const good = project(false);
const bad = project(true);

/** 1-based line of the only occurrence of `needle` in the planted file. */
function lineIn(dir: string, file: string, needle: string): number {
    const text = readFileSync(join(dir, file), 'utf8');
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(needle, at + 1)).toBe(-1);
    return text.slice(0, at).split('\n').length;
}

function expectFinding(findings: Finding[], file: string, line: number, message: RegExp): void {
    const hit = findings.find((f) => f.file === file && f.line === line && message.test(f.message));
    if (hit === undefined) throw new Error(`no ${String(message)} at ${file}:${line}; got:\n${findings.map(formatFinding).join('\n')}`);
}

describe('apex-syntax (apex-parser)', () => {
    it('parses the valid fixture class without errors', () => {
        expect(checkApexSyntax([join(good, 'force-app')], good).findings).toEqual([]);
    });
    it('reports the syntax error at file:line:col with a short expected-token list', () => {
        const { findings } = checkApexSyntax([join(bad, 'force-app')], bad);
        const file = `${SRC}/classes/AbmBrokenSyntax.cls`;
        expectFinding(findings, file, lineIn(bad, file, 'Integer count = ;'), /syntax error: mismatched input ';'/);
        expect(findings.find((f) => f.file === file)?.column).toBe(25);
        expect(findings.every((f) => f.file === file)).toBe(true);
    });
    it('truncates ANTLR expected-token lists', () => {
        const long = `mismatched input ';' expecting {${Array.from({ length: 40 }, (_, i) => `'t${i}'`).join(', ')}}`;
        expect(shortenMessage(long)).toBe("mismatched input ';' expecting {'t0', 't1', 't2', 't3', 't4', … 35 more}");
    });
});

describe('prettier (prettier-plugin-apex)', () => {
    it('fails on the Apex syntax error and names the file', () => {
        const file = join(bad, SRC, 'classes', 'AbmBrokenSyntax.cls');
        const r = spawnSync(join(BIN, 'prettier'), ['--check', '--config', join(ROOT, '.prettierrc'), file], {
            cwd: ROOT,
            encoding: 'utf8'
        });
        expect(r.status).not.toBe(0);
        // prettier-plugin-apex's native parser names the file and the token, but gives no line number (TOOLCHAIN-NOTES §5);
        // apex-syntax above supplies the line.
        expect(`${r.stdout}${r.stderr}`).toMatch(/AbmBrokenSyntax\.cls.*Unexpected token ';'/);
    });
});

describe('metadata-names (STYLE §2)', () => {
    it('accepts the fixture project', () => {
        expect(checkMetadataNames([join(good, 'force-app')], good).findings).toEqual([]);
    });
    it('reports the unprefixed field and its missing help text', () => {
        const { findings } = checkMetadataNames([join(bad, 'force-app')], bad);
        const file = `${SRC}/objects/Account/fields/Health_Score__c.field-meta.xml`;
        expectFinding(findings, file, 1, /'Account\.Health_Score__c' does not match .*ABM_/);
        expectFinding(findings, file, lineIn(bad, file, '<CustomField'), /has no <inlineHelpText>/);
    });
    it('applies each naming rule', () => {
        const dir = mkdtempSync(join(tmpdir(), 'abm-names-'));
        dirs.push(dir);
        const files: Record<string, string> = {
            'classes/TestDataFactory.cls': 'public class TestDataFactory {}',
            'lwc/healthCard/healthCard.js-meta.xml': '<LightningComponentBundle/>',
            'flows/ABM_Account_Nightly_Recalc.flow-meta.xml': '<Flow/>',
            'flows/ABM_Screen_CreateAccountPlan.flow-meta.xml': '<Flow/>',
            'permissionsets/Seller.permissionset-meta.xml': '<PermissionSet/>',
            'objects/Account_Plan__c/Account_Plan__c.object-meta.xml': '<CustomObject><description>x</description></CustomObject>',
            'objects/ABM_Plan__c/fields/ABM_Year__c.field-meta.xml':
                '<CustomField><description>d</description><inlineHelpText>h</inlineHelpText></CustomField>'
        };
        for (const [path, text] of Object.entries(files)) {
            const full = join(dir, 'force-app', 'main', 'default', path);
            cpSync(join(FIX, 'project', 'sfdx-project.json'), join(dir, 'sfdx-project.json'));
            mkdirSync(join(full, '..'), { recursive: true });
            writeFileSync(full, text);
        }
        const messages = checkMetadataNames([join(dir, 'force-app')], dir).findings.map((f) => f.message);
        expect(messages).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^Apex class 'TestDataFactory'/),
                expect.stringMatching(/^LWC bundle 'healthCard'/),
                expect.stringMatching(/^Flow 'ABM_Account_Nightly_Recalc'/),
                expect.stringMatching(/^Permission set 'Seller'/),
                expect.stringMatching(/^Custom object 'Account_Plan__c'/),
                expect.stringMatching(/^Field on ABM_Plan__c 'ABM_Plan__c\.ABM_Year__c'.*without a prefix/)
            ])
        );
        expect(messages.some((m) => m.includes('ABM_Screen_CreateAccountPlan'))).toBe(false);
        expect(messages).toHaveLength(6);
    });
});

describe('convert (sf project convert source + what it misses)', () => {
    let goodRun: ReturnType<typeof runConvert>;
    let badRun: ReturnType<typeof runConvert>;
    beforeAll(() => {
        goodRun = runConvert(good, 'force-app');
        badRun = runConvert(bad, 'force-app');
    });
    afterAll(() => [goodRun, badRun].forEach(cleanupConvert));

    it('converts the fixture project and finds every component in package.xml', () => {
        expect(goodRun.ok).toBe(true);
        const { expected, findings } = expectedComponents(join(good, 'force-app'), good);
        expect(findings).toEqual([]);
        expect(expected.map((e) => `${e.type}:${e.name}`).sort()).toEqual([
            'ApexClass:AbmGoodSelector',
            'CustomField:ABM_Widget__c.Score__c',
            'CustomField:Account.ABM_HealthScore__c',
            'CustomObject:ABM_Widget__c',
            'Flow:ABM_Widget_BeforeSave_SetScore'
        ]);
        expect(missingFromPackage(expected, parsePackageXml(goodRun.packageXml ?? ''))).toEqual([]);
    });
    it('reports the class without .cls-meta.xml and the .flow.xml file that convert silently drops', () => {
        expect(badRun.ok).toBe(true); // convert itself says nothing: that is the point
        expect(
            parsePackageXml(badRun.packageXml ?? '')
                .get('ApexClass')
                ?.has('AbmNoMeta')
        ).toBe(false);
        const { findings } = expectedComponents(join(bad, 'force-app'), bad);
        expectFinding(findings, `${SRC}/classes/AbmNoMeta.cls`, 1, /has no AbmNoMeta\.cls-meta\.xml/);
        expectFinding(findings, `${SRC}/flows/ABM_Widget_Stamp.flow.xml`, 1, /expected ABM_Widget_Stamp\.flow-meta\.xml/);
    });
    it('reports a component that is missing from package.xml', () => {
        const { expected } = expectedComponents(join(good, 'force-app'), good);
        const pkg = parsePackageXml(goodRun.packageXml ?? '');
        pkg.get('Flow')?.clear();
        expectFinding(
            missingFromPackage(expected, pkg),
            `${SRC}/flows/ABM_Widget_BeforeSave_SetScore.flow-meta.xml`,
            1,
            /Flow ABM_Widget_BeforeSave_SetScore is missing/
        );
    });
});

describe('flow-scan (Lightning Flow Scanner, .flow-scanner.json rules)', () => {
    const config = loadFlowScannerConfig(ROOT);
    it('passes the valid fixture flow', async () => {
        const { findings } = await scanFlows([join(good, 'force-app')], good, config);
        expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    });
    it('reports the missing fault path, the unused variable and the malformed flow at their lines', async () => {
        const { findings } = await scanFlows([join(bad, 'force-app')], bad, config);
        const update = `${SRC}/flows/ABM_Account_AfterSave_BrokenUpdate.flow-meta.xml`;
        expectFinding(
            findings,
            update,
            lineIn(bad, update, '<name>Update_Parent_Account</name>'),
            /\[error MissingFaultPath\].*Update_Parent_Account/
        );
        expectFinding(findings, update, lineIn(bad, update, '<name>varUnusedCounter</name>'), /\[error UnusedVariable\].*varUnusedCounter/);
        const broken = `${SRC}/flows/ABM_Account_AfterSave_Unparseable.flow-meta.xml`;
        expectFinding(findings, broken, lineIn(bad, broken, '</labl>'), /\[error ParseError\] malformed XML: .*labl/);
    });
});

(HAS_JAVA ? describe : describe.skip)('code-analyzer (PMD, regex, flow engines; needs Java)', () => {
    let result: AnalyzerResult;
    beforeAll(async () => {
        result = await runCodeAnalyzer({ projectDir: bad, targets: ['force-app'] });
    });
    it('runs PMD, regex and the flow engine offline', () => {
        const ran = result.engines.filter((e) => e.ran).map((e) => e.engine);
        expect(ran).toEqual(expect.arrayContaining(['pmd', 'regex', 'flow']));
        expect(result.engines.find((e) => e.engine === 'flow')?.why).not.toMatch(/engine errors/);
    });
    it('reports the severity-2 CRUD violation at its line and nothing severe in the valid class', () => {
        const file = `${SRC}/classes/AbmCrudLeak.cls`;
        const high = result.findings.filter((f) => f.severity <= 2);
        expectFinding(high, file, lineIn(bad, file, 'SELECT Id, Name FROM Account'), /pmd:ApexCRUDViolation sev 2/);
        expect(high.filter((f) => f.file.endsWith('AbmGoodSelector.cls'))).toEqual([]);
    });
});
if (!HAS_JAVA) {
    it.skip('code-analyzer and apexlink bite tests: SKIPPED, java not on PATH (install openjdk-17-jre-headless)', () => undefined);
}

(HAS_JAVA ? describe : describe.skip)('apexlink (semantic Apex; needs Java)', () => {
    let result: ApexLinkResult;
    beforeAll(() => {
        result = runApexLink(bad);
    });
    it('reports the unknown field at its line', () => {
        const file = `${SRC}/classes/AbmUnknownField.cls`;
        const rel = (f: Finding): Finding => ({ ...f, file: f.file.slice(f.file.indexOf(SRC)) });
        expectFinding(
            result.findings.map(rel),
            file,
            lineIn(bad, file, 'ABM_NoSuchField__c'),
            /Unknown field 'ABM_NoSuchField__c' on SObject 'Schema\.Account'/
        );
    });
    it('accepts WITH USER_MODE, AccessLevel and Assert in the valid class (allow-list, not a category filter)', () => {
        expect(result.findings.filter((f) => f.file.endsWith('AbmGoodSelector.cls'))).toEqual([]);
        expect(result.filtered.map((f) => f.reason).join('\n')).toMatch(/Assert/);
    });
    it('filters only the exact known message shapes', () => {
        expect(knownFalsePositive("No variable or type found for 'Assert' on 'AbmX'")).toBeDefined();
        expect(knownFalsePositive("No variable or type found for 'Asert' on 'AbmX'")).toBeUndefined();
        expect(knownFalsePositive("Unknown field or type 'AURA' on 'System.Quiddity'")).toBeDefined();
        expect(knownFalsePositive("Unknown field or type 'AUR' on 'System.Quiddity'")).toBeUndefined();
        expect(knownFalsePositive("Incompatible types in assignment, from 'System.SObject' to 'Schema.Account'")).toBeUndefined();
    });
});

describe('npm test runner (run-all)', () => {
    // The runner's caches (tsc, ESLint, Prettier and the last PASS of the slow checks) in a temp folder, not the project's.
    const cacheDir = mkdtempSync(join(tmpdir(), 'abm-checks-cache-'));
    dirs.push(cacheDir);
    const env = { ...process.env, ABM_CHECKS_CACHE: cacheDir };
    const runAll = (cwd: string, ...args: string[]) =>
        spawnSync(join(BIN, 'tsx'), [join(ROOT, 'scripts', 'check', 'run-all.ts'), ...args], { cwd, encoding: 'utf8', env });

    it('runs the selected checks, keeps going after a failure and prints the closing line', () => {
        const r = runAll(bad, '--only', 'apex-syntax,metadata-names,flow-scan');
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/^FAIL {2}apex-syntax /m);
        expect(r.stdout).toMatch(/^FAIL {2}metadata-names /m);
        expect(r.stdout).toMatch(/^FAIL {2}flow-scan /m);
        expect(r.stdout).toContain(`${SRC}/classes/AbmBrokenSyntax.cls:6:25: syntax error`);
        expect(r.stdout.trimEnd().split('\n').pop()).toBe('checks: 0 passed, 3 failed');
    });
    it('passes on the valid project, keeps the PASS of a cached check while its inputs are unchanged, and rejects unknown check names', () => {
        const ok = runAll(good, '--only', 'apex-syntax,metadata-names');
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(/^PASS {2}apex-syntax +[\d.]+ s {2}apex-syntax: 1 Apex files parsed, 0 syntax errors/m);
        expect(ok.stdout.trimEnd().split('\n').pop()).toBe('checks: 2 passed, 0 failed');
        const again = runAll(good, '--only', 'apex-syntax');
        expect(again.status).toBe(0);
        expect(again.stdout).toMatch(
            /^PASS {2}apex-syntax +0\.0 s {2}cached \(inputs unchanged since this passed at \S+\): apex-syntax: 1 Apex files parsed, 0 syntax errors/m
        );
        // A syntax error planted into the same class: the check runs again and fails.
        const file = join(good, SRC, 'classes', 'AbmGoodSelector.cls');
        const text = readFileSync(file, 'utf8');
        writeFileSync(file, text.replace(/\{/, '{ Integer broken = ;'));
        try {
            const changed = runAll(good, '--only', 'apex-syntax');
            expect(changed.status).toBe(1);
            expect(changed.stdout).toMatch(/^FAIL {2}apex-syntax .*1 syntax errors/m);
        } finally {
            writeFileSync(file, text);
        }
        const bad2 = runAll(good, '--only', 'nope');
        expect(bad2.status).toBe(2);
        expect(bad2.stderr).toMatch(/unknown check nope/);
    });
});
