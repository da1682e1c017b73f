import { Long } from 'bson';
import type { Doc } from '../bson/values';
import type { Engine, Txn, WriteUnit, CollectionView } from '../storage/engine';
import { mongoError, ErrorCodes, badValue } from '../errors';

export interface ServerInfo {
  host: string;
  port: number;
  setName: string;
  startedAt: Date;
  maxMessageBytes: number;
  electionId: unknown;
}

export interface ConnectionInfo {
  id: number;
  remote: string;
}

export interface CursorState {
  id: Long;
  ns: string;
  docs: Doc[];
  pos: number;
  sessionKey?: string;
  lastUse: number;
  /** applied lazily per batch (find projections) */
  transform?: (d: Doc) => Doc;
}

export class Cursors {
  private readonly map = new Map<string, CursorState>();

  create(ns: string, docs: Doc[], pos: number, sessionKey?: string, transform?: (d: Doc) => Doc): Long {
    let id: Long;
    do {
      id = Long.fromBigInt(
        BigInt.asIntN(64, (BigInt(Math.floor(Math.random() * 2 ** 31)) << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32))),
      );
    } while (id.isZero() || id.isNegative() || this.map.has(id.toString()));
    this.map.set(id.toString(), { id, ns, docs, pos, sessionKey, lastUse: Date.now(), transform });
    return id;
  }

  get(id: unknown): CursorState | undefined {
    const c = this.map.get(String(id));
    if (c) c.lastUse = Date.now();
    return c;
  }

  /** Drops cursors idle for longer than maxIdleMs (the server's cursorTimeoutMillis is 10 min). */
  sweep(maxIdleMs: number, now = Date.now()): number {
    let n = 0;
    for (const [k, c] of this.map) {
      if (now - c.lastUse > maxIdleMs) {
        this.map.delete(k);
        n++;
      }
    }
    return n;
  }

  delete(id: unknown): boolean {
    return this.map.delete(String(id));
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

export interface CommandContext {
  engine: Engine;
  server: ServerInfo;
  conn: ConnectionInfo;
  cursors: Cursors;
  db: string;
  body: Doc;
  unit: WriteUnit;
  txn?: Txn;
  sessionKey?: string;
  view(coll: string): CollectionView;
}

export type Handler = (ctx: CommandContext) => Doc | Promise<Doc>;

export function collName(ctx: CommandContext, cmd: string): string {
  const v = ctx.body[cmd];
  if (typeof v !== 'string') {
    throw mongoError(ErrorCodes.InvalidNamespace, `collection name has invalid type ${v === null ? 'null' : typeof v}`);
  }
  if (!v) throw mongoError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${ctx.db}.'`);
  return v;
}

export function optDoc(body: Doc, field: string): Doc | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw mongoError(
      ErrorCodes.TypeMismatch,
      `BSON field '${field}' is the wrong type '${Array.isArray(v) ? 'array' : typeof v}', expected type 'object'`,
    );
  return v as Doc;
}

export function optNumber(body: Doc, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number((v as { toString(): string }).toString());
  if (Number.isNaN(n)) throw badValue(`${field} must be a number`);
  return n;
}
