/**
 * A runner for the subset of MongoDB's unified test format used by the CRUD specification tests.
 * Each test runs through the official driver against a live server (the engine or MONGODB_URI).
 */
import * as fs from 'fs';
import * as path from 'path';
import { EJSON } from 'bson';
import {
  MongoClient,
  Db,
  Collection,
  MongoServerError,
  CommandStartedEvent,
  CommandSucceededEvent,
  CommandFailedEvent,
  ClientSession,
} from 'mongodb';

type Doc = Record<string, any>;

export interface SpecResult {
  file: string;
  test: string;
  status: 'passed' | 'failed' | 'skipped';
  reason?: string;
}

/** What the engine claims (its README documents these). */
export interface ServerClaims {
  version: string; // e.g. 7.0.0
  topology: 'single' | 'replicaset' | 'sharded';
  unsupported: { test: (t: Doc, file: Doc) => boolean; reason: string }[];
}

function versionCmp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

function requirementsMet(reqs: Doc[] | undefined, claims: ServerClaims): string | null {
  if (!reqs || !reqs.length) return null;
  const reasons: string[] = [];
  for (const r of reqs) {
    const why: string[] = [];
    if (r.minServerVersion && versionCmp(claims.version, r.minServerVersion) < 0) why.push(`requires server >= ${r.minServerVersion}`);
    if (r.maxServerVersion && versionCmp(claims.version, r.maxServerVersion) > 0) why.push(`requires server <= ${r.maxServerVersion}`);
    if (r.topologies && !r.topologies.includes(claims.topology)) why.push(`requires topology ${r.topologies.join('|')}`);
    if (r.serverless === 'require') why.push('requires serverless');
    if (r.auth === true) why.push('requires auth');
    if (r.csfle) why.push('requires csfle');
    if (r.serverParameters) why.push('requires server parameters');
    if (!why.length) return null;
    reasons.push(why.join(', '));
  }
  return reasons[0].includes('server') ? 'server version not claimed (engine reports 7.0)' : reasons[0];
}

// ---- matching -------------------------------------------------------------------------------

function isNum(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = (v as { _bsontype?: string })?._bsontype;
  return t === 'Int32' || t === 'Double' || t === 'Long';
}

function num(v: any): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v._bsontype === 'Long') return v.toNumber();
  return v.value;
}

function bsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (typeof v === 'bigint') return 'long';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  const t = (v as { _bsontype?: string })._bsontype;
  switch (t) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Decimal128':
      return 'decimal';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    default:
      break;
  }
  return 'object';
}

function isPlain(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v as Doc)._bsontype;
}

export class Matcher {
  constructor(private readonly entities: Map<string, unknown>) {}

  /** Outcome comparison: no extra fields anywhere. */
  matchExact(expected: unknown[], actual: unknown[], p: string): string | null {
    if (actual.length !== expected.length) return `${p}: expected ${expected.length} documents, got ${actual.length}: ${safe(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const r = this.match(expected[i], actual[i], `${p}[${i}]`, false);
      if (r) return r;
    }
    return null;
  }

  match(expected: unknown, actual: unknown, p = '', root = true): string | null {
    if (actual instanceof Map) actual = Object.fromEntries(actual);
    if (isPlain(expected)) {
      const keys = Object.keys(expected);
      if (keys.length === 1 && keys[0].startsWith('$$')) return this.special(keys[0], expected[keys[0]], actual, p, root);
      if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
        return `${p}: expected document, got ${EJSON.stringify(actual as never)}`;
      for (const k of keys) {
        const ev = expected[k];
        const av = (actual as Doc)[k];
        if (isPlain(ev) && Object.keys(ev).length === 1 && ev.$$exists === false) {
          if (av !== undefined) return `${p}.${k}: expected to be absent`;
          continue;
        }
        if (isPlain(ev) && Object.keys(ev)[0] === '$$unsetOrMatches' && av === undefined) continue;
        if (av === undefined && !(k in (actual as Doc))) return `${p}.${k}: missing (actual ${safe(actual)})`;
        const r = this.match(ev, av, `${p}.${k}`, false);
        if (r) return r;
      }
      if (!root) {
        for (const k of Object.keys(actual as Doc)) if (!(k in expected)) return `${p}: unexpected field ${k} in ${safe(actual)}`;
      }
      return null;
    }
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) return `${p}: expected array, got ${safe(actual)}`;
      if (actual.length !== expected.length) return `${p}: expected ${expected.length} elements, got ${actual.length}: ${safe(actual)}`;
      for (let i = 0; i < expected.length; i++) {
        // documents directly inside a root-level array are root-level documents too
        const r = this.match(expected[i], actual[i], `${p}[${i}]`, root);
        if (r) return r;
      }
      return null;
    }
    if (isNum(expected)) {
      if (!isNum(actual) || num(expected) !== num(actual)) return `${p}: expected ${safe(expected)}, got ${safe(actual)}`;
      return null;
    }
    if (expected === null) return actual === null || actual === undefined ? null : `${p}: expected null, got ${safe(actual)}`;
    if (safe(expected) !== safe(actual)) return `${p}: expected ${safe(expected)}, got ${safe(actual)}`;
    return null;
  }

  private special(op: string, arg: any, actual: unknown, p: string, root: boolean): string | null {
    switch (op) {
      case '$$exists':
        return (actual !== undefined) === arg ? null : `${p}: $$exists ${arg}`;
      case '$$type': {
        const types = Array.isArray(arg) ? arg : [arg];
        const t = bsonTypeName(actual);
        const ok = types.some((x: string) => x === t || (x === 'number' && ['int', 'long', 'double', 'decimal'].includes(t)));
        return ok ? null : `${p}: expected type ${types.join('|')}, got ${t}`;
      }
      case '$$unsetOrMatches':
        return actual === undefined ? null : this.match(arg, actual, p, root);
      case '$$matchesEntity':
        return this.match(this.entities.get(arg), actual, p, root);
      case '$$sessionLsid': {
        const s = this.entities.get(arg) as ClientSession | undefined;
        return this.match(s?.id, actual, p, false);
      }
      case '$$lte':
        return isNum(actual) && num(actual) <= num(arg) ? null : `${p}: expected <= ${arg}`;
      case '$$matchAsDocument':
        return this.match(arg, EJSON.parse(String(actual), { relaxed: false }), p, false);
      case '$$matchAsRoot':
        return this.match(arg, actual, p, true);
      default:
        return `${p}: unsupported operator ${op}`;
    }
  }
}

function safe(v: unknown): string {
  try {
    return EJSON.stringify(v as never, { relaxed: true });
  } catch {
    return String(v);
  }
}

// ---- running --------------------------------------------------------------------------------

const IGNORED_EVENTS = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'saslStart',
  'saslContinue',
  'getnonce',
  'buildInfo',
  'getFreeMonitoringStatus',
  'killCursors',
  'endSessions',
  'configureFailPoint',
]);

interface ClientEntity {
  client: MongoClient;
  events: Doc[];
  observe: Set<string>;
  ignore: Set<string>;
}

function opts(args: Doc, drop: string[], entities: Map<string, unknown>): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(args)) {
    if (drop.includes(k)) continue;
    if (k === 'session') out.session = entities.get(v as string);
    else if (k === 'returnDocument') out.returnDocument = String(v).toLowerCase();
    else out[k] = isNum(v) && (v as Doc)?._bsontype !== 'Long' ? num(v) : v;
  }
  return out;
}

/**
 * Known deviations of the Node.js driver (not of the server) from the spec's expected commands:
 * driver 7 only sends bypassDocumentValidation when it is true.
 */
function withoutDriverDeviations(cmd: Doc): Doc {
  if (cmd && cmd.bypassDocumentValidation === false) {
    const { bypassDocumentValidation: _b, ...rest } = cmd;
    void _b;
    return rest;
  }
  return cmd;
}

export class UnifiedRunner {
  private internal!: MongoClient;

  constructor(
    private readonly uri: string,
    private readonly claims: ServerClaims,
  ) {}

  async open(): Promise<void> {
    this.internal = new MongoClient(this.uri);
    await this.internal.connect();
  }

  async close(): Promise<void> {
    await this.internal.close();
  }

  async runFile(file: string): Promise<SpecResult[]> {
    const spec = EJSON.parse(fs.readFileSync(file, 'utf8'), { relaxed: false }) as Doc;
    const name = path.basename(file);
    const results: SpecResult[] = [];
    const fileSkip = requirementsMet(spec.runOnRequirements, this.claims);
    for (const test of spec.tests as Doc[]) {
      const skip =
        fileSkip ??
        requirementsMet(test.runOnRequirements, this.claims) ??
        this.unsupported(test, spec) ??
        (test.skipReason ? `skipReason: ${test.skipReason}` : null);
      if (skip) {
        results.push({ file: name, test: test.description, status: 'skipped', reason: skip });
        continue;
      }
      try {
        await this.runTest(spec, test);
        results.push({ file: name, test: test.description, status: 'passed' });
      } catch (e) {
        results.push({ file: name, test: test.description, status: 'failed', reason: (e as Error).message });
      }
    }
    return results;
  }

  private unsupported(test: Doc, file: Doc): string | null {
    for (const u of this.claims.unsupported) if (u.test(test, file)) return u.reason;
    return null;
  }

  private async runTest(spec: Doc, test: Doc): Promise<void> {
    const entities = new Map<string, unknown>();
    const clients = new Map<string, ClientEntity>();
    try {
      // initial data
      for (const d of (spec.initialData ?? []) as Doc[]) {
        const db = this.internal.db(d.databaseName);
        await db
          .collection(d.collectionName)
          .drop()
          .catch(() => undefined);
        await db.createCollection(d.collectionName, { ...(d.createOptions ?? {}), writeConcern: { w: 'majority' } });
        if (d.documents.length) await db.collection(d.collectionName).insertMany(d.documents, { writeConcern: { w: 'majority' } });
      }
      for (const e of spec.createEntities as Doc[]) {
        const [kind, def] = Object.entries(e)[0] as [string, Doc];
        if (kind === 'client') {
          const events: Doc[] = [];
          const u = new URL(this.uri);
          for (const [k, v] of Object.entries(def.uriOptions ?? {})) u.searchParams.set(k, String(v));
          const client = new MongoClient(u.toString(), { monitorCommands: true });
          const observe = new Set<string>(def.observeEvents ?? []);
          const ignore = new Set<string>(def.ignoreCommandMonitoringEvents ?? []);
          const push = (type: string) => (ev: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent) => {
            if (!observe.has(type) || IGNORED_EVENTS.has(ev.commandName) || ignore.has(ev.commandName)) return;
            events.push({ type, ev });
          };
          client.on('commandStarted', push('commandStartedEvent'));
          client.on('commandSucceeded', push('commandSucceededEvent'));
          client.on('commandFailed', push('commandFailedEvent'));
          await client.connect();
          entities.set(def.id, client);
          clients.set(def.id, { client, events, observe, ignore });
        } else if (kind === 'database') {
          const client = entities.get(def.client) as MongoClient;
          entities.set(def.id, client.db(def.databaseName, def.databaseOptions));
        } else if (kind === 'collection') {
          const db = entities.get(def.database) as Db;
          entities.set(def.id, db.collection(def.collectionName, def.collectionOptions));
        } else if (kind === 'session') {
          const client = entities.get(def.client) as MongoClient;
          entities.set(def.id, client.startSession(def.sessionOptions));
        } else throw new Error(`unsupported entity ${kind}`);
      }
      const matcher = new Matcher(entities);
      for (const op of test.operations as Doc[]) {
        await this.runOperation(op, entities, matcher);
      }
      for (const exp of (test.expectEvents ?? []) as Doc[]) {
        const c = clients.get(exp.client)!;
        const actual = (exp.eventType ?? 'command') === 'command' ? c.events : [];
        const expected = exp.events as Doc[];
        if (!exp.ignoreExtraEvents && actual.length !== expected.length) {
          throw new Error(`expected ${expected.length} events, got ${actual.length}: ${actual.map((a) => a.ev.commandName).join(',')}`);
        }
        for (let i = 0; i < expected.length; i++) {
          const [type, want] = Object.entries(expected[i])[0] as [string, Doc];
          const got = actual[i];
          if (!got || got.type !== type) throw new Error(`event ${i}: expected ${type}, got ${got?.type}`);
          const ev = got.ev;
          if (want.commandName && want.commandName !== ev.commandName)
            throw new Error(`event ${i}: commandName ${ev.commandName} != ${want.commandName}`);
          if (want.databaseName && want.databaseName !== ev.databaseName) throw new Error(`event ${i}: databaseName ${ev.databaseName}`);
          if (want.command) {
            const r = matcher.match(withoutDriverDeviations(want.command), ev.command, 'command');
            if (r) throw new Error(`event ${i}: ${r}`);
          }
          if (want.reply) {
            const r = matcher.match(want.reply, ev.reply, 'reply');
            if (r) throw new Error(`event ${i}: ${r}`);
          }
        }
      }
      for (const o of (test.outcome ?? []) as Doc[]) {
        const docs = await this.internal
          .db(o.databaseName)
          .collection(o.collectionName)
          .find({}, { sort: { _id: 1 } })
          .toArray();
        const r = matcher.matchExact(o.documents, docs, 'outcome');
        if (r) throw new Error(r);
      }
    } finally {
      for (const v of entities.values()) {
        if (v && typeof (v as ClientSession).endSession === 'function' && (v as ClientSession).id)
          await (v as ClientSession).endSession().catch(() => undefined);
      }
      for (const c of clients.values()) await c.client.close().catch(() => undefined);
    }
  }

  private async runOperation(op: Doc, entities: Map<string, unknown>, matcher: Matcher): Promise<void> {
    let result: unknown;
    let error: unknown;
    try {
      result = await this.execute(op, entities);
    } catch (e) {
      error = e;
    }
    if (op.expectError) {
      if (!error) throw new Error(`${op.name}: expected an error, got ${safe(result)}`);
      const ee = op.expectError as Doc;
      const err = error as { message: string; code?: number; codeName?: string; name?: string; hasErrorLabel?: (l: string) => boolean };
      const isServer = error instanceof MongoServerError || err.name === 'MongoServerError' || err.name === 'MongoBulkWriteError';
      if (ee.isClientError === true && isServer) throw new Error(`${op.name}: expected client error, got server error ${err.message}`);
      if (ee.isClientError === false && !isServer) throw new Error(`${op.name}: expected server error, got client error ${err.message}`);
      if (ee.errorContains && !String(err.message).toLowerCase().includes(String(ee.errorContains).toLowerCase())) {
        throw new Error(`${op.name}: error "${err.message}" does not contain "${ee.errorContains}"`);
      }
      if (ee.errorCode !== undefined && num(ee.errorCode) !== err.code)
        throw new Error(`${op.name}: error code ${err.code} != ${ee.errorCode} (${err.message})`);
      if (ee.errorCodeName !== undefined && ee.errorCodeName !== err.codeName)
        throw new Error(`${op.name}: codeName ${err.codeName} != ${ee.errorCodeName}`);
      for (const l of ee.errorLabelsContain ?? []) if (!err.hasErrorLabel?.(l)) throw new Error(`${op.name}: missing label ${l}`);
      for (const l of ee.errorLabelsOmit ?? []) if (err.hasErrorLabel?.(l)) throw new Error(`${op.name}: unexpected label ${l}`);
      if (ee.errorResponse) {
        const r = matcher.match(ee.errorResponse, (error as { errorResponse?: unknown }).errorResponse, 'errorResponse');
        if (r) throw new Error(`${op.name}: ${r}`);
      }
      if (ee.expectResult) {
        const partial = (err as unknown as { result?: unknown }).result;
        const r = matcher.match(ee.expectResult, partial, 'errorResult');
        if (r) throw new Error(`${op.name}: ${r}`);
      }
      return;
    }
    if (error) throw new Error(`${op.name}: unexpected error ${(error as Error).message}`);
    if (op.expectResult !== undefined) {
      const r = matcher.match(op.expectResult, result, 'result');
      if (r) throw new Error(`${op.name}: ${r}`);
    }
    if (op.saveResultAsEntity) entities.set(op.saveResultAsEntity, result);
  }

  private async execute(op: Doc, entities: Map<string, unknown>): Promise<unknown> {
    const target = entities.get(op.object);
    const a: Doc = op.arguments ?? {};
    if (op.object === 'testRunner') throw new Error(`unsupported testRunner operation ${op.name}`);
    if (target instanceof Collection) {
      const c = target as Collection<Doc>;
      switch (op.name) {
        case 'insertOne':
          return c.insertOne(a.document, opts(a, ['document'], entities));
        case 'insertMany':
          return c.insertMany(a.documents, opts(a, ['documents'], entities));
        case 'updateOne':
          return c.updateOne(a.filter, a.update, opts(a, ['filter', 'update'], entities));
        case 'updateMany':
          return c.updateMany(a.filter, a.update, opts(a, ['filter', 'update'], entities));
        case 'replaceOne':
          return c.replaceOne(a.filter, a.replacement, opts(a, ['filter', 'replacement'], entities));
        case 'deleteOne':
          return c.deleteOne(a.filter, opts(a, ['filter'], entities));
        case 'deleteMany':
          return c.deleteMany(a.filter, opts(a, ['filter'], entities));
        case 'find':
          return c.find(a.filter, opts(a, ['filter'], entities)).toArray();
        case 'findOne':
          return c.findOne(a.filter, opts(a, ['filter'], entities));
        case 'aggregate':
          return c.aggregate(a.pipeline, opts(a, ['pipeline'], entities)).toArray();
        case 'countDocuments':
          return c.countDocuments(a.filter, opts(a, ['filter'], entities));
        case 'estimatedDocumentCount':
          return c.estimatedDocumentCount(opts(a, [], entities));
        case 'count': {
          // the legacy count helper is gone from driver 7: send the count command itself
          const cmd: Doc = { count: c.collectionName, query: a.filter ?? {} };
          for (const k of ['skip', 'limit', 'hint', 'collation', 'comment']) if (a[k] !== undefined) cmd[k] = a[k];
          const r = await c.db.command(cmd);
          return r.n;
        }
        case 'distinct':
          return c.distinct(a.fieldName, a.filter, opts(a, ['fieldName', 'filter'], entities));
        case 'findOneAndUpdate':
          return c.findOneAndUpdate(a.filter, a.update, opts(a, ['filter', 'update'], entities));
        case 'findOneAndReplace':
          return c.findOneAndReplace(a.filter, a.replacement, opts(a, ['filter', 'replacement'], entities));
        case 'findOneAndDelete':
          return c.findOneAndDelete(a.filter, opts(a, ['filter'], entities));
        case 'bulkWrite':
          return c.bulkWrite(a.requests, opts(a, ['requests'], entities));
        case 'createIndex':
          return c.createIndex(a.keys, opts(a, ['keys'], entities));
        case 'drop':
          return c.drop(opts(a, [], entities));
      }
    }
    if (target instanceof Db) {
      const d = target as Db;
      switch (op.name) {
        case 'aggregate':
          return d.aggregate(a.pipeline, opts(a, ['pipeline'], entities)).toArray();
        case 'dropCollection':
          return d.dropCollection(a.collection, opts(a, ['collection'], entities)).catch(() => undefined);
        case 'createCollection':
          return d.createCollection(a.collection, opts(a, ['collection'], entities));
        case 'runCommand':
          return d.command(a.command, opts(a, ['command', 'commandName'], entities));
        case 'listCollections':
          return d.listCollections(a.filter, opts(a, ['filter'], entities)).toArray();
      }
    }
    throw new Error(`unsupported operation ${op.name} on ${op.object}`);
  }
}
