/**
 * Bite-test helper: a temp copy of the project's own package directories (and sfdx-project.json, .prettierrc) into which a test
 * plants one mistake, so each check is proven on the real metadata, not only on a toy fixture.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SRC = join('force-app', 'main', 'default');

export class PlantedProject {
    readonly dir = mkdtempSync(join(tmpdir(), 'abm-planted-'));

    constructor() {
        for (const dir of ['force-app', 'force-app-settings'])
            cpSync(join(ROOT, dir), join(this.dir, dir), {
                recursive: true,
                filter: (p) => !p.includes('__tests__') && !p.includes('jest-mocks')
            });
        for (const f of ['sfdx-project.json', '.prettierrc', '.prettierignore']) cpSync(join(ROOT, f), join(this.dir, f));
    }

    /** Replace the only occurrence of `from` in `file` (relative to force-app/main/default) by `to`; returns the path relative to the copy. */
    plant(file: string, from: string, to: string): string {
        const rel = join(SRC, file);
        const path = join(this.dir, rel);
        const text = readFileSync(path, 'utf8');
        const at = text.indexOf(from);
        if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`plant: '${from}' must occur exactly once in ${file}`);
        writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
        return rel;
    }

    /** Add or overwrite a file (relative to force-app/main/default). */
    write(file: string, text: string): string {
        writeFileSync(join(this.dir, SRC, file), text);
        return join(SRC, file);
    }

    /** 1-based line of the only occurrence of `needle` in the planted copy. */
    lineOf(rel: string, needle: string): number {
        const text = readFileSync(join(this.dir, rel), 'utf8');
        const at = text.indexOf(needle);
        if (at === -1 || text.indexOf(needle, at + 1) !== -1) throw new Error(`lineOf: '${needle}' must occur exactly once in ${rel}`);
        return text.slice(0, at).split('\n').length;
    }

    remove(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}

/** A factory of planted copies for one test file; every copy is removed after the file's tests. */
export function plantedProjects(): () => PlantedProject {
    const made: PlantedProject[] = [];
    afterAll(() => made.forEach((p) => p.remove()));
    return () => {
        const p = new PlantedProject();
        made.push(p);
        return p;
    };
}

export interface Expected {
    /** A text on the reported line (unique in the file). */
    line: string;
    token: string;
    rule: string;
    message: RegExp;
}

/** The check found exactly one thing in the planted copy: at `rel`, on the line holding `e.line`, with this token, rule and message. */
export function expectOnlyFinding(
    findings: { file: string; line: number; token: string; rule: string; message: string }[],
    p: PlantedProject,
    rel: string,
    e: Expected
): void {
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: rel, line: p.lineOf(rel, e.line), token: e.token, rule: e.rule });
    expect(findings[0]!.message).toMatch(e.message);
}
