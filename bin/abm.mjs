#!/usr/bin/env node
// `abm …` is `sf abm …` without the sf CLI: the same oclif commands (scripts/cli/sf/commands.ts, compiled to lib/ by the
// `prepare` step of `npm ci`), flags, help, output and exit codes. `npm run abm -- …` runs this file.
// Node's module compile cache goes on first (node:module enableCompileCache; NODE_COMPILE_CACHE names its folder, default
// <os tmpdir>/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off): later starts reuse the bytecode of oclif,
// @salesforce/core and jsforce. Hence the dynamic import, after it.
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url, args: ['abm', ...process.argv.slice(2)] });
