// The end-to-end tests run the compiled CLI (lib/, what `npm run build` and `npm ci` make, and what a user runs) rather
// than the TypeScript sources through tsx: each child process then skips the transpiler (about a third of its CPU).
// So lib/ must match scripts/: `ensureLibBuilt()` rebuilds it, once per Jest run (from test/global-setup.js), when a
// source, tsconfig or package.json is newer than the last build (lib/package.json, which every build rewrites).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'lib', 'package.json');
const SOURCES = ['scripts/cli', 'scripts/core', 'scripts/org', 'scripts/io'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/dev/lib-esm.mjs'];
/** The compiled CLI entry (`abm …` without oclif: scripts/cli/abm.ts compiled), run as `node <ABM_JS> <args>`. */
const ABM_JS = join(ROOT, 'lib', 'cli', 'abm.js');

function newestMtime(dir) {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
        else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
    return newest;
}

/** True when lib/ is older than any file it is compiled from. */
function libIsStale() {
    if (!existsSync(STAMP)) return true;
    const built = statSync(STAMP).mtimeMs;
    const sources = Math.max(...SOURCES.map((d) => newestMtime(join(ROOT, d))), ...CONFIGS.map((f) => statSync(join(ROOT, f)).mtimeMs));
    return sources > built;
}

/**
 * `npm run build` (tsc -p tsconfig.build.json, then lib/package.json) when lib/ is stale. A type error is printed, not
 * fatal: tsc still emits, and the tests run the code as tsx would (the tsc check reports the error).
 */
function ensureLibBuilt() {
    if (!libIsStale()) return false;
    const run = (args) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
        run([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')]);
    } catch (error) {
        process.stderr.write(
            `lib/ rebuilt for the tests with errors (npm run build):\n${String(error.stdout ?? '')}${String(error.stderr ?? '')}\n`
        );
        if (!existsSync(ABM_JS)) throw error;
    }
    run([join(ROOT, 'scripts', 'dev', 'lib-esm.mjs')]);
    return true;
}

module.exports = { ensureLibBuilt, libIsStale, ABM_JS };
