import { ErrorCodes } from '@casebridge/contracts';

/**
 * How long a client waits before its next reconnection attempt. Exponential with a cap
 * and full jitter — a uniform delay in [floor, min(cap, base·2^attempt)) — so a fleet that lost its
 * server at the same instant spreads its attempts instead of arriving in lock-step waves (socket.io's
 * own jitter vanishes once its delay reaches the cap: every client then waits exactly the cap).
 * A server that sheds load names its own wait (`retryAfterMs`), which takes precedence.
 */
export const RECONNECT = { baseMs: 250, capMs: 1500, floorMs: 50 } as const;

export function reconnectDelayMs(
  attempt: number,
  random: () => number = Math.random,
  policy: { baseMs: number; capMs: number; floorMs: number } = RECONNECT,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(Math.max(policy.floorMs, random() * ceiling));
}

/** A shed handshake's wait (`connect_error` data `{ code, retryAfterMs }`), with a little more jitter; undefined when the error names none. */
export function retryAfterFrom(err: unknown, random: () => number = Math.random): number | undefined {
  const data = (err as { data?: { retryAfterMs?: unknown } } | null)?.data;
  const ms = data?.retryAfterMs;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
  return Math.round(Math.min(ms, 60_000) * (1 + random() * 0.25));
}

/** emitAck's code when no ack came in time. */
export const SOCKET_TIMEOUT = 'SOCKET.TIMEOUT';

/**
 * A refused or unanswered acked event worth sending again on the same connection: the server was
 * busy (RATE_LIMITED, which may name `details.retryAfterSeconds`), its database was away
 * (DB.UNAVAILABLE), or no answer came in time (SOCKET.TIMEOUT). The wait before the next try, or
 * undefined when the refusal is final (access, validation, not found).
 */
export function resendDelayMs(code: string, details: unknown, attempt: number, random: () => number = Math.random): number | undefined {
  if (code !== ErrorCodes.RATE_LIMITED && code !== ErrorCodes.DB_UNAVAILABLE && code !== SOCKET_TIMEOUT) return undefined;
  const seconds = (details as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
    return Math.round(Math.min(seconds * 1000, 60_000) * (1 + random() * 0.25));
  }
  return reconnectDelayMs(attempt, random);
}
