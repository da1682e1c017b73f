import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ApiClient, REPO_ROOT, TestSession, emitAck, freePort, nextEvent, startTestApi, tmpDir, uniqueId, waitFor, withDbName,
  type TestApi, type TestSocket, type TestUser,
} from '@casebridge/testing';
import type { PostDto } from '@casebridge/contracts';

const REDIS_URL = process.env.TEST_REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;

/** The embedded engine as its own process, as `npm run db` starts it. */
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
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

function baseCase(cohortId: string) {
  return {
    cohortId,
    title: 'Dyspnea at home with advanced COPD',
    setting: 'home',
    patient: { age: 78, sex: 'male', state: 'CO' },
    illness: 'copd',
    question: { text: 'How should we titrate opioids for breathlessness?', type: 'medication', domains: [2], urgency: 'routine' },
  };
}

describeRedis('scale-out: two api processes sharing Redis and one database', () => {
  let dbDir: string;
  let db: Awaited<ReturnType<typeof startDbProcess>>;
  let a: TestApi;
  let b: TestApi;
  let session: TestSession;
  let learner: TestUser;
  let peer: TestUser;
  let cohortId: string;

  beforeAll(async () => {
    dbDir = tmpDir('scale-db');
    db = await startDbProcess(dbDir, await freePort());
    const uri = withDbName(db.uri, 'casebridge');
    const env = { REDIS_URL: REDIS_URL! };
    a = await startTestApi({ mongoUri: uri, env });
    b = await startTestApi({ mongoUri: uri, env });
    session = await new TestSession(a.url).init();
    cohortId = (await session.cohort()).id;
    learner = await session.user({ role: 'learner', profession: 'nurse', cohortId });
    peer = await session.user({ role: 'learner', profession: 'social_worker', cohortId });
  });

  afterAll(async () => {
    session?.close();
    await a?.stop();
    await b?.stop();
    await db?.kill();
    fs.rmSync(dbDir, { recursive: true, force: true });
  });

  it('delivers a post created through A to a client connected to B', async () => {
    const created = await learner.api.post('/cases', baseCase(cohortId));
    expect(created.status).toBe(201);
    const caseId: string = created.body.id;
    const onB = await session.connectAs(peer, { url: b.url });
    const sub = await emitAck(onB, 'case:subscribe', { caseId });
    expect(sub.ok).toBe(true);
    const arrived = nextEvent(onB, 'post:created', (p) => p.caseId === caseId);
    const post = await learner.api.post(`/cases/${caseId}/posts`, { body: 'Started low-dose oral morphine for breathlessness.', clientId: uniqueId('p') });
    expect(post.status).toBe(201);
    const live = await arrived;
    expect(live.id).toBe(post.body.id);
    expect(live.seq).toBe(post.body.seq);
  });

  it('keeps every acknowledged post exactly once, gap-free, when one api process is SIGKILLed mid-stream', async () => {
    const created = await learner.api.post('/cases', baseCase(cohortId));
    const caseId: string = created.body.id;
    const acked = new Map<string, PostDto>();
    const clients: { socket: TestSocket; url: string }[] = [];
    for (const url of [a.url, b.url]) clients.push({ socket: await session.connectAs(learner, { url }), url });

    let stop = false;
    const loops = clients.map(async (c, i) => {
      let n = 0;
      while (!stop && n < 400) {
        n += 1;
        const clientId = `k${i}x${n}${uniqueId('')}`.slice(0, 60);
        // A retried request with the same clientId never doubles a post.
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            const res = await emitAck(c.socket, 'post:create', { caseId, body: `Symptom update number ${n} from client ${i}.`, clientId }, 2000);
            if (res.ok) acked.set(clientId, res.data as PostDto);
            break;
          } catch {
            if (c.socket.disconnected) break;
          }
        }
        if (c.socket.disconnected) return;
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    await a.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await Promise.all(loops);

    // The survivor holds the truth: every acknowledged post exactly once, seq 1..n with no gaps.
    const viaB = new ApiClient(b.url, peer.api.token);
    const all = await viaB.get<PostDto[]>(`/cases/${caseId}/posts?limit=500`);
    expect(all.status).toBe(200);
    const posts = all.body;
    expect(acked.size).toBeGreaterThan(5);
    for (const p of acked.values()) expect(posts.filter((x) => x.id === p.id)).toHaveLength(1);
    const seqs = posts.map((p) => p.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    // A client reconnecting to the survivor catches up on everything by seq.
    const again = await session.connectAs(learner, { url: b.url });
    const sub = await emitAck(again, 'case:subscribe', { caseId, afterSeq: 0 });
    expect(sub.ok).toBe(true);
    expect((sub as any).data.missed.map((p: PostDto) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
    a = await startTestApi({ mongoUri: withDbName(db.uri, 'casebridge'), env: { REDIS_URL: REDIS_URL! } });
  });
});
