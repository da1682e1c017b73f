import { ConfigError, DEFAULT_ACCESS_SECRET, isLoopback, KNOWN_DEMO_PASSWORD, loadConfig } from './config';

const strong = { JWT_ACCESS_SECRET: 'a'.repeat(40), JWT_REFRESH_SECRET: 'b'.repeat(40), ADMIN_PASSWORD: 'a-long-production-password' };

describe('loadConfig: production and exposed starts', () => {
  it('a bare development start listens on loopback with the documented defaults and demo data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      exposed: false,
      seedDemo: true,
      demoPassword: KNOWN_DEMO_PASSWORD,
      nodeEnv: 'development',
    });
  });

  it('production with the documented secrets and nothing else seeds no demo accounts', () => {
    const c = loadConfig({ NODE_ENV: 'production', ...strong });
    expect(c).toMatchObject({ host: '0.0.0.0', exposed: true, seedDemo: false });
  });

  it('production refuses an explicit demo seed without its own password, and with the documented one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...strong, SEED_DEMO: 'true' })).toThrow(/DEMO_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'production', ...strong, SEED_DEMO: 'true', DEMO_PASSWORD: KNOWN_DEMO_PASSWORD })).toThrow(
      /DEMO_PASSWORD/,
    );
    expect(loadConfig({ NODE_ENV: 'production', ...strong, SEED_DEMO: 'true', DEMO_PASSWORD: 'a-demo-password-of-our-own' }).seedDemo).toBe(
      true,
    );
  });

  it.each(['0.0.0.0', '::', '192.0.2.10', 'example.org'])(
    'NODE_ENV unset with HOST=%s refuses the default secrets and admin password',
    (HOST) => {
      expect(() => loadConfig({ HOST })).toThrow(ConfigError);
      expect(() => loadConfig({ HOST })).toThrow(/JWT_ACCESS_SECRET/);
      expect(() => loadConfig({ HOST, ...strong, ADMIN_PASSWORD: '' })).toThrow(/ADMIN_PASSWORD/);
      expect(() => loadConfig({ HOST, ...strong, JWT_REFRESH_SECRET: strong.JWT_ACCESS_SECRET })).toThrow(/JWT_REFRESH_SECRET/);
      expect(loadConfig({ HOST, ...strong })).toMatchObject({ exposed: true, seedDemo: false });
    },
  );

  it('explicit development on a public address is treated the same (the address decides, not the label)', () => {
    expect(() => loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toThrow(/JWT_ACCESS_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0', JWT_ACCESS_SECRET: DEFAULT_ACCESS_SECRET })).toThrow(
      /JWT_ACCESS_SECRET/,
    );
  });

  it('mounts the test clock only with its own flag, and refuses that flag outside a loopback test start', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).testClock).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', TEST_CLOCK: 'true' }).testClock).toBe(true);
    expect(() => loadConfig({ TEST_CLOCK: 'true' })).toThrow(/TEST_CLOCK/);
    expect(() => loadConfig({ NODE_ENV: 'test', TEST_CLOCK: 'true', HOST: '0.0.0.0', ...strong })).toThrow(/TEST_CLOCK/);
    expect(() => loadConfig({ NODE_ENV: 'production', TEST_CLOCK: 'true', ...strong })).toThrow(/TEST_CLOCK/);
  });

  it('reads TRUST_PROXY: loopback by default, hop counts, named ranges and CIDRs; never "true"', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 172.16.0.0/12, ::1' }).trustProxy).toEqual(['loopback', '172.16.0.0/12', '::1']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'nginx', '99']) expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });

  it('serves the API docs outside production, and in production only with API_DOCS=true', () => {
    expect(loadConfig({}).apiDocs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', ...strong }).apiDocs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...strong, API_DOCS: 'true' }).apiDocs).toBe(true);
  });

  it('recognises loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST']) expect(isLoopback(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example.org', '127.0.0.1.nip.io'])
      expect(isLoopback(h)).toBe(false);
  });
});
