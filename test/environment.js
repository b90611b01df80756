// The scripts project's test environment (jest.config.js `testEnvironment`): Node's, plus the SOQL parser loaded once per
// Jest worker instead of once per test file. Jest gives each test file a fresh module registry, so every file that
// reaches @jetstreamapp/soql-parser-js (the API double, the snapshot adapter on a query not in its cache, the checks)
// loaded it again: about half a second of CPU each (chevrotain analyses the grammar when the module loads), ~30 files
// in a run. This module is loaded by Jest outside the test files' realm, where Node's own module cache lasts as long as
// the worker: the parser is required here, on the first file that asks for it, and test/soql-parser.js (what the test
// files get for '@jetstreamapp/soql-parser-js') hands its results into the file's own realm.
const { dirname } = require('node:path');

// jest-environment-node, from where jest-config (which names it as its default) resolves it.
const { TestEnvironment } = require(require.resolve('jest-environment-node', { paths: [dirname(require.resolve('jest-config'))] }));

let parser;

class ScriptsEnvironment extends TestEnvironment {
    constructor(config, context) {
        super(config, context);
        Object.defineProperty(this.global, '__abmSharedSoqlParser', {
            // The parser, and the Object.prototype of the realm its results are made in.
            value: () => ({ parser: (parser ??= require('@jetstreamapp/soql-parser-js')), objectPrototype: Object.prototype })
        });
    }
}

module.exports = ScriptsEnvironment;
