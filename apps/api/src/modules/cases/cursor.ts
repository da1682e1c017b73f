/**
 * Keyset pagination for "newest activity first" (pure; unit-tested): the cursor is the last
 * item's (lastActivityAt, id), opaque to clients (base64url).
 */
export interface CursorKey {
  at: Date;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(`${key.at.getTime()}.${key.id}`, 'utf8').toString('base64url');
}

/** Returns null for anything that is not a cursor this server made. */
export function decodeCursor(cursor: string): CursorKey | null {
  let text: string;
  try {
    text = Buffer.from(cursor, 'base64url').toString('utf8');
  } catch {
    return null;
  }
  const m = /^(\d{1,15})\.([a-f0-9]{24})$/.exec(text);
  if (!m) return null;
  const at = new Date(Number(m[1]));
  return Number.isNaN(at.getTime()) ? null : { at, id: m[2] };
}
