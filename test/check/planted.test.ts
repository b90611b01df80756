/**
 * The planted copies (test/check/planted.ts) are what the bite tests take them for: a whole copy of the package
 * directories whose planted change only that copy sees, although its files are hard links to one pristine copy; a write
 * that goes past plant/write, through a link, is caught; and a copy handed to the next test is reset to the project's
 * files, whatever the test before did to it.
 */
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectPristine, filesUnder, PlantedProject, plantedProjects, Pristine, ROOT, SRC } from './planted';

const LABELS = join(SRC, 'labels', 'CustomLabels.labels-meta.xml');
const ORIGINAL = readFileSync(join(ROOT, LABELS), 'utf8');
const ROOT_FILES = ['sfdx-project.json', '.prettierrc', '.prettierignore'];

describe('a copy', () => {
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

    /** The copy holds every file of a plain copy of the package directories and root files, with its bytes. */
    const expectWhole = (p: PlantedProject): void => {
        const plain = mkdtempSync(join(tmpdir(), 'abm-plain-'));
        try {
            for (const d of ['force-app', 'force-app-settings'])
                cpSync(join(ROOT, d), join(plain, d), {
                    recursive: true,
                    filter: (f) => !f.includes('__tests__') && !f.includes('jest-mocks')
                });
            for (const f of ROOT_FILES) cpSync(join(ROOT, f), join(plain, f));
            const files = filesUnder(plain).sort();
            expect(filesUnder(p.dir).sort()).toEqual(files);
            expect(files.length).toBeGreaterThan(300);
            for (const f of files) expect([f, readFileSync(join(p.dir, f)).equals(readFileSync(join(plain, f)))]).toEqual([f, true]);
            // Every package file is the link to the pristine file again (a file of its own would outlive a later write).
            for (const f of files.filter((f) => !ROOT_FILES.includes(f)))
                expect([f, lstatSync(join(p.dir, f)).ino]).toEqual([f, lstatSync(join(pristine.dir, f)).ino]);
        } finally {
            rmSync(plain, { recursive: true, force: true });
        }
    };

    it('holds every file a plain copy of the package directories (without LWC tests and mocks) holds, with its bytes', () => {
        expectWhole(copy());
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

    it('is the project again after reset(), whatever was planted, added, removed or replaced in it', () => {
        const p = copy();
        p.plant('labels/CustomLabels.labels-meta.xml', 'owned by an active AE', 'owned by a planted AE');
        p.write('classes/AbmPlanted.cls', 'public class AbmPlanted {}\n');
        mkdirSync(join(p.dir, SRC, 'lwc', 'abmPlanted'));
        p.write('lwc/abmPlanted/abmPlanted.js', 'export default class {}\n');
        rmSync(join(p.dir, SRC, 'flows'), { recursive: true });
        writeFileSync(join(p.dir, SRC, 'flows'), 'a file where a folder was');
        rmSync(join(p.dir, SRC, 'classes', 'AbmHealthController.cls'));
        rmSync(join(p.dir, SRC, 'classes', 'AbmHealthControllerTest.cls-meta.xml'));
        mkdirSync(join(p.dir, SRC, 'classes', 'AbmHealthControllerTest.cls-meta.xml'));
        rmSync(join(p.dir, 'force-app-settings'), { recursive: true });
        writeFileSync(join(p.dir, '.prettierrc'), '{}');
        writeFileSync(join(p.dir, 'known.json'), '[]');
        symlinkSync(join(ROOT, 'node_modules'), join(p.dir, 'node_modules'));
        expectWhole(p.reset());
        expect(() => expectPristine(pristine)).not.toThrow();
    });
});

describe('the factory (plantedProjects)', () => {
    const planted = plantedProjects();
    let outside: PlantedProject;
    let lent: string;
    beforeAll(() => {
        outside = planted();
    });

    it('lends a copy to a test', () => {
        const p = planted();
        expect(p.dir).not.toBe(outside.dir);
        lent = p.dir;
        p.plant('labels/CustomLabels.labels-meta.xml', 'owned by an active AE', 'owned by a planted AE');
        p.write('classes/AbmPlanted.cls', 'public class AbmPlanted {}\n');
    });

    it('hands that copy, reset, to the next test; a copy made outside a test stays out of the pool', () => {
        const p = planted();
        expect(p.dir).toBe(lent);
        expect(readFileSync(join(p.dir, LABELS), 'utf8')).toBe(ORIGINAL);
        expect(filesUnder(join(p.dir, SRC, 'classes'))).not.toContain('AbmPlanted.cls');
        expect([lent, outside.dir]).not.toContain(planted().dir);
    });
});
