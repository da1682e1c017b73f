/** One jest run for the whole repository: unit specs next to the code, e2e specs in test/. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: { warnOnly: false } }];
const moduleNameMapper = { '^@casebridge/(.*)$': '<rootDir>/libs/$1/src' };
module.exports = {
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/global-setup.js',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper,
      testMatch: [
        '<rootDir>/libs/*/src/**/*.spec.ts',
        '<rootDir>/libs/*/test/**/*.spec.ts',
        '<rootDir>/apps/api/src/**/*.spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
      ],
    },
    {
      // The React client's component tests (Testing Library in jsdom).
      displayName: 'web',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/apps/web/src/**/*.spec.tsx'],
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'apps/web/tsconfig.spec.json', diagnostics: { warnOnly: false } }] },
      setupFilesAfterEnv: ['<rootDir>/apps/web/src/test/setup.ts'],
      moduleNameMapper: {
        '^@casebridge/contracts$': '<rootDir>/libs/contracts/src/index.ts',
        '^@casebridge/deid$': '<rootDir>/libs/deid/src/index.ts',
        '\\.css$': '<rootDir>/apps/web/src/test/style-stub.ts',
        // react-markdown is ESM-only; tests render Markdown as its plain text (apps/web/src/test/markdown-stub.tsx)
        '^react-markdown$': '<rootDir>/apps/web/src/test/markdown-stub.tsx',
      },
    },
  ],
};
