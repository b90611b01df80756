// Jest's test order (jest.config.js `testSequencer`): the longest suites first, so that no long suite starts last and
// runs alone at the end while the other worker is idle. Jest's own sequencer orders by the durations it recorded in its
// cache and, without them (a fresh clone in CI, or a new cache directory), by file size: the browser suite
// (test/preview/preview.test.ts, a short file) then started near the end. Here a suite without a recorded duration takes
// its seconds from test/suite-seconds.json (refresh: `npx jest --json --outputFile=FILE`, then
// `node scripts/dev/suite-seconds.mjs FILE`); a suite in neither comes after those, largest file first. Failed suites of
// the last run still come first, as in Jest's own.
const { dirname, join, relative, sep } = require('node:path');

// The default sequencer, from where jest-config (which names it as its default) resolves it.
const Sequencer = require(require.resolve('@jest/test-sequencer', { paths: [dirname(require.resolve('jest-config'))] })).default;
const ROOT = join(__dirname, '..');
const SECONDS = require('./suite-seconds.json');

class LongestFirst extends Sequencer {
    sort(tests) {
        const estimate = new Map(
            tests.map((test) => {
                const recorded = this.time(test);
                const listed = SECONDS[relative(ROOT, test.path).split(sep).join('/')];
                return [test, recorded ?? (listed === undefined ? undefined : listed * 1000)];
            })
        );
        const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
        return [...tests].sort((a, b) => {
            const failed = Number(this.hasFailed(b)) - Number(this.hasFailed(a));
            if (failed !== 0) return failed;
            const ea = estimate.get(a);
            const eb = estimate.get(b);
            if (ea !== undefined && eb !== undefined) return eb - ea;
            if (ea !== undefined || eb !== undefined) return ea === undefined ? 1 : -1;
            return size(b) - size(a);
        });
    }
}

module.exports = LongestFirst;
