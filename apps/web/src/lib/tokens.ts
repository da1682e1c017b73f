/**
 * The signed-in user's token pair. Kept in localStorage so a reload keeps the session;
 * the access token is short-lived and the refresh token rotates on every use
 * (endpoints.md: reuse of an old refresh token revokes the family).
 */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'casebridge.tokens';
type Listener = (tokens: TokenPair | null) => void;
const listeners = new Set<Listener>();
let current: TokenPair | null = read();

function read(): TokenPair | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<TokenPair>;
    return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string'
      ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
      : null;
  } catch {
    return null;
  }
}

export function getTokens(): TokenPair | null {
  return current;
}

export function setTokens(tokens: TokenPair | null): void {
  current = tokens;
  try {
    if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage full or disabled: the session still works until reload */
  }
  for (const l of listeners) l(tokens);
}

export function onTokens(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
