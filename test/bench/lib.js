/* Shared helpers for the benchmarks (plain CommonJS: run with node, no build step). */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const REPO_ROOT = path.resolve(__dirname, '../..');
/** BENCH_API_MAIN: another compiled api (e.g. a copy of an earlier build) for before/after runs. */
const API_MAIN = process.env.BENCH_API_MAIN ? path.resolve(process.env.BENCH_API_MAIN) : path.join(REPO_ROOT, 'apps/api/dist/server.js');
/** Latency histogram resolution of the load generator (ms per bucket). */
const HIST_BUCKET_MS = 0.1;
const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * CPU seconds (user+system) a process has used so far, read from /proc like pidusage does. With
 * `tid`, only that thread's (the main thread's tid is the pid: its event loop, without worker threads).
 */
function cpuSeconds(pid, tid) {
  try {
    const stat = fs.readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in bytes (/proc/<pid>/status VmRSS). */
function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples CPU% of a pid (or one of its threads) over a window: start() then stop() → percent of one core. */
function cpuMeter(pid, tid) {
  let c0 = 0;
  let t0 = 0;
  return {
    start() {
      c0 = cpuSeconds(pid, tid);
      t0 = process.hrtime.bigint();
    },
    stop() {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      return ((cpuSeconds(pid, tid) - c0) / wall) * 100;
    },
  };
}

async function waitFor(fn, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(intervalMs);
  }
}

async function http(base, method, p, body, token) {
  const res = await fetch(`${base}/api${p}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return json;
}

const MEMBER_PASSWORD = `Bench-${crypto.randomBytes(12).toString('base64url')}-member`;
const ADMIN = { email: 'bench-admin@casebridge.local', password: crypto.randomBytes(12).toString('hex') };

/** `--name=value` from this process's arguments, or `dflt`. */
function arg(name, dflt) {
  const a = process.argv.slice(2).find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
}

/** `--name` given on this process's command line. */
const flag = (name) => process.argv.slice(2).includes(`--${name}`);

/** The environment of a production api start on 127.0.0.1 with its own data, no demo data, quiet logs. */
function productionEnv(port, dataDir) {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
  };
}

/**
 * Starts the compiled api on 127.0.0.1 with its own embedded database (no MONGODB_URI), demo data
 * off and rate limits raised for load. Returns { url, pid, stop() }. Extra env via `env`.
 */
async function startApi({ env = {}, nodeArgs = [] } = {}) {
  if (!fs.existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build:server\` first`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebridge-bench-'));
  const child = spawn(process.execPath, ['--no-warnings=ExperimentalWarning', ...nodeArgs, API_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...productionEnv(port, dataDir),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_ACCESS_SECRET: crypto.randomBytes(24).toString('hex'),
      JWT_REFRESH_SECRET: crypto.randomBytes(24).toString('hex'),
      ACCESS_TOKEN_TTL_SECONDS: '7200',
      RATE_LIMIT_PER_MINUTE: '1000000',
      SOCKET_RATE_LIMIT_PER_10S: '10000000',
      MAX_SOCKETS_PER_USER: '100000',
      // no per-client heartbeat timers in the load generator: presence must not lapse mid-run
      PRESENCE_TTL_SECONDS: '3600',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d) => (out = (out + d.toString()).slice(-20_000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (exited) throw new Error(`api exited:\n${out}`);
      const r = await fetch(`${url}/api/health`).catch(() => undefined);
      return r && r.ok;
    },
    { timeoutMs: 60_000, what: 'api health' },
  ).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    url,
    pid: child.pid,
    output: () => out,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
        if (!exited) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Spawns a node script that prints its port on the first line of stdout: { url, port, pid, stop() }. */
async function startPortPrinter(script, env = {}) {
  const child = spawn(process.execPath, [script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err = (err + d.toString()).slice(-5000)));
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      const i = out.indexOf('\n');
      if (i >= 0) resolve(out.slice(0, i).trim());
    });
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited (${code}): ${err}`)));
  });
  return {
    line,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * The reference of bench:api: the embedded engine as its own process (`npm run db`'s cli.js, a
 * fresh data directory) and a bare HTTP server inserting through the official driver into it.
 */
async function startReference() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebridge-ref-'));
  const cli = path.join(REPO_ROOT, 'libs/embedded-mongo/dist/cli.js');
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build:server\` first`);
  const engine = await startPortPrinter(cli, { DB_DIR: dataDir, DB_PORT: '0' });
  let server;
  try {
    server = await startPortPrinter(path.join(__dirname, 'reference-server.js'), { MONGODB_URI: engine.line, PORT: '0' });
  } catch (err) {
    await engine.stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${server.line}`,
    pid: server.pid,
    enginePid: engine.pid,
    async stop() {
      await server.stop();
      await engine.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Admin sign-in, a cohort, and `count` registered users of mixed professions: { admin, cohortId, users: [{id, token}] }. */
async function seedUsers(url, count, { role = 'learner' } = {}) {
  const admin = await http(url, 'POST', '/auth/login', ADMIN);
  const cohort = await http(url, 'POST', '/cohorts', { name: `Bench cohort ${letters(Date.now())}` }, admin.accessToken);
  const professions = ['nurse', 'physician', 'pharmacist', 'social_worker', 'chaplain', 'psychologist'];
  const users = [];
  for (let i = 0; i < count; i++) {
    // the invitation fixes the profession (required for faculty)
    const invite = await http(
      url,
      'POST',
      '/invitations',
      { role, cohortId: cohort.id, profession: professions[i % professions.length] },
      admin.accessToken,
    );
    const reg = await http(url, 'POST', '/auth/register', {
      inviteCode: invite.code,
      email: `bench${i}.${Date.now()}@example.test`,
      password: MEMBER_PASSWORD,
      displayName: `Bench member ${String.fromCharCode(65 + (i % 26))}${i}`,
      profession: professions[i % professions.length],
    });
    users.push({ id: reg.user.id, token: reg.accessToken });
  }
  return { admin, cohortId: cohort.id, users };
}

/** A number spelled in letters (a long digit run in a cohort name reads as an identifier to the PHI gate). */
function letters(n) {
  let out = '';
  for (let x = Math.floor(n); x > 0; x = Math.floor(x / 26)) out = String.fromCharCode(97 + (x % 26)) + out;
  return out || 'a';
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Renders rows (arrays of cells) as a fixed-width text table. */
function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

module.exports = {
  arg,
  flag,
  productionEnv,
  HIST_BUCKET_MS,
  REPO_ROOT,
  API_MAIN,
  sleep,
  freePort,
  cpuSeconds,
  rssBytes,
  cpuMeter,
  waitFor,
  http,
  startApi,
  startReference,
  seedUsers,
  percentile,
  table,
  ADMIN,
};
