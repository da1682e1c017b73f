import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import {
  API_ARGS,
  ApiClient,
  REPO_ROOT,
  startTestApi,
  startTestDb,
  TestSession,
  tmpDir,
  type TestApi,
  type TestDb,
} from '@casebridge/testing';

describe('foundation: health, OpenAPI, errors, web serving', () => {
  let db: TestDb;
  let api: TestApi;
  let webDir: string;

  beforeAll(async () => {
    db = await startTestDb();
    webDir = tmpDir('web');
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>CaseBridge</title><div id="root"></div>');
    api = await startTestApi({ mongoUri: db.uri, env: { WEB_DIST: webDir } });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.stop();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('answers health with status ok', async () => {
    const res = await new ApiClient(api.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok' });
  });

  it('serves a valid OpenAPI document and the docs page', async () => {
    const res = await new ApiClient(api.url).get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/health']));
    const login = res.body.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    const page = await fetch(`${api.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('serves an OpenAPI 3.1 document that a standard validator accepts', async () => {
    const res = await new ApiClient(api.url).get('/docs-json');
    expect(res.body.openapi).toBe('3.1.0');
    // validate() checks the document against the OpenAPI 3.1 schema and resolves every $ref; it throws on the first error
    const parsed = await SwaggerParser.validate(structuredClone(res.body) as never);
    expect(Object.keys(parsed.paths ?? {}).length).toBe(Object.keys(res.body.paths).length);
    // and it is not a validator that accepts anything: a 3.0 label on the same document is refused (JSON Schema `const`)
    await expect(SwaggerParser.validate({ ...structuredClone(res.body), openapi: '3.0.3' } as never)).rejects.toThrow();
  });

  it('serves the web client at / with client-side routing fallback, but not for unknown api routes', async () => {
    const root = await fetch(`${api.url}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${api.url}/cases/123`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root">');
    const missing = await new ApiClient(api.url).get('/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('COMMON.ROUTE_NOT_FOUND');
  });

  it('answers every error with {error:{code,message}}', async () => {
    const anon = new ApiClient(api.url);
    const unauth = await anon.get('/me');
    expect(unauth.status).toBe(401);
    expect(unauth.body.error).toEqual({ code: 'AUTH.UNAUTHORIZED', message: expect.any(String) });

    const malformed = await anon.request('POST', '/auth/login', '{"email":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION.FAILED');

    const invalid = await anon.post('/auth/login', { email: 'not-an-email', password: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.field).toBe('email');

    const injection = await anon.post('/auth/login', { email: { $ne: '' }, password: 'x' });
    expect(injection.status).toBe(400);

    const unknownField = await anon.post('/auth/login', { email: 'a@b.co', password: 'x', role: 'admin' });
    expect(unknownField.status).toBe(400);
    // the holding object is named, never the unknown key itself (user text)
    expect(unknownField.body.error.details.field).toBe('(body)');
    expect(JSON.stringify(unknownField.body)).not.toContain('role');

    const huge = await anon.post('/auth/login', { email: 'a@b.co', password: 'x'.repeat(400_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('VALIDATION.PAYLOAD_TOO_LARGE');
  });

  it('lets the configured administrator sign in and never logs secrets or bodies', async () => {
    const session = await new TestSession(api.url).init();
    const me = await session.admin.api.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'admin@casebridge.local', role: 'admin' });
    // The structured log lines (the start-up banner deliberately prints the local default sign-in).
    const logs = api
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logs.some((l) => l.includes('/api/auth/login'))).toBe(true);
    const text = logs.join('\n');
    expect(text).not.toContain(session.admin.auth.accessToken);
    expect(text).not.toContain(session.admin.auth.refreshToken);
    expect(text).not.toContain('casebridge-admin');
    expect(text).not.toMatch(/authorization/i);
  });
});

describe('foundation: configuration and durability', () => {
  function runWithEnv(env: Record<string, string>) {
    return spawnSync(process.execPath, API_ARGS, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
  }

  it('stops on a bad PORT with one line naming the variable', () => {
    const r = runWithEnv({ PORT: 'abc' });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses production with default secrets, naming the variable', () => {
    const r = runWithEnv({ NODE_ENV: 'production', ADMIN_PASSWORD: 'a-long-production-password' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/JWT_ACCESS_SECRET/);
  });

  it('starts its own embedded database under DATA_DIR and keeps data across restarts', async () => {
    const dataDir = tmpDir('restart');
    try {
      let api = await startTestApi({ dataDir, keepDataDir: true });
      let session = await new TestSession(api.url).init();
      const cohort = await session.cohort('Durable cohort');
      await api.stop();
      expect(fs.existsSync(path.join(dataDir, 'db'))).toBe(true);

      api = await startTestApi({ dataDir, keepDataDir: true });
      session = await new TestSession(api.url).init();
      const list = await session.admin.api.get<{ id: string; name: string }[]>('/cohorts');
      expect(list.body.map((c) => c.id)).toContain(cohort.id);
      const users = await session.admin.api.get<unknown[]>('/users');
      // the administrator was created once, not again on the second start
      expect(users.body.filter((u: any) => u.role === 'admin')).toHaveLength(1);
      await api.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
