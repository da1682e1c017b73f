import { Types } from 'mongoose';
import { isDuplicateKey, isOid, newId, oid, oidOrUndefined, oids } from './persistence';

describe('persistence helpers', () => {
  const hex = '64b7f0c2a1b2c3d4e5f60718';

  it('accepts only the 24-digit lower-case hex ids the API hands out', () => {
    expect(isOid(hex)).toBe(true);
    expect(isOid(newId().toHexString())).toBe(true);
    expect(isOid(hex.toUpperCase())).toBe(false);
    expect(Types.ObjectId.isValid(hex.toUpperCase())).toBe(true); // the check the notifications and escalations copies used
    expect(isOid('aaaaaaaaaaaa')).toBe(false); // 12 characters: some bson versions take these as 12 raw bytes
    expect(isOid(hex.slice(1))).toBe(false);
    expect(isOid(undefined)).toBe(false);
    expect(isOid(42)).toBe(false);
  });

  it('converts ids, passing ObjectIds through and refusing malformed strings', () => {
    expect(oid(hex).toHexString()).toBe(hex);
    const id = newId();
    expect(oid(id)).toBe(id);
    expect(() => oid('aaaaaaaaaaaa')).toThrow(TypeError);
    expect(oidOrUndefined(undefined)).toBeUndefined();
    expect(oidOrUndefined('nope')).toBeUndefined();
    expect(oidOrUndefined(hex)?.toHexString()).toBe(hex);
    expect(oids([hex, 'nope', hex.toUpperCase()]).map(String)).toEqual([hex]);
  });

  it('recognises duplicate keys by code, by E11000 text and in write-error arrays', () => {
    expect(isDuplicateKey({ code: 11000 })).toBe(true);
    expect(isDuplicateKey({ code: 11001 })).toBe(true);
    expect(isDuplicateKey({ code: 12582 })).toBe(true);
    expect(isDuplicateKey(new Error('E11000 duplicate key error collection: x index: y'))).toBe(true);
    expect(isDuplicateKey({ errmsg: 'E11000 duplicate key' })).toBe(true);
    expect(isDuplicateKey({ code: 11000, writeErrors: [{ code: 11000 }, { err: { code: 11000 } }] })).toBe(true);
    expect(isDuplicateKey({ writeErrors: [{ err: { errmsg: 'E11000 dup' } }] })).toBe(true);
  });

  it('does not call other failures duplicates', () => {
    expect(isDuplicateKey(null)).toBe(false);
    expect(isDuplicateKey('E11000')).toBe(false);
    expect(isDuplicateKey({ code: 121 })).toBe(false); // document validation failure
    expect(isDuplicateKey({ code: 11600, message: 'interrupted; E11000 seen earlier' })).toBe(false); // a code decides over text
    expect(isDuplicateKey(new Error('connection reset'))).toBe(false);
    // a bulk write where one entry is a duplicate and another failed for a different reason
    expect(isDuplicateKey({ code: 11000, writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
  });
});
