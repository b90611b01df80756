/**
 * Child-process helper for the e2e harness: in a temp HOME, store an sf auth for the double and an alias to it, the way
 * `sf org login access-token` does, so a real CLI process can run with `--target-org <alias>`. Plain JavaScript, so
 * the harness runs it with node alone (no transpiler start-up per double).
 * Usage: HOME=<tmp> node test/sfdouble/make-auth.mjs <instanceUrl> <accessToken> <alias>
 */
import { AuthInfo, StateAggregator } from '@salesforce/core';

async function main() {
    const [instanceUrl, accessToken, alias] = process.argv.slice(2);
    if (!instanceUrl || !accessToken || !alias) throw new Error('usage: make-auth.mjs <instanceUrl> <accessToken> <alias>');
    const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
    await auth.save();
    const state = await StateAggregator.getInstance();
    await state.aliases.setAndSave(alias, auth.getUsername());
    process.stdout.write(`${auth.getUsername()}\n`);
}

main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});
