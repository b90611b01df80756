/**
 * tsx scripts/dev/install-links.ts --app 04t… [--settings 04t…] [--version 0.2.0-1] FILE…
 *
 * Writes the install commands and links of a released package version into every FILE, between the markers
 * `<!-- abm-install:begin -->` and `<!-- abm-install:end -->` (README.md and docs/install.md). Run by the packaging
 * workflow after `sf package version create`; without --settings, the newest `ABM RevOps Settings@…` alias of
 * sfdx-project.json is used (the settings package is built rarely). Exit 0 written, 1 a file lacks the markers, 2 usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const BEGIN = '<!-- abm-install:begin -->';
export const END = '<!-- abm-install:end -->';
const VERSION_ID = /^04t[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$/;

export type Release = { app: string; settings: string; version?: string };

/** The text between the markers for a release. */
export function installBlock(release: Release): string {
    const url = (host: string, id: string) => `https://${host}.salesforce.com/packaging/installPackage.apexp?p0=${id}`;
    return [
        BEGIN,
        `Version ${release.version ?? release.app}: install **ABM RevOps Settings** first (once per org), then **ABM RevOps**.`,
        '',
        '```bash',
        `sf package install --package ${release.settings} --target-org <alias> --security-type AdminsOnly --wait 20   # once per org`,
        `sf package install --package ${release.app} --target-org <alias> --security-type AdminsOnly --wait 30`,
        'npm run abm -- setup --target-org <alias> --sellers sellers.csv   # permission sets, record page, sellers, scheduled jobs',
        '```',
        '',
        `Or click: settings [production](${url('login', release.settings)}) / [sandbox](${url('test', release.settings)}), ` +
            `then the app [production](${url('login', release.app)}) / [sandbox](${url('test', release.app)}).`,
        END
    ].join('\n');
}

/** Replace the marked block of `text`; throws when the markers are missing or out of order. */
export function replaceInstallBlock(text: string, release: Release, file = 'the file'): string {
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (start < 0 || end < start) throw new Error(`${file} has no ${BEGIN} … ${END} block`);
    return `${text.slice(0, start)}${installBlock(release)}${text.slice(end + END.length)}`;
}

/** The newest `<package>@x.y.z-n` alias of sfdx-project.json's packageAliases (by version, not by order). */
export function latestVersionAlias(aliases: Record<string, string>, pkg: string): string | undefined {
    const versions = Object.entries(aliases)
        .map(([alias, id]) => ({
            id,
            v: new RegExp(`^${pkg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@(\\d+)\\.(\\d+)\\.(\\d+)-(\\d+)$`).exec(alias)
        }))
        .filter((x): x is { id: string; v: RegExpExecArray } => x.v !== null)
        .map(({ id, v }) => ({ id, key: v.slice(1, 5).map(Number) }));
    versions.sort((a, b) => a.key.reduce((d, n, i) => d || n - b.key[i]!, 0));
    return versions.at(-1)?.id;
}

function main(argv: string[]): number {
    let values: { app?: string; settings?: string; version?: string };
    let files: string[];
    try {
        ({ values, positionals: files } = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: { app: { type: 'string' }, settings: { type: 'string' }, version: { type: 'string' } }
        }));
    } catch (error) {
        process.stderr.write(`install-links: ${(error as Error).message}\n`);
        return 2;
    }
    const aliases =
        (JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as { packageAliases?: Record<string, string> }).packageAliases ?? {};
    const settings = values.settings ?? latestVersionAlias(aliases, 'ABM RevOps Settings');
    if (!values.app || !VERSION_ID.test(values.app) || !settings || !VERSION_ID.test(settings) || !files.length) {
        process.stderr.write(
            'Usage: tsx scripts/dev/install-links.ts --app 04t… [--settings 04t…] [--version X] FILE…\n' +
                '(--settings defaults to the newest "ABM RevOps Settings@…" alias of sfdx-project.json)\n'
        );
        return 2;
    }
    let status = 0;
    for (const file of files) {
        try {
            writeFileSync(
                file,
                replaceInstallBlock(readFileSync(file, 'utf8'), { app: values.app, settings, version: values.version }, file)
            );
            process.stdout.write(`install-links: ${file} updated\n`);
        } catch (error) {
            process.stderr.write(`install-links: ${(error as Error).message}\n`);
            status = 1;
        }
    }
    return status;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
