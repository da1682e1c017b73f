#!/usr/bin/env node
/**
 * Runs mongoose's own test suite against the embedded engine: `npm run test:mongoose-suite`.
 *
 * Needs a checkout of mongoose's repository with its dev dependencies installed, named by
 * MONGOOSE_REPO (see the engine's README, "mongoose's own test suite"). Starts the engine on a free
 * port with a fresh temporary data directory, runs mocha in the checkout with MONGOOSE_TEST_URI
 * pointing at it, and prints passing / failing / pending and the failures grouped by error.
 *
 * Arguments after `--` are test files (replacing the default glob, for example
 * `npm run test:mongoose-suite -- test/model.test.js`) and mocha options (`--timeout 10000` on a
 * loaded machine, where mocha's default 2 s limit fails tests that pass on a quiet one).
 * MONGOOSE_SUITE_REPORT=<file> also writes the full mocha JSON report there.
 * Exit status: 0 when the suite ran (whatever its failures), 1 when it could not run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { startServer } = await import(path.join(here, '..', 'dist', 'server.js'));

const repo = process.env.MONGOOSE_REPO;
if (!repo || !fs.existsSync(path.join(repo, 'test', 'common.js'))) {
  process.stderr.write(
    "MONGOOSE_REPO must name a checkout of mongoose's repository (with test/common.js) whose dev dependencies are installed;\n" +
      'see libs/embedded-mongo/README.md, "mongoose\'s own test suite".\n',
  );
  process.exit(1);
}
const mocha = path.join(repo, 'node_modules', 'mocha', 'bin', 'mocha.js');
if (!fs.existsSync(mocha)) {
  process.stderr.write(`${mocha} is missing: run \`npm install --ignore-scripts\` in ${repo}\n`);
  process.exit(1);
}

// arguments: test files (replacing the default glob) and mocha options such as `--timeout 10000`
const args = process.argv.slice(2);
const hasFiles = args.some((a, i) => !a.startsWith('-') && !(i > 0 && args[i - 1] === '--timeout'));
const files = hasFiles ? args : [...args, './test/**/*.test.js'];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mongoose-suite-'));
const reportFile = path.join(dir, 'report.json');
const server = await startServer({ dir: path.join(dir, 'db'), port: 0 });
const base = new URL(server.uri);
base.pathname = '/mongoose_test';
process.stderr.write(`engine at ${base.href}; running mocha in ${repo}\n`);

const t0 = Date.now();
const child = spawn(
  process.execPath,
  [
    mocha,
    '--exit',
    '--reporter',
    'json',
    '--reporter-option',
    `output=${reportFile}`,
    '--ignore',
    'test/encryption/**/*.test.js',
    ...files,
  ],
  { cwd: repo, env: { ...process.env, MONGOOSE_TEST_URI: base.href }, stdio: ['ignore', 'inherit', 'inherit'] },
);
const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? sig)));
await server.stop();

if (!fs.existsSync(reportFile)) {
  process.stderr.write(`mocha exited with ${code} and wrote no report\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
if (process.env.MONGOOSE_SUITE_REPORT) fs.copyFileSync(reportFile, process.env.MONGOOSE_SUITE_REPORT);
fs.rmSync(dir, { recursive: true, force: true });

/** One line per distinct error: ids, numbers and quoted values would split one cause into many groups. */
function errorKey(err) {
  const first = String(err?.message ?? err ?? 'unknown').split('\n')[0];
  return first
    .replace(/[0-9a-f]{24}/g, '<id>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .slice(0, 160);
}

const { passes, failures, pending } = report.stats;
const ran = passes + failures;
const groups = new Map();
for (const f of report.failures) {
  const key = errorKey(f.err);
  const g = groups.get(key) ?? [];
  g.push(f.fullTitle);
  groups.set(key, g);
}
const out = process.stdout;
out.write(`\nmongoose suite (${path.basename(repo)}) against embedded-mongo in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
out.write(
  `${passes} passing, ${failures} failing, ${pending} pending; ${ran ? ((100 * passes) / ran).toFixed(2) : '0'} % of non-pending tests pass\n`,
);
const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
if (sorted.length) out.write('\nfailures by error:\n');
for (const [key, titles] of sorted) {
  out.write(`\n${titles.length} × ${key}\n`);
  for (const t of titles) out.write(`    - ${t}\n`);
}
