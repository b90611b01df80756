import { readFileSync } from 'node:fs';

/** 1-based line of the only occurrence of needle in file (fails the test if it is missing or not unique). */
export function lineOf(file: string, needle: string): number {
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(needle, at + 1)).toBe(-1);
    return text.slice(0, at).split('\n').length;
}
