/**
 * MongoDB wire protocol framing: OP_QUERY (legacy handshake) -> OP_REPLY, and OP_MSG.
 */
import { BSON } from 'bson';
import type { Doc } from '../bson/values';
import { normalize } from '../bson/values';
import { crc32c } from './crc32c';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const FLAG_CHECKSUM = 1 << 0;
export const FLAG_MORE_TO_COME = 1 << 1;

export class ProtocolError extends Error {}

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export interface ParsedCommand {
  kind: 'query' | 'msg';
  requestId: number;
  body: Doc;
  /** OP_QUERY: full collection name, e.g. admin.$cmd */
  collection?: string;
  moreToCome: boolean;
}

const DESER = { promoteValues: false, promoteBuffers: false, validation: { utf8: false } } as const;

function readDoc(buf: Buffer, off: number, end: number): [Doc, number] {
  if (off + 5 > end) throw new ProtocolError('truncated document');
  const len = buf.readInt32LE(off);
  if (len < 5 || off + len > end) throw new ProtocolError('invalid document length');
  let doc: Doc;
  try {
    doc = BSON.deserialize(buf.subarray(off, off + len), DESER);
  } catch (e) {
    throw new ProtocolError(`invalid BSON: ${(e as Error).message}`);
  }
  return [doc, off + len];
}

function readCString(buf: Buffer, off: number, end: number): [string, number] {
  const z = buf.indexOf(0, off);
  if (z < 0 || z >= end) throw new ProtocolError('unterminated cstring');
  return [buf.toString('utf8', off, z), z + 1];
}

export function parseHeader(buf: Buffer): Header {
  return {
    length: buf.readInt32LE(0),
    requestId: buf.readInt32LE(4),
    responseTo: buf.readInt32LE(8),
    opCode: buf.readInt32LE(12),
  };
}

/** Parses one complete message (buf holds exactly header.length bytes). */
export function parseMessage(buf: Buffer): ParsedCommand {
  const h = parseHeader(buf);
  const end = buf.length;
  if (h.opCode === OP_MSG) {
    if (end < 21) throw new ProtocolError('OP_MSG too short');
    const flags = buf.readUInt32LE(16);
    let bodyEnd = end;
    if (flags & FLAG_CHECKSUM) {
      bodyEnd = end - 4;
      const expected = buf.readUInt32LE(bodyEnd);
      if (crc32c(buf.subarray(0, bodyEnd)) !== expected) throw new ProtocolError('OP_MSG checksum mismatch');
    }
    // required bits 0-15 other than checksum/moreToCome must be zero
    if (flags & 0xfffc) throw new ProtocolError(`unsupported OP_MSG flag bits ${flags}`);
    let off = 20;
    let body: Doc | undefined;
    const sequences: [string, Doc[]][] = [];
    while (off < bodyEnd) {
      const kind = buf.readUInt8(off);
      off += 1;
      if (kind === 0) {
        if (body) throw new ProtocolError('multiple body sections');
        [body, off] = readDoc(buf, off, bodyEnd);
      } else if (kind === 1) {
        if (off + 4 > bodyEnd) throw new ProtocolError('truncated section');
        const size = buf.readInt32LE(off);
        const secEnd = off + size;
        if (size < 5 || secEnd > bodyEnd) throw new ProtocolError('invalid section size');
        const [id, afterId] = readCString(buf, off + 4, secEnd);
        let p = afterId;
        const docs: Doc[] = [];
        while (p < secEnd) {
          let d: Doc;
          [d, p] = readDoc(buf, p, secEnd);
          docs.push(d);
        }
        sequences.push([id, docs]);
        off = secEnd;
      } else throw new ProtocolError(`unknown section kind ${kind}`);
    }
    if (!body) throw new ProtocolError('OP_MSG without body');
    for (const [id, docs] of sequences) {
      if (id in body) throw new ProtocolError(`duplicate field ${id} in document sequence`);
      body[id] = docs;
    }
    return { kind: 'msg', requestId: h.requestId, body: normalize(body), moreToCome: !!(flags & FLAG_MORE_TO_COME) };
  }
  if (h.opCode === OP_QUERY) {
    const [coll, afterColl] = readCString(buf, 20, end);
    const off = afterColl + 8; // numberToSkip, numberToReturn
    const [query] = readDoc(buf, off, end);
    let body = query;
    // wrapped form {$query: {...}, $readPreference: ...}
    if (body.$query && typeof body.$query === 'object') body = body.$query;
    return { kind: 'query', requestId: h.requestId, body: normalize(body), collection: coll, moreToCome: false };
  }
  throw new ProtocolError(`unsupported opCode ${h.opCode}`);
}

let nextRequestId = 1;

export function encodeMsg(responseTo: number, doc: Doc): Buffer {
  const body = BSON.serialize(doc, { checkKeys: false, ignoreUndefined: true });
  const buf = Buffer.allocUnsafe(16 + 4 + 1 + body.length);
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(OP_MSG, 12);
  buf.writeUInt32LE(0, 16);
  buf.writeUInt8(0, 20);
  buf.set(body, 21);
  return buf;
}

export function encodeReply(responseTo: number, doc: Doc): Buffer {
  const body = BSON.serialize(doc, { checkKeys: false, ignoreUndefined: true });
  const buf = Buffer.allocUnsafe(16 + 20 + body.length);
  buf.writeInt32LE(buf.length, 0);
  buf.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(OP_REPLY, 12);
  buf.writeInt32LE(0, 16); // responseFlags
  buf.writeBigInt64LE(0n, 20); // cursorID
  buf.writeInt32LE(0, 28); // startingFrom
  buf.writeInt32LE(1, 32); // numberReturned
  buf.set(body, 36);
  return buf;
}
