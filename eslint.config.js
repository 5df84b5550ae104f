// Lint: floating promises everywhere; machines/ and workflows/ stay pure (no Node, pg, kysely, zod).
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const impure = [
  'pg',
  'pg-*',
  'kysely',
  'kysely-*',
  'zod',
  'zod/*',
  '@electric-sql/*',
  'fastify',
  'fastify-*',
  '@fastify/*',
  'jose',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.data/**',
      'test/histories/**',
      'eslint.config.js',
      'web/dist/**',
      'web/src/api/schema.d.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['machines/**/*.ts', 'workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'machines/ and workflows/ must stay deterministic: no Node built-ins.',
          })),
          patterns: [
            {
              group: impure,
              message: 'machines/ and workflows/ do no I/O and no validation: no pg, kysely, zod, fastify.',
            },
            {
              group: ['**/activities/*', '!**/activities/index'],
              message: 'import activities as types only, via activities/index.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['machines/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'machines are pure.' })),
          patterns: [
            { group: [...impure, '@temporalio/*'], message: 'machines are pure XState: no Temporal, pg, kysely, zod.' },
          ],
        },
      ],
    },
  },
  {
    // Layering (issue 9 §4): only the worker (and what starts workers: dev, tests, bench) loads the worker SDK;
    // lib/ holds pure helpers and never reaches into db/.
    files: [
      'api/**/*.ts',
      'lib/**/*.ts',
      'db/**/*.ts',
      'activities/**/*.ts',
      'domain/**/*.ts',
      'scripts/token.ts',
      'scripts/audit-verify.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@temporalio/worker'],
              message: 'only worker/ loads @temporalio/worker; clients use lib/temporal-client.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // All SQL in db/ (issue 9 §3): repositories hold every query; the rest of the product calls them.
    files: [
      'api/**/*.ts',
      'lib/**/*.ts',
      'activities/**/*.ts',
      'domain/**/*.ts',
      'documents/**/*.ts',
      'machines/**/*.ts',
      'workflows/**/*.ts',
      'worker/**/*.ts',
      'scripts/**/*.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)$/]',
          message: 'SQL lives in db/ repositories: add or reuse a function there.',
        },
      ],
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@temporalio/worker'],
              message: 'only worker/ loads @temporalio/worker; clients use lib/temporal-client.ts.',
            },
            {
              group: ['**/db/*', '../db', '../db/*'],
              message: 'lib/ does not import db/: database code lives in db/.',
            },
          ],
        },
      ],
    },
  },
);
