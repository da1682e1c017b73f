/**
 * What the ARIA live regions say. Features call `announce`; the app shell renders the
 * regions (app/LiveRegion.tsx). Polite for new messages, assertive only for errors that
 * block what the user is doing (Mattermost #9661: screen readers missed new messages).
 */
import { useSyncExternalStore } from 'react';

export type Politeness = 'polite' | 'assertive';
interface Announcement {
  id: number;
  text: string;
}
const state: Record<Politeness, Announcement> = {
  polite: { id: 0, text: '' },
  assertive: { id: 0, text: '' },
};
let snapshot = { ...state };
const listeners = new Set<() => void>();
let seq = 0;

export function announce(text: string, politeness: Politeness = 'polite'): void {
  state[politeness] = { id: ++seq, text };
  snapshot = { ...state };
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useAnnouncements(): Record<Politeness, Announcement> {
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => snapshot,
  );
}
