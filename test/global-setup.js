// Runs once in Jest's parent process, before workers start: point HOME at a fresh temp dir so that
// @salesforce/core (auth files, aliases, logs) and the sf CLI never read or write the real user's ~/.sfdx and ~/.sf.
const { mkdtempSync, mkdirSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { ensureLibBuilt } = require('./lib-build');

module.exports = async () => {
    // The e2e tests run the compiled CLI: rebuild lib/ first when scripts/ changed since the last build.
    ensureLibBuilt();
    const home = mkdtempSync(join(tmpdir(), 'abm-test-home-'));
    mkdirSync(join(home, '.sfdx'), { recursive: true });
    mkdirSync(join(home, '.sf'), { recursive: true });
    // @salesforce/core creates these when missing, but its ENOENT check uses `instanceof Error`, which fails inside
    // Jest's sandbox (a different realm): so they must exist before the first test.
    writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
    // Likewise the generic keychain's key (created on first use; without it AuthInfo.create stalls ~10 s per test file).
    writeFileSync(
        join(home, '.sfdx', 'key.json'),
        JSON.stringify({ account: 'local', key: randomBytes(16).toString('hex'), service: 'sfdx' }, null, 4),
        { mode: 0o600 }
    );
    process.env.ABM_REAL_HOME = process.env.HOME ?? '';
    process.env.HOME = home;
    process.env.SF_DISABLE_TELEMETRY = 'true';
    process.env.SF_SKIP_NEW_VERSION_CHECK = 'true';
    process.env.SF_AUTOUPDATE_DISABLE = 'true';
    process.env.SF_DISABLE_AUTOUPDATE = 'true'; // oclif's name: stops the background "sf update --autoupdate"
    process.env.SFDX_DISABLE_LOG_FILE = 'true';
};
