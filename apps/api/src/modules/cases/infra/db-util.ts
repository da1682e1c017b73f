import { Types } from 'mongoose';

/** Duplicate key (E11000) from the driver or the embedded engine. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; message?: string } | null;
  return !!e && (e.code === 11000 || e.code === 11001 || /E11000/.test(String(e.message)));
}

export const oid = (id: string): Types.ObjectId => new Types.ObjectId(id);
export const isOid = (id: unknown): id is string => typeof id === 'string' && /^[a-f0-9]{24}$/.test(id);
export const newId = (): Types.ObjectId => new Types.ObjectId();
