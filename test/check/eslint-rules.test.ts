/**
 * The project's own ESLint rules bite: a spread of a possibly large array into a call's arguments (push/unshift/splice,
 * Math.max/min, String.fromCharCode) is refused in scripts/, because V8 throws "Maximum call stack size exceeded" above
 * ~125,000 arguments (a 150,000-row list crashed `abm load accounts` that way).
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { maxOf, minOf, pushAll } from '../../scripts/core/arrays';

const ROOT = join(__dirname, '..', '..');
// The project's flat config, given directly: ESLint's own loader imports it with a dynamic import(), which Jest's
// CommonJS sandbox cannot run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(join(ROOT, 'eslint.config.js')) as ESLint.Options['overrideConfig'];
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });

async function restricted(code: string, file = 'scripts/core/planted.ts'): Promise<number[]> {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

describe('no argument spreads of arrays in scripts/', () => {
    it('refuses push/unshift/splice, Math.max/min and fromCharCode with a spread argument, line by line', async () => {
        const code = [
            'export function f(a: number[], b: number[]): number {',
            '    a.push(...b);',
            '    a.unshift(...b);',
            '    a.splice(0, 0, ...b);',
            '    const m = Math.max(...b) + Math.min(1, ...b);',
            '    return m + String.fromCharCode(...b).length;',
            '}',
            ''
        ].join('\n');
        expect(await restricted(code)).toEqual([2, 3, 4, 5, 5, 6]);
    });

    it('accepts the helpers, loops and array-literal spreads (which do not use the call stack)', async () => {
        const code = [
            "import { maxOf, pushAll } from './arrays.js';",
            'export function f(a: number[], b: number[]): number {',
            '    pushAll(a, b);',
            '    for (const x of b) a.push(x);',
            '    const c = [...a, ...b];',
            '    return maxOf(c) + Math.max(1, 2);',
            '}',
            ''
        ].join('\n');
        expect(await restricted(code)).toEqual([]);
    });
});

describe('the helpers the rule points to (scripts/core/arrays.ts)', () => {
    const big = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 300_007);

    it('handle 300,000 elements, where the spread form overflows the call stack', () => {
        expect(() => [].push(...(big as never[]))).toThrow(RangeError);
        expect(() => Math.max(...big)).toThrow(RangeError);
        const target = [-1];
        expect(pushAll(target, big)).toBe(target);
        expect(target).toHaveLength(300_001);
        expect(target[1]).toBe(big[0]);
        expect(target[300_000]).toBe(big[299_999]);
        let max = -Infinity;
        let min = Infinity;
        for (const v of big) {
            if (v > max) max = v;
            if (v < min) min = v;
        }
        expect(maxOf(big)).toBe(max);
        expect(minOf(big)).toBe(min);
    });

    it('agree with Math.max/min on small inputs, including none and NaN', () => {
        for (const values of [[], [3], [2, -5, 9], [1, NaN, 2], [-0, 0]]) {
            expect(maxOf(values)).toBe(Math.max(...values));
            expect(minOf(values)).toBe(Math.min(...values));
        }
        expect(maxOf([], 0)).toBe(0);
        expect(pushAll<number>([], new Set([1, 2]))).toEqual([1, 2]);
    });
});
