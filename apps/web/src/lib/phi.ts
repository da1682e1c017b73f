/**
 * Live PHI highlighting. The detector (libs/deid) is loaded lazily, only by screens that
 * edit free text, so it stays out of the initial bundle. The server's gate stays the
 * authority: its 422 findings are shown the same way (components/ui/PhiTextArea).
 */
import { createContext, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { PhiFinding, PhiSpan, PhiType } from '@casebridge/contracts';
import { api } from './api';

export type Detector = (text: string) => PhiSpan[];
export type PhiSource = 'idle' | 'local' | 'server' | 'loading' | 'unavailable';

let loading: Promise<Detector | null> | null = null;

/** The in-browser detector (libs/deid), or null when its chunk fails to load (the server's scan takes over). */
export function loadDetector(): Promise<Detector | null> {
  loading ??= import('@casebridge/deid').then(
    (m): Detector => m.detectPhi,
    () => null,
  );
  return loading;
}

/** Test seam: use a given detector (or none) instead of the lazy import. */
export function setDetectorForTests(d: Detector | null): void {
  loading = Promise.resolve(d);
}

/** The detector once loaded; nothing is fetched until `enabled` (the user has typed something). */
export function useDetector(enabled = true): { detector: Detector | null; ready: boolean } {
  const [state, setState] = useState<{ detector: Detector | null; ready: boolean }>({ detector: null, ready: false });
  useEffect(() => {
    if (!enabled || state.ready) return;
    let live = true;
    void loadDetector().then((d) => live && setState({ detector: d, ready: true }));
    return () => {
      live = false;
    };
  }, [enabled, state.ready]);
  return state;
}

/** Group server findings (`{field,start,end,type}`) by field. */
export function findingsByField(findings: PhiFinding[]): Record<string, PhiSpan[]> {
  const out: Record<string, PhiSpan[]> = {};
  for (const { field, ...span } of findings) (out[field] ??= []).push(span);
  return out;
}

/**
 * Findings for every named text field while the user types: the local detector when it is
 * there; otherwise the server's scan, debounced, so nothing is guessed.
 */
export function useLivePhi(fields: Record<string, string>, debounceMs = 600): { spans: Record<string, PhiSpan[]>; source: PhiSource } {
  const deferred = useDeferredValue(fields);
  const anyText = Object.values(deferred).some((v) => v.trim() !== '');
  // The detector is large (name and place dictionaries): fetch it on the first keystroke.
  const { detector, ready } = useDetector(anyText);
  const key = JSON.stringify(deferred);

  // Per-field cache: typing in one field re-runs the detector on that field only, and the
  // other fields keep the same span arrays (so memoised editors do not re-render).
  const cache = useRef(new Map<string, { text: string; spans: PhiSpan[] }>());
  const local = useMemo(() => {
    if (!detector) return null;
    const out: Record<string, PhiSpan[]> = {};
    for (const [field, text] of Object.entries(deferred)) {
      if (!text) continue;
      let hit = cache.current.get(field);
      if (!hit || hit.text !== text) {
        let spans: PhiSpan[] = [];
        try {
          spans = detector(text);
        } catch {
          /* a detector bug must not break typing; the server gate still checks */
        }
        hit = { text, spans };
        cache.current.set(field, hit);
      }
      if (hit.spans.length) out[field] = hit.spans;
    }
    return out;
  }, [detector, key]); // `key` stands for the deferred field values

  const [server, setServer] = useState<{ key: string; spans: Record<string, PhiSpan[]> } | null>(null);
  const [serverFailed, setServerFailed] = useState(false);
  useEffect(() => {
    if (!ready || detector) return;
    const nonEmpty = Object.fromEntries(Object.entries(deferred).filter(([, v]) => v.trim()));
    if (Object.keys(nonEmpty).length === 0) {
      setServer({ key, spans: {} });
      return;
    }
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      api<{ findings: PhiFinding[] }>('/privacy/scan', { method: 'POST', body: { fields: nonEmpty }, signal: ctrl.signal })
        .then((r) => {
          setServerFailed(false);
          setServer({ key, spans: findingsByField(r.findings ?? []) });
        })
        .catch((e: unknown) => {
          if ((e as { name?: string }).name !== 'AbortError') setServerFailed(true);
        });
    }, debounceMs);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [ready, detector, key, debounceMs]);

  if (!ready) return { spans: {}, source: anyText ? 'loading' : 'idle' };
  if (local) return { spans: local, source: 'local' };
  if (serverFailed) return { spans: server?.spans ?? {}, source: 'unavailable' };
  // Until the next answer, the last one stays (offsets are clamped where they are drawn).
  return { spans: server?.spans ?? {}, source: 'server' };
}

// --- working with the gate ---------------------------------------------------------------------------

/**
 * Findings the author marked "Not an identifier". Keyed by type and the flagged words, so a mark
 * survives edits elsewhere in the text; nothing here leaves the browser except as offsets on the
 * moderated override path (`/privacy/overrides`), where each one is confirmed with a reason.
 */
export interface PhiMarks {
  isMarked(type: PhiType, words: string): boolean;
  toggle(type: PhiType, words: string): void;
  clear(): void;
  size: number;
}

export const PhiMarksContext = createContext<PhiMarks | null>(null);

/**
 * Display names of the colleagues a form may mention (the case's cohort). Editors inside drop local
 * findings that lie in a mention of one of them, as the server does.
 */
export const MentionNamesContext = createContext<readonly string[]>([]);

const markKey = (type: PhiType, words: string) => `${type}\u0000${words}`;

export function usePhiMarksState(): PhiMarks {
  const [keys, setKeys] = useState<ReadonlySet<string>>(() => new Set());
  const isMarked = useCallback((type: PhiType, words: string) => keys.has(markKey(type, words)), [keys]);
  const toggle = useCallback((type: PhiType, words: string) => {
    setKeys((prev) => {
      const next = new Set(prev);
      const k = markKey(type, words);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  }, []);
  const clear = useCallback(() => setKeys(new Set()), []);
  return useMemo(() => ({ isMarked, toggle, clear, size: keys.size }), [isMarked, toggle, clear, keys]);
}

/** The findings still to act on: not marked "Not an identifier". */
export function unmarked<S extends PhiSpan>(text: string, spans: S[], marks: PhiMarks | null): S[] {
  if (!marks || marks.size === 0) return spans;
  return spans.filter((s) => !marks.isMarked(s.type, text.slice(s.start, s.end)));
}

/**
 * Every suggestion applied at once, last first so earlier offsets stay valid; overlapping findings
 * after the first are skipped (the next check will show what is left).
 */
export function applyAllSuggestions(text: string, spans: PhiSpan[]): string {
  const withSuggestion = spans.filter((s) => s.suggestion !== undefined).sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: PhiSpan[] = [];
  for (const s of withSuggestion) if (!chosen.length || s.start >= chosen[chosen.length - 1].end) chosen.push(s);
  let out = text;
  for (const s of chosen.reverse()) out = out.slice(0, s.start) + (s.suggestion ?? '') + out.slice(s.end);
  return out;
}

/**
 * Where `@Display Name` of a colleague sits in a text: exactly as the mention list inserts it (same
 * letters and case), ending at a word boundary. The server lets findings inside these through, so
 * the composer does not flag them either (one behaviour everywhere).
 */
export function mentionRanges(text: string, displayNames: readonly string[]): { start: number; end: number }[] {
  if (!text.includes('@')) return [];
  const names = [...new Set(displayNames.map((n) => n.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const out: { start: number; end: number }[] = [];
  for (const name of names) {
    const needle = `@${name}`;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (/[\p{L}\p{N}_]/u.test(text.charAt(end))) continue;
      if (out.some((r) => at >= r.start && at < r.end)) continue;
      out.push({ start: at, end });
    }
  }
  return out;
}

/** Findings not wholly inside a mention of a colleague. */
export function outsideMentions<S extends PhiSpan>(text: string, spans: S[], displayNames: readonly string[]): S[] {
  const ranges = mentionRanges(text, displayNames);
  if (!ranges.length) return spans;
  return spans.filter((s) => !ranges.some((r) => s.start >= r.start && s.end <= r.end));
}
