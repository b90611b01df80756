/** The `abm` CLI for the rebalance end-to-end tests: in-process (test/abm-cli.ts), with the env a test gives it. */
import { abmInProcess, ROOT, type CliResult } from '../abm-cli';

export { ROOT };

export const abm = (args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> => abmInProcess(args, { env });
