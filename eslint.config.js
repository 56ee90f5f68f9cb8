// ESLint: TypeScript rules everywhere, and a fence around src/core, which must stay a pure function of its inputs:
// no file system, network, process, clock or environment.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const impure = [
  'fs',
  'fs/*',
  'node:*',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'path',
  'process',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: impure, message: 'src/core is pure: no fs, network, process or OS modules.' },
            {
              group: [
                '**/sources/**',
                '**/schedule/**',
                '**/cli/**',
                '**/server/**',
                '**/load/**',
                '**/analytics/**',
                '**/entries/**',
                '**/web/**',
              ],
              message: 'src/core imports nothing outside src/core.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core reads no environment: pass values in.' },
        { name: 'fetch', message: 'src/core does no I/O.' },
        { name: 'setTimeout', message: 'src/core has no clock.' },
        { name: 'setInterval', message: 'src/core has no clock.' },
        { name: 'performance', message: 'src/core has no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'src/core has no clock: the date is an argument.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'src/core has no clock: the date is an argument.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'src/core is deterministic.',
        },
      ],
    },
  },
);
