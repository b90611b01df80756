/**
 * Apex syntax check with @apexdevtools/apex-parser (the ANTLR grammar the Apex language server uses): every
 * `.cls` (compilation unit) and `.trigger` (trigger unit) under the given roots. Pure JS, no Java.
 */
import { readFileSync } from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { listFiles, rel, type Finding } from './tools-common.js';

/** ANTLR's "expecting {…}" lists every token the grammar allows there (often 100+); keep the first few. */
export function shortenMessage(message: string, maxTokens = 5): string {
    const m = /^(.*?) expecting \{(.*)\}$/s.exec(message);
    if (m === null) return message.replace(/\s+/g, ' ');
    const tokens = (m[2] ?? '').split(',').map((t) => t.trim());
    const shown = tokens.slice(0, maxTokens).join(', ');
    return `${(m[1] ?? '').replace(/\s+/g, ' ')} expecting {${shown}${tokens.length > maxTokens ? `, … ${tokens.length - maxTokens} more` : ''}}`;
}

/** Syntax errors of one Apex source text (file name decides trigger vs class). */
export function apexSyntaxErrors(source: string, isTrigger: boolean): { line: number; column: number; message: string }[] {
    const errors: { line: number; column: number; message: string }[] = [];
    class Collect extends ApexErrorListener {
        apexSyntaxError(line: number, column: number, msg: string): void {
            // ANTLR columns are 0-based; editors and the other checks use 1-based.
            errors.push({ line, column: column + 1, message: shortenMessage(msg) });
        }
    }
    const { parser } = ApexParserFactory.createLexerAndParser(source, new Collect());
    if (isTrigger) parser.triggerUnit();
    else parser.compilationUnit();
    return errors;
}

export function isApexSource(name: string): boolean {
    return name.endsWith('.cls') || name.endsWith('.trigger');
}

/** Check every .cls/.trigger under `roots`; findings relative to `base`. */
export function checkApexSyntax(roots: string[], base: string): { files: number; findings: Finding[] } {
    const findings: Finding[] = [];
    let files = 0;
    for (const root of roots) {
        for (const file of listFiles(root, isApexSource)) {
            files++;
            for (const e of apexSyntaxErrors(readFileSync(file, 'utf8'), file.endsWith('.trigger'))) {
                findings.push({ file: rel(base, file), line: e.line, column: e.column, message: `syntax error: ${e.message}` });
            }
        }
    }
    return { files, findings };
}
