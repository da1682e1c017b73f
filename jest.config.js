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
      testMatch: ['<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/libs/*/test/**/*.spec.ts', '<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
