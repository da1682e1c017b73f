import { ErrorCodes, type AuthResponse, type ErrorPayload, type PhiFinding } from '@casebridge/contracts';
import { getTokens, setTokens } from './tokens';

/** An error the API answered with `{error:{code,message,details}}` (docs/contract.md "Errors"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(status: number, payload: ErrorPayload): ApiError {
    return new ApiError(status, payload.code, payload.message, payload.details);
  }
}

/** Status 0 = the network failed before any answer. */
export const NETWORK_ERROR = 'NETWORK.UNREACHABLE';

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The PHI gate's findings when `e` is a PRIVACY.PHI_DETECTED refusal, else null. */
export function phiFindingsOf(e: unknown): PhiFinding[] | null {
  if (!isApiError(e) || e.code !== ErrorCodes.PRIVACY_PHI_DETECTED) return null;
  const details = e.details as { findings?: unknown } | undefined;
  if (!details || !Array.isArray(details.findings)) return [];
  return details.findings.filter(
    (f): f is PhiFinding =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as PhiFinding).field === 'string' &&
      typeof (f as PhiFinding).start === 'number' &&
      typeof (f as PhiFinding).end === 'number',
  );
}

/** A message fit to show a person, by code first (the contract), message second. */
export function describeError(e: unknown): string {
  if (!isApiError(e)) return e instanceof Error ? e.message : 'Something went wrong.';
  switch (e.code) {
    case NETWORK_ERROR:
      return 'Cannot reach CaseBridge. Check your connection and try again.';
    case ErrorCodes.AUTH_INVALID_CREDENTIALS:
      return 'Email or password is not right.';
    case ErrorCodes.AUTH_LOCKED:
      return 'This account is locked for a while after too many attempts.';
    case ErrorCodes.AUTH_FORBIDDEN:
      return 'You do not have access to this.';
    case ErrorCodes.INVITE_INVALID:
      return 'This invitation code is not valid or has expired.';
    case ErrorCodes.USER_EMAIL_TAKEN:
      return 'An account with this email already exists.';
    case ErrorCodes.RATE_LIMITED:
      return 'Too many requests. Wait a moment and try again.';
    case ErrorCodes.PRIVACY_PHI_DETECTED:
      return 'Possible patient identifiers were found. Rewrite the highlighted text.';
    case ErrorCodes.DB_UNAVAILABLE:
      return 'The service is briefly unavailable. Try again shortly.';
    default:
      return e.message || e.code;
  }
}

type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Public routes (login, register, refresh) send no token and never refresh. */
  anonymous?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else params.append(k, String(v));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

async function parse(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toError(status: number, body: unknown): ApiError {
  const payload = (body as { error?: ErrorPayload } | undefined)?.error;
  if (payload && typeof payload.code === 'string') return ApiError.from(status, payload);
  return new ApiError(status, `HTTP.${status}`, `Request failed (${status})`);
}

let refreshing: Promise<boolean> | null = null;

/**
 * One refresh at a time: every request that meets a 401 waits for the same rotation,
 * because a second use of the old refresh token would revoke the whole family.
 */
export function refreshTokens(): Promise<boolean> {
  if (refreshing) return refreshing;
  const tokens = getTokens();
  if (!tokens) return Promise.resolve(false);
  refreshing = (async () => {
    try {
      const res = await fetch(buildUrl('/auth/refresh'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      if (!res.ok) {
        // Only a definite refusal signs the user out; a 5xx keeps the tokens for later.
        if (res.status === 401 || res.status === 403) setTokens(null);
        return false;
      }
      const auth = (await parse(res)) as AuthResponse;
      setTokens({ accessToken: auth.accessToken, refreshToken: auth.refreshToken });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = opts.anonymous ? undefined : getTokens()?.accessToken;
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(buildUrl(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if ((e as { name?: string }).name === 'AbortError') throw e;
    throw new ApiError(0, NETWORK_ERROR, 'Network error');
  }
}

/** Calls `/api{path}`; JSON in and out; throws ApiError; refreshes the token once on a 401. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 401 && !opts.anonymous && getTokens()) {
    if (await refreshTokens()) res = await send(path, opts);
  }
  const body = await parse(res);
  if (!res.ok) throw toError(res.status, body);
  return body as T;
}

/** Fetch a binary resource (e.g. a certificate PDF) with the same auth rules. */
export async function apiBlob(path: string, query?: Query): Promise<Blob> {
  let res = await send(path, { query });
  if (res.status === 401 && getTokens() && (await refreshTokens())) res = await send(path, { query });
  if (!res.ok) throw toError(res.status, await parse(res));
  return res.blob();
}

/** Fetch a non-JSON resource (e.g. the attendance CSV) with the same auth rules. */
export async function apiText(path: string): Promise<string> {
  let res = await send(path, {});
  if (res.status === 401 && getTokens() && (await refreshTokens())) res = await send(path, {});
  if (!res.ok) throw toError(res.status, await parse(res));
  return res.text();
}
