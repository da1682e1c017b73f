/**
 * Reconnecting across replicas: two compiled api processes sharing Redis
 * (TEST_REDIS_URL) and one embedded database process. When one replica is SIGKILLed its clients
 * come back on the other — authenticated, case room re-joined, catch-up by afterSeq — and end
 * with every post exactly once, in seq order. A user changed through one replica is refused at
 * once by the other's handshake (its user-state cache entry is dropped over Redis).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { cleanCase } from '../fixtures/cases';
import {
  ApiClient,
  REPO_ROOT,
  TestSession,
  emitAck,
  freePort,
  startTestApi,
  tmpDir,
  waitFor,
  type TestApi,
  type TestSocket,
  type TestUser,
} from '@casebridge/testing';
import type { PostDto } from '@casebridge/contracts';

const REDIS_URL = process.env.TEST_REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;
const CLIENTS = 60;

async function startDb(): Promise<{ uri: string; child: ChildProcess }> {
  const dir = tmpDir('db');
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'libs/embedded-mongo/dist/cli.js')], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, DB_DIR: dir, DB_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const uri = await waitFor(() => /mongodb:\/\/\S+/.exec(out)?.[0], { timeoutMs: 20_000, what: `db uri (${out})` });
  return { uri, child };
}

/** A client following one case: live posts, and a catch-up by afterSeq on every (re)subscribe. */
class Follower {
  socket!: TestSocket;
  readonly seen = new Map<string, number>();
  duplicates = 0;
  shed = 0;
  high = 0;
  resubscribedAt = 0;
  constructor(
    private readonly session: TestSession,
    readonly user: TestUser,
    private readonly caseId: string,
  ) {}

  private take(p: PostDto): void {
    if (this.seen.has(p.id)) this.duplicates += 1;
    this.seen.set(p.id, p.seq);
    this.high = Math.max(this.high, p.seq);
  }

  /** Connects as the web client does: a handshake shed with RATE_LIMITED is retried after its retryAfterMs. */
  async attach(url: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.socket = await this.session.connectAs(this.user, { url });
        break;
      } catch (err) {
        const retryAfterMs = (err as { data?: { retryAfterMs?: number } }).data?.retryAfterMs;
        if (typeof retryAfterMs !== 'number' || attempt >= 10) throw err;
        this.shed += 1;
        await new Promise((r) => setTimeout(r, retryAfterMs));
      }
    }
    this.socket.on('post:created', (p: PostDto) => {
      if (p.caseId === this.caseId && !this.seen.has(p.id)) this.take(p);
    });
    const r = await emitAck(this.socket, 'case:subscribe', { caseId: this.caseId, afterSeq: this.high });
    if (!r.ok) throw new Error(`subscribe: ${JSON.stringify(r.error)}`);
    for (const p of r.data.missed) if (!this.seen.has(p.id)) this.take(p);
    this.resubscribedAt = Date.now();
  }
}

describeRedis('reconnecting across two replicas', () => {
  let db: { uri: string; child: ChildProcess };
  let a: TestApi;
  let b: TestApi;
  let session: TestSession;
  const env = () => ({
    REDIS_URL: REDIS_URL!,
    SOCKET_RECHECK_MS: '60000',
    MAX_SOCKETS_PER_USER: '1000',
    SOCKET_RATE_LIMIT_PER_10S: '100000',
  });

  beforeAll(async () => {
    db = await startDb();
    [a, b] = await Promise.all([startTestApi({ mongoUri: db.uri, env: env() }), startTestApi({ mongoUri: db.uri, env: env() })]);
    session = await new TestSession(a.url).init();
  });

  afterAll(async () => {
    session?.close();
    await Promise.allSettled([a?.stop(), b?.stop()]);
    if (db) {
      const exited = new Promise((r) => db.child.once('exit', r));
      db.child.kill('SIGKILL');
      await exited;
      db.child.stdout?.destroy();
      db.child.stderr?.destroy();
    }
  });

  it("refuses a user deactivated through A at B's next handshake, though B cached them a moment ago", async () => {
    const user = await session.user({ profession: 'nurse' });
    const onB = await session.connectAs(user, { url: b.url });
    expect(onB.connected).toBe(true);
    // SOCKET_RECHECK_MS is a minute here: only the invalidation relayed over Redis can tell B
    expect((await session.admin.api.patch(`/users/${user.id}`, { active: false })).status).toBe(200);
    const again = session.connect(user, { url: b.url });
    const outcome = await new Promise<string>((resolve) => {
      again.once('connect', () => resolve('connected'));
      again.once('connect_error', (err) => resolve(err.message));
    });
    expect(outcome).toBe('AUTH.UNAUTHORIZED');
    onB.disconnect();
  });

  it('moves the clients of a SIGKILLed replica to the survivor with every post exactly once, in order', async () => {
    const cohort = await session.cohort();
    const users = await Promise.all([0, 1, 2, 3].map(() => session.user({ profession: 'nurse', cohortId: cohort.id })));
    const created = await users[0].api.post<{ id: string }>('/cases', cleanCase(cohort.id));
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const followers = Array.from({ length: CLIENTS }, (_, i) => new Follower(session, users[i % users.length], caseId));
    await Promise.all(followers.map((f, i) => f.attach(i % 2 ? b.url : a.url)));
    const viaB = new ApiClient(b.url, users[1].api.token);
    const post = async (n: number) => {
      const r = await viaB.post<PostDto>(`/cases/${caseId}/posts`, {
        body: `Plan review ${n}: continue the current regimen.`,
        clientId: `rc${n}x${caseId}`,
      });
      expect(r.status).toBe(201);
    };
    for (let n = 1; n <= 5; n++) await post(n);

    const onA = followers.filter((_, i) => i % 2 === 0);
    const dropped = onA.map((f) => new Promise<void>((resolve) => f.socket.once('disconnect', () => resolve())));
    const killedAt = Date.now();
    await a.kill('SIGKILL');
    await Promise.all(dropped);
    // posts while A's clients are away: they must get them from the catch-up
    for (let n = 6; n <= 10; n++) await post(n);
    // what a load balancer does: the next connection of A's clients goes to the survivor
    await Promise.all(onA.map((f) => f.attach(b.url)));
    const backMs = Math.max(...onA.map((f) => f.resubscribedAt)) - killedAt;
    for (let n = 11; n <= 12; n++) await post(n);

    await waitFor(() => followers.every((f) => f.high === 12), { timeoutMs: 15_000, what: 'every follower at seq 12' });
    for (const f of followers) {
      expect(f.duplicates).toBe(0);
      expect([...f.seen.values()].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    }
    console.log(
      `replica SIGKILL: ${onA.length} clients of the killed replica re-subscribed on the survivor (catch-up acked) ${backMs} ms after the kill; handshakes shed ${followers.reduce((n, f) => n + f.shed, 0)}`,
    );
    for (const f of followers) f.socket.disconnect();
    a = await startTestApi({ mongoUri: db.uri, env: env() });
  });
});
