/*
 * The ceiling: a bare socket.io 4.8.3 server that broadcasts each message to a room, with the same
 * transport settings as the api (websocket, perMessageDeflate off) and the same shape of exchange
 * (join with ack; message with ack, broadcast once to the room). Prints its port on stdout.
 */
'use strict';
const { createServer } = require('node:http');
const { Server } = require('socket.io');

const server = createServer();
const io = new Server(server, { path: '/socket.io', transports: ['websocket'], perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });
io.on('connection', (socket) => {
  socket.on('join', (p, ack) => {
    socket.join(`session:${p.sessionId}`);
    if (typeof ack === 'function') ack({ ok: true, data: { seq: 0 } });
  });
  let seq = 0;
  socket.on('message', (p, ack) => {
    seq += 1;
    const message = { id: String(seq), clientId: p.clientId, body: p.body, at: new Date().toISOString(), seq };
    io.to(`session:${p.sessionId}`).emit('session:event', { type: 'message', message, seq, sessionId: p.sessionId, at: message.at });
    if (typeof ack === 'function') ack({ ok: true, data: message });
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
