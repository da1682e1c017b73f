/** Pure helpers (no Nest imports, unit-tested). */

export const MAX_TITLE = 160;
export const FALLBACK_TITLE = 'New activity';

/** Collapses whitespace, caps the length, and falls back when the title is not clean. */
export function safeTitle(title: string, isClean: (t: string) => boolean): string {
  const t = title.replace(/\s+/g, ' ').trim();
  const capped = t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t;
  if (!capped) return FALLBACK_TITLE;
  return isClean(capped) ? capped : FALLBACK_TITLE;
}

/** `New post in "Case title"`: the case title passed the gate when the case was written. */
export function quoted(caseTitle: string, max = 80): string {
  const t = caseTitle.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}
