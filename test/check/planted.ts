/**
 * Bite-test helper: a temp copy of the project's own package directories (and sfdx-project.json, .prettierrc) into which a test
 * plants one mistake, so each check is proven on the real metadata, not only on a toy fixture.
 *
 * A test file makes ~35 copies of ~430 files. Copying and deleting 3 MB for each was most of the CPU of these files
 * (~250 ms a copy on a busy machine), so the package directories are copied once per test file (the pristine copy, a
 * private one: never the project's own files) and each planted copy is a tree of folders and hard links to it (~60 ms,
 * removal included). The checks read a link as the file it names. plant() and write() put a file of the copy's own in
 * place of the link before writing, so a change reaches only that copy. A write past them (writeFileSync on a linked
 * path) would change the pristine copy and every copy made after it: after the file's tests the pristine copy is compared
 * with the project, byte for byte, and a difference fails the test file (test/check/planted.test.ts proves both).
 */
import { cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SRC = join('force-app', 'main', 'default');

/** Copied by links (through the pristine copy), without the Jest tests and mocks of the LWC bundles. */
const PACKAGE_DIRS = ['force-app', 'force-app-settings'];
/** Copied as files into each copy (small; tests rewrite .prettierrc). */
const ROOT_FILES = ['sfdx-project.json', '.prettierrc', '.prettierignore'];
const copied = (path: string): boolean => !path.includes('__tests__') && !path.includes('jest-mocks');

/** `to` made as the same tree of folders as `from`, each file a hard link to `from`'s. */
function linkTree(from: string, to: string): void {
    mkdirSync(to);
    for (const entry of readdirSync(from, { withFileTypes: true })) {
        const [a, b] = [join(from, entry.name), join(to, entry.name)];
        if (entry.isDirectory()) linkTree(a, b);
        else linkSync(a, b);
    }
}

/** Every file under `dir`, relative to `base`. */
export function filesUnder(dir: string, base = dir): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? filesUnder(join(dir, e.name), base) : [relative(base, join(dir, e.name))]
    );
}

/** The package directories copied once, as files, from the project: what each planted copy links to. */
export class Pristine {
    readonly dir = mkdtempSync(join(tmpdir(), 'abm-pristine-'));

    constructor() {
        for (const d of PACKAGE_DIRS) cpSync(join(ROOT, d), join(this.dir, d), { recursive: true, filter: copied });
    }

    /** The files of the pristine copy that no longer hold the project's bytes (written through a link). */
    changed(): string[] {
        return filesUnder(this.dir).filter((f) => !readFileSync(join(this.dir, f)).equals(readFileSync(join(ROOT, f))));
    }

    remove(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}

export class PlantedProject {
    readonly dir = mkdtempSync(join(tmpdir(), 'abm-planted-'));

    constructor(pristine: Pristine) {
        for (const d of PACKAGE_DIRS) linkTree(join(pristine.dir, d), join(this.dir, d));
        for (const f of ROOT_FILES) cpSync(join(ROOT, f), join(this.dir, f));
    }

    /** Replace the only occurrence of `from` in `file` (relative to force-app/main/default) by `to`; returns the path relative to the copy. */
    plant(file: string, from: string, to: string): string {
        const rel = join(SRC, file);
        const text = readFileSync(join(this.dir, rel), 'utf8');
        const at = text.indexOf(from);
        if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`plant: '${from}' must occur exactly once in ${file}`);
        return this.write(file, text.slice(0, at) + to + text.slice(at + from.length));
    }

    /** Add or overwrite a file (relative to force-app/main/default): a file of this copy's own, never through a link. */
    write(file: string, text: string): string {
        const path = join(this.dir, SRC, file);
        rmSync(path, { force: true });
        writeFileSync(path, text);
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

/** Throws when a file of the pristine copy no longer holds the project's bytes. */
export function expectPristine(pristine: Pristine): void {
    const changed = pristine.changed();
    if (changed.length > 0)
        throw new Error(`a test wrote through a planted copy's hard link (use plant or write): ${changed.join(', ')} changed`);
}

/**
 * A factory of planted copies for one test file; after the file's tests every copy is removed, and the pristine copy is
 * checked against the project (a write through a link fails the test file) and removed.
 */
export function plantedProjects(): () => PlantedProject {
    const made: PlantedProject[] = [];
    let pristine: Pristine | undefined;
    afterAll(() => {
        made.forEach((p) => p.remove());
        if (pristine === undefined) return;
        try {
            expectPristine(pristine);
        } finally {
            pristine.remove();
        }
    });
    return () => {
        const p = new PlantedProject((pristine ??= new Pristine()));
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
