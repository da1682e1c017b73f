/*
 * The load generator of bench:connect (a child of connect.js, driven over IPC). One process holds
 * many socket.io-client sockets (websocket only). Each socket, on every connect, subscribes to a
 * room with a catch-up request (the app's `case:subscribe` with afterSeq, or the bare server's
 * equivalent) and records when the ack came. A refused handshake carrying `retryAfterMs` (the
 * server shedding load) is retried after that delay plus jitter, as the web client does.
 * Reconnection after a lost connection uses jittered exponential back-off with a cap (full
 * jitter), the same policy as apps/web/src/lib/backoff.ts.
 */
'use strict';
const { io } = require('socket.io-client');

const sockets = [];
let armedAt = Infinity; // rejoins after this instant count for the restart scenario
let rejoined = 0;
let lastRejoinAt = 0;
let shed = 0;
let refused = {};
let opts = {};

/** Full jitter: a uniform delay in [0, min(cap, base·2^attempt)), at least `floor`. */
function backoff(attempt) {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** attempt);
  return Math.max(opts.floorMs, Math.random() * ceiling);
}

function track(s, state) {
  const subscribe = () => {
    const payload = { caseId: opts.caseId, afterSeq: state.seq };
    s.timeout(30_000).emit('case:subscribe', payload, (err, r) => {
      if (err || !r || !r.ok) {
        const code = (r && r.error && r.error.code) || 'SUBSCRIBE_TIMEOUT';
        refused[`subscribe ${code}`] = (refused[`subscribe ${code}`] || 0) + 1;
        // a refused or unanswered subscription is tried again while connected (as the web client
        // does), after the server's retry-after when it names one, else the back-off
        const wait = r && r.error && r.error.details && r.error.details.retryAfterSeconds;
        clearTimeout(state.subTimer);
        state.subTimer = setTimeout(
          () => {
            if (!state.closed && s.connected) subscribe();
          },
          typeof wait === 'number' ? wait * 1000 * (1 + Math.random() * 0.25) : backoff(state.subAttempt++),
        );
        return;
      }
      state.subAttempt = 0;
      state.seq = r.data.seq;
      state.joined = true;
      const now = Date.now();
      if (now >= armedAt && !state.rejoined) {
        state.rejoined = true;
        rejoined += 1;
        lastRejoinAt = Math.max(lastRejoinAt, now);
      }
      state.onJoined?.();
    });
  };
  s.on('connect', () => {
    state.attempt = 0;
    state.connectedAt = Date.now();
    state.onConnected?.();
    if (opts.subscribe) subscribe();
  });
  const retry = (delay) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      if (!state.closed && !s.connected) s.connect();
    }, delay);
  };
  s.on('connect_error', (err) => {
    const retryAfterMs = err && err.data && err.data.retryAfterMs;
    if (typeof retryAfterMs === 'number') {
      shed += 1;
      retry(retryAfterMs + Math.random() * retryAfterMs);
    } else {
      const code = (err && err.message) || 'CONNECT_ERROR';
      refused[code] = (refused[code] || 0) + 1;
      retry(backoff(state.attempt++));
    }
  });
  s.on('disconnect', (reason) => {
    state.joined = false;
    if (reason === 'io client disconnect' || state.closed) return;
    retry(backoff(state.attempt++));
  });
}

function open(url, token) {
  const s = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: 20_000,
    autoConnect: false,
  });
  const state = { seq: 0, attempt: 0, subAttempt: 0, joined: false, rejoined: false, closed: false };
  track(s, state);
  return { s, state };
}

/** Opens `count` sockets with at most `window` handshakes in flight; resolves when all are connected (and joined if subscribing). */
function connect({ url, tokens, count, window: win }) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let started = 0;
    let done = 0;
    let lastAt = t0;
    const deadline = setTimeout(() => finish(), 300_000);
    const finish = () => {
      clearTimeout(deadline);
      resolve({ connected: done, ms: lastAt - t0, startedAt: t0, lastAt, shed, refused });
    };
    const next = () => {
      if (started >= count) return;
      const entry = open(url, tokens[(sockets.length + started) % tokens.length]);
      started += 1;
      let counted = false;
      const count1 = () => {
        if (counted) return;
        counted = true;
        done += 1;
        lastAt = Date.now();
        if (done === count) finish();
        else next();
      };
      if (opts.subscribe) entry.state.onJoined = count1;
      else entry.state.onConnected = count1;
      sockets.push(entry);
      entry.s.connect();
    };
    for (let i = 0; i < Math.min(win, count); i++) next();
  });
}

function status() {
  let connected = 0;
  let joined = 0;
  for (const { s, state } of sockets) {
    if (s.connected) connected += 1;
    if (state.joined) joined += 1;
  }
  return { sockets: sockets.length, connected, joined, rejoined, lastRejoinAt, shed, refused };
}

process.on('message', (m) => {
  const reply = (body) => process.send({ rid: m.rid, ...body });
  const handle = async () => {
    if (m.cmd === 'configure') {
      opts = m.opts;
      shed = 0; // each phase counts its own refusals
      refused = {};
      return {};
    }
    if (m.cmd === 'connect') return connect(m);
    if (m.cmd === 'status') return status();
    if (m.cmd === 'arm') {
      armedAt = m.at;
      rejoined = 0;
      lastRejoinAt = 0;
      shed = 0;
      refused = {};
      for (const { state } of sockets) state.rejoined = false;
      return {};
    }
    if (m.cmd === 'close') {
      for (const { s, state } of sockets) {
        state.closed = true;
        clearTimeout(state.timer);
        clearTimeout(state.subTimer);
        s.disconnect();
      }
      sockets.length = 0;
      return {};
    }
    if (m.cmd === 'exit') {
      setTimeout(() => process.exit(0), 50);
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
