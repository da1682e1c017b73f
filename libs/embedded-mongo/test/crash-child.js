/* Child process for the crash test: serves a data dir and writes to it continuously through the
 * official driver, printing "ack <kind> <value>" for every acknowledged write, until SIGKILLed. */
'use strict';
const path = require('path');
const { startServer } = require(path.join(__dirname, '..', 'dist', 'server.js'));
const { MongoClient } = require('mongodb');

async function main() {
  const dir = process.env.CRASH_DIR;
  const start = Number(process.env.CRASH_START || 0);
  const server = await startServer({ dir, port: 0, compactMinBytes: Number(process.env.CRASH_COMPACT || 64 * 1024), ttlIntervalMs: 0 });
  const client = new MongoClient(server.uri, { maxPoolSize: 16 });
  await client.connect();
  const coll = client.db('crash').collection('docs');
  const counters = client.db('crash').collection('counters');
  process.stdout.write('ready\n');
  let seq = start;
  const writer = async (w) => {
    for (;;) {
      const id = seq++;
      await coll.insertOne({ _id: id, w, pad: 'x'.repeat(200 + (id % 300)) });
      process.stdout.write(`ack i ${id}\n`);
      if (id % 5 === 0) {
        const r = await counters.findOneAndUpdate({ _id: 'c' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
        process.stdout.write(`ack c ${r.n}\n`);
      }
      if (id % 7 === 0 && id > start + 10) {
        // churn so that compaction has garbage to drop: rewrite then delete a scratch doc
        await coll.updateOne({ _id: `s${w}` }, { $set: { v: id, pad: 'y'.repeat(500) } }, { upsert: true });
        await coll.deleteOne({ _id: `s${w}` });
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack) + '\n');
  process.exit(1);
});
