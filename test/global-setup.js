const { execFileSync } = require('node:child_process');
const path = require('node:path');

/**
 * The projects a `--selectProjects a b` / `--selectProjects=a,b` run names (as jest's CLI reads
 * them: every word after the flag up to the next option), or null when the flag is absent.
 */
function selectedProjects(argv) {
  let selected = null;
  let collecting = false;
  for (const arg of argv) {
    if (arg.startsWith('--selectProjects=')) {
      selected = [...(selected ?? []), ...arg.slice('--selectProjects='.length).split(',')];
      collecting = false;
    } else if (arg === '--selectProjects') {
      selected ??= [];
      collecting = true;
    } else if (arg.startsWith('-')) collecting = false;
    else if (collecting) selected.push(arg);
  }
  return selected;
}

/** Projects whose tests never start the api process (component tests in jsdom). */
const NO_API_PROJECTS = new Set(['web']);

/**
 * e2e tests run the api as a real process (as `npm start` does), so compile it once per run.
 * NestJS 12 ships as ES modules; Node 20.19+ loads them from our CommonJS build but jest's module
 * system cannot, which is why api code is tested through its process rather than imported.
 * Not needed when the run selects only projects that never start it (`--selectProjects web`).
 */
module.exports = function globalSetup() {
  if (process.env.SKIP_API_BUILD === '1') return;
  const selected = selectedProjects(process.argv.slice(2));
  if (selected) {
    // words that name no project (e.g. a test path jest's CLI also read as a project) do not count
    const projects = new Set((require('../jest.config.js').projects ?? []).map((p) => p.displayName));
    const named = selected.filter((name) => projects.has(name));
    if (named.length > 0 && named.every((name) => NO_API_PROJECTS.has(name))) return;
  }
  const root = path.resolve(__dirname, '..');
  // as `npm run build:server`: tsc, then the bundle the tests run (dist/server.js) and its code cache
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'apps/api/tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/rolldown/bin/cli.mjs'), '-c', 'apps/api/rolldown.config.mjs', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  execFileSync(process.execPath, ['apps/api/dist/server.js', '--write-code-cache'], { cwd: root, stdio: 'inherit' });
};

module.exports.selectedProjects = selectedProjects;
