/**
 * The planted copies (test/check/planted.ts) are what the bite tests take them for: a whole copy of the package
 * directories whose planted change only that copy sees, although its files are hard links to one pristine copy; and a
 * write that goes past plant/write, through a link, is caught.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPristine, filesUnder, PlantedProject, Pristine, ROOT, SRC } from './planted';

const LABELS = join(SRC, 'labels', 'CustomLabels.labels-meta.xml');
const ORIGINAL = readFileSync(join(ROOT, LABELS), 'utf8');

let pristine: Pristine;
const made: PlantedProject[] = [];
const copy = (): PlantedProject => {
    const p = new PlantedProject(pristine);
    made.push(p);
    return p;
};
beforeAll(() => {
    pristine = new Pristine();
});
afterAll(() => {
    made.forEach((p) => p.remove());
    pristine.remove();
});

it('holds every file a plain copy of the package directories (without LWC tests and mocks) holds, with its bytes', () => {
    const plain = mkdtempSync(join(tmpdir(), 'abm-plain-'));
    try {
        for (const d of ['force-app', 'force-app-settings'])
            cpSync(join(ROOT, d), join(plain, d), {
                recursive: true,
                filter: (f) => !f.includes('__tests__') && !f.includes('jest-mocks')
            });
        for (const f of ['sfdx-project.json', '.prettierrc', '.prettierignore']) cpSync(join(ROOT, f), join(plain, f));
        const p = copy();
        const files = filesUnder(plain).sort();
        expect(filesUnder(p.dir).sort()).toEqual(files);
        expect(files.length).toBeGreaterThan(300);
        for (const f of files) expect(readFileSync(join(p.dir, f)).equals(readFileSync(join(plain, f)))).toBe(true);
    } finally {
        rmSync(plain, { recursive: true, force: true });
    }
});

it('shows a planted change in its own copy only: not in the project, the pristine copy or another copy', () => {
    const [p, q] = [copy(), copy()];
    p.plant('labels/CustomLabels.labels-meta.xml', 'owned by an active AE', 'owned by a planted AE');
    p.write('labels/CustomLabels.labels-meta.xml', readFileSync(join(p.dir, LABELS), 'utf8').replace('planted AE', 'twice planted AE'));
    expect(readFileSync(join(p.dir, LABELS), 'utf8')).toContain('owned by a twice planted AE');
    for (const dir of [q.dir, pristine.dir, ROOT]) expect(readFileSync(join(dir, LABELS), 'utf8')).toBe(ORIGINAL);
    expect(copy().lineOf(LABELS, 'owned by an active AE')).toBe(p.lineOf(LABELS, 'owned by a twice planted AE'));
    expect(() => expectPristine(pristine)).not.toThrow();
});

it('catches a write through a link (writeFileSync past plant/write), which every later copy would see', () => {
    const p = copy();
    writeFileSync(join(p.dir, LABELS), ORIGINAL.replace('owned by an active AE', 'owned by a stray AE'));
    try {
        expect(readFileSync(join(copy().dir, LABELS), 'utf8')).toContain('owned by a stray AE');
        expect(() => expectPristine(pristine)).toThrow(
            `a test wrote through a planted copy's hard link (use plant or write): ${LABELS} changed`
        );
    } finally {
        writeFileSync(join(pristine.dir, LABELS), ORIGINAL);
    }
    expect(() => expectPristine(pristine)).not.toThrow();
    expect(readFileSync(join(ROOT, LABELS), 'utf8')).toBe(ORIGINAL);
});
