/**
 * A stand-in for lib/socket in component tests: records emits, lets the test push server
 * events and fire (re)connects. Use with
 * `jest.mock('<path>/lib/socket', () => require('<path>/test/socket-mock').socketMock)`.
 */
type Listener = (payload: never) => void;

const listeners = new Map<string, Set<Listener>>();
const connectListeners = new Set<() => void>();
let connected = true;
export const emitted: { event: string; payload: unknown }[] = [];
let ackHandler: (event: string, payload: unknown) => unknown = () => ({});

export const socketMock = {
  startSocket: () => undefined,
  stopSocket: () => undefined,
  isConnected: () => connected,
  useConnection: () => ({ status: connected ? 'connected' : 'reconnecting', databaseDown: false }),
  getConnectionState: () => ({ status: connected ? 'connected' : 'reconnecting', databaseDown: false }),
  whenConnected: (fn: () => void) => {
    connectListeners.add(fn);
    if (connected) fn();
    return () => connectListeners.delete(fn);
  },
  onEvent: (event: string, handler: Listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(handler);
    listeners.set(event, set);
    return () => set.delete(handler);
  },
  emitAck: async (event: string, payload: unknown) => {
    emitted.push({ event, payload });
    return ackHandler(event, payload);
  },
  // the retries are lib/socket's; here a send is a send
  emitAckRetrying: async (event: string, payload: unknown) => {
    emitted.push({ event, payload });
    return ackHandler(event, payload);
  },
  emitVolatile: (event: string, payload: unknown) => {
    emitted.push({ event, payload });
  },
};

export const server = {
  /** What each acked emit resolves with (or throw to fail it). */
  onAck(fn: (event: string, payload: unknown) => unknown) {
    ackHandler = fn;
  },
  push(event: string, payload: unknown) {
    for (const l of listeners.get(event) ?? []) (l as (p: unknown) => void)(payload);
  },
  disconnect() {
    connected = false;
  },
  reconnect() {
    connected = true;
    for (const l of [...connectListeners]) l();
  },
  reset() {
    listeners.clear();
    connectListeners.clear();
    emitted.length = 0;
    connected = true;
    ackHandler = () => ({});
  },
};
