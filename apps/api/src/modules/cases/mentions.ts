/**
 * Mentions (pure; unit-tested): `@[<user id>]` or `@Display Name`, resolved against the members of
 * the case's cohort (and the faculty an escalation reached). Longest names win so "@Ann Lee" is not read as "@Ann".
 */
export interface Member {
  id: string;
  displayName: string;
}

export function findMentions(body: string, members: Member[]): string[] {
  return mentionSpans(body, members).ids;
}

/**
 * The mentioned member ids and where each mention sits ([start, end) covering "@Name"). A resolved
 * mention names a colleague, not a patient: the gate lets findings inside these spans through.
 */
export function mentionSpans(body: string, members: Member[]): { ids: string[]; spans: { start: number; end: number }[] } {
  const found = new Set<string>();
  const spans: { start: number; end: number }[] = [];
  const ids = new Set(members.map((m) => m.id));
  for (const m of body.matchAll(/@\[([a-f0-9]{24})\]/g)) {
    if (!ids.has(m[1])) continue;
    found.add(m[1]);
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  if (!body.includes('@')) return { ids: [...found], spans };
  const lower = body.toLowerCase();
  const byLength = [...members].filter((m) => m.displayName.trim()).sort((a, b) => b.displayName.length - a.displayName.length);
  const taken: [number, number][] = [];
  for (const m of byLength) {
    const needle = `@${m.displayName.trim().toLowerCase()}`;
    let from = 0;
    for (;;) {
      const at = lower.indexOf(needle, from);
      if (at < 0) break;
      const end = at + needle.length;
      from = at + 1;
      const next = lower.charAt(end);
      // the name must end at a word boundary, and not sit inside a longer name already matched
      if (next && /[\p{L}\p{N}_]/u.test(next)) continue;
      if (taken.some(([s, e]) => at >= s && at < e)) continue;
      taken.push([at, end]);
      spans.push({ start: at, end });
      found.add(m.id);
    }
  }
  return { ids: [...found], spans };
}

/** Findings that lie wholly inside a resolved mention (a colleague's name, not PHI). */
export function insideMentions<F extends { start: number; end: number }>(findings: F[], spans: { start: number; end: number }[]): F[] {
  return findings.filter((f) => spans.some((s) => f.start >= s.start && f.end <= s.end));
}

/**
 * Where the gate may let a finding through as "a colleague's name": only mentions written with the
 * member's exact display name (same letters and case, as the mention list inserts it), and only for
 * members whose display name itself passes the gate (`isClean`). A display name stored before the
 * gate covered names, or crafted to carry an identifier, therefore buys no allowance.
 */
export function allowedMentionSpans(
  body: string,
  members: Member[],
  isClean: (displayName: string) => boolean,
): { start: number; end: number }[] {
  const clean = new Map<string, boolean>();
  const cleanName = (m: Member) => {
    let ok = clean.get(m.id);
    if (ok === undefined) clean.set(m.id, (ok = m.displayName.trim() !== '' && isClean(m.displayName.trim())));
    return ok;
  };
  const byId = new Map(members.map((m) => [m.id, m]));
  const out: { start: number; end: number }[] = [];
  for (const s of mentionSpans(body, members).spans) {
    const text = body.slice(s.start, s.end);
    const idRef = /^@\[([a-f0-9]{24})\]$/.exec(text);
    if (idRef) {
      // "@[id]" carries no name at all
      out.push(s);
      continue;
    }
    const exact = members.find((m) => `@${m.displayName.trim()}` === text);
    if (exact && byId.has(exact.id) && cleanName(exact)) out.push(s);
  }
  return out;
}
