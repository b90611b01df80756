/**
 * Child-process helper for the e2e harness: in a temp HOME, store an sf auth for the double and an alias to it, the way
 * `sf org login access-token` does, so a real CLI process can run with `--target-org <alias>`.
 * Usage: HOME=<tmp> tsx test/sfdouble/make-auth.ts <instanceUrl> <accessToken> <alias>
 */
import { AuthInfo, StateAggregator } from '@salesforce/core';

async function main(): Promise<void> {
    const [instanceUrl, accessToken, alias] = process.argv.slice(2);
    if (!instanceUrl || !accessToken || !alias) throw new Error('usage: make-auth.ts <instanceUrl> <accessToken> <alias>');
    const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
    await auth.save();
    const state = await StateAggregator.getInstance();
    await state.aliases.setAndSave(alias, auth.getUsername());
    process.stdout.write(`${auth.getUsername()}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
});
