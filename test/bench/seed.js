/*
 * How much the demo seed adds to a start: fresh data directories, the api started with SEED_DEMO=false
 * (baseline) and SEED_DEMO=true, alternating, time from spawn to a healthy /api/health. Prints the
 * medians and their ratio (both measured in this run on this machine). `npm run build:server` first.
 *   node test/bench/seed.js [rounds=3]
 */
'use strict';
const { startApi, table } = require('./lib');

async function timedStart(seed) {
  const t0 = process.hrtime.bigint();
  const api = await startApi({ env: { SEED_DEMO: String(seed), DEMO_PASSWORD: 'bench-demo-password-123' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await api.stop();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const rounds = Number(process.argv[2] ?? 3);
  const plain = [];
  const seeded = [];
  for (let i = 0; i < rounds; i++) {
    plain.push(await timedStart(false));
    seeded.push(await timedStart(true));
  }
  const [p, s] = [median(plain), median(seeded)];
  console.log(
    table(
      ['start', 'median ms', 'runs'],
      [
        ['SEED_DEMO=false', p.toFixed(0), plain.map((x) => x.toFixed(0)).join(' ')],
        ['SEED_DEMO=true', s.toFixed(0), seeded.map((x) => x.toFixed(0)).join(' ')],
      ],
    ),
  );
  console.log(`seed adds ${(s - p).toFixed(0)} ms; seeded/plain start = ${(s / p).toFixed(2)}x`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
