import { create } from 'zustand';
import { ApiError, api, type Me } from '../api/client.ts';
import { storedToken, storeToken } from '../api/token.ts';
import { type Permissions, permissionsFor, signedOutPermissions } from '../flow/permissions.ts';

export interface SessionStore {
  /** `needsToken`: the runtime asks for a token; `offline`: no runtime, local work only. */
  status: 'unknown' | 'needsToken' | 'signedIn' | 'offline';
  me: Me | null;
  error: string | null;
  permissions: Permissions;
  /** The user chose to keep working locally instead of entering a token. */
  dismissed: boolean;
  init(): Promise<void>;
  signIn(token: string): Promise<boolean>;
  signOut(): void;
  /** Called when the runtime answers 401: the token was revoked or expired. */
  expire(): void;
  dismiss(): void;
}

export const useSession = create<SessionStore>((set, get) => ({
  status: 'unknown',
  me: null,
  error: null,
  permissions: permissionsFor(null),
  dismissed: false,

  init: async () => {
    try {
      const me = await api.me();
      set({ status: 'signedIn', me, error: null, permissions: permissionsFor(me.role) });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        set({
          status: 'needsToken',
          me: null,
          error: storedToken() ? e.message : null,
          permissions: signedOutPermissions,
        });
      } else {
        set({ status: 'offline', me: null, error: null });
      }
    }
  },
  signIn: async (token) => {
    const previous = storedToken();
    storeToken(token.trim());
    try {
      const me = await api.me();
      set({ status: 'signedIn', me, error: null, dismissed: false, permissions: permissionsFor(me.role) });
      return true;
    } catch (e) {
      storeToken(previous);
      set({ error: e instanceof ApiError ? e.message : String(e) });
      return false;
    }
  },
  signOut: () => {
    storeToken(null);
    set({ status: 'needsToken', me: null, error: null, dismissed: false, permissions: signedOutPermissions });
  },
  expire: () => {
    if (get().status === 'needsToken') return;
    set({
      status: 'needsToken',
      me: null,
      error: 'The runtime no longer accepts this token. Enter a valid one.',
      dismissed: false,
      permissions: signedOutPermissions,
    });
  },
  dismiss: () => set({ dismissed: true }),
}));
