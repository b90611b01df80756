// ESLint flat config: LWC rules for components, typescript-eslint (strict) for scripts/ and test/.
const lwcConfig = require('@salesforce/eslint-config-lwc');
const jestPlugin = require('eslint-plugin-jest');
const globals = require('globals');
const tseslint = require('typescript-eslint');

module.exports = [
    {
        ignores: [
            'node_modules/**',
            'out/**',
            'lib/**',
            'coverage/**',
            '.sf/**',
            '.sfdx/**',
            'test/fixtures/**',
            'preview/dist/**',
            '**/staticresources/**'
        ]
    },
    ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: ['force-app/**/*.js', 'preview/src/stubs/map/*.js'] })),
    {
        files: ['force-app/**/lwc/**/__tests__/**/*.js', 'force-app/test/**/*.js'],
        plugins: { jest: jestPlugin },
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' }
    },
    ...tseslint.configs.strict.map((config) => ({ ...config, files: ['scripts/**/*.ts', 'test/**/*.ts', 'data/**/*.ts'] })),
    {
        files: ['scripts/**/*.ts', 'test/**/*.ts', 'data/**/*.ts'],
        languageOptions: { globals: { ...globals.node } },
        rules: {
            '@typescript-eslint/no-non-null-assertion': 'off'
        }
    },
    {
        // A spread into a call passes every element as an argument: above ~125,000 (a real org's book or list) V8
        // throws "Maximum call stack size exceeded". Use pushAll/maxOf/minOf (scripts/core/arrays.ts) or a loop.
        files: ['scripts/**/*.ts'],
        rules: {
            'no-restricted-syntax': [
                'error',
                {
                    selector: 'CallExpression[callee.property.name=/^(push|unshift|splice)$/] > SpreadElement',
                    message:
                        'A spread into push/unshift/splice overflows the call stack on large arrays: use pushAll (scripts/core/arrays.ts) or a loop.'
                },
                {
                    selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
                    message: 'Math.max/min(...array) overflows the call stack on large arrays: use maxOf/minOf (scripts/core/arrays.ts).'
                },
                {
                    selector: "CallExpression[callee.property.name='fromCharCode'] > SpreadElement",
                    message: 'String.fromCharCode(...array) overflows the call stack on large arrays: decode in chunks or use TextDecoder.'
                }
            ]
        }
    },
    {
        files: ['*.js', 'bin/**/*.mjs', 'scripts/dev/**/*.mjs', 'preview/**/*.{js,mjs}'],
        languageOptions: { globals: { ...globals.node } }
    }
];
