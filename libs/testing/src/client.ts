import { io, type Socket } from 'socket.io-client';
import type { AckResult, AuthResponse, ClientToServerEvents, Profession, Role, ServerToClientEvents, UserDto } from '@casebridge/contracts';
import { DEFAULT_ADMIN } from './defaults';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin HTTP client for tests: never throws on status, so tests assert codes explicitly. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  profession: Profession;
  role: Role;
  user: UserDto;
  auth: AuthResponse;
  api: ApiClient;
}

let counter = 0;
export function uniqueId(prefix = 'c'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Ordinary lowercase words: a cohort name must pass the PHI gate, and random letters can read as a surname. */
const NAME_WORDS = [
  'anchor',
  'canyon',
  'lantern',
  'pebble',
  'quarry',
  'kettle',
  'pencil',
  'ladder',
  'basket',
  'candle',
  'teapot',
  'saucer',
  'thimble',
  'puzzle',
  'compass',
  'whistle',
];
let cohortCounter = 0;
/** A unique cohort name made of words: "Cohort lantern ridge pebble stone garden". */
export function uniqueCohortName(): string {
  cohortCounter += 1;
  const n = Date.now() * 1000 + ((process.pid * 31 + cohortCounter) % 1000);
  const words: string[] = [];
  for (let v = n; v > 0; v = Math.floor(v / NAME_WORDS.length)) words.push(NAME_WORDS[v % NAME_WORDS.length]);
  return `Cohort ${words.join(' ')}`;
}

/**
 * Creates users, cohorts and content through the real API (novu's UserSession pattern): tests
 * never write to the database directly.
 */
export class TestSession {
  admin!: TestUser;
  private readonly sockets: TestSocket[] = [];

  constructor(readonly baseUrl: string) {}

  async init(): Promise<this> {
    const api = new ApiClient(this.baseUrl);
    const res = await api.post<AuthResponse>('/auth/login', { email: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password });
    if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
    api.token = res.body.accessToken;
    this.admin = {
      id: res.body.user.id,
      email: DEFAULT_ADMIN.email,
      password: DEFAULT_ADMIN.password,
      displayName: res.body.user.displayName,
      profession: res.body.user.profession,
      role: 'admin',
      user: res.body.user,
      auth: res.body,
      api,
    };
    return this;
  }

  anonymous(): ApiClient {
    return new ApiClient(this.baseUrl);
  }

  // letters only: cohort names pass the PHI gate, which reads a long digit-and-letter run as an ID
  async cohort(name = uniqueCohortName()): Promise<{ id: string; name: string }> {
    const res = await this.admin.api.post<{ id: string; name: string }>('/cohorts', { name });
    if (res.status !== 201) throw new Error(`create cohort failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Invites and registers a user (the real flow), optionally into a cohort. */
  async user(opts: {
    role?: Role;
    profession?: Profession;
    cohortId?: string;
    displayName?: string;
    moderator?: boolean;
  }): Promise<TestUser> {
    const role = opts.role ?? 'learner';
    // the invitation fixes the profession (required for faculty)
    const invite = await this.admin.api.post<{ code: string }>('/invitations', {
      role,
      profession: opts.profession ?? 'nurse',
      ...(opts.cohortId ? { cohortId: opts.cohortId } : {}),
      ...(opts.moderator ? { moderator: true } : {}),
    });
    if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
    const email = `${uniqueId('u')}@example.test`;
    const password = 'correct horse battery';
    const displayName = opts.displayName ?? `Test ${opts.profession ?? 'nurse'} ${uniqueId('').slice(-4)}`;
    const profession = opts.profession ?? 'nurse';
    const api = new ApiClient(this.baseUrl);
    const reg = await api.post<AuthResponse>('/auth/register', { inviteCode: invite.body.code, email, password, displayName, profession });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
    api.token = reg.body.accessToken;
    return { id: reg.body.user.id, email, password, displayName, profession, role, user: reg.body.user, auth: reg.body, api };
  }

  /** Opens a socket as this user (reconnection off: tests reconnect explicitly). */
  connect(user: { auth: { accessToken: string } }, opts: { url?: string; token?: string } = {}): TestSocket {
    const socket: TestSocket = io(opts.url ?? this.baseUrl, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: opts.token ?? user.auth.accessToken },
      reconnection: false,
      forceNew: true,
    });
    this.sockets.push(socket);
    return socket;
  }

  /**
   * Connects and waits for the handshake to succeed. A handshake the server sheds (RATE_LIMITED
   * with `data.retryAfterMs`, as a just-started or overloaded api does) is tried again after the
   * wait it names, as the web client does, up to 20 s in all; any other refusal rejects at once.
   */
  async connectAs(user: TestUser, opts: { url?: string } = {}): Promise<TestSocket> {
    const deadline = Date.now() + 20_000;
    const socket = this.connect(user, opts);
    for (;;) {
      const err = await new Promise<(Error & { data?: { retryAfterMs?: unknown } }) | undefined>((resolve) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', (e) => resolve(e));
      });
      socket.off('connect');
      socket.off('connect_error');
      if (!err) return socket;
      const wait = err.data?.retryAfterMs;
      if (err.message !== 'RATE_LIMITED' || typeof wait !== 'number' || Date.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
      socket.connect();
    }
  }

  close(): void {
    for (const s of this.sockets) s.disconnect();
    this.sockets.length = 0;
  }
}

/** Emits a client event and resolves with its AckResult (or rejects after a timeout). */
export function emitAck<E extends keyof ClientToServerEvents>(
  socket: TestSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = 5000,
): Promise<AckResult<any>> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ack for ${String(event)} within ${timeoutMs} ms`)), timeoutMs);
    (socket.emit as (e: string, p: unknown, cb: (r: AckResult<any>) => void) => void)(event, payload, (result) => {
      clearTimeout(t);
      resolve(result);
    });
  });
}

/** Resolves with the next `event` the socket receives that matches `filter`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  filter: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!filter(payload)) return;
      clearTimeout(t);
      (socket.off as (e: string, h: unknown) => void)(event, handler);
      resolve(payload);
    };
    const t = setTimeout(() => {
      (socket.off as (e: string, h: unknown) => void)(event, handler);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    (socket.on as (e: string, h: unknown) => void)(event, handler);
  });
}
