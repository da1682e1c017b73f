/**
 * Scale-out and faults, end to end: two compiled api processes (A, B) sharing Redis
 * (TEST_REDIS_URL) and one embedded database running as its own process (`npm run db`).
 * Real sockets and HTTP only; processes are killed with SIGKILL, never mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanCase } from '../fixtures/cases';
import {
  ApiClient,
  REPO_ROOT,
  TestSession,
  emitAck,
  freePort,
  nextEvent,
  startTestApi,
  tmpDir,
  uniqueId,
  waitFor,
  withDbName,
  type TestApi,
  type TestSocket,
  type TestUser,
} from '@casebridge/testing';
import type { AckResult, Participant, PostDto, SessionDto, SessionEvent } from '@casebridge/contracts';

const REDIS_URL = process.env.TEST_REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The embedded engine as its own process, as `npm run db` starts it; restartable on the same dir and port. */
async function startDbProcess(dir: string, port: number): Promise<{ uri: string; child: ChildProcess; kill(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'libs/embedded-mongo/dist/cli.js')], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, DB_DIR: dir, DB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const uri = await waitFor(() => /mongodb:\/\/\S+/.exec(out)?.[0], { timeoutMs: 20_000, what: `db uri (${out})` });
  return {
    uri,
    child,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Like emitAck, but gives up at once when the socket drops (a killed process never answers). */
function ackOrDrop<T = any>(socket: TestSocket, event: string, payload: unknown, timeoutMs = 4000): Promise<AckResult<T>> {
  return new Promise((resolve, reject) => {
    if (!socket.connected) return reject(new Error('not connected'));
    const done = (fn: () => void) => {
      clearTimeout(t);
      socket.off('disconnect', onDrop);
      fn();
    };
    const onDrop = () => done(() => reject(new Error('disconnected')));
    const t = setTimeout(() => done(() => reject(new Error(`no ack for ${event}`))), timeoutMs);
    socket.once('disconnect', onDrop);
    (socket.emit as (e: string, p: unknown, cb: (r: AckResult<T>) => void) => void)(event, payload, (r) => done(() => resolve(r)));
  });
}

/** Every post of a case from the server, paged by seq (what a client's catch-up reads too). */
async function allPosts(api: ApiClient, caseId: string): Promise<PostDto[]> {
  const out: PostDto[] = [];
  for (let after = 0; ;) {
    const res = await api.get<PostDto[]>(`/cases/${caseId}/posts?afterSeq=${after}&limit=500`);
    if (res.status !== 200) throw new Error(`list posts: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body);
    if (res.body.length < 500) return out;
    after = res.body[res.body.length - 1].seq;
  }
}

/**
 * A client following one case the way the web client does: live `post:created`, a catch-up by
 * `afterSeq` whenever it sees a gap in seq, and again after every (re)connect.
 */
class CaseFollower {
  socket!: TestSocket;
  readonly seen = new Map<string, PostDto>();
  private readonly seqs = new Set<number>();
  /** Highest seq up to which this client has everything. */
  high = 0;
  live = 0;
  caughtUp = 0;
  readonly statuses: string[] = [];
  reconnects = 0;

  constructor(
    private readonly session: TestSession,
    readonly user: TestUser,
    readonly name: string,
    private readonly caseId: string,
  ) {}

  async connect(url: string): Promise<void> {
    this.socket = await this.session.connectAs(this.user, { url });
    this.socket.on('post:created', (p) => {
      if (p.caseId !== this.caseId) return;
      this.add(p, true);
      if (p.seq > this.high + 1) void this.catchUp().catch(() => undefined);
    });
    this.socket.on('system:status', (s) => this.statuses.push(s.database));
    await this.catchUp();
  }

  async reconnect(url: string): Promise<void> {
    this.reconnects += 1;
    await waitFor(() => this.connect(url).then(() => true), { timeoutMs: 15_000, intervalMs: 200, what: `${this.name} reconnects` });
  }

  add(p: PostDto, live: boolean): void {
    if (this.seen.has(p.id)) return;
    this.seen.set(p.id, p);
    this.seqs.add(p.seq);
    if (live) this.live += 1;
    else this.caughtUp += 1;
    while (this.seqs.has(this.high + 1)) this.high += 1;
  }

  async catchUp(): Promise<void> {
    const r = await ackOrDrop<{ missed: PostDto[]; seq: number }>(this.socket, 'case:subscribe', {
      caseId: this.caseId,
      afterSeq: this.high,
    });
    if (!r.ok) throw new Error(`${this.name} catch-up: ${r.error.code}`);
    for (const p of r.data.missed) this.add(p, false);
  }
}

interface PostLoopResult {
  acked: Map<string, PostDto>;
  /** clientIds sent but never acknowledged when the loop had to stop (may or may not be stored). */
  unacked: string[];
  errors: Map<string, number>;
}

/**
 * Posts steadily through the follower's socket. A post that got no ack (dropped socket, timeout) or
 * a failed ack is retried with the SAME clientId until acknowledged, reconnecting to `fallbackUrl()`
 * when the socket is gone. Bounded in count and time.
 */
async function postSteadily(
  f: CaseFollower,
  caseId: string,
  opts: { stop: () => boolean; max: number; deadline: number; fallbackUrl: () => string; result: PostLoopResult; pauseMs?: number },
): Promise<void> {
  let n = 0;
  let pending: { clientId: string; body: string } | undefined;
  while (Date.now() < opts.deadline) {
    if (!pending) {
      if (opts.stop() || n >= opts.max) return;
      n += 1;
      pending = { clientId: `${f.name}x${n}x${uniqueId('')}`.slice(0, 64), body: `Symptom update number ${n} from the ${f.name} client.` };
    }
    if (!f.socket.connected) {
      await f.reconnect(opts.fallbackUrl()).catch(() => undefined);
      continue;
    }
    try {
      const r = await ackOrDrop<PostDto>(f.socket, 'post:create', { caseId, ...pending });
      if (r.ok) {
        opts.result.acked.set(pending.clientId, r.data);
        pending = undefined;
        if (opts.pauseMs) await sleep(opts.pauseMs);
      } else {
        opts.result.errors.set(r.error.code, (opts.result.errors.get(r.error.code) ?? 0) + 1);
        await sleep(150);
      }
    } catch {
      /* no ack: the same clientId goes again (never doubles a post) */
    }
  }
  if (pending) opts.result.unacked.push(pending.clientId);
}

describeRedis('scale-out: two api processes sharing Redis and one database', () => {
  let dbDir: string;
  let dbPort: number;
  let db: Awaited<ReturnType<typeof startDbProcess>>;
  let uri: string;
  let a: TestApi;
  let b: TestApi;
  let session: TestSession;
  let learner: TestUser;
  let peer: TestUser;
  let faculty: TestUser;
  let cohortId: string;
  // generous socket budget: the fault tests post as fast as acks come back
  // Short presence TTL so a dead process's members are reaped within seconds (members heartbeat each second).
  const env = () => ({
    REDIS_URL: REDIS_URL!,
    SOCKET_RATE_LIMIT_PER_10S: '100000',
    PRESENCE_TTL_SECONDS: '3',
    PRESENCE_REAPER_INTERVAL_MS: '300',
  });
  const beats: NodeJS.Timeout[] = [];
  const heartbeat = (socket: TestSocket, sessionId: string) =>
    beats.push(setInterval(() => socket.connected && socket.volatile.emit('session:heartbeat', { sessionId }), 1000));

  beforeAll(async () => {
    dbDir = tmpDir('scale-db');
    dbPort = await freePort();
    db = await startDbProcess(dbDir, dbPort);
    uri = withDbName(db.uri, 'casebridge');
    [a, b] = await Promise.all([startTestApi({ mongoUri: uri, env: env() }), startTestApi({ mongoUri: uri, env: env() })]);
    session = await new TestSession(a.url).init();
    cohortId = (await session.cohort()).id;
    learner = await session.user({ role: 'learner', profession: 'nurse', cohortId });
    peer = await session.user({ role: 'learner', profession: 'social_worker', cohortId });
    faculty = await session.user({ role: 'faculty', profession: 'physician', cohortId });
  });

  afterAll(async () => {
    for (const t of beats) clearInterval(t);
    session?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.kill();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it('delivers a post created through A to a client connected to B', async () => {
    const created = await learner.api.post('/cases', cleanCase(cohortId));
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const onB = await session.connectAs(peer, { url: b.url });
    const sub = await emitAck(onB, 'case:subscribe', { caseId });
    expect(sub.ok).toBe(true);
    const arrived = nextEvent(onB, 'post:created', (p) => p.caseId === caseId);
    const post = await learner.api.post(`/cases/${caseId}/posts`, {
      body: 'Started low-dose oral morphine for breathlessness.',
      clientId: uniqueId('p'),
    });
    expect(post.status).toBe(201);
    const live = await arrived;
    expect(live.id).toBe(post.body.id);
    expect(live.seq).toBe(post.body.seq);
  });

  it('shows one presence list and one ordered event log to live-session members on both processes', async () => {
    const created = await faculty.api.post<SessionDto>('/sessions', {
      cohortId,
      title: 'Cross-replica ECHO session',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const sessionId = created.body.id;
    const members = [
      { user: faculty, url: a.url },
      { user: learner, url: b.url },
      { user: peer, url: a.url },
    ];
    const clients = [] as { user: TestUser; socket: TestSocket; events: SessionEvent[]; presence: Participant[][] }[];
    for (const m of members) {
      const socket = await session.connectAs(m.user, { url: m.url });
      const c = { user: m.user, socket, events: [] as SessionEvent[], presence: [] as Participant[][] };
      socket.on('session:event', (e) => e.sessionId === sessionId && c.events.push(e));
      socket.on('presence:changed', (p) => p.sessionId === sessionId && c.presence.push(p.participants));
      clients.push(c);
      const joined = await emitAck(socket, 'session:join', { sessionId });
      expect(joined.ok).toBe(true);
      heartbeat(socket, sessionId);
    }
    const everyone = members.map((m) => m.user.id).sort();
    // One presence list: every member, wherever connected, ends on the same participants.
    await waitFor(
      () =>
        clients.every(
          (c) =>
            JSON.stringify(
              c.presence
                .at(-1)
                ?.map((p) => p.userId)
                .sort(),
            ) === JSON.stringify(everyone),
        ),
      {
        what: 'the same presence list on both processes',
      },
    );
    const viaB = new ApiClient(b.url, faculty.api.token);
    const snap = (await viaB.get<{ snapshot: { participants: Participant[] }; seq: number }>(`/sessions/${sessionId}`)).body;
    expect(snap.snapshot.participants.map((p) => p.userId).sort()).toEqual(everyone);
    const base = snap.seq;

    // One ordered log: everyone chats at once through both processes.
    expect([200, 201]).toContain((await viaB.post(`/sessions/${sessionId}/start`)).status);
    const PER = 6;
    const acks = await Promise.all(
      clients.map(async (c, i) => {
        const out: number[] = [];
        for (let k = 0; k < PER; k++) {
          const r = await emitAck(c.socket, 'session:message', {
            sessionId,
            body: `Thought ${k} from member ${i} about breathlessness.`,
            clientId: `m${i}k${k}${uniqueId('')}`.slice(0, 64),
          });
          if (!r.ok) throw new Error(`message ack: ${JSON.stringify(r.error)}`);
          out.push(r.data.seq);
        }
        return out;
      }),
    );
    const last = Math.max(...acks.flat());
    const wanted = Array.from({ length: last - base }, (_, i) => base + i + 1);
    const logOf = (c: (typeof clients)[number]) =>
      [...new Map(c.events.filter((e) => e.seq > base).map((e) => [e.seq, e])).values()]
        .sort((x, y) => x.seq - y.seq)
        .map((e) => `${e.seq}:${e.type}:${e.type === 'message' ? e.message.id : ''}`);
    await waitFor(() => clients.every((c) => logOf(c).length === wanted.length), { what: 'every event on every client' });
    const logs = clients.map(logOf);
    // gap-free, and identical for members on A and on B
    expect(logs[0].map((l) => Number(l.split(':')[0]))).toEqual(wanted);
    for (const l of logs) expect(l).toEqual(logs[0]);
    expect(logs[0].filter((l) => l.includes(':message:'))).toHaveLength(PER * clients.length);
    // and the server's own order (the snapshot's messages) is the same
    const after = (await viaB.get<{ snapshot: { messages: { id: string; seq: number }[] } }>(`/sessions/${sessionId}`)).body.snapshot
      .messages;
    expect(after.map((m) => m.id)).toEqual(logs[0].filter((l) => l.includes(':message:')).map((l) => l.split(':')[2]));
    for (const c of clients) c.socket.disconnect();
  });

  it('keeps every acknowledged post exactly once, gap-free, and delivers all of them, when one api process is SIGKILLed mid-stream', async () => {
    const created = await learner.api.post('/cases', cleanCase(cohortId));
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const followers = [
      new CaseFollower(session, learner, 'nurseOnA', caseId),
      new CaseFollower(session, peer, 'socialOnA', caseId),
      new CaseFollower(session, learner, 'nurseOnB', caseId),
      new CaseFollower(session, peer, 'socialOnB', caseId),
    ];
    await Promise.all(followers.map((f, i) => f.connect(i < 2 ? a.url : b.url)));
    // A live session with a member on each process: presence lives in MongoDB, so the survivor's
    // reaper removes the member whose process died once its heartbeats stop (no one "stuck present").
    const live = await new ApiClient(b.url, faculty.api.token).post<SessionDto>('/sessions', {
      cohortId,
      title: 'Session across a crash',
      startsAt: new Date().toISOString(),
    });
    expect(live.status).toBe(201);
    const onA = await session.connectAs(peer, { url: a.url });
    const onB = await session.connectAs(learner, { url: b.url });
    const seenOnB: string[][] = [];
    onB.on('presence:changed', (p) => p.sessionId === live.body.id && seenOnB.push(p.participants.map((x) => x.userId).sort()));
    for (const so of [onA, onB]) {
      expect((await emitAck(so, 'session:join', { sessionId: live.body.id })).ok).toBe(true);
      heartbeat(so, live.body.id);
    }
    await waitFor(() => JSON.stringify(seenOnB.at(-1)) === JSON.stringify([learner.id, peer.id].sort()), { what: 'both members present' });

    let stop = false;
    const result: PostLoopResult = { acked: new Map(), unacked: [], errors: new Map() };
    const deadline = Date.now() + 40_000;
    // Clients of the dead process reconnect to the survivor (what the load balancer would do).
    const loops = followers.map((f) =>
      postSteadily(f, caseId, { stop: () => stop, max: 300, deadline, fallbackUrl: () => b.url, result, pauseMs: 20 }),
    );
    await waitFor(() => result.acked.size >= 20, { timeoutMs: 20_000, what: 'posts flowing through both processes' });
    await a.kill('SIGKILL');
    const killedAt = Date.now();
    const ackedAtKill = result.acked.size;
    await waitFor(() => result.acked.size >= ackedAtKill + 20, { timeoutMs: 20_000, what: 'posts flowing again after the kill' });
    stop = true;
    await Promise.all(loops);

    expect(result.unacked).toEqual([]);
    expect(followers.slice(0, 2).every((f) => f.reconnects >= 1)).toBe(true);
    await waitFor(() => JSON.stringify(seenOnB.at(-1)) === JSON.stringify([learner.id]), {
      timeoutMs: 15_000,
      what: "the dead process's member reaped by the survivor",
    });
    const reapedMs = Date.now() - killedAt;
    const snap = (
      await new ApiClient(b.url, faculty.api.token).get<{ snapshot: { participants: Participant[] } }>(`/sessions/${live.body.id}`)
    ).body;
    expect(snap.snapshot.participants.map((x) => x.userId)).toEqual([learner.id]);
    onB.disconnect();
    // The survivor holds the truth: every acknowledged post exactly once, seq 1..n without gaps,
    // and nothing stored that no client got an ack for (retries reused their clientId).
    const posts = await allPosts(new ApiClient(b.url, peer.api.token), caseId);
    const byId = new Map(posts.map((p) => [p.id, p]));
    expect(byId.size).toBe(posts.length);
    const ackedIds = [...result.acked.values()].map((p) => p.id);
    expect(new Set(ackedIds).size).toBe(ackedIds.length);
    for (const p of result.acked.values()) expect(byId.get(p.id)?.seq).toBe(p.seq);
    expect(posts.map((p) => p.seq)).toEqual(posts.map((_, i) => i + 1));
    expect(posts.length).toBe(result.acked.size);

    // Every client has every post: live, plus catch-up by afterSeq on a gap or a reconnect. A post
    // whose process died between storing and publishing shows as a gap; one last catch-up covers a
    // gap at the very end (no later post to reveal it), exactly as a client does on its next join.
    await Promise.all(followers.map((f) => f.catchUp()));
    for (const f of followers) {
      expect([...f.seen.keys()].sort()).toEqual([...byId.keys()].sort());
      expect(f.high).toBe(posts.length);
    }
    console.log(
      `api SIGKILL: ${posts.length} posts (${ackedAtKill} acked before the kill); member of the dead process reaped after ${reapedMs} ms; per client live/caught-up: ` +
        followers.map((f) => `${f.name} ${f.live}/${f.caughtUp}`).join(', ') +
        `; failed acks: ${JSON.stringify([...result.errors])}`,
    );
    for (const f of followers) f.socket.disconnect();
    a = await startTestApi({ mongoUri: uri, env: env() });
  });

  it('fails fast with DB.UNAVAILABLE while the database is SIGKILLed, loses no acknowledged post, and recovers without an api restart', async () => {
    // A was restarted on a new port by the previous test
    const created = await new ApiClient(b.url, learner.api.token).post('/cases', cleanCase(cohortId));
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const followers = [new CaseFollower(session, learner, 'nurseOnA', caseId), new CaseFollower(session, peer, 'socialOnB', caseId)];
    await followers[0].connect(a.url);
    await followers[1].connect(b.url);

    let stop = false;
    const result: PostLoopResult = { acked: new Map(), unacked: [], errors: new Map() };
    const deadline = Date.now() + 60_000;
    const loops = followers.map((f, i) =>
      postSteadily(f, caseId, { stop: () => stop, max: 400, deadline, fallbackUrl: () => (i === 0 ? a.url : b.url), result, pauseMs: 30 }),
    );
    // HTTP posts through A as well: each failure must be a prompt 503 DB.UNAVAILABLE.
    const http: { status: number; code?: string; message?: string; ms: number }[] = [];
    const httpAcked = new Map<string, PostDto>();
    const viaA = new ApiClient(a.url, learner.api.token);
    const httpLoop = (async () => {
      let pending: string | undefined;
      for (let n = 0; Date.now() < deadline;) {
        if (!pending) {
          if (stop || n >= 200) return;
          pending = `httpx${++n}x${uniqueId('')}`.slice(0, 64);
        }
        const t = Date.now();
        const res = await viaA.post<PostDto & { error?: { code: string; message: string } }>(`/cases/${caseId}/posts`, {
          body: `Plan review number ${n} over HTTP.`,
          clientId: pending,
        });
        http.push({ status: res.status, code: res.body?.error?.code, message: res.body?.error?.message, ms: Date.now() - t });
        if (res.status === 201 || res.status === 200) {
          httpAcked.set(pending, res.body);
          pending = undefined;
          await sleep(50);
        } else await sleep(150);
      }
    })();

    await waitFor(() => result.acked.size >= 10 && httpAcked.size >= 3, { timeoutMs: 20_000, what: 'posts flowing' });
    const before = result.acked.size + httpAcked.size;
    await db.kill();
    const killedAt = Date.now();
    // Clear errors during the outage: health 503, sockets told, writes refused with the code.
    await waitFor(() => followers.every((f) => f.statuses.at(-1) === 'down'), {
      timeoutMs: 10_000,
      what: 'system:status down on both processes',
    });
    for (const api of [a, b]) {
      const t = Date.now();
      const h = await new ApiClient(api.url).get<{ error: { code: string } }>('/health');
      expect(h.status).toBe(503);
      expect(h.body.error.code).toBe('DB.UNAVAILABLE');
      expect(Date.now() - t).toBeLessThan(3000);
    }
    // A socket opening now is never told that its token is bad (which would sign the user out): the
    // handshake needs no database read for a user whose state is cached (it connects, and what it
    // asks for next is refused with DB.UNAVAILABLE); one that would need a read is told the database is down.
    const outageSocket = session.connect(learner, { url: b.url });
    const refused = await new Promise<string>((resolve) => {
      outageSocket.once('connect', () => resolve('connected'));
      outageSocket.once('connect_error', (err) => resolve(err.message));
    });
    outageSocket.disconnect();
    expect(['DB.UNAVAILABLE', 'connected']).toContain(refused);
    await waitFor(() => http.some((h) => h.status === 503) && (result.errors.get('DB.UNAVAILABLE') ?? 0) > 0, {
      timeoutMs: 15_000,
      what: 'a 503 over HTTP and a failed socket ack during the outage',
    });
    await sleep(Math.max(0, 4000 - (Date.now() - killedAt))); // an outage of a few seconds, with writes refused throughout
    const outageMs = Date.now() - killedAt;
    db = await startDbProcess(dbDir, dbPort);
    const restartedAt = Date.now();
    // Recovery on its own: the same api processes answer again and tell their sockets.
    for (const api of [a, b]) {
      await waitFor(async () => (await fetch(`${api.url}/api/health`)).status === 200, { timeoutMs: 20_000, what: 'health ok again' });
    }
    await waitFor(() => followers.every((f) => f.statuses.at(-1) === 'up'), {
      timeoutMs: 10_000,
      what: 'system:status up on both processes',
    });
    const recoveredMs = Date.now() - restartedAt;
    const atRecovery = result.acked.size + httpAcked.size;
    await waitFor(() => result.acked.size + httpAcked.size >= atRecovery + 10, { timeoutMs: 20_000, what: 'posts flowing after recovery' });
    stop = true;
    await Promise.all([...loops, httpLoop]);

    expect(result.unacked).toEqual([]);
    // Every refusal named the cause: nothing but DB.UNAVAILABLE, and HTTP refusals came back promptly.
    expect([...result.errors.keys()]).toEqual(['DB.UNAVAILABLE']);
    const failed = http.filter((h) => h.status !== 200 && h.status !== 201);
    expect(failed.length).toBeGreaterThan(0);
    const unexpected = failed.filter((h) => h.status !== 503 || h.code !== 'DB.UNAVAILABLE' || h.ms >= 5000);
    if (unexpected.length) {
      // name the cause: what the api logged for these (kinds of failure only, never bodies)
      const logged = (a.output() + b.output())
        .split('\n')
        .filter((l) => /Unhandled error|socket handler failed/.test(l))
        .slice(0, 5);
      throw new Error(`unexpected HTTP failures during the outage: ${JSON.stringify(unexpected)}\n${logged.join('\n')}`);
    }

    const posts = await allPosts(new ApiClient(b.url, peer.api.token), caseId);
    const byId = new Map(posts.map((p) => [p.id, p]));
    const acked = [...result.acked.values(), ...httpAcked.values()];
    for (const p of acked) expect(byId.get(p.id)?.seq).toBe(p.seq);
    expect(new Set(acked.map((p) => p.id)).size).toBe(acked.length);
    expect(posts.map((p) => p.seq)).toEqual(posts.map((_, i) => i + 1));
    expect(posts.length).toBe(acked.length);
    await Promise.all(followers.map((f) => f.catchUp()));
    for (const f of followers) expect([...f.seen.keys()].sort()).toEqual([...byId.keys()].sort());
    console.log(
      `db SIGKILL: ${posts.length} posts (${before} acked before the kill), outage ${outageMs} ms, api recovered ${recoveredMs} ms after the db restart; ` +
        `HTTP refusals ${failed.length} (max ${Math.max(...failed.map((h) => h.ms))} ms), socket refusals ${result.errors.get('DB.UNAVAILABLE')}`,
    );
    for (const f of followers) f.socket.disconnect();
  });
  it('leaves no permanent hole in a live-session log when the database is SIGKILLed mid-chat', async () => {
    const created = await new ApiClient(b.url, faculty.api.token).post<SessionDto>('/sessions', {
      cohortId,
      title: 'Chat through a database crash',
      startsAt: new Date().toISOString(),
    });
    expect(created.status).toBe(201);
    const sessionId = created.body.id;
    const members = [
      { user: learner, socket: await session.connectAs(learner, { url: a.url }) },
      { user: peer, socket: await session.connectAs(peer, { url: b.url }) },
    ];
    for (const m of members) expect((await emitAck(m.socket, 'session:join', { sessionId })).ok).toBe(true);
    let stop = false;
    const acked = new Map<string, number>();
    const deadline = Date.now() + 40_000;
    const loops = members.map(async (m, i) => {
      let pending: string | undefined;
      for (let n = 0; Date.now() < deadline;) {
        if (!pending) {
          if (stop || n >= 150) return;
          pending = `s${i}x${++n}x${uniqueId('')}`.slice(0, 64);
        }
        const r = await ackOrDrop<{ id: string; seq: number }>(m.socket, 'session:message', {
          sessionId,
          body: `Chat line ${n} about breathlessness.`,
          clientId: pending,
        }).catch(() => undefined);
        if (r?.ok) {
          acked.set(r.data.id, r.data.seq);
          pending = undefined;
          await sleep(20);
        } else await sleep(150);
      }
    });
    await waitFor(() => acked.size >= 20, { timeoutMs: 20_000, what: 'chat flowing' });
    await db.kill();
    await sleep(2500);
    db = await startDbProcess(dbDir, dbPort);
    for (const api of [a, b])
      await waitFor(async () => (await fetch(`${api.url}/api/health`)).status === 200, { timeoutMs: 20_000, what: 'health ok again' });
    const atRecovery = acked.size;
    await waitFor(() => acked.size >= atRecovery + 20, { timeoutMs: 20_000, what: 'chat flowing after recovery' });
    stop = true;
    await Promise.all(loops);
    // A late joiner's catch-up holds every acknowledged message, in one gap-free log (a seq whose
    // writer lost the database is filled with a noop once it is a few seconds old).
    const late = await session.connectAs(faculty, { url: b.url });
    const log = await waitFor(
      async () => {
        const r = await emitAck(late, 'session:join', { sessionId, afterSeq: 0 });
        const events = r.ok && 'events' in r.data ? r.data.events : [];
        const ids = new Set(events.flatMap((e: SessionEvent) => (e.type === 'message' ? [e.message.id] : [])));
        return [...acked.keys()].every((id) => ids.has(id)) ? events : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 1000, what: 'every acknowledged message in the catch-up' },
    );
    expect(log.map((e: SessionEvent) => e.seq)).toEqual(log.map((_: unknown, k: number) => k + 1));
    for (const m of members) m.socket.disconnect();
    late.disconnect();
  });
});
