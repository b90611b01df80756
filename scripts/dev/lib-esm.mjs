#!/usr/bin/env node
// After `tsc -b tsconfig.build.json`: mark lib/ as ES modules. The compiled commands must be ESM because
// @salesforce/sf-plugins-core is an ES module graph with top-level await, which CommonJS cannot require; the rest of the
// repository (configs, tests through Jest's transform) stays CommonJS.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../../lib/package.json', import.meta.url), `${JSON.stringify({ type: 'module' }, null, 4)}\n`);
