/** Suites that need Redis (TEST_REDIS_URL): several api processes sharing rooms. Run by .ci/run. */
const base = require('./jest.config.js');
const node = base.projects[0];
module.exports = {
  testTimeout: 120000,
  globalSetup: base.globalSetup,
  projects: [{ ...node, displayName: 'scale', testMatch: ['<rootDir>/test/scale/**/*.scale-spec.ts'] }],
};
