#!/usr/bin/env node
// The `abm` bin: runs the TypeScript CLI through tsx (a runtime dependency), so no build step is needed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsxCli = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsxCli, join(root, 'scripts/cli/abm.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = result.status ?? 1;
