/**
 * `npm run bench:db`: durable insert throughput vs the raw fs limit, indexed point reads, an
 * unindexed scan and a sorted-with-limit query on an indexed field at 100k documents, insert
 * latency while checkpoints (compactions) run vs without, and start-up time / memory at 100k
 * documents (right after loading, and again after 1M document writes of history) and at 300k
 * documents (1M with BENCH_1M=1: loading it takes minutes on a shared machine).
 * The server runs in its own process (as `npm run db` does); the driver runs here.
 */
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MongoClient } from 'mongodb';

const CLIENTS = 32;
const INSERT_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const READS = Number(process.env.BENCH_READS ?? 20_000);
const BIG = Number(process.env.BENCH_BIG_DOCS ?? (process.env.BENCH_1M === '1' ? 1_000_000 : 300_000));
const RUN_BIG = BIG > 0;
/** alternating windows without and during checkpoints (step 5) */
const CHECKPOINT_ROUNDS = Number(process.env.BENCH_CHECKPOINT_ROUNDS ?? 3);
/** updateMany rounds over the 100k documents: with the load, (1 + rounds) x 100k document writes */
const HISTORY_ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 9);

function docAt(i: number): Record<string, unknown> {
  return { k: i, grp: i % 1000, name: `user ${i}`, text: 'lorem ipsum dolor sit amet '.repeat(4) };
}

async function load(col: import('mongodb').Collection<Record<string, unknown>>, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += 1000) await col.insertMany(Array.from({ length: Math.min(1000, to - i) }, (_, j) => docAt(i + j)));
}

/** Latencies (ms) of inserts from `writers` concurrent clients for `ms` milliseconds. */
async function insertLatencies(col: import('mongodb').Collection<Record<string, unknown>>, writers: number, ms: number): Promise<number[]> {
  const lat: number[] = [];
  const deadline = Date.now() + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (Date.now() < deadline) {
        const s = process.hrtime.bigint();
        await col.insertOne({ w, at: new Date(), body: 'a message written while the log is being compacted' });
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  return lat.sort((a, b) => a - b);
}

interface Child {
  proc: ChildProcess;
  uri: string;
  readyMs: number;
  /** bytes read at start-up (checkpoint + log segments), from the server's start-up line */
  replayedBytes: number;
  checkpointBytes: number;
  segments: number;
}

function startChild(dir: string): Promise<Child> {
  const t0 = Date.now();
  const proc = spawn(process.execPath, [path.join(__dirname, 'cli.js')], {
    env: { ...process.env, DB_DIR: dir, DB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/(mongodb:\/\/\S+)\n/);
      const replayed = err.match(/\((\d+) bytes\) replayed.*\(checkpoint (\d+) bytes, then (\d+) log segment/);
      if (m)
        resolve({
          proc,
          uri: m[1],
          readyMs: Date.now() - t0,
          replayedBytes: replayed ? Number(replayed[1]) : NaN,
          checkpointBytes: replayed ? Number(replayed[2]) : NaN,
          segments: replayed ? Number(replayed[3]) : NaN,
        });
    });
    proc.on('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

async function stopChild(c: Child): Promise<void> {
  const done = new Promise((r) => c.proc.once('exit', r));
  c.proc.kill('SIGTERM');
  await done;
}

function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = status.match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const mb = (n: number) => `${fmt(n / 1048576, 1)} MB`;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Raw appends: `count` records of `size` bytes written in `batches` groups, each group fdatasynced. */
async function rawAppends(dir: string, count: number, batches: number, size: number): Promise<number> {
  const file = path.join(dir, 'raw.log');
  // the same write path as the engine's log: O_DSYNC appends (on Linux), else write + fdatasync
  const dsync = process.platform === 'linux' && typeof fs.constants.O_DSYNC === 'number';
  const fd = fs.openSync(
    file,
    fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | (dsync ? fs.constants.O_DSYNC : 0),
    0o644,
  );
  const perBatch = Math.max(1, Math.round(count / Math.max(1, batches)));
  const rec = Buffer.alloc(size, 7);
  const t0 = process.hrtime.bigint();
  let written = 0;
  let pos = 0;
  while (written < count) {
    const n = Math.min(perBatch, count - written);
    const bufs = Array.from({ length: n }, () => rec);
    await new Promise<void>((res, rej) => fs.writev(fd, bufs, pos, (e) => (e ? rej(e) : res())));
    pos += n * size;
    if (!dsync) await new Promise<void>((res, rej) => fs.fdatasync(fd, (e) => (e ? rej(e) : res())));
    written += n;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.closeSync(fd);
  fs.rmSync(file);
  return count / secs;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-bench-'));
  const lines: string[] = [];
  const say = (s: string) => {
    lines.push(s);
    process.stdout.write(s + '\n');
  };
  say(`embedded-mongo bench (node ${process.version}, ${os.cpus().length} cpus, data dir ${dir})`);
  let child = await startChild(dir);
  let client = new MongoClient(child.uri, { maxPoolSize: CLIENTS });
  await client.connect();
  try {
    // 1. durable inserts from 32 concurrent clients
    const ins = client.db('bench').collection<Record<string, unknown>>('inserts');
    await ins.insertOne({ warm: true });
    const statusBefore = (await client.db('admin').command({ serverStatus: 1 })).embedded;
    let count = 0;
    const deadline = Date.now() + INSERT_SECONDS * 1000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, w) => {
        while (Date.now() < deadline) {
          await ins.insertOne({ w, at: new Date(), body: 'chat message body text of a typical length, about a hundred bytes or so.' });
          count++;
        }
      }),
    );
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const statusAfter = (await client.db('admin').command({ serverStatus: 1 })).embedded;
    const flushes = statusAfter.flushes - statusBefore.flushes;
    const bytes = statusAfter.logBytes - statusBefore.logBytes;
    const rate = count / secs;
    const recSize = Math.max(1, Math.round(bytes / Math.max(1, count)));
    say(
      `durable inserts, ${CLIENTS} concurrent clients: ${fmt(rate)} inserts/s (${fmt(count)} in ${fmt(secs, 1)} s, ${fmt(flushes)} fsyncs, ${fmt(count / Math.max(1, flushes), 1)} writes per fsync)`,
    );
    const raw = await rawAppends(dir, count, flushes, recSize);
    say(
      `raw fs appends, same count, same batching (${recSize} B records, one synchronous (O_DSYNC) write per batch): ${fmt(raw)} appends/s`,
    );
    say(`ratio engine / raw fs: ${fmt(rate / raw, 2)} (goal >= 0.3)`);

    // 2. 100k documents, indexed point reads
    const col = client.db('bench').collection<Record<string, unknown>>('docs');
    await col.createIndex({ k: 1 }, { unique: true });
    const tl = Date.now();
    await load(col, 0, DOCS);
    say(`loaded ${fmt(DOCS)} documents (insertMany x1000) in ${fmt((Date.now() - tl) / 1000, 1)} s`);
    const lat: number[] = [];
    for (let i = 0; i < READS; i++) {
      const k = Math.floor(Math.random() * DOCS);
      const s = process.hrtime.bigint();
      const d = await col.findOne({ k });
      lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (!d) throw new Error(`missing k=${k}`);
    }
    lat.sort((a, b) => a - b);
    say(
      `indexed point reads at ${fmt(DOCS)} docs (findOne {k}, ${fmt(READS)} sequential, client round trip): p50 ${fmt(pct(lat, 50), 3)} ms, p99 ${fmt(pct(lat, 99), 3)} ms (goal p99 <= 1 ms)`,
    );
    const idLat: number[] = [];
    const ids = await col.find({}, { projection: { _id: 1 }, limit: 2000 }).toArray();
    for (let i = 0; i < READS; i++) {
      const { _id } = ids[Math.floor(Math.random() * ids.length)];
      const s = process.hrtime.bigint();
      await col.findOne({ _id });
      idLat.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    idLat.sort((a, b) => a - b);
    say(`_id point reads (${fmt(READS)} sequential): p50 ${fmt(pct(idLat, 50), 3)} ms, p99 ${fmt(pct(idLat, 99), 3)} ms`);

    // 3. unindexed scan
    const scans: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = process.hrtime.bigint();
      const n = await col.countDocuments({ name: `user ${Math.floor(Math.random() * DOCS)}` });
      scans.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (n !== 1) throw new Error('scan miscount');
    }
    scans.sort((a, b) => a - b);
    say(`unindexed scan of ${fmt(DOCS)} docs (countDocuments on an unindexed field): median ${fmt(pct(scans, 50), 1)} ms`);
    const s2 = process.hrtime.bigint();
    const grp = await col.find({ grp: 7 }).toArray();
    say(`unindexed find returning ${grp.length} of ${fmt(DOCS)} docs: ${fmt(Number(process.hrtime.bigint() - s2) / 1e6, 1)} ms`);

    // 4. sorted with a limit on an indexed field
    const examined0 = (await client.db('admin').command({ serverStatus: 1 })).embedded.docsExamined as number;
    const sorts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const s = process.hrtime.bigint();
      const top = await col.find({}).sort({ k: -1 }).limit(10).toArray();
      sorts.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (top[0]?.k !== DOCS - 1) throw new Error('wrong sort result');
    }
    const examined = ((await client.db('admin').command({ serverStatus: 1 })).embedded.docsExamined as number) - examined0;
    sorts.sort((a, b) => a - b);
    say(
      `sorted with limit on an indexed field at ${fmt(DOCS)} docs (find().sort({k: -1}).limit(10), 20 runs): median ${fmt(pct(sorts, 50), 2)} ms, ${fmt(examined / 20)} documents examined per query`,
    );

    // 4b. start-up with the 100k documents and little history (the baseline for step 6)
    await client.close();
    await stopChild(child);
    child = await startChild(dir);
    client = new MongoClient(child.uri, { maxPoolSize: CLIENTS });
    await client.connect();
    const fresh = child;
    const freshLive = (await client.db('admin').command({ serverStatus: 1 })).embedded.liveBytes as number;
    say(
      `restart with ${fmt(DOCS)}+ docs right after loading them (read ${mb(fresh.replayedBytes)}: checkpoint ${mb(fresh.checkpointBytes)} + ${fresh.segments} log segment(s); live ${mb(freshLive)}): ready in ${fmt(fresh.readyMs)} ms`,
    );

    // 5. insert latency while checkpoints run, against the same load without: alternating windows
    // (quiet, then during back-to-back checkpoints), so a shared machine's changing load hits both
    const lw = client.db('bench').collection<Record<string, unknown>>('latency');
    const col5 = client.db('bench').collection('docs');
    const quiet: number[] = [];
    const during: number[] = [];
    const pause0 = (await client.db('admin').command({ serverStatus: 1 })).embedded;
    let compactions = 0;
    for (let round = 0; round < CHECKPOINT_ROUNDS; round++) {
      quiet.push(...(await insertLatencies(lw, 8, 2000)));
      let compacting = true;
      const compactor = (async () => {
        while (compacting) {
          await client.db('bench').command({ compact: 'docs' });
          compactions++;
        }
      })();
      during.push(...(await insertLatencies(lw, 8, 3000)));
      compacting = false;
      await compactor;
    }
    quiet.sort((a, b) => a - b);
    during.sort((a, b) => a - b);
    const pause1 = (await client.db('admin').command({ serverStatus: 1 })).embedded;
    const over = (l: number[]) => l.filter((x) => x > 10).length;
    say(
      `inserts (8 clients) without checkpoint, ${CHECKPOINT_ROUNDS} windows of 2 s: p50 ${fmt(pct(quiet, 50), 2)} ms, p99 ${fmt(pct(quiet, 99), 2)} ms, max ${fmt(quiet[quiet.length - 1], 1)} ms, ${over(quiet)} of ${fmt(quiet.length)} over 10 ms`,
    );
    say(
      `inserts (8 clients) during back-to-back checkpoints of a ${mb(pause1.liveBytes)} store, ${CHECKPOINT_ROUNDS} windows of 3 s alternating with those (${compactions} checkpoints, the last one ${fmt(pause1.lastCompactionMs)} ms): p50 ${fmt(pct(during, 50), 2)} ms, p99 ${fmt(pct(during, 99), 2)} ms, max ${fmt(during[during.length - 1], 1)} ms, ${over(during)} of ${fmt(during.length)} over 10 ms`,
    );
    say(
      `checkpoint vs without: extra wait p50 ${fmt(pct(during, 50) - pct(quiet, 50), 2)} ms, p99 ${fmt(pct(during, 99) - pct(quiet, 99), 2)} ms (goal <= 10 ms); ratio during / without p50 ${fmt(pct(during, 50) / pct(quiet, 50), 2)}, p99 ${fmt(pct(during, 99) / pct(quiet, 99), 2)}`,
    );
    say(
      `longest synchronous step of a checkpoint on the engine's thread (switch to a new log segment; the checkpoint thread reads and writes the files), server-side: ${fmt(pause1.maxCompactionPauseMs, 2)} ms (before this step ${fmt(pause0.maxCompactionPauseMs, 2)} ms)`,
    );

    // 6. history ten times the live data, then start-up time and memory
    const th = Date.now();
    // each round rewrites every document, 1,000 per command (a whole-collection updateMany holds
    // the server's thread for seconds, and a checkpoint advances between commands)
    for (let round = 0; round < HISTORY_ROUNDS; round++)
      for (let i = 0; i < DOCS; i += 1000) await col5.updateMany({ k: { $gte: i, $lt: i + 1000 } }, { $inc: { v: 1 } });
    const status = (await client.db('admin').command({ serverStatus: 1 })).embedded;
    const historyWrites = DOCS * (1 + HISTORY_ROUNDS);
    say(
      `history: ${HISTORY_ROUNDS} rounds of updateMany over ${fmt(DOCS)} docs (1,000 per command) in ${fmt((Date.now() - th) / 1000, 1)} s (${fmt(historyWrites)} document writes in all); checkpoints so far ${status.compactions}`,
    );
    const rssLoaded = rssOf(child.proc.pid!);
    await client.close();
    await stopChild(child);
    child = await startChild(dir);
    await new Promise((r) => setTimeout(r, 200));
    const rssRestarted = rssOf(child.proc.pid!);
    client = new MongoClient(child.uri);
    await client.connect();
    const replayed = (await client.db('admin').command({ serverStatus: 1 })).embedded;
    say(
      `restart with ${fmt(DOCS)}+ docs after ${fmt(historyWrites)} document writes of history (on disk when last read ${mb(status.logBytes)}; read at restart ${mb(child.replayedBytes)}: checkpoint ${mb(child.checkpointBytes)} + ${child.segments} log segment(s); live ${mb(replayed.liveBytes)}): ready in ${fmt(child.readyMs)} ms, server RSS ${mb(rssRestarted)} after restart, ${mb(rssLoaded)} before`,
    );
    say(`start-up after that history / right after loading: ${fmt(child.readyMs / fresh.readyMs, 2)}`);
    await client.close();
    await stopChild(child);

    // 7. start-up at 1M documents
    if (RUN_BIG) {
      const bigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-mongo-bench-big-'));
      try {
        child = await startChild(bigDir);
        client = new MongoClient(child.uri);
        await client.connect();
        const big = client.db('bench').collection<Record<string, unknown>>('big');
        await big.createIndex({ k: 1 }, { unique: true });
        const tb = Date.now();
        await load(big, 0, BIG);
        const st = (await client.db('admin').command({ serverStatus: 1 })).embedded;
        say(`loaded ${fmt(BIG)} documents in ${fmt((Date.now() - tb) / 1000, 1)} s (log ${mb(st.logBytes)}, live ${mb(st.liveBytes)})`);
        await client.close();
        await stopChild(child);
        child = await startChild(bigDir);
        say(
          `restart with ${fmt(BIG)} docs (read ${mb(child.replayedBytes)}: checkpoint ${mb(child.checkpointBytes)} + ${child.segments} log segment(s)): ready in ${fmt(child.readyMs)} ms, server RSS ${mb(rssOf(child.proc.pid!))}` +
            (BIG < 1_000_000 ? ' (1M documents: BENCH_1M=1)' : ''),
        );
        client = new MongoClient(child.uri);
        await client.connect();
      } finally {
        fs.rmSync(bigDir, { recursive: true, force: true });
      }
    } else {
      say('start-up at a large store: skipped (BENCH_BIG_DOCS=0)');
      child = await startChild(dir);
      client = new MongoClient(child.uri);
      await client.connect();
    }
  } finally {
    await client.close();
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.BENCH_OUT) fs.writeFileSync(process.env.BENCH_OUT, lines.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack}\n`);
  process.exit(1);
});
