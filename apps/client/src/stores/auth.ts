// The one place that holds the resident's tokens: kept on the device through
// the platform storage, renewed once when the server answers 401.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { SessionResponse, SessionUser, TokenResponse } from '@hotline/core';
import { storage, type KeyValueStorage } from '@/platform';

export const AUTH_KEY = 'hotline.auth';

export interface Session {
  accessToken: string;
  /** Demo sign-in gives none: such a session ends when its access token does. */
  refreshToken: string | null;
  user: SessionUser;
}

export interface AuthStore {
  session: Session | null;
  signIn(response: TokenResponse | SessionResponse): void;
  signOut(): void;
  /** Resolves true when a new access token is held; concurrent callers share one refresh. */
  refresh(): Promise<boolean>;
}

export function createAuthStore(store: KeyValueStorage, renew: (refreshToken: string) => Promise<SessionResponse>) {
  let pending: Promise<boolean> | null = null;

  return create<AuthStore>()(
    persist(
      (set, get) => ({
        session: null,
        signIn(response) {
          set({
            session: {
              accessToken: response.accessToken,
              refreshToken: 'refreshToken' in response ? response.refreshToken : null,
              user: response.user,
            },
          });
        },
        signOut() {
          set({ session: null });
        },
        refresh() {
          pending ??= (async () => {
            const refreshToken = get().session?.refreshToken;
            try {
              if (!refreshToken) throw new Error('no refresh token');
              get().signIn(await renew(refreshToken));
              return true;
            } catch {
              set({ session: null });
              return false;
            } finally {
              pending = null;
            }
          })();
          return pending;
        },
      }),
      {
        name: AUTH_KEY,
        storage: createJSONStorage(() => ({
          getItem: (key) => store.get(key),
          setItem: (key, value) => store.set(key, value),
          removeItem: (key) => store.remove(key),
        })),
        partialize: (state) => ({ session: state.session }),
      },
    ),
  );
}

// The renewer is set by services/api, which every request goes through: pages that only
// ask "signed in?" (home) then load no HTTP stack nor schemas.
let renewer: ((refreshToken: string) => Promise<SessionResponse>) | null = null;

export function setSessionRenewer(renew: (refreshToken: string) => Promise<SessionResponse>): void {
  renewer = renew;
}

export const useAuth = createAuthStore(storage, (refreshToken) =>
  renewer ? renewer(refreshToken) : Promise.reject(new Error('no session renewer')),
);
