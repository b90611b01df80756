/**
 * The doc-links check: the project's README and docs pass; planted broken links, images and anchors are reported with
 * file and line, GitHub's heading slugs (duplicates, punctuation, code) and `<a id>` anchors resolve, links in code are
 * not links, and a README over the front-page limit is caught.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocLinks, docFiles, README_MAX_LINES } from '../../scripts/check/lib/doc-links';

const ROOT = join(__dirname, '..', '..');

it('passes on the project: every relative link and anchor of README.md and docs/ resolves', () => {
    const files = docFiles(ROOT);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/plugin.md', 'docs/setup.md']));
    const { findings, links } = checkDocLinks(ROOT);
    expect(findings).toEqual([]);
    expect(links).toBeGreaterThan(100);
});

function plant(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-doc-links-'));
    for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
    }
    return dir;
}

it('resolves files, folders, GitHub heading slugs and <a id> anchors', () => {
    const dir = plant({
        'README.md': [
            '# ABM',
            '',
            'See [setup](docs/setup.md#1-assign-the-permission-sets), [again](docs/setup.md#the-sellers-csv-1),',
            '[the code](docs/setup.md#abm-setup---dry-run), [a term](docs/setup.md#tier-1), [here](#abm), [setext](docs/setup.md#the-quarter),',
            '[the data](data/), ![shot](docs/shot.png) and [ref][r] and <a href="docs/setup.md#abm">html</a>.',
            '',
            '[r]: docs/setup.md',
            ''
        ].join('\n'),
        'docs/setup.md': [
            '# ABM',
            '## 1. Assign the permission sets',
            '## The sellers’ CSV',
            '## The sellers’ CSV',
            '## `abm setup --dry-run`',
            '| <a id="tier-1"></a>Tier 1 | x |',
            '| --- | --- |',
            '',
            'The **quarter**',
            '---',
            '',
            '```md',
            '# Not a heading',
            '```',
            ''
        ].join('\n'),
        'docs/shot.png': 'png',
        'data/sellers.csv': 'a\n'
    });
    expect(checkDocLinks(dir)).toMatchObject({ findings: [], files: 2, links: 10 });
});

it('reports missing files, images and anchors with their line, and ignores links in code', () => {
    const dir = plant({
        'README.md': [
            '# ABM',
            '',
            'Install: [guide](docs/instal.md).',
            '',
            '![map](docs/screenshots/map.png)',
            '',
            'Then [setup](docs/setup.md#assign-permission-sets) and [up](../other/README.md).',
            '',
            '```bash',
            'echo "[not a link](nowhere.md)"',
            '```',
            '',
            'And `[code](nowhere.md)`, [Setup](docs/setup.md#Setup), [self](#abm-revops), [a png](docs/x.png#top).',
            ''
        ].join('\n'),
        'docs/setup.md': '# Setup\n\nBack to [the start](../README.md#abmm) or [code](#not-a-heading).\n\n```\n# Not a heading\n```\n',
        'docs/x.png': 'png'
    });
    const messages = checkDocLinks(dir).findings.map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(messages).toEqual([
        'README.md:3 "docs/instal.md": docs/instal.md is not in the repository',
        'README.md:5 "docs/screenshots/map.png": docs/screenshots/map.png is not in the repository',
        'README.md:7 "docs/setup.md#assign-permission-sets": docs/setup.md has no heading or <a id> "#assign-permission-sets"',
        'README.md:7 "../other/README.md" points outside the repository',
        'README.md:13 "docs/setup.md#Setup": docs/setup.md has no heading or <a id> "#Setup" (did you mean #setup?)',
        'README.md:13 "#abm-revops": README.md has no heading or <a id> "#abm-revops"',
        'README.md:13 "docs/x.png#top": an anchor into docs/x.png, which is not a markdown page',
        'docs/setup.md:3 "../README.md#abmm": README.md has no heading or <a id> "#abmm"',
        'docs/setup.md:3 "#not-a-heading": docs/setup.md has no heading or <a id> "#not-a-heading"'
    ]);
});

it('keeps the README a front page', () => {
    const long = Array.from({ length: README_MAX_LINES + 1 }, (_, i) => `line ${i}`).join('\n');
    const dir = plant({ 'README.md': `${long}\n` });
    expect(checkDocLinks(dir).findings).toEqual([
        {
            file: 'README.md',
            line: README_MAX_LINES + 1,
            message: `README.md has ${README_MAX_LINES + 1} lines: keep the front page at most ${README_MAX_LINES} and move the rest to docs/`
        }
    ]);
    const atLimit = plant({ 'README.md': `${long.split('\n').slice(1).join('\n')}\n` });
    expect(checkDocLinks(atLimit).findings).toEqual([]);
});
