/** Mention autocomplete: which `@word` the caret is in, and what inserting a name does. */

const MENTION = /(^|\s)@([\p{L}\p{N}_.'-]{0,40})$/u;

export function mentionQuery(text: string, caret: number): { query: string; start: number } | null {
  const m = MENTION.exec(text.slice(0, caret));
  if (!m) return null;
  return { query: m[2], start: caret - m[2].length - 1 };
}

export function insertMention(text: string, caret: number, name: string): { text: string; caret: number } {
  const q = mentionQuery(text, caret);
  if (!q) return { text, caret };
  const inserted = `@${name} `;
  return { text: text.slice(0, q.start) + inserted + text.slice(caret), caret: q.start + inserted.length };
}

export function matchMembers<T extends { displayName: string }>(members: readonly T[], query: string, limit = 6): T[] {
  const q = query.toLocaleLowerCase();
  const starts = members.filter((m) => m.displayName.toLocaleLowerCase().startsWith(q));
  const contains = members.filter((m) => !starts.includes(m) && m.displayName.toLocaleLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}
