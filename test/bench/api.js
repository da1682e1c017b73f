#!/usr/bin/env node
/*
 * npm run bench:api [-- --quick]
 *
 * HTTP latency and throughput of the two busiest calls, measured with autocannon against the
 * compiled api on its embedded database (demo data off, rate limits raised): listing cases
 * (GET /api/cases?limit=20, the home page) and creating posts (POST /api/cases/:id/posts, spread
 * over 20 cases, each with a fresh clientId, through the PHI gate and the fsynced write).
 *
 * The reference row: a bare Node HTTP server doing one acknowledged insert per request
 * through the official driver into the same embedded engine (run as its own process), driven with
 * the same bodies and connections in the same run. The summary prints POST posts / reference and
 * CPU per request: the api's whole process, and its main thread alone (the event loop; the
 * embedded engine runs on a worker thread of the same process).
 */
'use strict';
const autocannon = require('autocannon');
const path = require('node:path');
const os = require('node:os');
const { startApi, startReference, seedUsers, http, table, cpuMeter, REPO_ROOT } = require('./lib');

const QUICK = process.argv.includes('--quick');
const PROFILE = process.argv.includes('--profile'); // --cpu-prof into data/bench-profiles
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7); // list | post
const DURATION_S = QUICK ? 3 : 10;
const connArg = (process.argv.find((a) => a.startsWith('--connections=')) || '').slice(14); // e.g. --connections=10
const CONNECTIONS = connArg ? connArg.split(',').map(Number) : [1, 10, 50];
const REF_NAME = 'reference: bare http + insertOne';
const CASES = 20;

const caseBody = (cohortId, i) => ({
  cohortId,
  title: `Breathlessness at home, advanced heart failure ${i}`,
  setting: 'home',
  patient: { age: 70 + (i % 20), sex: i % 2 ? 'female' : 'male', state: 'CO' },
  illness: 'heart_failure',
  question: { text: 'How should we titrate opioids for breathlessness at rest?', type: 'medication', domains: [2], urgency: 'routine' },
});
const POST_BODY = 'Started low dose oral morphine for breathlessness at rest; reviewing in three days with the family present.';

function run(opts) {
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
    autocannon.track(inst, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

async function main() {
  process.stdout.write(
    `machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} at start (other processes distort these numbers)\n`,
  );
  const api = await startApi({ nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(REPO_ROOT, 'data/bench-profiles')}`] : [] });
  const ref = ONLY === 'list' ? undefined : await startReference();
  const rows = [];
  const rate = new Map(); // `${name} ${connections}` → req/s
  const ms = (cpuPct, rps) => (rps > 0 ? ((cpuPct / 100 / rps) * 1000).toFixed(2) : '—');
  try {
    const { cohortId, users } = await seedUsers(api.url, 2);
    const token = users[0].token;
    const caseIds = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await http(api.url, 'POST', '/cases', caseBody(cohortId, i), token)).id);
    for (let i = 0; i < 100; i++) {
      await http(api.url, 'POST', `/cases/${caseIds[i % CASES]}/posts`, { body: POST_BODY, clientId: `seed${i}x${Date.now()}` }, token);
    }
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let n = 0;
    const postRequests = [
      {
        method: 'POST',
        setupRequest: (req) => {
          n += 1;
          return {
            ...req,
            path: `/api/cases/${caseIds[n % CASES]}/posts`,
            body: JSON.stringify({ body: POST_BODY, clientId: `bench${n}x${process.pid}x${Date.now()}` }),
          };
        },
      },
    ];
    const scenarios = [
      { name: 'GET /api/cases?limit=20', kind: 'list', target: api, opts: { method: 'GET', path: '/api/cases?limit=20' } },
      { name: 'POST /api/cases/:id/posts', kind: 'post', target: api, opts: { requests: postRequests } },
      { name: REF_NAME, kind: 'post', target: ref, opts: { requests: postRequests } },
    ];
    for (const s of scenarios.filter((x) => !ONLY || x.kind === ONLY)) {
      for (const connections of CONNECTIONS) {
        const meter = cpuMeter(s.target.pid);
        const main = cpuMeter(s.target.pid, s.target.pid);
        const engine = s.target.enginePid ? cpuMeter(s.target.enginePid) : undefined;
        for (const m of [meter, main, engine]) m?.start();
        const r = await run({ url: s.target.url, connections, duration: DURATION_S, headers, ...s.opts });
        const cpu = meter.stop();
        const mainCpu = main.stop();
        const engineCpu = engine?.stop();
        const bad = r.non2xx + r.errors + r.timeouts;
        const rps = r.requests.average;
        rate.set(`${s.name} ${connections}`, rps);
        rows.push([
          s.name,
          connections,
          Math.round(rps),
          r.latency.p50,
          r.latency.p97_5,
          r.latency.p99,
          r.latency.max,
          bad,
          Math.round(cpu),
          ms(cpu, rps),
          ms(mainCpu, rps),
          engineCpu === undefined ? '' : ms(engineCpu, rps),
        ]);
        process.stdout.write(
          `  ${s.name} c=${connections}: ${Math.round(rps)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, CPU ${ms(cpu, rps)} ms/req${bad ? `, ${bad} errors/non-2xx` : ''}\n`,
        );
      }
    }
  } finally {
    await api.stop();
    await ref?.stop();
  }
  process.stdout.write(
    '\n' +
      table(
        [
          'request',
          'connections',
          'req/s',
          'p50 ms',
          'p97.5 ms',
          'p99 ms',
          'max ms',
          'errors',
          'server CPU %',
          'CPU ms/req',
          'main thread ms/req',
          'engine process ms/req',
        ],
        rows,
      ) +
      `\n\nautocannon ${DURATION_S} s per row on 127.0.0.1. api: the compiled api (BENCH_API_MAIN if set); its embedded database runs on a worker thread (CPU % and ms/req count the whole\n` +
      `process; "main thread" is the event loop alone). reference: ${path.basename('reference-server.js')} (bare node:http + mongodb driver insertOne, w:1, fsynced by the engine)\n` +
      `with the engine as its own process (its CPU in the last column). Load average at the end ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}.\n`,
  );
  for (const c of CONNECTIONS) {
    const a = rate.get(`POST /api/cases/:id/posts ${c}`);
    const b = rate.get(`${REF_NAME} ${c}`);
    if (a !== undefined && b) process.stdout.write(`POST posts / reference at ${c} connections: ${(a / b).toFixed(2)}\n`);
  }
}

main().catch((err) => {
  process.stderr.write(`bench:api failed: ${err.stack || err.message}\n`);
  process.exit(1);
});
