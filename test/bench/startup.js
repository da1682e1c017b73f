#!/usr/bin/env node
/*
 * npm run bench:startup [-- --runs=N] [-- --storm=RATE] [-- --cpu-prof=DIR] [-- --mains=A.js,B.js]
 *
 * How long the compiled api takes from `node apps/api/dist/server.js` to its first 200 from
 * /api/health, as the Dockerfile starts it (NODE_ENV=production, its own embedded database).
 * Each run is a restart on a data directory a previous start already seeded, as after a deploy.
 *  - idle: nothing else touches the port;
 *  - storm: a separate process opens RATE TCP connections per second to the port the whole time
 *    (refused while nothing listens, then HTTP upgrades to /socket.io/ without a token, which the
 *    server refuses), standing in for thousands of clients retrying with back-off on the same cores.
 * Also reports how long SIGTERM takes to exit. Prints the median of N runs per case, with the
 * 1-minute load average beside every figure (the machine is shared: read them with it).
 * With --mains, each entry file (default: the bundle dist/server.js and tsc's dist/main.js) is
 * started in turn, run after run, so a change in the machine's load falls on all of them alike.
 */
'use strict';
const { spawn, fork } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { sleep, freePort, table, arg, productionEnv, REPO_ROOT } = require('./lib');

const RUNS = Number(arg('runs', 3));
const STORM = Number(arg('storm', 3000));
const PROF = arg('cpu-prof', '');
const MAINS = arg('mains', 'apps/api/dist/server.js,apps/api/dist/main.js')
  .split(',')
  .map((m) => path.resolve(REPO_ROOT, m));

/** The storm child: RATE connects/s to PORT until killed. */
if (process.argv[2] === '--storm-child') {
  const port = Number(process.argv[3]);
  const rate = Number(process.argv[4]);
  const perTick = Math.max(1, Math.round(rate / 100));
  const req =
    'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n\r\n`;
  setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const s = net.connect(port, '127.0.0.1');
      s.on('error', () => {});
      s.on('connect', () => s.write(req));
      s.setTimeout(2000, () => s.destroy());
      s.on('data', () => s.destroy());
    }
  }, 10);
  return;
}

function loadavg() {
  return os.loadavg()[0].toFixed(1);
}

async function startOnce({ main, port, dataDir, secrets, storm, profDir }) {
  const stormChild = storm ? fork(__filename, ['--storm-child', String(port), String(STORM)], { stdio: 'ignore' }) : undefined;
  if (stormChild) await sleep(500); // the storm is already running when the api starts, as after a crash
  const nodeArgs = ['--no-warnings=ExperimentalWarning'];
  if (profDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profDir}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: REPO_ROOT,
    env: { ...productionEnv(port, dataDir), ...secrets },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d.toString()).slice(-5000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  let healthyMs = NaN;
  const deadline = t0 + 120_000;
  while (performance.now() < deadline && !exited) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) {
      healthyMs = performance.now() - t0;
      break;
    }
    await sleep(20);
  }
  const load = loadavg();
  const s0 = performance.now();
  child.kill('SIGTERM');
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(15_000)]);
  const stopMs = exited ? performance.now() - s0 : NaN;
  if (!exited) child.kill('SIGKILL');
  stormChild?.kill('SIGKILL');
  if (Number.isNaN(healthyMs)) throw new Error(`api never answered health:\n${err}`);
  return { healthyMs, stopMs, load };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  for (const m of MAINS) if (!fs.existsSync(m)) throw new Error(`${m} is missing: run \`npm run build:server\` first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebridge-startup-'));
  const secrets = {
    ADMIN_EMAIL: 'bench-admin@casebridge.local',
    ADMIN_PASSWORD: crypto.randomBytes(12).toString('hex'),
    JWT_ACCESS_SECRET: crypto.randomBytes(24).toString('hex'),
    JWT_REFRESH_SECRET: crypto.randomBytes(24).toString('hex'),
  };
  const port = await freePort();
  try {
    // the first start seeds the administrator; what we measure are the restarts after it
    await startOnce({ main: MAINS[0], port, dataDir, secrets, storm: false });
    const rows = [];
    for (const storm of [false, true]) {
      const rs = new Map(MAINS.map((m) => [m, []]));
      for (let i = 0; i < RUNS; i++) {
        for (const main of MAINS) {
          const name = path.relative(REPO_ROOT, main);
          const profDir = PROF ? path.resolve(PROF, storm ? 'storm' : 'idle', path.basename(main, '.js')) : undefined;
          const r = await startOnce({ main, port, dataDir, secrets, storm, profDir });
          rs.get(main).push(r);
          process.stderr.write(
            `${storm ? 'storm' : 'idle '} ${name} run ${i + 1}: health after ${r.healthyMs.toFixed(0)} ms, stop ${r.stopMs.toFixed(0)} ms, load ${r.load}\n`,
          );
        }
      }
      for (const [main, list] of rs) {
        rows.push([
          path.relative(REPO_ROOT, main),
          storm ? `storm (${STORM} connects/s)` : 'idle',
          `${median(list.map((r) => r.healthyMs)).toFixed(0)} ms`,
          `${median(list.map((r) => r.stopMs)).toFixed(0)} ms`,
          list.map((r) => r.load).join(' / '),
        ]);
      }
    }
    process.stdout.write(`\nmedian of ${RUNS} restarts each, interleaved\n`);
    process.stdout.write(table(['api entry', 'case', 'start → health 200', 'SIGTERM → exit', 'load (1 min) per run'], rows) + '\n');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
