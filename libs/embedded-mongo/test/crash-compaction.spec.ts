/**
 * Crash test with overlapping compactions.
 *
 * The standalone server (`dist/cli.js`, what `npm run db` runs) serves a data directory in a
 * child process. This process drives it through the official driver: eight writers insert and
 * update with acknowledgement while `compact` commands are sent in overlapping bursts; the child
 * is SIGKILLed at a random moment, restarted on the same directory, and every write it
 * acknowledged must be there. A compaction writes a checkpoint beside the log, so many kills land
 * while one is being written (a `checkpoint.<gen>.tmp-*` file left behind) or before the files it
 * replaced were deleted; the test counts those and requires some. Bounded: CRASH_COMPACT_KILLS
 * rounds (default 24).
 */
import { execFileSync, spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MongoClient } from 'mongodb';
import { tmpDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

interface Child {
  proc: ChildProcess;
  uri: string;
}

function startChild(dir: string): Promise<Child> {
  const proc = spawn(process.execPath, [CLI], {
    env: { ...process.env, DB_DIR: dir, DB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/^(mongodb:\/\/\S+)\n/m);
      if (m) resolve({ proc, uri: m[1] });
    });
    proc.on('exit', (code, sig) => reject(new Error(`store did not open (exit ${code} ${sig}): ${err}`)));
  });
}

function kill(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return resolve();
    child.proc.once('exit', () => resolve());
    child.proc.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash test with overlapping compactions', () => {
  let dir = '';
  let child: Child | null = null;

  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'libs/embedded-mongo/tsconfig.build.json'], {
      cwd: ROOT,
    });
    dir = tmpDir('em-crash-compact-');
  });

  afterAll(async () => {
    if (child) await kill(child);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged write across SIGKILLs while writers and compact commands overlap', async () => {
    const kills = Number(process.env.CRASH_COMPACT_KILLS ?? 24);
    const writers = 8;
    const acked = new Set<number>();
    /** last acknowledged value of each writer's counter document */
    const lastValue = new Array<number>(writers).fill(-1);
    let compactsAcked = 0;
    let compactsFailed = 0;
    /** kills that left a checkpoint half-written, or more than one log segment (a checkpoint under way or not cleaned up) */
    let killedWritingCheckpoint = 0;
    let killedBeforeCleanup = 0;
    const lost = new Set<string>();

    const verify = async (uri: string) => {
      const c = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        const db = c.db('crash');
        const ids = new Set(
          (
            await db
              .collection('docs')
              .find({}, { projection: { _id: 1 } })
              .toArray()
          ).map((d) => d._id as unknown),
        );
        for (const id of acked) if (!ids.has(id)) lost.add(`insert ${id}`);
        const counters = await db.collection<{ _id: string; v: number }>('counters').find({}).toArray();
        const byId = new Map(counters.map((d) => [d._id, d.v]));
        for (let w = 0; w < writers; w++) {
          const v = byId.get(`w${w}`) ?? -1;
          if (v < lastValue[w]) lost.add(`update w${w}: ${v} < acknowledged ${lastValue[w]}`);
        }
      } finally {
        await c.close();
      }
    };

    for (let round = 0; round <= kills; round++) {
      child = await startChild(dir);
      await verify(child.uri);
      if (round === kills) break;

      const client = new MongoClient(child.uri, { maxPoolSize: 24, retryWrites: false, serverSelectionTimeoutMS: 2000 });
      await client.connect();
      const db = client.db('crash');
      let running = true;
      let next = round * 1_000_000;
      const writer = async (w: number) => {
        while (running) {
          const id = next++;
          await db.collection('docs').insertOne({ _id: id as never, w, pad: 'x'.repeat(100 + (id % 400)) });
          acked.add(id);
          if (id % 3 === 0) {
            await db
              .collection('counters')
              .updateOne({ _id: `w${w}` as never }, { $set: { v: id, pad: 'y'.repeat(300) } }, { upsert: true });
            lastValue[w] = Math.max(lastValue[w], id);
          }
          if (id % 7 === 0) {
            // garbage for compaction to drop
            await db.collection('scratch').insertOne({ _id: id as never, pad: 'z'.repeat(800) });
            await db.collection('scratch').deleteOne({ _id: id as never });
          }
        }
      };
      const compactor = async () => {
        while (running) {
          const burst = Array.from({ length: 3 }, () =>
            db.command({ compact: 'docs' }).then(
              () => compactsAcked++,
              () => compactsFailed++,
            ),
          );
          await Promise.all(burst);
          await sleep(Math.random() * 20);
        }
      };
      const work = [...Array.from({ length: writers }, (_, w) => writer(w)), compactor()].map((p) => p.catch(() => undefined));
      // kill at a random moment once the round has made progress (on a loaded machine a fixed
      // delay can end a round before anything was acknowledged)
      const ackedBefore = acked.size;
      const compactsBefore = compactsAcked;
      const since = Date.now();
      while ((acked.size < ackedBefore + 10 || compactsAcked < compactsBefore + 1) && Date.now() - since < 10_000) await sleep(10);
      await sleep(Math.random() * 350);
      await kill(child);
      const files = fs.readdirSync(dir);
      if (files.some((f) => /^checkpoint\.\d+\.tmp/.test(f))) killedWritingCheckpoint++;
      else if (files.filter((f) => /^store(\.\d+)?\.log$/.test(f)).length > 1) killedBeforeCleanup++;
      running = false;
      await Promise.all(work);
      await client.close(true).catch(() => undefined);
    }
    await kill(child!);
    child = null;

    console.log(
      `crash test with compactions: ${kills} SIGKILLs (${killedWritingCheckpoint} while a checkpoint was being written, ${killedBeforeCleanup} with more than one log segment), ` +
        `${acked.size} acknowledged inserts, ${compactsAcked} compact commands acknowledged (${compactsFailed} cut by a kill), lost ${lost.size}`,
    );
    // Some kills must land inside a checkpoint: while its file is written, or after the log switched
    // segments and before the files it replaces are deleted (the worker is still reading them, or the
    // engine has not cleaned up). Since the checkpoint is built by a worker, the write itself is a short
    // part of that window: one CI run caught it in 1 kill of 24 (and 18 in the rest of the window), so
    // requiring the write alone would fail by chance.
    expect(killedWritingCheckpoint + killedBeforeCleanup).toBeGreaterThan(0);
    expect([...lost].slice(0, 20)).toEqual([]);
    expect(acked.size).toBeGreaterThan(kills * 20);
    // each round waits for one acknowledged compact before its kill (up to 10 s); a loaded machine
    // measured 30 for 24 kills, so the floor is half a compact per kill, not one
    expect(compactsAcked).toBeGreaterThanOrEqual(kills / 2);
  }, 400_000);
});
