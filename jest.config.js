// One Jest config, two projects: `lwc` (sfdx-lwc-jest preset + sa11y) and `scripts` (TypeScript through Sucrase).
const { availableParallelism } = require('node:os');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

// Jest's transform and haste caches: under node_modules, so a warm `npm test` reuses them and `npm ci` (a new lock: new
// transformer versions, which Jest's cache key for Sucrase does not include) starts them afresh, as the checks' caches.
// Jest's default (/tmp/jest_*) is one folder for every checkout on the machine.
const cacheDirectory = '<rootDir>/node_modules/.cache/jest';

module.exports = {
    // The machines running the suite are shared: a test that reads the 2,000-account sample org can take over 5 s.
    testTimeout: 60_000,
    // At least 2 workers, also on a 2-core machine (Jest's default there is 1, in band): most of the long suites wait on
    // child processes (the CLI, the sf CLI, Chromium), so a second worker uses the core the first one leaves idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The longest suites first, also in a fresh clone where Jest has no recorded durations (test/suite-seconds.json).
    testSequencer: '<rootDir>/test/sequencer.js',
    projects: [
        {
            ...jestConfig,
            displayName: 'lwc',
            cacheDirectory,
            roots: ['<rootDir>/force-app'],
            modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
            moduleNameMapper: {
                '^lightning/platformShowToastEvent$': '<rootDir>/force-app/test/jest-mocks/lightning/platformShowToastEvent',
                '^lightning/navigation$': '<rootDir>/force-app/test/jest-mocks/lightning/navigation',
                '^lightning/modal$': '<rootDir>/force-app/test/jest-mocks/lightning/modal',
                '^lightning/button$': '<rootDir>/force-app/test/jest-mocks/lightning/button/button',
                '^lightning/progressBar$': '<rootDir>/force-app/test/jest-mocks/lightning/progressBar/progressBar'
            },
            setupFilesAfterEnv: ['<rootDir>/jest.sa11y-setup.js'],
            collectCoverageFrom: ['force-app/**/lwc/**/*.js', '!force-app/**/lwc/**/__tests__/**']
        },
        {
            displayName: 'scripts',
            cacheDirectory,
            // Node's, plus the SOQL parser loaded once per worker rather than once per test file (test/environment.js).
            testEnvironment: '<rootDir>/test/environment.js',
            roots: ['<rootDir>/test'],
            testMatch: ['**/*.test.ts'],
            globalSetup: '<rootDir>/test/global-setup.js',
            setupFiles: ['<rootDir>/test/jest-setup-realm.js'],
            // Sucrase strips the types and turns imports into require() (a clean CI run transpiles every file: Sucrase
            // does all of scripts/ and test/ in about 2 s of CPU, TypeScript's transpileModule under ts-jest in about 7 s,
            // plus loading TypeScript in each worker, also when the cache is warm). Types are checked by tsc, not here.
            // Sucrase keeps every line where it was (stack traces point at the source line; test/dev/transform.test.ts),
            // and exports are plain assignments, so jest.spyOn can replace a module's export (test/org/soql-cache).
            // `import()` becomes require(): Jest's CommonJS runtime can't load an ES module without a Node flag.
            transform: { '^.+\\.ts$': ['@sucrase/jest-plugin', { preserveDynamicImport: false }] },
            moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^@jetstreamapp/soql-parser-js$': '<rootDir>/test/soql-parser.js' }
        }
    ]
};
