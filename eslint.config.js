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
        files: ['*.js', 'bin/**/*.mjs', 'scripts/dev/**/*.mjs', 'preview/**/*.{js,mjs}'],
        languageOptions: { globals: { ...globals.node } }
    }
];
