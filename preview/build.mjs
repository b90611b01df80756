// node preview/build.mjs [--force]
// Builds the preview bundle (out/preview/app.js) and its fixtures (out/preview/fixtures/*.json). The bundle is rebuilt
// only when an input changed (hash of the LWC sources, labels, preview sources and the lockfile in out/preview/.inputs-hash),
// so repeated test runs cost nothing. Prints one line per step; exit 1 on a build error. Builds running at the same time
// (the browser test files start in parallel) take turns: the second finds the bundle up to date.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'out', 'preview');
const FIXTURES = join(OUT, 'fixtures');
const INPUTS = [
    'force-app/main/default/lwc',
    'force-app/main/default/labels',
    'preview/src',
    'preview/stubs.mjs',
    'preview/rollup.config.mjs',
    'package-lock.json'
];

function files(path) {
    const full = join(ROOT, path);
    if (!existsSync(full)) return [];
    if (statSync(full).isFile()) return [full];
    return readdirSync(full, { withFileTypes: true }).flatMap((d) =>
        d.name === '__tests__' ? [] : files(relative(ROOT, join(full, d.name)))
    );
}

// What the fixtures are made of (writeFixtures): rewritten only when one of these changed or a fixture is missing.
const FIXTURE_INPUTS = [
    'force-app/main/default/lwc/abmHealthScorecardRecord/__tests__/data',
    'force-app/main/default/lwc/abmAccountPlan/__tests__/data',
    'force-app/main/default/objects/ABM_PlanObjective__c',
    'force-app/main/default/objects/ABM_PlanAction__c',
    'preview/fixtures',
    'preview/src/territoryModel.mjs',
    'preview/build.mjs'
];
const FIXTURE_FILES = [
    'getRecord.json',
    'getHealthSignals.json',
    'getObjectInfo.json',
    'getPlan.json',
    'objectInfo-ABM_PlanObjective__c.json',
    'objectInfo-ABM_PlanAction__c.json',
    'scorecard-list.json',
    'territory-model.json',
    'territory-summary.json'
];

export function inputsHash(inputs = INPUTS) {
    const hash = createHash('sha256');
    for (const file of inputs.flatMap(files).sort()) {
        hash.update(relative(ROOT, file));
        hash.update(readFileSync(file));
    }
    return hash.digest('hex');
}

/**
 * Writes `data` to `file` unless it already holds it, through a rename: a page of another test file reading the
 * fixture meanwhile sees the old or the new file, never half of one.
 */
function writeFileAtomic(file, data) {
    const bytes = Buffer.from(data);
    if (existsSync(file) && readFileSync(file).equals(bytes)) return;
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, file);
}

/**
 * Writes the fixtures, unless they are there and their inputs (FIXTURE_INPUTS) have not changed since they were written:
 * generating the territory is most of an up-to-date build's time, and every browser test file runs the build.
 */
async function writeFixtures() {
    const hash = inputsHash(FIXTURE_INPUTS);
    const hashFile = join(FIXTURES, '.inputs-hash');
    if (existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash && FIXTURE_FILES.every((f) => existsSync(join(FIXTURES, f))))
        return;
    const { generateTerritory } = await import('./fixtures/generate.mjs');
    const { summarise } = await import('./src/territoryModel.mjs');
    const { XMLParser } = await import('fast-xml-parser');
    mkdirSync(FIXTURES, { recursive: true });
    const lwc = join(ROOT, 'force-app/main/default/lwc');
    const writeFileSync = writeFileAtomic;
    const copy = (from, to = from.split('/').pop()) => writeFileSync(join(FIXTURES, to), readFileSync(join(lwc, from)));
    copy('abmHealthScorecardRecord/__tests__/data/getRecord.json');
    copy('abmHealthScorecardRecord/__tests__/data/getHealthSignals.json');
    copy('abmHealthScorecardRecord/__tests__/data/getObjectInfo.json');
    copy('abmAccountPlan/__tests__/data/getPlan.json');
    // Field labels of the plan's child objects, from their metadata, as getObjectInfo returns them in an org.
    for (const object of ['ABM_PlanObjective__c', 'ABM_PlanAction__c']) {
        writeFileSync(join(FIXTURES, `objectInfo-${object}.json`), JSON.stringify(objectInfo(object, new XMLParser())));
    }
    // The list mode: the team's Tier 1 accounts; preview/src/scorecardListModel.mjs filters, sorts and pages them.
    writeFileSync(
        join(FIXTURES, 'scorecard-list.json'),
        JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'preview/fixtures/scorecard-list.json'), 'utf8')))
    );
    const model = generateTerritory();
    writeFileSync(join(FIXTURES, 'territory-model.json'), JSON.stringify(model));
    // As on the ABM_Territory_Map page: Tier 2 counted.
    writeFileSync(join(FIXTURES, 'territory-summary.json'), JSON.stringify(summarise(model, true, true)));
    writeFileAtomic(hashFile, hash);
}

/** The part of a UI API object info the components read (field labels), from force-app's object metadata. */
function objectInfo(object, parser) {
    const dir = join(ROOT, 'force-app/main/default/objects', object);
    const read = (file) => parser.parse(readFileSync(file, 'utf8'));
    const fields = { Name: { apiName: 'Name', label: String(read(join(dir, `${object}.object-meta.xml`)).CustomObject.nameField.label) } };
    for (const file of readdirSync(join(dir, 'fields'))) {
        const field = read(join(dir, 'fields', file)).CustomField;
        fields[field.fullName] = { apiName: field.fullName, label: String(field.label), updateable: true };
    }
    return { apiName: object, createable: true, updateable: true, deletable: true, fields };
}

/** Whether the lock's holder (its pid file) is gone: killed builds leave the directory behind. */
function stale(lock) {
    const pid = Number(readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
    if (!pid) return Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 10_000;
    try {
        process.kill(pid, 0);
        return false;
    } catch (error) {
        return error.code === 'ESRCH';
    }
}

/** Runs `work` while holding out/preview/.build-lock (a directory, as mkdir is atomic, with the holder's pid). */
async function locked(work, log) {
    const lock = join(OUT, '.build-lock');
    mkdirSync(OUT, { recursive: true });
    for (let waited = 0; ; waited++) {
        try {
            mkdirSync(lock);
            writeFileSync(join(lock, 'pid'), String(process.pid));
            break;
        } catch (error) {
            if (error.code !== 'EEXIST') throw error;
            if (stale(lock)) rmSync(lock, { recursive: true, force: true });
            else if (waited === 0) log('preview: waiting for another build to finish');
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
    }
    try {
        return await work();
    } finally {
        rmSync(lock, { recursive: true, force: true });
    }
}

export function build({ force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
    return locked(() => buildUnlocked({ force, log }), log);
}

async function buildUnlocked({ force, log }) {
    const hash = inputsHash();
    const hashFile = join(OUT, '.inputs-hash');
    const bundle = join(OUT, 'app.js');
    await writeFixtures();
    if (!force && existsSync(bundle) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash) {
        log(`preview: bundle up to date (${relative(ROOT, bundle)})`);
        return { built: false, bundle };
    }
    const started = performance.now();
    const { rollup } = await import('rollup');
    const { default: config } = await import('./rollup.config.mjs');
    const result = await rollup({ input: config.input, plugins: config.plugins, onwarn: config.onwarn });
    await result.write(config.output);
    await result.close();
    writeFileSync(hashFile, hash);
    const size = statSync(bundle).size;
    log(
        `preview: built ${relative(ROOT, bundle)} (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`
    );
    return { built: true, bundle };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    build({ force: process.argv.includes('--force') }).catch((error) => {
        process.stderr.write(`preview: build failed: ${error.message}\n${error.frame ?? ''}\n`);
        process.exitCode = 1;
    });
}
