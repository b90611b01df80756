/**
 * The `abm` CLI as the end-to-end tests run it in a child process: `node lib/cli/abm.js …`, the compiled CLI (what
 * `npm run build` makes and a user runs), not the TypeScript sources through tsx. test/global-setup.js rebuilds lib/
 * before a Jest run when scripts/ is newer (test/lib-build.js).
 */
import { join } from 'node:path';

export const ABM_JS = join(__dirname, '..', 'lib', 'cli', 'abm.js');

/** argv for `process.execPath`: `[ABM_JS, ...args]`. */
export const abmArgv = (args: string[]): string[] => [ABM_JS, ...args];
