#!/usr/bin/env node
/*
 * npm run bench:api [-- --quick]
 *
 * HTTP latency and throughput of the two busiest calls, measured with autocannon against the
 * compiled api on its embedded database (demo data off, rate limits raised): listing cases
 * (GET /api/cases?limit=20, the home page) and creating posts (POST /api/cases/:id/posts, spread
 * over 20 cases, each with a fresh clientId, through the PHI gate and the fsynced write).
 */
'use strict';
const autocannon = require('autocannon');
const path = require('node:path');
const { startApi, seedUsers, http, table, cpuMeter, REPO_ROOT } = require('./lib');

const QUICK = process.argv.includes('--quick');
const PROFILE = process.argv.includes('--profile'); // --cpu-prof into data/bench-profiles
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '').slice(7); // list | post
const DURATION_S = QUICK ? 3 : 10;
const CONNECTIONS = [1, 10, 50];
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
  const api = await startApi({ nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(REPO_ROOT, 'data/bench-profiles')}`] : [] });
  const rows = [];
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
    const scenarios = [
      { name: 'GET /api/cases?limit=20', opts: { method: 'GET', path: '/api/cases?limit=20' } },
      {
        name: 'POST /api/cases/:id/posts',
        opts: {
          requests: [
            {
              method: 'POST',
              setupRequest: (req) => {
                n += 1;
                return { ...req, path: `/api/cases/${caseIds[n % CASES]}/posts`, body: JSON.stringify({ body: POST_BODY, clientId: `bench${n}x${process.pid}x${Date.now()}` }) };
              },
            },
          ],
        },
      },
    ];
    for (const s of scenarios.filter((x) => !ONLY || x.name.includes(ONLY === 'list' ? 'GET' : 'POST'))) {
      for (const connections of CONNECTIONS) {
        const meter = cpuMeter(api.pid);
        meter.start();
        const r = await run({ url: api.url, connections, duration: DURATION_S, headers, ...s.opts });
        const cpu = meter.stop();
        const bad = r.non2xx + r.errors + r.timeouts;
        rows.push([s.name, connections, Math.round(r.requests.average), r.latency.p50, r.latency.p97_5, r.latency.p99, r.latency.max, bad, Math.round(cpu)]);
        process.stdout.write(`  ${s.name} c=${connections}: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms${bad ? `, ${bad} errors/non-2xx` : ''}\n`);
      }
    }
  } finally {
    await api.stop();
  }
  process.stdout.write(
    '\n' + table(['request', 'connections', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'max ms', 'errors', 'server CPU %'], rows) +
      `\n\nautocannon ${DURATION_S} s per row against the compiled api (embedded database in-process, fsync per acknowledged write) on 127.0.0.1.\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench:api failed: ${err.stack || err.message}\n`);
  process.exit(1);
});
