import { Types } from 'mongoose';

/**
 * The persistence helpers every repository uses (and only repositories: services pass ids as
 * strings and never see a driver error). One copy, so every repository agrees on what an id is
 * and on what a duplicate key looks like.
 */

/**
 * A 24-digit lower-case hex string: the only spelling of an id this API hands out. Stricter than
 * `Types.ObjectId.isValid`, which accepts upper-case hex (and, in older bson releases, any
 * 12-character string taken as raw bytes); accepting those would let one record answer to several spellings in
 * room names, cursors and id comparisons. Anything else is "not found", never a cast error.
 */
export const isOid = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f]{24}$/.test(id);

/** The ObjectId for an id string (throws on a malformed one: check with `isOid` where input is untrusted); an ObjectId passes through. */
export function oid(id: string | Types.ObjectId): Types.ObjectId {
  if (typeof id !== 'string') return id;
  if (!isOid(id)) throw new TypeError('Not an object id');
  return new Types.ObjectId(id);
}

/** The ObjectId for an optional or untrusted id, or undefined when it is absent or malformed. */
export const oidOrUndefined = (id: string | undefined): Types.ObjectId | undefined => (isOid(id) ? new Types.ObjectId(id) : undefined);

/** Only the well-formed ids of a list, as ObjectIds (for `$in` filters built from request input). */
export const oids = (ids: readonly string[]): Types.ObjectId[] => ids.filter(isOid).map((id) => new Types.ObjectId(id));

/** A fresh ObjectId (made before the insert, so the caller knows the id of what it writes). */
export const newId = (): Types.ObjectId => new Types.ObjectId();

/**
 * Server codes for a unique-index violation: 11000 (DuplicateKey), 11001 (its legacy update-path
 * twin) and 12582 (the legacy mongos "E11000" on an insert through a sharded router).
 */
const DUPLICATE_KEY_CODES = new Set([11000, 11001, 12582]);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errmsg?: unknown;
  writeErrors?: unknown;
}

function codeIsDuplicate(e: ErrorLike): boolean {
  if (typeof e.code === 'number') return DUPLICATE_KEY_CODES.has(e.code);
  return [e.message, e.errmsg].some((m) => typeof m === 'string' && /\bE11000\b/.test(m));
}

/**
 * Whether a write failed on a unique index, from the driver or the embedded engine: a duplicate
 * code on the error itself, the E11000 text, or (bulk writes, insertMany) every entry of its
 * `writeErrors` array a duplicate. A bulk error that mixes a duplicate with another failure is not
 * a duplicate: treating it as one would hide the other failure.
 */
export function isDuplicateKey(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as ErrorLike;
  const list = Array.isArray(e.writeErrors) ? (e.writeErrors as unknown[]) : undefined;
  if (list && list.length > 0)
    return list.every((w) => !!w && typeof w === 'object' && codeIsDuplicate(((w as { err?: ErrorLike }).err ?? w) as ErrorLike));
  return codeIsDuplicate(e);
}
