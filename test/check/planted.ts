/**
 * Bite-test helper: a temp copy of the project's own package directories (and sfdx-project.json, .prettierrc) into which a test
 * plants one mistake, so each check is proven on the real metadata, not only on a toy fixture.
 *
 * A test file checks ~35 copies of ~430 files. Copying and deleting 3 MB for each was most of the CPU of these files
 * (~250 ms a copy on a busy machine, mostly the kernel's), so:
 * - the package directories are copied once per test file (the pristine copy, a private one: never the project's own
 *   files), and a planted copy is a tree of folders and hard links to it. The checks read a link as the file it names.
 *   plant() and write() put a file of the copy's own in place of the link before writing, so a change reaches only that
 *   copy. A write past them (writeFileSync on a linked path) would change the pristine copy and every copy after it:
 *   after the file's tests the pristine copy is compared with the project, byte for byte, and a difference fails the
 *   test file.
 * - a copy a test used is handed to a later test of the file, after reset(): what the test added or put in place of a
 *   link (files, folders, links) is removed, what it removed or replaced is linked again, and the root files are copied
 *   again. So each test starts from a copy that is the project's files again, whatever it did to its copy.
 * test/check/planted.test.ts proves each of these. The checks' own caches key by file text, not by path, so a path
 * that holds another text in a later test is read again (the platform-rules cases each plant classes/AbmPlanted.cls
 * with another text and expect another finding).
 */
import { cpSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listFiles } from '../../scripts/check/lib/tools-common';

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

/** Every file under `dir`, relative to it. */
export const filesUnder = (dir: string): string[] => listFiles(dir, () => true).map((file) => relative(dir, file));

/** A folder of the pristine copy: its files (name → inode, what a link to the file shares) and its folders. */
type Tree = { files: Map<string, number>; dirs: Map<string, Tree> };

function treeOf(dir: string): Tree {
    const tree: Tree = { files: new Map(), dirs: new Map() };
    for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) tree.dirs.set(e.name, treeOf(path));
        else tree.files.set(e.name, lstatSync(path).ino);
    }
    return tree;
}

/** The package directories copied once, as files, from the project: what each planted copy links to. */
export class Pristine {
    readonly dir = mkdtempSync(join(tmpdir(), 'abm-pristine-'));
    readonly trees = new Map<string, Tree>();

    constructor() {
        for (const d of PACKAGE_DIRS) {
            cpSync(join(ROOT, d), join(this.dir, d), { recursive: true, filter: copied });
            this.trees.set(d, treeOf(join(this.dir, d)));
        }
    }

    /** The files of the pristine copy that no longer hold the project's bytes (written through a link). */
    changed(): string[] {
        return filesUnder(this.dir).filter((f) => !readFileSync(join(this.dir, f)).equals(readFileSync(join(ROOT, f))));
    }

    remove(): void {
        rmSync(this.dir, { recursive: true, force: true });
    }
}

/**
 * `to` made the tree of links to `from` (whose files and folders `tree` lists) again: an entry that is not there, or not
 * the link to the pristine file (another inode: written by plant/write, or a file where a folder was), is removed, and
 * what is missing is linked again.
 */
function relink(tree: Tree, from: string, to: string): void {
    const kept = new Set<string>();
    for (const e of readdirSync(to, { withFileTypes: true })) {
        const path = join(to, e.name);
        const sub = tree.dirs.get(e.name);
        if (sub !== undefined && e.isDirectory()) relink(sub, join(from, e.name), path);
        else if (!(e.isFile() && lstatSync(path).ino === tree.files.get(e.name))) {
            rmSync(path, { recursive: true, force: true });
            continue;
        }
        kept.add(e.name);
    }
    for (const name of tree.dirs.keys()) if (!kept.has(name)) linkTree(join(from, name), join(to, name));
    for (const name of tree.files.keys()) if (!kept.has(name)) linkSync(join(from, name), join(to, name));
}

export class PlantedProject {
    readonly dir = mkdtempSync(join(tmpdir(), 'abm-planted-'));

    constructor(private readonly pristine: Pristine) {
        for (const d of PACKAGE_DIRS) linkTree(join(pristine.dir, d), join(this.dir, d));
        for (const f of ROOT_FILES) cpSync(join(ROOT, f), join(this.dir, f));
    }

    /** This copy made the project's files again, as a new copy is, whatever a test did to it (see relink). */
    reset(): this {
        for (const name of readdirSync(this.dir))
            if (!PACKAGE_DIRS.includes(name) && !ROOT_FILES.includes(name)) rmSync(join(this.dir, name), { recursive: true, force: true });
        for (const f of ROOT_FILES) {
            rmSync(join(this.dir, f), { recursive: true, force: true });
            cpSync(join(ROOT, f), join(this.dir, f));
        }
        for (const d of PACKAGE_DIRS) {
            const to = join(this.dir, d);
            if (!lstatSync(to, { throwIfNoEntry: false })?.isDirectory()) {
                rmSync(to, { force: true });
                linkTree(join(this.pristine.dir, d), to);
            } else relink(this.pristine.trees.get(d)!, join(this.pristine.dir, d), to);
        }
        return this;
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
 * A factory of planted copies for one test file. A copy handed out in a test is that test's own until it ends, then it
 * goes back to the pool and the next test that asks gets it reset (one made outside a test is never pooled). After the
 * file's tests every copy is removed, and the pristine copy is checked against the project (a write through a link
 * fails the test file) and removed.
 */
export function plantedProjects(): () => PlantedProject {
    const made: PlantedProject[] = [];
    const free: PlantedProject[] = [];
    const lent: PlantedProject[] = [];
    let pristine: Pristine | undefined;
    let inTest = false;
    beforeEach(() => {
        inTest = true;
    });
    afterEach(() => {
        inTest = false;
        free.push(...lent.splice(0));
    });
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
        pristine ??= new Pristine();
        let p = free.pop()?.reset();
        if (p === undefined) made.push((p = new PlantedProject(pristine)));
        if (inTest) lent.push(p);
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
