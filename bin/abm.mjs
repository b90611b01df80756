#!/usr/bin/env node
// `abm …` is `sf abm …` without the sf CLI: the same oclif commands (scripts/cli/sf/commands.ts, compiled to lib/ by the
// `prepare` step of `npm ci`), flags, help, output and exit codes. `npm run abm -- …` runs this file.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url, args: ['abm', ...process.argv.slice(2)] });
