import { isIP } from 'node:net';
import { PROFESSIONS } from '@casebridge/contracts';

/**
 * The only reader of process.env (style.md "Config read once"). Validated before the app starts;
 * a bad value stops start-up with one line naming the variable.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  mongodbUri?: string;
  redisUrl?: string;
  adminEmail: string;
  adminPassword: string;
  jwtAccessSecret: string;
  jwtRefreshSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  seedDemo: boolean;
  /** The demo users' password (DEMO_PASSWORD); an exposed start refuses the documented one. */
  demoPassword: string;
  /**
   * Production, or listening beyond loopback: default secrets, the default admin password and the
   * documented demo password are refused, and the demo seed is off unless asked for.
   */
  exposed: boolean;
  /** API_DOCS: serve Swagger UI and /api/docs-json (default on outside production). */
  apiDocs: boolean;
  /** TEST_CLOCK: mounts POST /api/test/clock; refused unless NODE_ENV=test on loopback. */
  testClock: boolean;
  logLevel: string;
  corsOrigins: string[];
  webDist: string;
  /** Escalation response-time targets in hours, by urgency. */
  escalationTargetHours: { urgent: number; routine: number };
  /** Minutes an assigned escalation waits for a claim before it is offered to the whole pool. */
  escalationClaimWindowMinutes: number;
  /** How often each replica sweeps for due escalation timers (ms); tests set it low. */
  escalationPollMs: number;
  /** NCP domain → faculty professions (a product decision, configurable). */
  routingMap: Record<number, string[]>;
  rateLimitPerMinute: number;
  /**
   * Express `trust proxy` (TRUST_PROXY): which hops may set X-Forwarded-For, so per-address limits
   * see the client behind a reverse proxy. A hop count, or loopback / linklocal / uniquelocal /
   * addresses / CIDRs; never "true" (any client could then pick its own address).
   */
  trustProxy: number | string[] | false;
  /** Client socket events allowed per user per 10 s (per process). */
  socketRateLimitPer10s: number;
  presenceTtlSeconds: number;
  /** How often each replica re-checks its open sockets: token expiry, deactivation, role/cohort changes (ms). */
  socketRecheckMs: number;
  /** Open sockets per user (across replicas); more are refused at the handshake. */
  maxSocketsPerUser: number;
  /** How often the presence reaper looks for sockets whose heartbeat lapsed (PRESENCE_REAPER_INTERVAL_MS). */
  presenceReaperIntervalMs: number;
}

export class ConfigError extends Error {}

export const DEFAULT_ADMIN_EMAIL = 'admin@casebridge.local';
export const DEFAULT_ADMIN_PASSWORD = 'casebridge-admin';
export const DEFAULT_ACCESS_SECRET = 'dev-access-secret-change-me';
export const DEFAULT_REFRESH_SECRET = 'dev-refresh-secret-change-me';
/** The documented demo password (README): fine on a loopback development start, refused elsewhere. */
export const KNOWN_DEMO_PASSWORD = 'demo-password';

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** docs/domain.md: physical → physician/APRN/pharmacist; psychological → psychologist/counselor; … */
export const DEFAULT_ROUTING_MAP: Record<number, string[]> = {
  1: ['physician', 'aprn', 'nurse'],
  2: ['physician', 'aprn', 'pharmacist'],
  3: ['psychologist', 'counselor'],
  4: ['social_worker'],
  5: ['chaplain'],
  6: ['social_worker', 'chaplain'],
  7: ['physician', 'aprn', 'nurse'],
  8: ['ethicist'],
};

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
  const v = Number(raw);
  if (v < min || v > max) throw new ConfigError(`${name} must be between ${min} and ${max} (got ${v})`);
  return v;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function trustProxy(env: Env): number | string[] | false {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '') return ['loopback'];
  if (/^(false|0|no|none)$/i.test(raw)) return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) throw new ConfigError(`TRUST_PROXY hop count must be between 1 and 10 (got ${hops})`);
    return hops;
  }
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts) {
    const [ip, bits, extra] = p.split('/');
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(p);
    const family = isIP(ip);
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!named && (!family || !bitsOk || extra !== undefined)) {
      throw new ConfigError(
        `TRUST_PROXY must be a hop count, or loopback/linklocal/uniquelocal/IP addresses/CIDRs separated by commas (got "${p}"); "true" is refused: it would let any client choose its own address`,
      );
    }
  }
  return parts;
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const scheme = raw.split(':')[0];
  if (!schemes.includes(scheme)) throw new ConfigError(`${name} must start with ${schemes.map((s) => s + '://').join(' or ')}`);
  return raw;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${env.NODE_ENV}")`);
  }
  const production = nodeEnv === 'production';
  // Development listens on loopback unless told otherwise: `npm start` then works with
  // the documented defaults and demo data, and nobody else on the network can use them.
  const host = env.HOST || (production ? '0.0.0.0' : '127.0.0.1');
  const exposed = production || !isLoopback(host);
  const where = production ? 'in production' : `when HOST (${host}) is not a loopback address`;
  const adminEmail = env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL;
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) throw new ConfigError(`ADMIN_EMAIL must be an email address`);
  const adminPassword = env.ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD;
  const jwtAccessSecret = env.JWT_ACCESS_SECRET || DEFAULT_ACCESS_SECRET;
  const jwtRefreshSecret = env.JWT_REFRESH_SECRET || DEFAULT_REFRESH_SECRET;
  if (exposed) {
    if (jwtAccessSecret === DEFAULT_ACCESS_SECRET || jwtAccessSecret.length < 32)
      throw new ConfigError(`JWT_ACCESS_SECRET must be set to a secret of at least 32 characters ${where}`);
    if (jwtRefreshSecret === DEFAULT_REFRESH_SECRET || jwtRefreshSecret.length < 32)
      throw new ConfigError(`JWT_REFRESH_SECRET must be set to a secret of at least 32 characters ${where}`);
    if (adminPassword === DEFAULT_ADMIN_PASSWORD || adminPassword.length < 12)
      throw new ConfigError(`ADMIN_PASSWORD must be set to a password of at least 12 characters ${where}`);
    if (jwtAccessSecret === jwtRefreshSecret) throw new ConfigError('JWT_REFRESH_SECRET must differ from JWT_ACCESS_SECRET');
  }
  // The demo seed: on by default only for a loopback development/test start; asked for anywhere
  // else, it needs its own password (the documented one would be a known sign-in to a moderator).
  const seedDemo = bool(env, 'SEED_DEMO', !exposed);
  const demoPassword = env.DEMO_PASSWORD || KNOWN_DEMO_PASSWORD;
  if (seedDemo && exposed && (demoPassword === KNOWN_DEMO_PASSWORD || demoPassword.length < 12)) {
    throw new ConfigError(
      `DEMO_PASSWORD must be set to a password of at least 12 characters (not the documented one) to use SEED_DEMO=true ${where}`,
    );
  }
  // NODE_ENV=test alone never mounts the test clock (a mistaken NODE_ENV would let anyone move
  // time); it needs its own flag, and that flag refuses anything but a loopback test start.
  const testClock = bool(env, 'TEST_CLOCK', false);
  if (testClock && (nodeEnv !== 'test' || exposed))
    throw new ConfigError('TEST_CLOCK=true is only for tests: it needs NODE_ENV=test and a loopback HOST');
  let routingMap = DEFAULT_ROUTING_MAP;
  if (env.ROUTING_MAP) {
    try {
      routingMap = JSON.parse(env.ROUTING_MAP) as Record<number, string[]>;
    } catch {
      throw new ConfigError('ROUTING_MAP must be JSON like {"2":["physician","pharmacist"]}');
    }
    if (!routingMap || typeof routingMap !== 'object' || Array.isArray(routingMap))
      throw new ConfigError('ROUTING_MAP must be a JSON object');
    // Each key an NCP domain 1–8, each value a list of known professions (a typo would route nowhere).
    for (const [domain, professions] of Object.entries(routingMap)) {
      if (
        !/^[1-8]$/.test(domain) ||
        !Array.isArray(professions) ||
        !professions.every((p) => (PROFESSIONS as readonly string[]).includes(p))
      ) {
        throw new ConfigError(
          `ROUTING_MAP entry "${domain}" must map an NCP domain 1–8 to a list of professions (${PROFESSIONS.join(', ')})`,
        );
      }
    }
  }
  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir: env.DATA_DIR || './data',
    mongodbUri: url(env, 'MONGODB_URI', ['mongodb', 'mongodb+srv']),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    adminEmail,
    adminPassword,
    jwtAccessSecret,
    jwtRefreshSecret,
    // up to 7 days: suites that move the test clock by more than a day keep their tokens valid
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 5, 7 * 86400),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    seedDemo,
    demoPassword,
    exposed,
    testClock,
    // The OpenAPI document maps every route for an attacker too: off in production unless asked for.
    apiDocs: bool(env, 'API_DOCS', !production),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    webDist: env.WEB_DIST || '',
    escalationTargetHours: {
      urgent: int(env, 'ESCALATION_URGENT_HOURS', 24, 1, 24 * 30),
      routine: int(env, 'ESCALATION_ROUTINE_HOURS', 72, 1, 24 * 60),
    },
    escalationClaimWindowMinutes: int(env, 'ESCALATION_CLAIM_WINDOW_MINUTES', 240, 1, 24 * 60 * 7),
    escalationPollMs: int(env, 'ESCALATION_POLL_MS', 15_000, 50, 3_600_000),
    routingMap,
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    trustProxy: trustProxy(env),
    socketRateLimitPer10s: int(env, 'SOCKET_RATE_LIMIT_PER_10S', 200, 1, 10_000_000),
    presenceTtlSeconds: int(env, 'PRESENCE_TTL_SECONDS', 45, 3, 3600),
    socketRecheckMs: int(env, 'SOCKET_RECHECK_MS', 2000, 100, 60_000),
    maxSocketsPerUser: int(env, 'MAX_SOCKETS_PER_USER', 20, 1, 1_000_000),
    presenceReaperIntervalMs: int(env, 'PRESENCE_REAPER_INTERVAL_MS', 5000, 100, 600_000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
