/**
 * Lightning Flow Scanner (`@flow-scanner/lightning-flow-scanner-core` 6.6.0, shared TOOLCHAIN-NOTES §4) over every
 * `*.flow-meta.xml`, with the rules of `.flow-scanner.json`. The scanner's own XML parse is lenient (a mismatched close
 * tag or a file without `<Flow>` is not an error), so each file is first checked for well-formedness with
 * fast-xml-parser's validator; a malformed file, a file whose root is not `<Flow>`, or a flow without `processType`
 * (which every scanner rule silently skips) is an error. The scanner's line numbers come from its re-serialised XML, so
 * each violation's line is looked up in the real file (`<name>ELEMENT</name>`, or the element tag for flow attributes).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, scan, type IRulesConfig } from '@flow-scanner/lightning-flow-scanner-core';
import { XMLValidator } from 'fast-xml-parser';
import { lineOf, listFiles, rel, type Finding } from './tools-common.js';

export const CONFIG_FILE = '.flow-scanner.json';

export type FlowFinding = Finding & { severity: 'error' | 'warning' | 'note'; rule: string };

export function loadFlowScannerConfig(projectDir: string): IRulesConfig | undefined {
    const file = join(projectDir, CONFIG_FILE);
    if (!existsSync(file)) return undefined;
    const raw = JSON.parse(readFileSync(file, 'utf8')) as IRulesConfig & Record<string, unknown>;
    return { rules: raw.rules, exceptions: raw.exceptions, detailLevel: 'simple' };
}

/** Where in the source a violation's element or attribute is. */
function violationLine(text: string, name: string, type: string, reported: number): number {
    return (
        lineOf(text, `<name>${name}</name>`) ??
        lineOf(text, `<${type}>`) ??
        (name !== '' ? lineOf(text, `>${name}<`) : undefined) ??
        (reported > 0 ? reported : 1)
    );
}

export function isFlowFile(name: string): boolean {
    return name.endsWith('.flow-meta.xml');
}

export async function scanFlows(
    roots: string[],
    base: string,
    config: IRulesConfig | undefined
): Promise<{ flows: number; findings: FlowFinding[]; ruleErrors: string[] }> {
    const findings: FlowFinding[] = [];
    const ruleErrors: string[] = [];
    const files = roots.flatMap((r) => listFiles(r, isFlowFile));
    const texts = new Map<string, string>();
    const wellFormed: string[] = [];
    for (const file of files) {
        const text = readFileSync(file, 'utf8');
        texts.set(resolve(file), text);
        const valid = XMLValidator.validate(text);
        if (valid !== true) {
            findings.push({
                file: rel(base, file),
                line: valid.err.line,
                column: valid.err.col,
                severity: 'error',
                rule: 'ParseError',
                message: `[error ParseError] malformed XML: ${valid.err.msg}`
            });
        } else if (!/<Flow[\s>]/.test(text)) {
            findings.push({
                file: rel(base, file),
                line: 1,
                severity: 'error',
                rule: 'ParseError',
                message: '[error ParseError] root element is not <Flow>'
            });
        } else {
            wellFormed.push(file);
        }
    }
    const parsed = await parse(wellFormed);
    for (const p of parsed) {
        if (p.errorMessage !== undefined || p.flow === undefined) {
            findings.push({
                file: rel(base, p.uri),
                line: 1,
                severity: 'error',
                rule: 'ParseError',
                message: `[error ParseError] ${p.errorMessage ?? 'not parsed'}`
            });
        } else if (p.flow.type === undefined || p.flow.type === '') {
            const text = texts.get(resolve(p.uri)) ?? '';
            findings.push({
                file: rel(base, p.uri),
                line: lineOf(text, '<Flow') ?? 1,
                severity: 'error',
                rule: 'ParseError',
                message: '[error ParseError] flow has no <processType>: the scanner cannot check it'
            });
        }
    }
    for (const result of scan(parsed, config)) {
        const file = result.flow.fsPath ?? result.flow.uri ?? '';
        const text = texts.get(resolve(file)) ?? '';
        for (const rr of result.ruleResults) {
            if (rr.errorMessage !== undefined && rr.errorMessage !== '') ruleErrors.push(`${rel(base, file)}: ${rr.errorMessage}`);
            if (!rr.occurs) continue;
            const severity = (['error', 'warning', 'note'].includes(rr.severity) ? rr.severity : 'error') as FlowFinding['severity'];
            for (const d of rr.details) {
                findings.push({
                    file: rel(base, file),
                    line: violationLine(text, d.name, d.type, d.lineNumber),
                    severity,
                    rule: rr.ruleName,
                    message: `[${severity} ${rr.ruleName}] ${rr.ruleDefinition.label}: ${d.name} (${d.type})`
                });
            }
        }
    }
    const order = { error: 0, warning: 1, note: 2 };
    findings.sort((a, b) => order[a.severity] - order[b.severity] || a.file.localeCompare(b.file) || a.line - b.line);
    return { flows: files.length, findings, ruleErrors };
}
