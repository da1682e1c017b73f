/**
 * The one owner of the socket.io connection (style.md "Client": only this file imports
 * socket.io-client). Features use `emitAck`, `onEvent` and `whenConnected`; the app shell
 * reads `useConnection` for the banner.
 */
import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { ErrorCodes, type AckResult, type ClientToServerEvents, type ServerToClientEvents } from '@casebridge/contracts';
import { ApiError, refreshTokens } from './api';
import { getTokens } from './tokens';
import { SOCKET_TIMEOUT, reconnectDelayMs, resendDelayMs, retryAfterFrom } from './backoff';

export type ConnectionStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';
export interface ConnectionState {
  status: ConnectionStatus;
  /** The server says its database is down (`system:status`); reads may still work from cache. */
  databaseDown: boolean;
}

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type AckedEvent = Exclude<keyof ClientToServerEvents, 'session:heartbeat'>;
export type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
export type AckDataOf<E extends AckedEvent> = Parameters<ClientToServerEvents[E]>[1] extends (r: AckResult<infer T>) => void ? T : never;

let socket: AppSocket | null = null;
let state: ConnectionState = { status: 'offline', databaseDown: false };
let everConnected = false;
/** Reconnection is ours, not socket.io's (see backoff.ts): attempts since the last connect, and the pending one. */
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** The server said our token no longer holds (`auth:expired`) before closing us. */
let authEnded = false;
const stateListeners = new Set<() => void>();
const connectListeners = new Set<() => void>();

function setState(next: Partial<ConnectionState>): void {
  state = { ...state, ...next };
  for (const l of stateListeners) l();
}

function create(): AppSocket {
  const s: AppSocket = io({
    path: '/socket.io',
    // WebSocket first: no sticky sessions needed behind a load balancer; polling as fallback.
    transports: ['websocket', 'polling'],
    autoConnect: false,
    // A function, so every (re)connect sends the current, possibly refreshed, token.
    auth: (cb) => cb({ token: getTokens()?.accessToken ?? '' }),
    // Every retry is scheduled below (jittered exponential back-off with a cap, or the server's
    // retry-after), for lost connections and refused handshakes alike.
    reconnection: false,
  });
  s.on('connect', () => {
    everConnected = true;
    attempt = 0;
    authEnded = false;
    setState({ status: 'connected' });
    for (const l of [...connectListeners]) l();
  });
  s.on('auth:expired', () => {
    authEnded = true;
  });
  s.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') return setState({ status: 'offline' });
    setState({ status: 'reconnecting' });
    // Closed for our token (it expired, or the account changed): new tokens first. Otherwise
    // (a deploy, a crash, the network) the same token is still good: just come back, spread out.
    if (reason === 'io server disconnect' && authEnded) void reauthenticateAndConnect();
    else scheduleReconnect(s);
  });
  s.on('connect_error', (err) => {
    const code = err.message;
    if (code === ErrorCodes.AUTH_UNAUTHORIZED || code === ErrorCodes.AUTH_EXPIRED) {
      void reauthenticateAndConnect();
      return;
    }
    // A refusal (DB.UNAVAILABLE during a database outage, RATE_LIMITED when the server sheds a
    // storm, which names its own wait) or a network failure: try again later.
    setState({ status: everConnected ? 'reconnecting' : 'connecting', databaseDown: code === ErrorCodes.DB_UNAVAILABLE });
    scheduleReconnect(s, retryAfterFrom(err));
  });
  s.on('system:status', ({ database }) => setState({ databaseDown: database === 'down' }));
  return s;
}

function scheduleReconnect(s: AppSocket, delayMs: number = reconnectDelayMs(attempt)): void {
  attempt += 1;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    if (socket === s && !s.connected && getTokens()) s.connect();
  }, delayMs);
}

let reauthing = false;
async function reauthenticateAndConnect(): Promise<void> {
  if (reauthing || !socket) return;
  reauthing = true;
  try {
    const ok = await refreshTokens();
    if (!ok) {
      setState({ status: 'unauthorized' });
      return;
    }
    authEnded = false;
    socket.connect();
  } finally {
    reauthing = false;
  }
}

/** Open the connection for the signed-in user (idempotent). */
export function startSocket(): void {
  socket ??= create();
  if (socket.connected || retryTimer) return;
  setState({ status: everConnected ? 'reconnecting' : 'connecting' });
  socket.connect();
}

/** Close it on sign-out; the next start is a fresh first connection. */
export function stopSocket(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  attempt = 0;
  socket?.disconnect();
  everConnected = false;
  setState({ status: 'offline', databaseDown: false });
}

export function isConnected(): boolean {
  return socket?.connected ?? false;
}

export function getConnectionState(): ConnectionState {
  return state;
}

function subscribeState(l: () => void): () => void {
  stateListeners.add(l);
  return () => stateListeners.delete(l);
}

export function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribeState, getConnectionState, getConnectionState);
}

/** Run `fn` now if connected and again after every reconnect (to re-join rooms and catch up). */
export function whenConnected(fn: () => void): () => void {
  connectListeners.add(fn);
  if (socket?.connected) fn();
  return () => connectListeners.delete(fn);
}

/** Listen to a server event; returns the matching `off(event, handler)` (never `off(event)`). */
export function onEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
  socket ??= create();
  const s = socket;
  // socket.io's listener typing needs the exact event key; the generic E is that key.
  s.on(event, handler as never);
  return () => {
    s.off(event, handler as never);
  };
}

/** Emit an acked event; resolves with the ack's data or rejects with an ApiError. */
export async function emitAck<E extends AckedEvent>(event: E, payload: PayloadOf<E>, timeoutMs = 10_000): Promise<AckDataOf<E>> {
  if (!socket?.connected) throw new ApiError(0, 'SOCKET.DISCONNECTED', 'Not connected');
  // TS cannot pick one overload of emitWithAck for a generic event name; the event map
  // above still types every call site (payload in, ack data out).
  const emitter = socket.timeout(timeoutMs) as unknown as {
    emitWithAck: (ev: string, p: unknown) => Promise<AckResult<AckDataOf<E>>>;
  };
  let result: AckResult<AckDataOf<E>>;
  try {
    result = await emitter.emitWithAck(event, payload);
  } catch {
    throw new ApiError(0, SOCKET_TIMEOUT, 'The server did not answer in time');
  }
  if (!result.ok) throw ApiError.from(0, result.error);
  return result.data;
}

/**
 * emitAck for what must get through on this connection, such as re-joining a room after a
 * reconnect: a refusal that means "later" (the server busy or its database away, or no answer in
 * time) is sent again while still connected, after the server's retry-after or the back-off, up
 * to `maxAttempts`. A final refusal (access, validation) or a lost connection ends it: the next
 * connect runs `whenConnected` callbacks again.
 */
export async function emitAckRetrying<E extends AckedEvent>(event: E, payload: PayloadOf<E>, maxAttempts = 6): Promise<AckDataOf<E>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await emitAck(event, payload);
    } catch (e) {
      const delay = e instanceof ApiError ? resendDelayMs(e.code, e.details, attempt) : undefined;
      if (delay === undefined || attempt + 1 >= maxAttempts || !socket?.connected) throw e;
      const s = socket;
      await new Promise((r) => setTimeout(r, delay));
      if (socket !== s || !s.connected) throw e;
    }
  }
}

/** Fire-and-forget (presence heartbeat). Dropped while disconnected, as presence should be. */
export function emitVolatile(event: 'session:heartbeat', payload: PayloadOf<'session:heartbeat'>): void {
  socket?.volatile.emit(event, payload);
}
