/** scripts/dev/install-links.ts: the packaging workflow's rewrite of the install block in README.md and docs/install.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEGIN, END, installBlock, latestVersionAlias, replaceInstallBlock } from '../../scripts/dev/install-links';

const ROOT = join(__dirname, '..', '..');
const release = { app: '04tAAAAAAAAAAAAAAA', settings: '04tBBBBBBBBBBBBBBB', version: '0.2.0-3' };

it('replaces only the marked block, and a second run gives the same text', () => {
    const text = `# Install\n\nbefore\n\n${BEGIN}\nold\n${END}\n\nafter\n`;
    const once = replaceInstallBlock(text, release);
    expect(once.startsWith('# Install\n\nbefore\n\n')).toBe(true);
    expect(once.endsWith('\n\nafter\n')).toBe(true);
    expect(once).toContain('sf package install --package 04tBBBBBBBBBBBBBBB --target-org <alias>');
    expect(once).toContain('https://login.salesforce.com/packaging/installPackage.apexp?p0=04tAAAAAAAAAAAAAAA');
    expect(once).toContain('https://test.salesforce.com/packaging/installPackage.apexp?p0=04tAAAAAAAAAAAAAAA');
    expect(once).not.toContain('old');
    expect(replaceInstallBlock(once, release)).toBe(once);
});

it('installs the settings package before the app, then runs setup', () => {
    const block = installBlock(release);
    expect(block.indexOf(release.settings)).toBeLessThan(block.indexOf(release.app));
    expect(block).toContain('npm run abm -- setup --target-org <alias>');
});

it('refuses a file without the markers', () => {
    expect(() => replaceInstallBlock('no markers', release, 'README.md')).toThrow('README.md has no');
});

it('README.md and docs/install.md carry the markers', () => {
    for (const file of ['README.md', join('docs', 'install.md')]) {
        expect(() => replaceInstallBlock(readFileSync(join(ROOT, file), 'utf8'), release, file)).not.toThrow();
    }
});

it('picks the newest settings version alias by version number', () => {
    expect(
        latestVersionAlias(
            {
                'ABM RevOps Settings': '0HoAAAAAAAAAAAA',
                'ABM RevOps Settings@0.1.0-10': '04t000000000010',
                'ABM RevOps Settings@0.1.0-9': '04t000000000009',
                'ABM RevOps@0.9.0-1': '04t000000000999'
            },
            'ABM RevOps Settings'
        )
    ).toBe('04t000000000010');
    expect(latestVersionAlias({}, 'ABM RevOps Settings')).toBeUndefined();
});
