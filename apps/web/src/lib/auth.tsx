/**
 * Who is signed in. The user lives in the TanStack Query cache under `me`; tokens in
 * lib/tokens. Signing in starts the socket, signing out stops it and clears every cache.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthResponse, UserDto } from '@casebridge/contracts';
import { api } from './api';
import { qk } from './query-keys';
import { startSocket, stopSocket } from './socket';
import { clearAllDrafts } from './drafts';
import { getTokens, onTokens, setTokens } from './tokens';

interface AuthContextValue {
  user: UserDto | null;
  /** True while a stored session is being checked. */
  loading: boolean;
  signIn: (auth: AuthResponse) => void;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthContextValue | null>(null);

function useHasTokens(): boolean {
  return useSyncExternalStore(
    (l) => onTokens(l),
    () => getTokens() !== null,
    () => false,
  );
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const hasTokens = useHasTokens();
  const me = useQuery({
    queryKey: qk.me,
    queryFn: ({ signal }) => api<UserDto>('/me', { signal }),
    enabled: hasTokens,
    staleTime: 5 * 60_000,
    retry: (n, e) => (e as { status?: number }).status !== 401 && n < 2,
  });

  useEffect(() => {
    if (hasTokens) startSocket();
    else {
      stopSocket();
      qc.clear();
    }
  }, [hasTokens, qc]);

  const signIn = useCallback(
    (auth: AuthResponse) => {
      qc.setQueryData(qk.me, auth.user);
      setTokens({ accessToken: auth.accessToken, refreshToken: auth.refreshToken });
    },
    [qc],
  );

  const signOut = useCallback(async () => {
    const tokens = getTokens();
    if (tokens) {
      await api('/auth/logout', { method: 'POST', body: { refreshToken: tokens.refreshToken } }).catch(() => undefined);
    }
    // Drafts may hold text the PHI check has not cleared yet: they do not outlive the session.
    clearAllDrafts();
    setTokens(null);
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({
      user: hasTokens ? (me.data ?? null) : null,
      loading: hasTokens && me.isPending,
      signIn,
      signOut,
    }),
    [hasTokens, me.data, me.isPending, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for screens behind RequireAuth. */
export function useMe(): UserDto {
  const { user } = useAuth();
  if (!user) throw new Error('useMe without a signed-in user');
  return user;
}

export const isFaculty = (u: UserDto) => u.role === 'faculty' || u.role === 'admin';
export const isModerator = (u: UserDto) => u.moderator || u.role === 'admin';
