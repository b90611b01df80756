/**
 * The scripts project's transform (jest.config.js: Sucrase): what the suites rely on from it. A failing assertion or an
 * error must point at its line in the .ts source (type-only lines above it are removed, not closed up); `__dirname` is
 * the source file's folder; `import()` loads a module as require() does; a module's exports can be spied on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as random from '../rng';

interface Shape {
    name: string;
    sides: number;
}
type Named = Pick<Shape, 'name'>;
enum Side {
    Left,
    Right
}

/** The 1-based line of the only source line containing `marker`. */
function lineOf(marker: string): number {
    const lines = readFileSync(__filename, 'utf8').split('\n');
    const at = lines.flatMap((line, i) => (line.includes(marker) && !line.includes('lineOf(') ? [i + 1] : []));
    expect(at).toHaveLength(1);
    return at[0]!;
}

function fail(shape: Named): never {
    throw new Error(`no ${shape.name}`); // the throw line
}

it('points a stack trace at the line of the .ts source', () => {
    let stack = '';
    try {
        fail({ name: 'shape' } satisfies Named);
    } catch (error) {
        stack = (error as Error).stack ?? '';
    }
    expect(stack).toContain(`transform.test.ts:${lineOf('// the throw line')}:`);
});

it('points a failed assertion at its line', () => {
    let stack = '';
    try {
        expect(Side.Right).toBe(Side.Left); // the failing assertion
    } catch (error) {
        stack = (error as Error).stack ?? '';
    }
    expect(stack).toContain(`transform.test.ts:${lineOf('// the failing assertion')}:`);
});

it('gives __dirname and __filename of the source file', () => {
    expect(__dirname).toBe(join(process.cwd(), 'test', 'dev'));
    expect(__filename).toBe(join(__dirname, 'transform.test.ts'));
});

it('loads a module with import() as require() does: the same instance', async () => {
    const loaded = await import('../rng');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point is to compare with require()
    expect(loaded.rng).toBe((require('../rng') as typeof loaded).rng);
    expect(loaded).toBe(random);
});

it('lets jest.spyOn replace a TypeScript module export seen through a namespace import', () => {
    const spy = jest.spyOn(random, 'rng').mockReturnValue(() => 0.5);
    try {
        expect(random.rng(1)()).toBe(0.5);
    } finally {
        spy.mockRestore();
    }
    expect(random.rng(1)()).not.toBe(0.5);
});
