/**
 * Start the local Salesforce API double for a test: from a snapshot folder (the same CSVs `SnapshotOrg` reads) or from
 * records in memory. Returns the double (store, faults, recorded requests), a jsforce Connection to it (with a refresh
 * token, so a 401 is survived by a real OAuth refresh), a `SalesforceOrg` on that connection, and, with `cli: true`, an
 * env (a temp HOME holding an sf auth) + alias that let a test run the CLI against the double, in-process or as a child
 * process (test/abm-cli.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@jsforce/jsforce-node';
import { makeId } from '../../scripts/org/ids';
import { SalesforceOrg, type ConnectionLike, type SalesforceOrgOptions } from '../../scripts/org/salesforce';
import { readCsvFile } from '../../scripts/org/snapshot';
import { RecordStore } from '../../scripts/org/store';
import { API_VERSION, SfDouble, storeFromRecords, type DoubleOptions } from './double';
import { inProcess } from '../abm-cli';

export type StartOptions = {
    snapshotDir?: string;
    records?: Record<string, Record<string, unknown>[]>;
    /** Create a temp HOME with an sf auth + alias for the CLI (in-process or a child process). */
    cli?: boolean;
    now?: () => Date;
    double?: Omit<DoubleOptions, 'store'>;
    /** SalesforceOrg options (tests use short polls and retry delays). */
    org?: SalesforceOrgOptions;
};

export type Harness = {
    url: string;
    double: SfDouble;
    connection: Connection;
    org: SalesforceOrg;
    /** Env for the CLI (HOME with the auth); set when `cli: true`. */
    cliEnv?: NodeJS.ProcessEnv;
    /** Alias to pass as `--target-org`; set when `cli: true`. */
    targetOrg?: string;
    stop(): Promise<void>;
};

/** A store that reads `<ApiName>.csv` files lazily, as the snapshot adapter does (but never gains fields). */
export function storeFromSnapshot(dir: string, now?: () => Date): RecordStore {
    const files = new Map(
        readdirSync(dir)
            .filter((f) => f.toLowerCase().endsWith('.csv'))
            .map((f) => [f.slice(0, -4).toLowerCase(), join(dir, f)])
    );
    return new RecordStore({
        now,
        load: (object) => {
            const file = files.get(object.toLowerCase());
            return file ? { ...readCsvFile(file), source: file } : undefined;
        }
    });
}

/**
 * Seller records making each user an active AE accepting accounts, with room for `capacity` Tier 1 accounts (apply
 * re-checks that every target is an eligible seller).
 */
export function aeSellers(users: { Id: string }[], capacity: number): Record<string, unknown>[] {
    return users.map((u, i) => ({
        Id: makeId('a01', i + 1),
        User__c: u.Id,
        Role__c: 'AE',
        Tier1CapacityMin__c: 0,
        Tier1CapacityMax__c: capacity,
        IsActive__c: true,
        IsAcceptingAccounts__c: true
    }));
}

/**
 * Store an sf auth for the double and an alias to it in the current HOME, the way `sf org login access-token` does, so
 * the CLI (in-process or a child process with `cliEnv`) can run with `--target-org <alias>`. Run it inside inProcess
 * (test/abm-cli.ts), which points HOME at the temp folder and keeps core's warning about the double's plain-http URL out
 * of the test output (a child process's stderr, as before).
 */
async function storeAuth(instanceUrl: string, accessToken: string, alias: string): Promise<void> {
    const { AuthInfo, StateAggregator } = await import('@salesforce/core');
    const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
    await auth.save();
    const state = await StateAggregator.getInstance();
    await state.aliases.setAndSave(alias, auth.getUsername()!);
}

/** One request through a connection: its method, URL and body, and how to send it on (`send()`, once, or not at all). */
export type Passing = { method: string; url: string; body?: string; send: () => Promise<unknown> };

/**
 * A SalesforceOrg on the harness's connection whose jsforce requests pass through `around` (to edit an answer, or act
 * when one arrives); its Bulk API 2.0 CSV calls go straight to the double as before. Short polls and retry delays, as
 * `startDouble` gives, unless `options` says otherwise.
 */
export function orgAround(h: Harness, around: (request: Passing) => Promise<unknown>, options: SalesforceOrgOptions = {}): SalesforceOrg {
    const conn = h.connection as unknown as ConnectionLike;
    const wrapped: ConnectionLike = {
        get instanceUrl() {
            return conn.instanceUrl;
        },
        get accessToken() {
            return conn.accessToken;
        },
        version: conn.version,
        request: <R>(request: Parameters<ConnectionLike['request']>[0]): Promise<R> => {
            const { method = 'GET', url, body } = typeof request === 'string' ? { url: request } : request;
            return around({ method, url, body, send: () => conn.request(request) }) as Promise<R>;
        }
    };
    return SalesforceOrg.fromConnection(wrapped, { pollIntervalMs: 5, retryBaseMs: 5, ...options });
}

export async function startDouble(options: StartOptions = {}): Promise<Harness> {
    const store = options.snapshotDir
        ? storeFromSnapshot(options.snapshotDir, options.now)
        : storeFromRecords(options.records ?? {}, { now: options.now });
    const double = new SfDouble({ ...options.double, store });
    const url = await double.start();
    const connection = new Connection({
        instanceUrl: url,
        accessToken: double.accessToken,
        refreshToken: double.refreshToken,
        oauth2: { loginUrl: url, clientId: 'PlatformCLI', redirectUri: 'http://localhost:1717/OauthRedirect' },
        version: API_VERSION
    });
    const org = SalesforceOrg.fromConnection(connection as never, {
        pollIntervalMs: 5,
        retryBaseMs: 5,
        label: double.username,
        ...options.org
    });
    const harness: Harness = {
        url,
        double,
        connection,
        org,
        stop: async () => {
            await double.stop();
            if (harness.cliEnv?.HOME && existsSync(harness.cliEnv.HOME)) rmSync(harness.cliEnv.HOME, { recursive: true, force: true });
        }
    };
    if (options.cli) {
        const home = mkdtempSync(join(tmpdir(), 'abm-double-home-'));
        mkdirSync(join(home, '.sfdx'), { recursive: true });
        mkdirSync(join(home, '.sf'), { recursive: true });
        writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
        writeFileSync(
            join(home, '.sfdx', 'key.json'),
            JSON.stringify({ account: 'local', key: randomBytes(16).toString('hex'), service: 'sfdx' }),
            { mode: 0o600 }
        );
        // SF_DISABLE_LOG_FILE: core warns about the older SFDX_ name (test/global-setup.js sets it) on every start.
        const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'SFDX_DISABLE_LOG_FILE'));
        const env: NodeJS.ProcessEnv = {
            ...inherited,
            HOME: home,
            SF_DISABLE_TELEMETRY: 'true',
            SF_SKIP_NEW_VERSION_CHECK: 'true',
            SF_AUTOUPDATE_DISABLE: 'true',
            SF_DISABLE_AUTOUPDATE: 'true',
            SF_DISABLE_LOG_FILE: 'true',
            SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
        };
        const alias = 'abm-double';
        await inProcess({ env }, () => storeAuth(url, double.accessToken, alias));
        harness.cliEnv = env;
        harness.targetOrg = alias;
    }
    return harness;
}
