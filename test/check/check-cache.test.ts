/**
 * scripts/check/lib/check-cache.ts: the inputs of the cached checks of `npm test`. The digest changes with any file of a
 * package directory, a root file, config/ and the checks' own code, and not with files the checks do not read (docs,
 * tests); the key also changes with the check's command line. (The runner's use of it, a cached PASS and a re-run after
 * a planted mistake: test/check/tools.test.ts.)
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedPass, checkInputs, checkKey, inputsDigest, rememberPass } from '../../scripts/check/lib/check-cache';

const FIX = join(__dirname, '..', 'fixtures', 'tools', 'project');

let dir: string;
let repo: string;
beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'abm-check-cache-'));
    cpSync(FIX, join(dir, 'project'), { recursive: true });
    repo = join(dir, 'repo');
    mkdirSync(join(repo, 'scripts', 'check'), { recursive: true });
    mkdirSync(join(repo, 'scripts', 'org'), { recursive: true });
    writeFileSync(join(repo, 'scripts', 'check', 'x.ts'), 'export {};\n');
    mkdirSync(join(dir, 'project', 'config'), { recursive: true });
    writeFileSync(join(dir, 'project', 'config', 'standard-fields.txt'), 'Account.Name\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const digest = (): string => inputsDigest(join(dir, 'project'), repo);
const write = (path: string, text: string): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
};

it('lists the package directories, config/, the root files and the checks’ code, and nothing under node_modules', () => {
    write(join(dir, 'project', 'node_modules', 'x', 'index.js'), '');
    const files = checkInputs(join(dir, 'project'), repo).map((f) => f.slice(dir.length + 1));
    expect(files).toEqual(
        expect.arrayContaining([
            'project/sfdx-project.json',
            'project/config/standard-fields.txt',
            'project/force-app/main/default/classes/AbmGoodSelector.cls',
            'repo/scripts/check/x.ts'
        ])
    );
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
});

it.each([
    ['a class', 'project/force-app/main/default/classes/AbmGoodSelector.cls'],
    ['a new file in a package directory', 'project/force-app/main/default/classes/AbmNew.cls'],
    ['a root file', 'project/code-analyzer.yml'],
    ['config/', 'project/config/standard-fields.txt'],
    ['a workflow', 'project/.github/workflows/ci.yml'],
    ['a composite action', 'project/.github/actions/setup/action.yml'],
    ['an adopter template', 'project/templates/github-actions/deploy.yml'],
    ['the checks’ code', 'repo/scripts/check/x.ts'],
    ['scripts/org', 'repo/scripts/org/project.ts'],
    ['scripts/core (the checks import it)', 'repo/scripts/core/arrays.ts']
])('changes with %s', (_, rel) => {
    const before = digest();
    write(join(dir, rel), `// changed ${rel}\n`);
    expect(digest()).not.toBe(before);
});

it('does not change with files the checks do not read', () => {
    const before = digest();
    write(join(dir, 'project', 'docs', 'x.md'), '# x\n');
    write(join(dir, 'project', 'test', 'x.test.ts'), 'it.todo("x");\n');
    write(join(dir, 'project', 'node_modules', 'x', 'index.js'), '');
    expect(digest()).toBe(before);
});

it('keeps a PASS under its key only', () => {
    const cache = join(dir, 'cache');
    const key = checkKey('apexlink', ['tsx', 'apexlink.ts'], digest());
    expect(checkKey('apexlink', ['tsx', 'apexlink.ts', '--strict'], digest())).not.toBe(key);
    expect(checkKey('convert', ['tsx', 'apexlink.ts'], digest())).not.toBe(key);
    expect(cachedPass(cache, 'apexlink', dir, key)).toBeUndefined();
    rememberPass(cache, 'apexlink', dir, key, 'apexlink: 1 Apex file, 0 errors');
    expect(cachedPass(cache, 'apexlink', dir, key)).toMatchObject({ key, line: 'apexlink: 1 Apex file, 0 errors' });
    expect(cachedPass(cache, 'apexlink', join(dir, 'other'), key)).toBeUndefined();
    write(join(dir, 'project', 'force-app', 'main', 'default', 'classes', 'AbmGoodSelector.cls'), 'changed');
    expect(cachedPass(cache, 'apexlink', dir, checkKey('apexlink', ['tsx', 'apexlink.ts'], digest()))).toBeUndefined();
});
