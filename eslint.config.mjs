// Type-aware lint (style.md "Tooling and habits"): promise safety, exhaustive switches, and the
// import boundaries that keep the architecture visible.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'apps/web/vite.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Only infra/ talks to mongoose; only realtime and gateways talk to socket.io.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/**/infra/**', 'apps/api/src/app.module.ts', 'apps/api/src/**/*.schema.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'mongoose', message: 'Only infra/ imports mongoose.', allowTypeImports: true }] }],
    },
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@casebridge/*', '!@casebridge/contracts', '!@casebridge/deid'], message: 'The web app imports only contracts and deid from libs.' },
            { group: ['@nestjs/*', 'mongoose'], message: 'Server code does not belong in the web app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/deid/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['libs/deid/src/cli.ts', 'libs/deid/src/bench*.ts', 'libs/deid/src/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', '@nestjs/*', 'mongoose'], message: 'Runs in the browser too: no Node-only or server imports.' }] }] },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-unsafe-argument': 'off' },
  },
);
