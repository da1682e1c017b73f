/**
 * Single-key shortcuts (pure parts; unit-tested). They never fire while someone types in a field,
 * with a modifier held (browser and screen-reader keys stay theirs), or behind an open dialog.
 */
export interface Shortcut {
  keys: string;
  does: string;
  where: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: '?', does: 'Show these shortcuts', where: 'Anywhere' },
  { keys: '/', does: 'Search cases', where: 'Anywhere' },
  { keys: 'g then c', does: 'Go to cases', where: 'Anywhere' },
  { keys: 'g then h', does: 'Go home', where: 'Anywhere' },
  { keys: 'g then n', does: 'Go to notifications', where: 'Anywhere' },
  { keys: 'j', does: 'Next post', where: 'Case page' },
  { keys: 'k', does: 'Previous post', where: 'Case page' },
  { keys: 'r', does: 'Reply to the focused post (or write in the discussion)', where: 'Case page' },
];

/** True when the key belongs to what the person is typing or to the browser, not to us. */
export function isTypingOrModified(e: Pick<KeyboardEvent, 'target' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing'>): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return true;
  const t = e.target as (Element & { isContentEditable?: boolean }) | null;
  if (!t || typeof t.closest !== 'function') return false;
  if (t.isContentEditable) return true;
  if (t.closest('input, textarea, select, [contenteditable="true"], [role="textbox"], [role="combobox"], [role="listbox"], [role="menu"]'))
    return true;
  // a modal dialog is open: its keys are its own
  return !!t.ownerDocument?.querySelector('[role="dialog"], [role="alertdialog"]');
}

/** "g" then a letter within this long is a sequence. */
export const SEQUENCE_MS = 1200;

export const GO_TO: Record<string, string> = { c: '/cases', h: '/', n: '/notifications' };
