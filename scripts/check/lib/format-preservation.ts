/**
 * Format preservation: formatting the metadata XML with the project's own Prettier configuration (the `.prettierrc`
 * found from each file, overrides included) must leave every element's text unchanged apart from the whitespace around
 * it, and keep every element and attribute. The formatted text stays in memory: the project is never rewritten.
 *
 * This guards the formatter settings themselves: with `xmlWhitespaceSensitivity: "ignore"` (or wrapping of force-app
 * XML) Prettier re-wraps element text, which splits formula operators, breaks string literals and puts line breaks in
 * labels. Such a config fails this check on the first long description or formula.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, getFileInfo, resolveConfig } from 'prettier';
import { localName, parseXml, type XNode } from './xml.js';

export interface FormatFinding {
    file: string;
    line: number;
    rule: 'format-changes-text';
    /** The element's text before formatting (shortened), line breaks shown as ⏎. */
    token: string;
    message: string;
}

const show = (s: string): string => {
    const one = s.replace(/\r?\n/g, '⏎');
    return one.length > 80 ? `${one.slice(0, 77)}...` : one;
};

/** Compare two parsed trees element by element; report the first difference under each element. */
function compare(file: string, a: XNode, b: XNode, out: FormatFinding[]): void {
    const path = localName(a.name);
    if (a.name !== b.name) {
        out.push({
            file,
            line: a.line,
            rule: 'format-changes-text',
            token: `<${a.name}>`,
            message: `formatting turns <${a.name}> into <${b.name}>`
        });
        return;
    }
    if (JSON.stringify(a.attrs) !== JSON.stringify(b.attrs))
        out.push({
            file,
            line: a.line,
            rule: 'format-changes-text',
            token: `<${path}>`,
            message: `formatting changes the attributes of <${path}>`
        });
    const before = a.text.trim();
    const after = b.text.trim();
    if (before !== after) {
        let at = 0;
        while (at < before.length && before[at] === after[at]) at++;
        const from = Math.max(0, at - 25);
        const lineInText = before.slice(0, at).split('\n').length - 1;
        const leading = a.text.length - a.text.trimStart().length;
        const leadingLines = a.text.slice(0, leading).split('\n').length - 1;
        out.push({
            file,
            line: a.line + leadingLines + lineInText,
            rule: 'format-changes-text',
            token: show(before.slice(from, at + 25)),
            message: `formatting changes the text of <${path}>: '${show(before.slice(from, at + 25))}' becomes '${show(after.slice(from, at + 25))}'`
        });
    }
    if (a.children.length !== b.children.length) {
        out.push({
            file,
            line: a.line,
            rule: 'format-changes-text',
            token: `<${path}>`,
            message: `formatting changes the number of elements in <${path}> (${a.children.length} → ${b.children.length})`
        });
        return;
    }
    a.children.forEach((c, i) => compare(file, c, b.children[i]!, out));
}

/**
 * Format each XML file (paths as given; `display` maps a path to what findings show) with the Prettier config that
 * applies to it, and report any element whose text changes. Files Prettier ignores (.prettierignore) are skipped.
 */
export async function checkFormatPreservation(
    projectDir: string,
    files: string[],
    display: (file: string) => string = (f) => f
): Promise<{ findings: FormatFinding[]; formatted: number }> {
    const findings: FormatFinding[] = [];
    let formatted = 0;
    for (const file of files) {
        const info = await getFileInfo(file, { ignorePath: [join(projectDir, '.prettierignore')], resolveConfig: true });
        if (info.ignored || info.inferredParser === null) continue;
        const options = (await resolveConfig(file, { editorconfig: false })) ?? {};
        const source = readFileSync(file, 'utf8');
        let before: XNode;
        try {
            before = parseXml(source);
        } catch {
            continue; // malformed XML: the schema check reports it
        }
        let output: string;
        try {
            output = await format(source, { ...options, filepath: file });
        } catch (error) {
            findings.push({
                file: display(file),
                line: 1,
                rule: 'format-changes-text',
                token: '',
                message: `Prettier cannot format this file: ${(error as Error).message.split('\n')[0]!}`
            });
            continue;
        }
        formatted++;
        compare(display(file), before, parseXml(output), findings);
    }
    return { findings, formatted };
}
