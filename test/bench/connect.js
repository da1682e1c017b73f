#!/usr/bin/env node
/*
 * npm run bench:connect [-- --quick] [-- --restart-only] [-- --clients=N] [-- --loaders=K] [-- --crash] [-- --only=bare|app]
 *
 * Connecting and reconnecting at scale, in one run:
 *  1. a bare socket.io 4.8.3 server (connect-bare.js) and the compiled api on its embedded
 *     database, each driven by the same load generator (K child processes, connect-client.js):
 *     connections/s (N sockets, a bounded window of handshakes in flight per loader) and resident
 *     memory per idle socket (RSS after the N are connected and idle, minus RSS before);
 *  2. the restart scenario: N clients of the app, each subscribed to a case with a catch-up
 *     request; the api is stopped (SIGTERM as a deploy does, or SIGKILL with --crash) and started
 *     again as the Dockerfile runs it (same port, data and secrets); measured from when /api/health
 *     answers again to when the last client is back: connected, authenticated, its case room
 *     re-joined and its catch-up (afterSeq) acknowledged.
 *  3. with TEST_REDIS_URL (or --redis=URL): two api replicas sharing Redis and one database process,
 *     behind a TCP balancer; N clients over both; one replica is SIGKILLed; measured from the kill
 *     to when the last of its clients is back on the survivor (subscribed, catch-up acked).
 * Prints app/bare ratios measured in the same run. Everything listens on 127.0.0.1; children are
 * stopped by pid; every wait is bounded.
 */
'use strict';
const { fork, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { sleep, rssBytes, waitFor, freePort, http, table, arg, flag, productionEnv, REPO_ROOT, API_MAIN, ADMIN } = require('./lib');

const QUICK = flag('quick');
const CRASH = flag('crash');
const ONLY = arg('only', '');
const RESTART_ONLY = flag('restart-only'); // skip the rate and memory rows (diagnosing recovery)
const N = Number(arg('clients', QUICK ? 500 : 2000));
const LOADERS = Number(arg('loaders', 2));
const WINDOW = Number(arg('window', 64)); // handshakes in flight per loader
const USERS = Number(arg('users', QUICK ? 10 : 20));
// the web client's reconnection policy (apps/web/src/lib/backoff.ts)
const BACKOFF = { baseMs: 250, capMs: 1500, floorMs: 50 };
const REDIS_URL = arg('redis', process.env.TEST_REDIS_URL || '');
const DEADLINE = Date.now() + (QUICK ? 300_000 : 900_000);

function startLoaders() {
  const procs = [];
  for (let i = 0; i < LOADERS; i++) {
    const child = fork(path.join(__dirname, 'connect-client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let rid = 0;
    const pending = new Map();
    child.on('message', (m) => {
      const p = pending.get(m.rid);
      if (!p) return;
      pending.delete(m.rid);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    });
    const call = (cmd, body = {}) =>
      new Promise((resolve, reject) => {
        rid += 1;
        pending.set(rid, { resolve, reject });
        child.send({ rid, cmd, ...body });
      });
    procs.push({ child, call });
  }
  const all = (cmd, body) => Promise.all(procs.map((p) => p.call(cmd, typeof body === 'function' ? body(p) : body)));
  return {
    all,
    async connect(url, tokens, total) {
      const share = (i) => Math.floor(total / LOADERS) + (i < total % LOADERS ? 1 : 0);
      const t0 = Date.now();
      const rs = await Promise.all(procs.map((p, i) => p.call('connect', { url, tokens, count: share(i), window: WINDOW })));
      const last = Math.max(...rs.map((r) => r.lastAt));
      const connected = rs.reduce((s, r) => s + r.connected, 0);
      return { connected, ms: last - t0, shed: rs.reduce((s, r) => s + r.shed, 0), refused: merge(rs.map((r) => r.refused)) };
    },
    async status() {
      const rs = await all('status');
      return {
        connected: rs.reduce((s, r) => s + r.connected, 0),
        joined: rs.reduce((s, r) => s + r.joined, 0),
        rejoined: rs.reduce((s, r) => s + r.rejoined, 0),
        lastRejoinAt: Math.max(...rs.map((r) => r.lastRejoinAt)),
        shed: rs.reduce((s, r) => s + r.shed, 0),
        refused: merge(rs.map((r) => r.refused)),
      };
    },
    stop() {
      for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    },
  };
}

function merge(list) {
  const out = {};
  for (const o of list) for (const [k, v] of Object.entries(o || {})) out[k] = (out[k] || 0) + v;
  return out;
}

const PROFILE = flag('profile'); // --cpu-prof of the api into data/bench-profiles

function spawnNode(file, env, nodeArgs = []) {
  const child = spawn(process.execPath, ['--no-warnings=ExperimentalWarning', ...nodeArgs, file], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr.on('data', (d) => (out = (out + d.toString()).slice(-20_000)));
  child.output = () => out;
  return child;
}

async function stopChild(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(2000)]);
  }
}

async function startBare(fixedPort = 0) {
  const child = spawnNode(path.join(__dirname, 'connect-bare.js'), { PATH: process.env.PATH ?? '', PORT: String(fixedPort) });
  const port = await waitFor(() => Number(child.output().trim().split('\n')[0]) || undefined, {
    timeoutMs: 10_000,
    what: 'bare server port',
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    url,
    async stop(signal) {
      await stopChild(this.child, signal);
    },
    /** Starts it again on the same port; resolves with when it answers. */
    async start() {
      this.child = (await startBare(port)).child;
      return Date.now();
    },
  };
}

/** The api as the Dockerfile runs it: `node apps/api/dist/server.js`, here with a fixed port, data dir and secrets so a restart is the same deployment. */
function apiDeployment(port) {
  const env = {
    ...productionEnv(port, fs.mkdtempSync(path.join(os.tmpdir(), 'casebridge-bench-connect-'))),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    JWT_ACCESS_SECRET: crypto.randomBytes(24).toString('hex'),
    JWT_REFRESH_SECRET: crypto.randomBytes(24).toString('hex'),
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    RATE_LIMIT_PER_MINUTE: '1000000',
    SOCKET_RATE_LIMIT_PER_10S: '10000000',
    MAX_SOCKETS_PER_USER: '100000',
  };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    env,
    child: undefined,
    async start() {
      this.child = spawnNode(API_MAIN, env, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(REPO_ROOT, 'data/bench-profiles')}`] : []);
      const child = this.child;
      const healthAt = await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`api exited:\n${child.output()}`);
          const r = await fetch(`${url}/api/health`).catch(() => undefined);
          return r && r.ok ? Date.now() : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 20, what: 'api health' },
      );
      return healthAt;
    },
    async stop(signal) {
      await stopChild(this.child, signal);
    },
    cleanup() {
      fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    },
  };
}

/** Admin sign-in, a cohort and `count` learners (names without digits runs the privacy gate would flag). */
async function seedUsers(url, count) {
  const admin = await http(url, 'POST', '/auth/login', ADMIN);
  const cohort = await http(url, 'POST', '/cohorts', { name: 'Connect bench cohort' }, admin.accessToken);
  const professions = ['nurse', 'physician', 'pharmacist', 'social_worker', 'chaplain', 'psychologist'];
  const users = [];
  const run = crypto.randomBytes(4).toString('hex');
  for (let i = 0; i < count; i++) {
    const profession = professions[i % professions.length];
    const invite = await http(url, 'POST', '/invitations', { role: 'learner', cohortId: cohort.id, profession }, admin.accessToken);
    const reg = await http(url, 'POST', '/auth/register', {
      inviteCode: invite.code,
      email: `connect${i}.${run}@example.test`,
      password: `Quiet-lantern-${run}-meadow`,
      displayName: `Bench member ${String.fromCharCode(65 + (i % 26))}${i}`,
      profession,
    });
    users.push({ id: reg.user.id, token: reg.accessToken });
  }
  return { cohortId: cohort.id, users };
}

/** Connection rate and memory per idle socket against one server. */
async function rateAndMemory(loaders, name, url, pid, tokens) {
  await loaders.all('configure', { opts: { ...BACKOFF, subscribe: false } });
  // warm-up: code paths compiled, pools allocated
  await loaders.connect(url, tokens, Math.min(200, N));
  await loaders.all('close');
  await sleep(1500);
  const rss0 = rssBytes(pid);
  const r = await loaders.connect(url, tokens, N);
  await sleep(2000); // idle: let the handshakes' garbage go
  const rss1 = rssBytes(pid);
  const st = await loaders.status();
  await loaders.all('close');
  const row = {
    name,
    connected: r.connected,
    perSecond: r.connected / (r.ms / 1000),
    ms: r.ms,
    kibPerSocket: (rss1 - rss0) / 1024 / N,
    rssMiB: rss1 / 2 ** 20,
    stillConnected: st.connected,
    shed: r.shed,
    refused: r.refused,
  };
  process.stdout.write(
    `  ${name}: ${r.connected} connected in ${r.ms} ms (${Math.round(row.perSecond)}/s), ${row.kibPerSocket.toFixed(1)} KiB RSS per idle socket, shed ${r.shed}${Object.keys(r.refused).length ? `, refused ${JSON.stringify(r.refused)}` : ''}\n`,
  );
  await sleep(1000);
  return row;
}

async function restartScenario(loaders, api, tokens, caseId, name = 'app') {
  await loaders.all('configure', { opts: { ...BACKOFF, subscribe: true, caseId } });
  const c = await loaders.connect(api.url, tokens, N);
  if (c.connected < N)
    throw new Error(
      `only ${c.connected}/${N} clients subscribed before the restart in ${c.ms} ms (shed ${c.shed}, refused ${JSON.stringify(c.refused)})`,
    );
  await sleep(1000);
  const killedAt = Date.now();
  await loaders.all('arm', { at: killedAt });
  await api.stop(CRASH ? 'SIGKILL' : 'SIGTERM');
  const exitedAt = Date.now();
  const healthAt = await api.start();
  let st;
  const curve = []; // [ms after health, connected, subscribed, clients back] every half second
  await waitFor(
    async () => {
      st = await loaders.status();
      const t = Date.now() - healthAt;
      if (!curve.length || t - curve[curve.length - 1][0] >= 500) curve.push([t, st.connected, st.joined, st.rejoined]);
      return st.rejoined >= N;
    },
    { timeoutMs: Math.max(5000, Math.min(60_000, DEADLINE - Date.now())), intervalMs: 50, what: `all ${N} clients back` },
  ).catch((err) => process.stdout.write(`  restart: ${err.message} (${st && st.rejoined}/${N})\n`));
  const res = {
    clients: N,
    rejoined: st.rejoined,
    fromHealthMs: st.lastRejoinAt - healthAt,
    fromStopMs: st.lastRejoinAt - killedAt,
    downMs: healthAt - killedAt,
    stopMs: exitedAt - killedAt,
    startMs: healthAt - exitedAt,
    shed: st.shed,
    refused: st.refused,
  };
  process.stdout.write(
    `  ${name} restart (${CRASH ? 'SIGKILL' : 'SIGTERM'}): ${st.rejoined}/${N} back (authenticated, room re-joined, catch-up acked) ${res.fromHealthMs} ms after health answered; ` +
      `${res.fromStopMs} ms after the stop (api down ${res.downMs} ms: ${res.stopMs} ms to exit, ${res.startMs} ms from exit to health); shed ${st.shed}${Object.keys(st.refused).length ? `, refused ${JSON.stringify(st.refused)}` : ''}\n` +
      `  after health (ms: connected/subscribed/back): ${curve.map(([t, c, j, n]) => `${t}: ${c}/${j}/${n}`).join(', ')}\n`,
  );
  await loaders.all('close');
  return res;
}

/** A TCP load balancer (in this process): each new connection goes to the next live backend, round robin. */
function startBalancer(backends) {
  const net = require('node:net');
  let i = 0;
  const server = net.createServer((client) => {
    const tryNext = (left) => {
      const port = backends[i++ % backends.length];
      const up = net.connect(port, '127.0.0.1');
      up.once('connect', () => {
        client.pipe(up).pipe(client);
      });
      up.once('error', () => {
        up.destroy();
        if (left > 1) tryNext(left - 1);
        else client.destroy();
      });
      client.once('error', () => up.destroy());
      client.once('close', () => up.destroy());
      up.once('close', () => client.destroy());
    };
    tryNext(backends.length);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() })),
  );
}

/**
 * Two api replicas sharing Redis and a database process, behind the balancer; N clients spread
 * over both; one replica is SIGKILLed and its clients come back through the balancer to the other.
 */
async function replicaScenario(loaders, redisUrl) {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casebridge-bench-db-'));
  const db = spawnNode(path.join(REPO_ROOT, 'libs/embedded-mongo/dist/cli.js'), {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dbDir,
    DB_DIR: dbDir,
    DB_PORT: String(await freePort()),
  });
  const replicas = [];
  let balancer;
  try {
    const uri = await waitFor(() => /mongodb:\/\/\S+/.exec(db.output())?.[0], { timeoutMs: 20_000, what: 'db uri' });
    const secrets = {
      JWT_ACCESS_SECRET: crypto.randomBytes(24).toString('hex'),
      JWT_REFRESH_SECRET: crypto.randomBytes(24).toString('hex'),
    };
    for (let k = 0; k < 2; k++) {
      const r = apiDeployment(await freePort());
      Object.assign(r.env, secrets, { MONGODB_URI: uri, REDIS_URL: redisUrl });
      await r.start();
      replicas.push(r);
    }
    balancer = await startBalancer(replicas.map((r) => Number(new URL(r.url).port)));
    const { users, cohortId } = await seedUsers(replicas[0].url, USERS);
    const tokens = users.map((u) => u.token);
    const created = await http(replicas[0].url, 'POST', '/cases', CASE(cohortId), tokens[0]);
    await loaders.all('configure', { opts: { ...BACKOFF, subscribe: true, caseId: created.id } });
    const c = await loaders.connect(balancer.url, tokens, N);
    if (c.connected < N) throw new Error(`only ${c.connected}/${N} clients subscribed before the kill`);
    await sleep(1000);
    const killedAt = Date.now();
    await loaders.all('arm', { at: killedAt });
    await replicas[0].stop('SIGKILL');
    let st;
    // the killed replica's clients (about half, round robin) drop at once through the balancer; done
    // when every client is subscribed again
    await sleep(300);
    await waitFor(
      async () => {
        st = await loaders.status();
        return st.rejoined > 0 && st.connected >= N && st.joined >= N;
      },
      { timeoutMs: 30_000, intervalMs: 50, what: `all ${N} clients on the survivor` },
    ).catch((err) => process.stdout.write(`  replicas: ${err.message}\n`));
    const res = {
      clients: N,
      moved: st.rejoined,
      fromKillMs: st.lastRejoinAt - killedAt,
      shed: st.shed,
      refused: st.refused,
      joined: st.joined,
    };
    process.stdout.write(
      `  replicas (SIGKILL one of two, Redis adapter): ${st.rejoined} clients of the killed replica back on the survivor (room re-joined, catch-up acked) ${res.fromKillMs} ms after the kill; ` +
        `${st.joined}/${N} subscribed; shed ${st.shed}${Object.keys(st.refused).length ? `, refused ${JSON.stringify(st.refused)}` : ''}\n`,
    );
    await loaders.all('close');
    return res;
  } finally {
    balancer?.close();
    for (const r of replicas) {
      await r.stop('SIGKILL');
      r.cleanup();
    }
    await stopChild(db, 'SIGKILL');
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

const CASE = (cohortId) => ({
  cohortId,
  title: 'Breathlessness at home, advanced heart failure',
  setting: 'home',
  patient: { age: 78, sex: 'female', state: 'CO' },
  illness: 'heart_failure',
  question: { text: 'How should we titrate opioids for breathlessness at rest?', type: 'medication', domains: [2], urgency: 'routine' },
});

async function main() {
  if (!fs.existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run \`npm run build:server\` first`);
  const loaders = startLoaders();
  const rows = [];
  let bare;
  let api;
  let restart;
  let bareRestart;
  let replicas;
  try {
    if (ONLY !== 'app') {
      bare = await startBare();
      if (!RESTART_ONLY) rows.push(await rateAndMemory(loaders, 'bare socket.io', bare.url, bare.child.pid, ['none']));
      if (ONLY !== 'app') bareRestart = await restartScenario(loaders, bare, ['none'], '000000000000000000000000', 'bare');
      await bare.stop();
    }
    if (ONLY !== 'bare') {
      api = apiDeployment(await freePort());
      await api.start();
      const { users, cohortId } = await seedUsers(api.url, USERS);
      const tokens = users.map((u) => u.token);
      const created = await http(api.url, 'POST', '/cases', CASE(cohortId), tokens[0]);
      if (!RESTART_ONLY) rows.push(await rateAndMemory(loaders, `app (${USERS} users)`, api.url, api.child.pid, tokens));
      if (Date.now() < DEADLINE) restart = await restartScenario(loaders, api, tokens, created.id);
      await api.stop();
      api.cleanup();
      api = undefined;
    }
    if (REDIS_URL && ONLY !== 'bare' && Date.now() < DEADLINE) replicas = await replicaScenario(loaders, REDIS_URL);
  } finally {
    loaders.stop();
    if (bare) await bare.stop();
    if (api) {
      await api.stop();
      api.cleanup();
    }
  }
  process.stdout.write(
    '\n' +
      table(
        ['server', 'sockets', 'connect ms', 'connections/s', 'KiB RSS / idle socket', 'shed'],
        rows.map((r) => [r.name, r.connected, r.ms, Math.round(r.perSecond), r.kibPerSocket.toFixed(1), r.shed]),
      ) +
      '\n',
  );
  if (rows.length === 2) {
    const [b, a] = rows;
    process.stdout.write(`\nconnections/s app/bare: ${(a.perSecond / b.perSecond).toFixed(2)} (target >= 0.7)\n`);
    process.stdout.write(`memory per idle socket app/bare: ${(a.kibPerSocket / b.kibPerSocket).toFixed(2)}x (target <= 2x)\n`);
  }
  if (restart) {
    process.stdout.write(
      `restart: ${restart.rejoined}/${restart.clients} clients back ${restart.fromHealthMs} ms after /api/health answered (target <= 2000 ms)` +
        (bareRestart ? `; the bare server's clients, same load and policy: ${bareRestart.fromHealthMs} ms after it listened again` : '') +
        '\n',
    );
  }
  if (replicas) {
    process.stdout.write(
      `two replicas, one SIGKILLed: its ${replicas.moved} clients back on the survivor ${replicas.fromKillMs} ms after the kill (target <= 5000 ms)\n`,
    );
  } else if (!REDIS_URL) {
    process.stdout.write('two-replica scenario skipped: set TEST_REDIS_URL (or --redis=redis://...) to run it\n');
  }
  process.stdout.write(
    `\n${LOADERS} load processes, ${WINDOW} handshakes in flight each, ${USERS} users' tokens; 127.0.0.1, ${os.cpus().length} cores (shared).\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench:connect failed: ${err.stack || err.message}\n`);
  process.exit(1);
});
