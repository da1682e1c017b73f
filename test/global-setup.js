const { execFileSync } = require('node:child_process');
const path = require('node:path');

/**
 * e2e tests run the api as a real process (as `npm start` does), so compile it once per run.
 * NestJS 12 ships as ES modules; Node 20.19+ loads them from our CommonJS build but jest's module
 * system cannot, which is why api code is tested through its process rather than imported.
 */
module.exports = function globalSetup() {
  if (process.env.SKIP_API_BUILD === '1') return;
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
};
