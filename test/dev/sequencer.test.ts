/**
 * test/sequencer.js, Jest's test order: recorded durations first (longest first), then the seconds of
 * test/suite-seconds.json for suites Jest has no duration of (a fresh clone), then the rest by file size; failed suites
 * of the last run before everything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the sequencer is CommonJS, loaded by Jest's config
const LongestFirst = require('../sequencer.js') as new () => {
    sort(tests: FakeTest[]): FakeTest[];
    _cache: Map<unknown, Record<string, [number, number]>>;
};

const ROOT = join(__dirname, '..', '..');
const SECONDS = JSON.parse(readFileSync(join(ROOT, 'test', 'suite-seconds.json'), 'utf8')) as Record<string, number>;

type FakeTest = { path: string; context: { config: { cache: boolean }; hasteFS: { getSize(path: string): number } } };

const sizes = new Map<string, number>();
const context = { config: { cache: false }, hasteFS: { getSize: (path: string) => sizes.get(path) ?? 0 } };
const test = (rel: string, size = 100): FakeTest => {
    sizes.set(join(ROOT, rel), size);
    return { path: join(ROOT, rel), context };
};
const order = (tests: FakeTest[], recorded: Record<string, [number, number]> = {}): string[] => {
    const sequencer = new LongestFirst();
    sequencer._cache.set(context, Object.fromEntries(Object.entries(recorded).map(([rel, r]) => [join(ROOT, rel), r])));
    return sequencer.sort(tests).map((t) => t.path.slice(ROOT.length + 1));
};

// The slowest listed suite and one listed with fewer seconds (not a tie: two suites with the same seconds keep their input
// order, so a tie would not show which comes first).
const byTime = Object.entries(SECONDS).sort((a, b) => b[1] - a[1]);
const slowest = byTime[0];
const second = byTime.find(([, seconds]) => seconds < slowest![1]);

it('lists the slow suites, and every listed suite has a positive number of seconds', () => {
    expect(Object.keys(SECONDS)).toEqual(expect.arrayContaining(['test/preview/preview.test.ts', 'test/plugin/sf-plugin.test.ts']));
    for (const seconds of Object.values(SECONDS)) expect(seconds).toBeGreaterThan(0);
});

it('without recorded durations: the listed suites longest first, then unlisted ones by file size, largest first', () => {
    const tests = [test('test/new/small.test.ts', 10), test(second![0], 1), test('test/new/big.test.ts', 5000), test(slowest![0], 1)];
    expect(order(tests)).toEqual([slowest![0], second![0], 'test/new/big.test.ts', 'test/new/small.test.ts']);
});

it('a recorded duration wins over the listed seconds; failed suites come first', () => {
    const tests = [test(slowest![0]), test(second![0]), test('test/new/other.test.ts')];
    const FAIL = 0;
    const PASS = 1;
    expect(order(tests, { [second![0]]: [PASS, (slowest![1] + 1) * 1000] })).toEqual([second![0], slowest![0], 'test/new/other.test.ts']);
    expect(order(tests, { 'test/new/other.test.ts': [FAIL, 10] })).toEqual(['test/new/other.test.ts', slowest![0], second![0]]);
});
