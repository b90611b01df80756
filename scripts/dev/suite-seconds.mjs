#!/usr/bin/env node
// node scripts/dev/suite-seconds.mjs RESULTS.json
// Refreshes test/suite-seconds.json (what test/sequencer.js orders a cold Jest run by) from the output of
// `npx jest --json --outputFile=RESULTS.json`: each suite's wall seconds, rounded, keyed by its path from the repository root.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const file = process.argv[2];
if (file === undefined) {
    process.stderr.write('Usage: node scripts/dev/suite-seconds.mjs RESULTS.json (from npx jest --json --outputFile=RESULTS.json)\n');
    process.exit(2);
}
const { testResults } = JSON.parse(readFileSync(file, 'utf8'));
// Results from another checkout of the repository (a worktree) keep their path below the repository root.
const key = (name) => {
    if (name.startsWith(ROOT)) return relative(ROOT, name);
    const at = name.search(/\/(test|force-app)\//);
    return at === -1 ? relative(ROOT, name) : name.slice(at + 1);
};
const seconds = Object.fromEntries(
    testResults
        .map((t) => [key(t.name), Math.max(1, Math.round((t.endTime - t.startTime) / 1000))])
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
);
writeFileSync(new URL('../../test/suite-seconds.json', import.meta.url), `${JSON.stringify(seconds, null, 4)}\n`);
process.stdout.write(`test/suite-seconds.json: ${Object.keys(seconds).length} suites\n`);
