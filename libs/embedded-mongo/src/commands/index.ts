/** Command registry and dispatch (including transaction state handling). */
import { Long } from 'bson';
import { MongoServerError, mongoError, ErrorCodes } from '../errors';
import type { Doc } from '../bson/values';
import { Engine, Txn, WriteUnit } from '../storage/engine';
import * as admin from './admin';
import * as crud from './crud';
import * as ddl from './ddl';
import * as explain from './explain';
import { CommandContext, ConnectionInfo, Cursors, Handler, ServerInfo } from './context';

const COMMANDS: Record<string, Handler> = {
  hello: admin.hello,
  ismaster: admin.isMaster,
  isMaster: admin.isMaster,
  ping: admin.ping,
  buildInfo: admin.buildInfo,
  buildinfo: admin.buildInfo,
  serverStatus: admin.serverStatus,
  getParameter: admin.getParameter,
  setParameter: admin.setParameter,
  getCmdLineOpts: admin.getCmdLineOpts,
  hostInfo: admin.hostInfo,
  whatsmyuri: admin.whatsmyuri,
  connectionStatus: admin.connectionStatus,
  getLog: admin.getLog,
  endSessions: admin.endSessions,
  killAllSessions: admin.noop,
  refreshSessions: admin.noop,
  replSetGetStatus: admin.replSetGetStatus,
  dbStats: admin.dbStats,
  compact: admin.compact,
  collStats: admin.collStats,
  listDatabases: ddl.listDatabases,
  create: ddl.create,
  drop: ddl.drop,
  dropDatabase: ddl.dropDatabase,
  listCollections: ddl.listCollections,
  createIndexes: ddl.createIndexes,
  listIndexes: ddl.listIndexes,
  dropIndexes: ddl.dropIndexes,
  deleteIndexes: ddl.dropIndexes,
  renameCollection: ddl.renameCollection,
  insert: crud.insert,
  update: crud.update,
  delete: crud.del,
  findAndModify: crud.findAndModify,
  findandmodify: crud.findAndModify,
  find: crud.find,
  getMore: crud.getMore,
  killCursors: crud.killCursors,
  count: crud.count,
  distinct: crud.distinct,
  aggregate: crud.aggregate,
  explain: explain.explain,
  commitTransaction: () => ({}),
  abortTransaction: () => ({}),
};

const RETRYABLE = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

const TXN_ALLOWED = new Set([
  'find',
  'getMore',
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'aggregate',
  'count',
  'distinct',
  'commitTransaction',
  'abortTransaction',
  'killCursors',
  'create',
  'createIndexes',
]);

export interface DispatchEnv {
  engine: Engine;
  server: ServerInfo;
  cursors: Cursors;
}

function noSuchTransaction(n: unknown): MongoServerError {
  return new MongoServerError(
    ErrorCodes.NoSuchTransaction,
    'NoSuchTransaction',
    `Transaction with { txnNumber: ${String(n)} } has been aborted.`,
    {},
    ['TransientTransactionError'],
  );
}

export async function dispatch(env: DispatchEnv, conn: ConnectionInfo, body: Doc, defaultDb = 'admin'): Promise<Doc> {
  const name = Object.keys(body)[0];
  try {
    const handler = name !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!handler) throw mongoError(ErrorCodes.CommandNotFound, `no such command: '${name ?? ''}'`);
    const db = typeof body.$db === 'string' ? body.$db : defaultDb;
    const unit = new WriteUnit();
    const sessionKey = admin.sessionKeyOf(body.lsid);
    if (sessionKey && name !== 'endSessions') env.engine.sessions.set(sessionKey, new Date());
    let txn: Txn | undefined;
    if (body.autocommit === false && sessionKey) {
      const n: Long = typeof body.txnNumber === 'number' ? Long.fromNumber(body.txnNumber) : (body.txnNumber as Long);
      if (!TXN_ALLOWED.has(name))
        throw mongoError(ErrorCodes.OperationNotSupportedInTransaction, `Cannot run '${name}' in a multi-document transaction.`);
      const existing = env.engine.txns.get(sessionKey);
      if (body.startTransaction) {
        if (existing && existing.txnNumber.greaterThan(n))
          throw mongoError(225, `Cannot start transaction ${String(n)} on session because a newer transaction has already started.`);
        if (existing && existing.state === 'active') existing.state = 'aborted';
        txn = env.engine.beginTxn(sessionKey, n);
        env.engine.txns.set(sessionKey, txn);
      } else {
        if (!existing || !existing.txnNumber.equals(n)) throw noSuchTransaction(n);
        txn = existing;
      }
      if (name === 'commitTransaction') {
        // a retried commit answers only once the first commit's record is on disk
        if (txn.commitDurable) {
          await txn.commitDurable;
          return { ok: 1 };
        }
        if (txn.state === 'committed') return { ok: 1 };
        txn.expire();
        if (txn.state === 'aborted') throw noSuchTransaction(n);
        try {
          txn.commitDurable = env.engine.commit(txn);
          await txn.commitDurable;
        } catch (e) {
          txn.state = 'aborted';
          throw e;
        }
        txn.state = 'committed';
        return { ok: 1 };
      }
      if (name === 'abortTransaction') {
        if (txn.state === 'committed') throw mongoError(256, 'Transaction has been committed.');
        if (txn.state === 'aborted') throw noSuchTransaction(n);
        txn.state = 'aborted';
        txn.overlays.clear();
        return { ok: 1 };
      }
      if (txn.expire() || txn.state !== 'active') throw noSuchTransaction(n);
    } else if (name === 'commitTransaction' || name === 'abortTransaction') {
      throw mongoError(ErrorCodes.NoSuchTransaction, 'no transaction in progress');
    } else if (sessionKey && body.txnNumber !== undefined && RETRYABLE.has(name)) {
      // a retryable write: a retry (same session and txnNumber) gets the first execution's reply
      const n = String(body.txnNumber);
      const prev = env.engine.retryable.get(sessionKey);
      if (prev && prev.txnNumber === n) return await prev.reply;
      const entry = { txnNumber: n, reply: undefined as unknown as Promise<Doc> };
      env.engine.retryable.set(sessionKey, entry);
      entry.reply = dispatch(env, conn, { ...body, txnNumber: undefined, lsid: undefined }, defaultDb);
      return await entry.reply;
    }
    const ctx: CommandContext = {
      engine: env.engine,
      server: env.server,
      conn,
      cursors: env.cursors,
      db,
      body,
      unit,
      txn,
      sessionKey,
      view: (coll) => env.engine.view(db, coll, unit, txn),
    };
    let reply: Doc;
    try {
      reply = await handler(ctx);
    } catch (e) {
      if (txn && e instanceof MongoServerError) {
        // a failed statement aborts the transaction, like the server does
        txn.state = 'aborted';
        txn.overlays.clear();
        if (
          !e.labels.includes('TransientTransactionError') &&
          (e.code === ErrorCodes.WriteConflict || e.code === ErrorCodes.DuplicateKey)
        ) {
          // keep the original error
        }
      }
      throw e;
    } finally {
      if (unit.ops.length) await env.engine.persist(unit);
    }
    if (txn && Array.isArray(reply.writeErrors) && reply.writeErrors.length) {
      txn.state = 'aborted';
      txn.overlays.clear();
    }
    return { ...reply, ok: 1 };
  } catch (e) {
    if (e instanceof MongoServerError) return e.toReply();
    return { ok: 0, errmsg: (e as Error)?.message ?? String(e), code: 1, codeName: 'InternalError' };
  }
}
