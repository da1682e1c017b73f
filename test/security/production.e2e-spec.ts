import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { API_ARGS, ApiClient, REPO_ROOT, freePort, startTestApi, tmpDir, waitFor } from '@casebridge/testing';

/**
 * Production defaults. A new operator's first production start, with exactly the
 * settings the README documents and nothing else, must not create the demo accounts; a database a
 * development start seeded earlier must not let the documented demo password in either; and a start
 * with NODE_ENV unset on a non-loopback HOST must refuse the default secrets. `npm start` with no
 * settings at all still serves the demo data, on loopback.
 */

const DOCUMENTED = {
  JWT_ACCESS_SECRET: 'x'.repeat(24) + '-access-secret-for-tests',
  JWT_REFRESH_SECRET: 'y'.repeat(24) + '-refresh-secret-for-tests',
  ADMIN_PASSWORD: 'a-long-production-password',
};
const DEMO_EMAILS = [
  'nurse',
  'socialwork',
  'chaplain',
  'pharmacist',
  'physician',
  'psychologist',
  'ethicist',
  'aprn',
  'pa',
  'therapist',
  'counselor',
].map((k) => `${k}@demo.casebridge.local`);
const DEMO_PASSWORD = 'demo-password';

async function demoSignIns(url: string): Promise<number[]> {
  const anon = new ApiClient(url);
  const statuses: number[] = [];
  for (const email of DEMO_EMAILS) statuses.push((await anon.post('/auth/login', { email, password: DEMO_PASSWORD })).status);
  return statuses;
}

/** Runs the compiled api with exactly `env` (plus PATH); resolves with its exit status and output. */
function runExactly(env: Record<string, string>, timeoutMs = 20_000): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, API_ARGS, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (status) => {
      clearTimeout(t);
      resolve({ status, output });
    });
  });
}

describe('production defaults', () => {
  it('NODE_ENV=production with the documented secrets and nothing else: no demo sign-in works', async () => {
    // SEED_DEMO: '' undoes the harness's SEED_DEMO=false, so the api's own default decides
    const api = await startTestApi({ env: { NODE_ENV: 'production', SEED_DEMO: '', ...DOCUMENTED } });
    try {
      expect(await demoSignIns(api.url)).toEqual(DEMO_EMAILS.map(() => 401));
      expect(api.output()).not.toContain('demo.casebridge.local');
      const admin = await new ApiClient(api.url).post('/auth/login', {
        email: 'admin@casebridge.local',
        password: DOCUMENTED.ADMIN_PASSWORD,
      });
      expect(admin.status).toBe(200);
      // and nothing but the administrator exists
      const users = await new ApiClient(api.url, admin.body.accessToken).get<unknown[]>('/users');
      expect(users.body).toHaveLength(1);
      // No API map in production unless API_DOCS=true; CSP connect-src is the site itself
      expect((await fetch(`${api.url}/api/docs-json`)).status).toBe(404);
      expect((await fetch(`${api.url}/api/docs`)).status).toBe(404);
      const csp = (await fetch(`${api.url}/api/health`)).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/connect-src 'self'(;|$)/);
      expect(csp).not.toMatch(/ws:|wss:/);
    } finally {
      await api.stop();
    }
  }, 60_000);

  it('creates its data directory and files for its own user only (0700 / 0600)', async () => {
    const dataDir = tmpDir('modes');
    try {
      const api = await startTestApi({ dataDir, keepDataDir: true });
      await new ApiClient(api.url).post('/auth/login', { email: 'admin@casebridge.local', password: 'casebridge-admin' });
      await api.stop();
      const loose: string[] = [];
      const walk = (dir: string): void => {
        for (const name of fs.readdirSync(dir)) {
          const p = `${dir}/${name}`;
          const st = fs.statSync(p);
          if ((st.mode & 0o077) !== 0) loose.push(`${p.slice(dataDir.length)} ${(st.mode & 0o777).toString(8)}`);
          if (st.isDirectory()) walk(p);
        }
      };
      walk(dataDir);
      expect(fs.readdirSync(`${dataDir}/db`).length).toBeGreaterThan(0);
      expect(loose).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a production start on a database a development start seeded refuses the documented demo password', async () => {
    const dataDir = tmpDir('prod-seeded');
    try {
      let api = await startTestApi({ dataDir, keepDataDir: true, env: { SEED_DEMO: 'true' } });
      expect((await demoSignIns(api.url))[0]).toBe(200);
      await api.stop();
      api = await startTestApi({ dataDir, keepDataDir: true, env: { NODE_ENV: 'production', SEED_DEMO: '', ...DOCUMENTED } });
      try {
        expect(await demoSignIns(api.url)).toEqual(DEMO_EMAILS.map(() => 401));
      } finally {
        await api.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it.each([
    ['SEED_DEMO=true without DEMO_PASSWORD', { NODE_ENV: 'production', SEED_DEMO: 'true', ...DOCUMENTED }, /DEMO_PASSWORD/],
    [
      'SEED_DEMO=true with the documented demo password',
      { NODE_ENV: 'production', SEED_DEMO: 'true', DEMO_PASSWORD, ...DOCUMENTED },
      /DEMO_PASSWORD/,
    ],
    // 192.0.2.0/24 is TEST-NET-1: never this machine's address, so nothing could listen there anyway
    ['NODE_ENV unset, HOST not loopback, default secrets', { HOST: '192.0.2.1' }, /JWT_ACCESS_SECRET/],
    [
      'NODE_ENV unset, HOST not loopback, default admin password',
      { HOST: '192.0.2.1', JWT_ACCESS_SECRET: DOCUMENTED.JWT_ACCESS_SECRET, JWT_REFRESH_SECRET: DOCUMENTED.JWT_REFRESH_SECRET },
      /ADMIN_PASSWORD/,
    ],
  ])(
    'refuses to start: %s',
    async (_name, env, pattern) => {
      const dataDir = tmpDir('refuse');
      try {
        const r = await runExactly({ PORT: '0', DATA_DIR: dataDir, ...env });
        expect(r.status).toBe(1);
        expect(r.output).toMatch(pattern);
        expect(r.output.trim().split('\n')).toHaveLength(1);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    30_000,
  );

  it('`npm start` with no settings at all still serves the demo data, on loopback only', async () => {
    const dataDir = tmpDir('bare');
    const port = await freePort();
    const child = spawn(process.execPath, API_ARGS, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (output.includes('CaseBridge is running') ? true : undefined), {
        timeoutMs: 60_000,
        what: `bare start\n${output}`,
      });
      expect((await fetch(`${url}/api/health`)).ok).toBe(true);
      expect(output).toContain('nurse@demo.casebridge.local');
      const nurse = await new ApiClient(url).post('/auth/login', { email: 'nurse@demo.casebridge.local', password: DEMO_PASSWORD });
      expect(nurse.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
