/*
 * The baseline of bench:connect: a bare socket.io 4.8.3 server with the api's transport settings
 * (websocket, perMessageDeflate off) doing the least a real connection does: join a personal room
 * at connect, and answer a room subscription with a catch-up ack. No authentication, no database.
 * Prints its port on stdout.
 */
'use strict';
const { createServer } = require('node:http');
const { Server } = require('socket.io');

const server = createServer();
const io = new Server(server, {
  path: '/socket.io',
  transports: ['websocket'],
  perMessageDeflate: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 10_000,
  pingTimeout: 10_000,
});
let n = 0;
io.on('connection', (socket) => {
  n += 1;
  socket.join(`user:${n % 20}`);
  socket.on('case:subscribe', (p, ack) => {
    if (p && typeof p.caseId === 'string') socket.join(`case:${p.caseId}`);
    if (typeof ack === 'function') ack({ ok: true, data: { missed: [], seq: 0 } });
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
