/*
 * The load generator (a child of live.js, driven over IPC). Cheap by design: socket.io-client
 * over websocket only, one process for all sockets, no per-client timers — a single pacing timer
 * sends from a few sender sockets at the requested rate. The send time (wall clock, µs) rides in
 * the message's clientId, so every receiving socket computes the delivery latency on arrival.
 */
'use strict';
const { io } = require('socket.io-client');
const { HIST_BUCKET_MS } = require('./lib');

// ~300 bytes of clinical text that passes the PHI gate (no names, dates or identifiers).
const BODY =
  'Consider a scheduled low dose opioid for breathlessness, add a bowel regimen to prevent constipation, ' +
  'and revisit goals of care with the family before the next home visit; the team agrees to review the plan ' +
  'at the weekly huddle and to involve social work for caregiver support and respite options at home.';

const HIST_SIZE = 100_000; // 0.1 ms buckets up to 10 s; the last bucket collects everything slower
let hist = new Uint32Array(HIST_SIZE);

const sockets = [];
/** the room (session id) of each socket, by index; one id for all in the single-room mode */
const roomOf = [];
const roomSizes = new Map();
let mode = 'app';
let step = -1; // messages of other steps (late arrivals) are ignored
let received = 0;
let lastReceiveAt = 0;
const maxSeq = new Map(); // room → highest seq seen (the afterSeq of later joins)
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

function onEvent(e) {
  if (e.type !== 'message') return;
  if (e.seq > (maxSeq.get(e.sessionId) || 0)) maxSeq.set(e.sessionId, e.seq);
  const id = e.message.clientId;
  // clientId = b<step>_<sentAtMicros base36>_<n>
  const u1 = id.indexOf('_');
  if (Number(id.slice(1, u1)) !== step) return;
  const u2 = id.indexOf('_', u1 + 1);
  const ms = (nowUs() - parseInt(id.slice(u1 + 1, u2), 36)) / 1000;
  hist[Math.min(HIST_SIZE - 1, Math.max(0, Math.floor(ms / HIST_BUCKET_MS)))] += 1;
  received += 1;
  lastReceiveAt = Date.now();
}

/** Connects one socket; a handshake the api sheds under load (RATE_LIMITED + retryAfterMs) is retried, at most 20 times. */
async function connectOne(url, token) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectOnce(url, token);
    } catch (err) {
      const retryAfterMs = err && err.data && err.data.code === 'RATE_LIMITED' ? Number(err.data.retryAfterMs) || 200 : 0;
      if (!retryAfterMs || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, Math.min(retryAfterMs, 2000)));
    }
  }
}

function connectOnce(url, token) {
  return new Promise((resolve, reject) => {
    const s = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => reject(err));
  });
}

function emitAck(s, event, payload, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    s.timeout(timeoutMs).emit(event, payload, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/**
 * Adds `count` joined sockets. `sids`: the rooms, filled in order (`roomSize` sockets each; without
 * roomSize all sockets share sids[0]).
 */
async function connect({ url, tokens, count, sids, roomSize, kind }) {
  mode = kind;
  const start = sockets.length;
  for (let k = start; k < start + count; k++) {
    const sid = roomSize ? sids[Math.floor(k / roomSize) % sids.length] : sids[0];
    roomOf[k] = sid;
    roomSizes.set(sid, (roomSizes.get(sid) || 0) + 1);
  }
  const BATCH = 50;
  for (let i = start; i < start + count; i += BATCH) {
    const batch = [];
    for (let k = i; k < Math.min(start + count, i + BATCH); k++) {
      batch.push(
        (async () => {
          const s = await connectOne(url, tokens[k % tokens.length]);
          s.on('session:event', onEvent);
          const r = await emitAck(s, mode === 'app' ? 'session:join' : 'join', {
            sessionId: roomOf[k],
            ...(mode === 'app' ? { afterSeq: maxSeq.get(roomOf[k]) || 0 } : {}),
          });
          if (!r || !r.ok) throw new Error(`join failed: ${JSON.stringify(r && r.error)}`);
          return s;
        })(),
      );
    }
    sockets.push(...(await Promise.all(batch)));
  }
  return { connected: sockets.length };
}

async function runStep({ id, rate, durationMs, drainMs, senders }) {
  step = id;
  hist = new Uint32Array(HIST_SIZE);
  received = 0;
  let sent = 0;
  let expected = 0; // each message reaches every socket of its sender's room
  let acked = 0;
  const ackErrors = {};
  const nSenders = Math.max(1, Math.min(senders, sockets.length));
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  const onAck = (r) => {
    if (r && r.ok) acked += 1;
    else {
      const code = (r && r.error && r.error.code) || 'NO_ACK';
      ackErrors[code] = (ackErrors[code] || 0) + 1;
    }
  };
  await new Promise((resolve) => {
    // one pacing timer for the whole process: send whatever is due since the step began
    const timer = setInterval(() => {
      const elapsed = Date.now() - t0;
      const due = Math.min(Math.floor((rate * Math.min(elapsed, durationMs)) / 1000), sent + rate); // at most 1 s of backlog per tick
      while (sent < due) {
        const k = sent % nSenders;
        const s = sockets[k];
        const sessionId = roomOf[k];
        const clientId = `b${id}_${nowUs().toString(36)}_${sent.toString(36)}`;
        sent += 1;
        expected += roomSizes.get(sessionId);
        if (mode === 'app') s.emit('session:message', { sessionId, body: BODY, clientId }, onAck);
        else s.emit('message', { sessionId, body: BODY, clientId }, onAck);
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  const sendEnd = Date.now();
  // drain: until every delivery arrived, or nothing arrived for 500 ms, or drainMs passed
  while (received < expected && Date.now() - sendEnd < drainMs && Date.now() - Math.max(lastReceiveAt, sendEnd) < 500) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const cpu = process.cpuUsage(cpu0);
  const wallS = (Date.now() - t0) / 1000;
  return {
    sent,
    acked,
    ackErrors,
    received,
    expected,
    durationMs,
    hist: Array.from(hist),
    loadCpuPct: ((cpu.user + cpu.system) / 1e6 / wallS) * 100,
  };
}

process.on('message', (m) => {
  const reply = (body) => process.send({ rid: m.rid, ...body });
  const handle = async () => {
    if (m.cmd === 'connect') return connect(m);
    if (m.cmd === 'step') return runStep(m);
    if (m.cmd === 'close') {
      for (const s of sockets) s.disconnect();
      setTimeout(() => process.exit(0), 200);
      return {};
    }
    throw new Error(`unknown command ${m.cmd}`);
  };
  handle().then(
    (r) => reply({ ok: true, result: r }),
    (err) => reply({ ok: false, error: String((err && err.message) || err) }),
  );
});
process.on('disconnect', () => process.exit(0)); // the parent went away: never linger
