/**
 * Salesforce Code Analyzer v5 through its core API (`@salesforce/code-analyzer-core`), offline, without the sf plugin
 * (which cannot be installed here: shared TOOLCHAIN-NOTES §3). Engines:
 *   - pmd (+ cpd): Apex, Visualforce and metadata XML rules, PMD 7 jars bundled; needs Java ≥ 11 (17 here and on CI);
 *   - regex: trailing whitespace, hard-coded ids and similar text rules; pure JS;
 *   - flow: Salesforce's FlowScanner (python3 -m flowtest, bundled) for flow security rules; needs python3.
 * Not installed, so not run: eslint engine (ESLint runs directly in `npm test` with the same LWC config), retire-js,
 * ApexGuru (needs an org). Rule selection: `Recommended` plus every `flow` rule; project overrides in code-analyzer.yml.
 *
 * The flow engine 0.22 calls `createTempDir` from `@salesforce/code-analyzer-engine-api/utils`, which engine-api 0.42
 * (the version core 0.52 needs) removed; `installFlowEngineShim` adds it back at run time on the shared module object.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Core from '@salesforce/code-analyzer-core';
import { javaMajorVersion, probeCommand, rel, shortRunJavaToolOptions, toolRequire, type Finding } from './tools-common.js';

export const RULE_SELECTORS = ['Recommended', 'flow'];
/** Severity 1 (Critical) and 2 (High) fail the check; 3–5 are printed only. */
export const FAIL_AT_OR_BELOW = 2;
const SEVERITY_NAMES = ['', 'Critical', 'High', 'Moderate', 'Low', 'Info'];

export type EngineStatus = { engine: string; ran: boolean; why: string; violations?: number };
export type AnalyzerFinding = Finding & { severity: number; rule: string; engine: string };
export type AnalyzerResult = { engines: EngineStatus[]; findings: AnalyzerFinding[]; rules: number; files: number; seconds: number };

type PluginModule = { createEnginePlugin(): unknown };

/** Add engine-api/utils.createTempDir back (removed in engine-api 0.42, still called by flow-engine 0.22). */
export function installFlowEngineShim(req: NodeJS.Require): void {
    const utils = req('@salesforce/code-analyzer-engine-api/utils') as Record<string, unknown>;
    if (typeof utils.createTempDir === 'function') return;
    Object.defineProperty(utils, 'createTempDir', {
        enumerable: true,
        configurable: true,
        value: async (parent?: string): Promise<string> => mkdtempSync(join(parent ?? tmpdir(), 'code-analyzer-'))
    });
}

export type AnalyzerOptions = {
    /** Project folder: the workspace, and where code-analyzer.yml is looked up. */
    projectDir: string;
    /** Files or folders to analyse (absolute or relative to projectDir); default: the whole projectDir. */
    targets?: string[];
    /** Force an engine off (tests use this to check the skip path); reasons are reported. */
    disable?: Partial<Record<'pmd' | 'flow' | 'regex', string>>;
};

/** Run the analyzer; findings have project-relative paths. */
export async function runCodeAnalyzer(opts: AnalyzerOptions): Promise<AnalyzerResult> {
    const start = performance.now();
    const req = toolRequire();
    const core = req('@salesforce/code-analyzer-core') as typeof Core;
    const configFile = join(opts.projectDir, 'code-analyzer.yml');
    const config = existsSync(configFile) ? core.CodeAnalyzerConfig.fromFile(configFile) : core.CodeAnalyzerConfig.withDefaults();
    const analyzer = new core.CodeAnalyzer(config);

    const engines: EngineStatus[] = [];
    const java = javaMajorVersion();
    const pmdOff =
        opts.disable?.pmd ??
        (java === undefined
            ? 'java not found on PATH (PMD needs Java 11+; install openjdk-17-jre-headless)'
            : java < 11
              ? `Java ${java} is too old (PMD needs 11+)`
              : undefined);
    const python = probeCommand('python3', ['--version']);
    const flowOff =
        opts.disable?.flow ?? (python.ok ? undefined : 'python3 not found on PATH (the flow engine runs FlowScanner in Python 3.10+)');
    const regexOff = opts.disable?.regex;

    if (pmdOff === undefined)
        await analyzer.addEnginePlugin((req('@salesforce/code-analyzer-pmd-engine') as PluginModule).createEnginePlugin() as never);
    if (regexOff === undefined)
        await analyzer.addEnginePlugin((req('@salesforce/code-analyzer-regex-engine') as PluginModule).createEnginePlugin() as never);
    if (flowOff === undefined) {
        installFlowEngineShim(req);
        await analyzer.addEnginePlugin((req('@salesforce/code-analyzer-flow-engine') as PluginModule).createEnginePlugin() as never);
    }

    const engineErrors = new Map<string, string[]>();
    analyzer.onEvent(core.EventType.EngineLogEvent, (e: Core.EngineLogEvent) => {
        if (e.logLevel === core.LogLevel.Error) engineErrors.set(e.engineName, [...(engineErrors.get(e.engineName) ?? []), e.message]);
    });

    const targets = (opts.targets ?? []).map((t) => (t.startsWith('/') ? t : join(opts.projectDir, t)));
    // The workspace is the targets plus one project-root file: PMD and the flow engine analyse file by file, walking the
    // whole project (node_modules) would cost seconds, and the extra root file keeps the workspace root at the project
    // folder, which is what the paths under `suppressions:` in code-analyzer.yml are relative to.
    const rootFile = [configFile, join(opts.projectDir, 'sfdx-project.json')].find((f) => existsSync(f));
    const workspace =
        targets.length > 0 && rootFile !== undefined
            ? await analyzer.createWorkspace([...targets, rootFile], targets)
            : await analyzer.createWorkspace([opts.projectDir]);
    const files = (await workspace.getTargetedFiles()).length;
    // The PMD engine spawns its JVMs (rule description, PMD, CPD) with this process's environment: give them the
    // short-run flags for these two calls only, then put the variable back as it was.
    const javaToolOptions = process.env.JAVA_TOOL_OPTIONS;
    process.env.JAVA_TOOL_OPTIONS = shortRunJavaToolOptions(javaToolOptions);
    let selection: Core.RuleSelection;
    let results: Core.RunResults;
    try {
        selection = await analyzer.selectRules(RULE_SELECTORS, { workspace });
        results = await analyzer.run(selection, { workspace });
    } finally {
        if (javaToolOptions === undefined) delete process.env.JAVA_TOOL_OPTIONS;
        else process.env.JAVA_TOOL_OPTIONS = javaToolOptions;
    }

    const selected = new Set(selection.getEngineNames());
    const ran = new Set(results.getEngineNames());
    for (const name of analyzer.getEngineNames()) {
        if (ran.has(name)) {
            const errors = engineErrors.get(name);
            engines.push({
                engine: name,
                ran: true,
                why:
                    errors === undefined
                        ? `${selection.getRulesFor(name).length} rules`
                        : `${selection.getRulesFor(name).length} rules; engine errors: ${errors.join(' | ')}`,
                violations: results.getEngineRunResults(name).getViolationCount()
            });
        } else {
            engines.push({
                engine: name,
                ran: false,
                why: selected.has(name) ? 'selected but produced no results' : 'no Recommended/flow rule applies to these files'
            });
        }
    }
    if (pmdOff !== undefined) engines.push({ engine: 'pmd', ran: false, why: pmdOff }, { engine: 'cpd', ran: false, why: pmdOff });
    if (regexOff !== undefined) engines.push({ engine: 'regex', ran: false, why: regexOff });
    if (flowOff !== undefined) engines.push({ engine: 'flow', ran: false, why: flowOff });
    engines.push(
        {
            engine: 'eslint',
            ran: false,
            why: 'engine package not installed; ESLint runs directly in npm test (check "eslint") with the same LWC rules'
        },
        {
            engine: 'retire-js',
            ran: false,
            why: 'engine package not installed; no third-party JS libraries are vendored in static resources'
        },
        { engine: 'apexguru', ran: false, why: 'needs an authenticated org (and is not published in the registry mirror)' }
    );

    const findings: AnalyzerFinding[] = results.getViolations().map((v) => {
        const loc = v.getPrimaryLocation();
        const file = loc.getFile();
        const rule = v.getRule();
        const severity = rule.getSeverityLevel() as number;
        return {
            file: file === undefined ? '(no file)' : rel(opts.projectDir, file),
            line: loc.getStartLine() ?? 1,
            column: loc.getStartColumn(),
            severity,
            rule: rule.getName(),
            engine: rule.getEngineName(),
            message: `[${rule.getEngineName()}:${rule.getName()} sev ${severity} ${SEVERITY_NAMES[severity] ?? ''}] ${v.getMessage().trim().replace(/\s+/g, ' ')}`
        };
    });
    findings.sort((a, b) => a.severity - b.severity || a.file.localeCompare(b.file) || a.line - b.line);
    return { engines, findings, rules: selection.getCount(), files, seconds: (performance.now() - start) / 1000 };
}
