import { useEffect, useRef, useState } from 'react';

/** Form drafts in localStorage, under one prefix so signing out can wipe them all. */
export const DRAFT_PREFIX = 'casebridge.draft.';

export function loadDraft<T extends object>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(DRAFT_PREFIX + key);
    if (!raw) return fallback;
    const parsed = JSON.parse(raw) as Partial<T>;
    return { ...fallback, ...parsed };
  } catch {
    return fallback;
  }
}

export function clearAllDrafts(): void {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(DRAFT_PREFIX)) localStorage.removeItem(k);
  } catch {
    /* ignore */
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    /* ignore */
  }
}

/** Saves `value` to localStorage, debounced; returns when it was last saved. */
export function useDraftAutosave<T>(key: string, value: T, delayMs = 400): Date | null {
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const first = useRef(true);
  const json = JSON.stringify(value);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => {
      try {
        localStorage.setItem(DRAFT_PREFIX + key, json);
        setSavedAt(new Date());
      } catch {
        /* storage full: the draft just is not kept */
      }
    }, delayMs);
    return () => clearTimeout(t);
  }, [key, json, delayMs]);
  return savedAt;
}
