/**
 * Browser tests in real Chromium (playwright-core, /usr/bin/chromium) against the compiled api
 * serving the built web client. `npm run test:browser` builds the web app first; the global setup
 * builds the api (as for the e2e suites).
 */
const base = require('./jest.config.js');
const node = base.projects.find((p) => p.displayName === 'node');
module.exports = {
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/global-setup.js',
  testEnvironment: 'node',
  transform: node.transform,
  moduleNameMapper: node.moduleNameMapper,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
};
