/**
 * The `sf abm …` plugin's base command: an SfCommand whose flags (the one definition help, validation and defaults come
 * from) are handed to the command module in scripts/cli/commands/*.ts through the bridge of shared.ts. The module keeps
 * its own logic; here is only the surface the sf CLI owns:
 *
 * - the org: `--target-org` resolves through the sf CLI (an alias, a username, the default org from `sf config`, or
 *   SF_TARGET_ORG), `--api-version` sets the connection's version; `--snapshot` works offline instead;
 * - output: result lines and tables on stdout, progress and stage lines on stderr, warnings as sf warnings, `--json` the
 *   sf envelope (`{ status, result, warnings }`) with the command's exit code as `status`;
 * - errors: an SfError (name, message, actions, exit code, data), printed by the sf CLI in its own format.
 */
import { ConfigAggregator, Org, SfError } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import type { Command } from '@oclif/core';
import { API_VERSION } from '../../org/salesforce.js';
import { AbmError, runBridged, Ux, type BridgeValues, type DeclaredFlag } from '../shared.js';

/** A command module (scripts/cli/commands/<name>.ts): `run(words, ux)` reads its flags through `parseFlags`. */
export type CommandModule = { run(argv: string[], ux: Ux): Promise<void> };

/** The flags an sf command declares, as the bridge compares them with what the module reads. */
export function declaredFlags(flags: Record<string, unknown> | undefined): Record<string, DeclaredFlag> {
    return Object.fromEntries(
        Object.entries(flags ?? {}).map(([name, flag]) => {
            const f = flag as { type: 'boolean' | 'option'; multiple?: boolean; default?: unknown };
            return [name, { type: f.type, multiple: f.multiple, default: f.default }];
        })
    );
}

/** The org an sf command resolved (an @salesforce/core Org), as far as the bridge needs it. */
type ResolvedOrg = { getUsername(): string | undefined; getConnection(apiVersion?: string): unknown };

/**
 * `Flags.optionalOrg` resolves a default org that cannot be opened (an alias without a login, a typo in SF_TARGET_ORG)
 * to nothing, and the command would then ask for an org the user thinks they named (`Flags.requiredOrg` says "No
 * default environment found"). Say which default it was, where it comes from and what to do. No default org at all is
 * left to the command (it names --target-org and --snapshot).
 */
async function explainDefaultOrg(): Promise<void> {
    try {
        await Org.create({});
    } catch (error) {
        const e = error as Error;
        if (e.name === 'NoUsernameFoundError' || e.name === 'NoDefaultEnvError') return;
        const info = (await ConfigAggregator.create()).getInfo('target-org');
        const name = typeof info.value === 'string' ? info.value : 'the default org';
        const from = info.isEnvVar() ? 'SF_TARGET_ORG' : `sf config (${String(info.location) === 'Local' ? 'this project' : 'global'})`;
        throw new SfError(
            `The default org "${name}" (from ${from}) cannot be opened: ${e.message}`,
            e.name,
            [
                `Log in to it: sf org login web --alias ${name}`,
                'Or name another org with --target-org, or work offline with --snapshot <dir>.'
            ],
            1
        );
    }
}

export abstract class AbmCommand extends SfCommand<unknown> {
    public static override enableJsonFlag = true;

    /** The command module (loaded when the command runs) and the words before its flags (`['plan']` for `abm rebalance plan`). */
    public static readonly module: () => Promise<CommandModule>;
    public static readonly words: string[] = [];

    public override async run(): Promise<unknown> {
        const ctor = this.constructor as unknown as Command.Class & { module: () => Promise<CommandModule>; words: string[] };
        const { flags, argv, metadata } = await this.parse(ctor).catch(async (error: unknown) => {
            // Flags.requiredOrg says "No default environment found" also when a default org is set but cannot be opened.
            if ((error as Error).name === 'NoDefaultEnvError') await explainDefaultOrg();
            throw error;
        });
        const values: BridgeValues = {};
        let org: ResolvedOrg | undefined;
        for (const [name, value] of Object.entries(flags as Record<string, unknown>)) {
            if (value === undefined || name === 'json' || name === 'flags-dir' || name === 'api-version') continue;
            if (name === 'target-org') {
                // The default org (sf config / SF_TARGET_ORG) yields to an explicit --snapshot.
                if ((flags as { snapshot?: string }).snapshot !== undefined && metadata.flags[name]?.setFromDefault) continue;
                org = value as ResolvedOrg;
                values[name] = org.getUsername() ?? '';
                continue;
            }
            values[name] = Array.isArray(value) ? value.map(String) : typeof value === 'boolean' ? value : String(value);
        }
        if (!org && 'target-org' in (ctor.flags ?? {}) && (flags as { snapshot?: string }).snapshot === undefined)
            await explainDefaultOrg();
        const apiVersion = (flags as { 'api-version'?: string })['api-version'];
        const ux = new Ux(this.jsonEnabled(), {
            log: (message) => this.logToStderr(message),
            out: (message) => this.log(message),
            warn: (message) => {
                this.warn(message);
            }
        });
        try {
            const mod = await ctor.module();
            const outcome = await runBridged(
                {
                    values,
                    positionals: argv as string[],
                    declared: declaredFlags(ctor.flags),
                    connection: org ? () => org!.getConnection(apiVersion ?? API_VERSION) : undefined
                },
                () => mod.run(ctor.words, ux)
            );
            process.exitCode = outcome.status;
            return outcome.result;
        } catch (error) {
            if (error instanceof AbmError) {
                const sfError = new SfError(error.message, error.name, error.actions, error.exitCode);
                if (error.data !== undefined) sfError.setData(error.data as never);
                throw sfError;
            }
            throw error;
        }
    }
}
