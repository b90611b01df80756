#!/usr/bin/env node
/**
 * The in-repository runner of the command modules, without oclif: `node lib/cli/abm.js <command> …` (compiled) or
 * `tsx scripts/cli/abm.ts <command> …` (the end-to-end tests that need a real process and the benchmarks run the commands
 * this way). The command table and the run are in dispatch.ts.
 *
 * Node's module compile cache is switched on before the commands load (node:module `enableCompileCache`, Node ≥ 22.1):
 * the second and later starts reuse the compiled bytecode of @salesforce/core, jsforce and the commands from the
 * cache directory (`NODE_COMPILE_CACHE`, else `<os tmpdir>/node-compile-cache`; `NODE_DISABLE_COMPILE_CACHE=1` turns
 * it off). Hence the dynamic import: a static one would load everything before the cache is on.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache?.();
void import('./dispatch.js').then(({ runAbm }) => runAbm(process.argv.slice(2)));
