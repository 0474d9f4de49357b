import type { TokenRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { hashToken } from './tokens.ts';

/**
 * Active tokens by their secret, remembered for a few seconds per store: every API request looks its
 * token up, and the lookup queued behind the writes in flight. Revoking through this process forgets them
 * at once (`forgetTokens`); a commit by another process (the tokens CLI) empties the cache when the store
 * can tell (`externalChanges`: SQLite's data_version, read at most every 20 ms), and otherwise takes
 * effect within `tokenCacheMs`.
 * Keyed by the secret the request already holds, a hit needs no SHA-256.
 */
export const tokenCacheMs = 5_000;
/** A token's last use is written at most this often (one small write a minute per busy token). */
export const touchEveryMs = 60_000;
const maxEntries = 1_000;

/** When each token's use was last written, per store. */
const touched = new WeakMap<Store, Map<string, number>>();

/** Records that a request carried the token, unless that was recorded within the last minute. */
function noteUse(store: Store, token: TokenRecord, now: number): void {
  let seen = touched.get(store);
  if (!seen) {
    seen = new Map();
    touched.set(store, seen);
  }
  const last = seen.get(token.id) ?? token.lastUsedAt ?? Number.NEGATIVE_INFINITY;
  if (now - last < touchEveryMs) return;
  if (seen.size >= maxEntries) seen.clear();
  seen.set(token.id, now);
  // Queued behind the writes in flight; the request does not wait for it.
  store
    .transaction((tx) => tx.touchToken(token.id, now))
    .catch((error: unknown) => {
      console.error(`Could not record the use of token ${token.id}: ${String(error)}`);
    });
}

const caches = new WeakMap<Store, Map<string, { token: TokenRecord; until: number; changes: number }>>();

/** The active token with this secret, from the cache while it is fresh, else from the store. */
export async function tokenBySecretCached(store: Store, secret: string): Promise<TokenRecord | null> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  const now = Date.now();
  const changes = store.externalChanges?.() ?? 0;
  const hit = cache.get(secret);
  if (hit && hit.until > now && hit.changes === changes) {
    noteUse(store, hit.token, now);
    return hit.token;
  }
  const hash = hashToken(secret);
  const token = await store.read((tx) => tx.tokenByHash(hash));
  if (cache.size >= maxEntries) cache.clear();
  if (token) {
    cache.set(secret, { token, until: now + tokenCacheMs, changes });
    noteUse(store, token, now);
  } else cache.delete(secret);
  return token;
}

/** Forgets every cached token of a store: call after revoking one. */
export function forgetTokens(store: Store): void {
  caches.get(store)?.clear();
}
