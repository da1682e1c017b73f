/** Handshake, diagnostics and session/transaction commands. */
import { Long } from 'bson';
import { Doc } from '../bson/values';
import { CommandContext, Handler } from './context';
import { mongoError, ErrorCodes } from '../errors';

export const SERVER_VERSION = '7.0.0';
export const MAX_WIRE_VERSION = 21;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_WRITE_BATCH_SIZE = 100000;

export function helloReply(ctx: CommandContext, legacy: boolean): Doc {
  const me = `${ctx.server.host}:${ctx.server.port}`;
  const r: Doc = {};
  if (ctx.body.helloOk) r.helloOk = true;
  if (legacy) r.ismaster = true;
  else r.isWritablePrimary = true;
  Object.assign(r, {
    setName: ctx.server.setName,
    setVersion: 1,
    hosts: [me],
    primary: me,
    me,
    secondary: false,
    electionId: ctx.server.electionId,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: ctx.server.maxMessageBytes,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.conn.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  });
  return r;
}

export const hello: Handler = (ctx) => helloReply(ctx, false);
export const isMaster: Handler = (ctx) => helloReply(ctx, true);

export const ping: Handler = () => ({});

export const buildInfo: Handler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded-log'],
  javascriptEngine: 'none',
  modules: [],
  openssl: { running: 'disabled' },
  buildEnvironment: {},
  sysInfo: 'deprecated',
  allocator: 'system',
});

export const serverStatus: Handler = (ctx) => {
  const mem = process.memoryUsage();
  return {
    host: `${ctx.server.host}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'embedded-mongo',
    pid: Long.fromNumber(process.pid),
    uptime: (Date.now() - ctx.server.startedAt.getTime()) / 1000,
    uptimeMillis: Long.fromNumber(Date.now() - ctx.server.startedAt.getTime()),
    localTime: new Date(),
    connections: { current: 0, available: 1000 },
    mem: { bits: 64, resident: Math.round(mem.rss / 1048576), virtual: Math.round(mem.rss / 1048576) },
    storageEngine: { name: 'embedded-log', supportsCommittedReads: true, persistent: true },
    embedded: {
      logBytes: ctx.engine.logBytes,
      liveBytes: ctx.engine.catalog.liveBytes,
      flushes: ctx.engine.flushes,
      compactions: ctx.engine.compactions,
      lastCompactionMs: ctx.engine.lastCompactionMs,
      maxCompactionPauseMs: ctx.engine.maxCompactionPauseMs,
      lastCompactionError: ctx.engine.lastCompactionError,
      docsExamined: ctx.engine.docsExamined,
      openCursors: ctx.cursors.size,
    },
  };
};

export const getParameter: Handler = (ctx) => {
  const r: Doc = {};
  const all = ctx.body.getParameter === '*' || (typeof ctx.body.getParameter === 'object' && ctx.body.getParameter?.allParameters);
  const params: Doc = {
    featureCompatibilityVersion: { version: '7.0' },
    authenticationMechanisms: [],
    transactionLifetimeLimitSeconds: 60,
    ...SETTABLE,
  };
  for (const k of Object.keys(params)) if (all || k in ctx.body) r[k] = params[k];
  return r;
};

/**
 * setParameter: accepts the parameters tests set on a real server and keeps their values for
 * getParameter; none changes the engine's behaviour (its TTL monitor already runs every second).
 */
const SETTABLE: Doc = { ttlMonitorSleepSecs: 60, ttlMonitorEnabled: true, notablescan: false, logLevel: 0 };
export const setParameter: Handler = (ctx) => {
  const r: Doc = {};
  for (const k of Object.keys(ctx.body)) {
    if (k === 'setParameter' || k.startsWith('$') || k === 'lsid' || k === 'comment') continue;
    if (!(k in SETTABLE))
      throw mongoError(ErrorCodes.InvalidOptions, `attempted to set unrecognized parameter [${k}], use help:true to see options`);
    r.was = SETTABLE[k];
    SETTABLE[k] = ctx.body[k];
  }
  return r;
};

export const getCmdLineOpts: Handler = () => ({ argv: ['embedded-mongo'], parsed: {} });
export const hostInfo: Handler = () => ({ system: { hostname: require('os').hostname() }, os: { type: process.platform }, extra: {} });
export const whatsmyuri: Handler = (ctx) => ({ you: ctx.conn.remote });
export const connectionStatus: Handler = () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } });
export const getLog: Handler = () => ({ totalLinesWritten: 0, log: [] });
export const endSessions: Handler = (ctx) => {
  const ids = Array.isArray(ctx.body.endSessions) ? ctx.body.endSessions : [];
  for (const s of ids) {
    const key = sessionKeyOf(s);
    if (key) {
      ctx.engine.txns.delete(key);
      ctx.engine.sessions.delete(key);
      ctx.engine.retryable.delete(key);
    }
  }
  return {};
};
export const noop: Handler = () => ({});
export const replSetGetStatus: Handler = (ctx) => ({
  set: ctx.server.setName,
  date: new Date(),
  myState: 1,
  members: [{ _id: 0, name: `${ctx.server.host}:${ctx.server.port}`, health: 1, state: 1, stateStr: 'PRIMARY', self: true }],
});

export const dbStats: Handler = (ctx) => {
  const colls = ctx.engine.catalog.dbs.get(ctx.db);
  let objects = 0;
  let size = 0;
  let indexes = 0;
  for (const c of colls?.values() ?? []) {
    objects += c.docs.size;
    size += c.liveBytes;
    indexes += c.specs.length;
  }
  return {
    db: ctx.db,
    collections: colls?.size ?? 0,
    views: 0,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes,
    indexSize: 0,
    totalSize: size,
    scaleFactor: 1,
    fsUsedSize: 0,
    fsTotalSize: 0,
  };
};

export const collStats: Handler = (ctx) => {
  const name = String(ctx.body.collStats);
  const c = ctx.engine.catalog.get(ctx.db, name);
  return {
    ns: `${ctx.db}.${name}`,
    count: c?.docs.size ?? 0,
    size: c?.liveBytes ?? 0,
    storageSize: c?.liveBytes ?? 0,
    nindexes: c?.specs.length ?? 0,
    totalIndexSize: 0,
    indexSizes: {},
  };
};

export function sessionKeyOf(lsid: unknown): string | undefined {
  if (!lsid || typeof lsid !== 'object') return undefined;
  const id = (lsid as Doc).id;
  if (!id) return undefined;
  const buf = (id as { buffer?: Uint8Array }).buffer;
  return buf ? Buffer.from(buf).toString('hex') : String(id);
}

/**
 * `{compact: <collection>}`. MongoDB rewrites one collection's files to free space; here the store
 * is one log, so the whole log is rewritten as a snapshot of the live data. Afterwards nothing that
 * was deleted or overwritten is left on disk (CaseBridge's privacy purge relies on this).
 */
export const compact: Handler = async (ctx) => {
  // through the engine's guard: compactions never overlap (a request during one gets the next)
  await ctx.engine.compact();
  return { bytesFreed: 0 };
};
