/*
 * The reference for `bench:api`: a bare Node HTTP server that answers each POST with one
 * acknowledged insert through the official `mongodb` driver into the embedded engine (the same
 * engine the api uses, run as its own process by `libs/embedded-mongo/dist/cli.js`). No framework,
 * no auth, no privacy gate: the floor of "HTTP in, one durable write, HTTP out" on this machine.
 * Env: MONGODB_URI (required), PORT (0 = free). Prints its port on stdout; stops on SIGTERM.
 */
'use strict';
const { createServer } = require('node:http');
const { MongoClient } = require('mongodb');

async function main() {
  const client = new MongoClient(process.env.MONGODB_URI, { maxPoolSize: 100 });
  await client.connect();
  const posts = client.db('reference').collection('posts');
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const doc = { caseId: req.url, body: String(body.body), clientId: String(body.clientId), createdAt: new Date() };
      posts.insertOne(doc).then(
        (r) => {
          const out = JSON.stringify({ id: String(r.insertedId), ...doc });
          res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out);
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
  process.on('SIGTERM', () => {
    server.close();
    client.close().finally(() => process.exit(0));
  });
}

main().catch((err) => {
  process.stderr.write(`reference server failed: ${err.message}\n`);
  process.exit(1);
});
