import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role, TokenRecord } from '../store/records.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { forgetTokens } from './token-cache.ts';

/** Every role, from the most to the least powerful. */
export const roles = ['admin', 'marketing', 'sales', 'ingest'] as const satisfies readonly Role[];

/** Recognisable in config files, logs and secret scanners. */
export const tokenPrefix = 'tdm_';

/** A new secret: the prefix and 32 random bytes, base64url. */
export function newTokenSecret(): string {
  return tokenPrefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored and looked up by this hash, never by the secret. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface NewToken {
  role: Role;
  name: string;
  queues?: string[] | null | undefined;
}

/** A token as listed to admins: no hash, no secret. */
export interface TokenInfo {
  id: string;
  name: string;
  role: Role;
  queues: string[] | null;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const tokenInfo = (t: TokenRecord): TokenInfo => ({
  id: t.id,
  name: t.name,
  role: t.role,
  queues: t.queues,
  prefix: t.prefix,
  createdAt: new Date(t.createdAt).toISOString(),
  revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
  lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
});

/** Stores a new token and returns its secret, which is shown once and never again. */
export async function createToken(
  tx: StoreTx,
  input: NewToken,
  now: number,
  secret = newTokenSecret(),
): Promise<{ token: TokenRecord; secret: string }> {
  const token: TokenRecord = {
    id: randomUUID(),
    hash: hashToken(secret),
    // Enough to tell tokens apart; a secret chosen by hand (TANDEM_ADMIN_TOKEN) shows less of itself.
    prefix: secret.startsWith(tokenPrefix)
      ? `${secret.slice(0, tokenPrefix.length + 4)}…`
      : `${secret.slice(0, 3)}…`,
    name: input.name,
    role: input.role,
    queues: input.role === 'sales' && input.queues?.length ? [...input.queues] : null,
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
  };
  await tx.insertToken(token);
  return { token, secret };
}

/** Name of the token that `TANDEM_ADMIN_TOKEN` fixes; a new value revokes the previous one. */
export const envTokenName = 'TANDEM_ADMIN_TOKEN';

/**
 * First-run access. With `TANDEM_ADMIN_TOKEN`, that value is an admin token (automation: tests, CI, e2e).
 * Otherwise, when no admin token is active, one is created and returned so the caller prints it once.
 */
export async function bootstrapAdmin(
  store: Store,
  envToken: string | undefined,
  now: number,
): Promise<{ created: 'env' | 'generated' | null; secret: string | null }> {
  const result = await store.transaction<{
    created: 'env' | 'generated' | null;
    secret: string | null;
  }>(async (tx) => {
    const active = (await tx.listTokens()).filter((t) => t.revokedAt === null);
    if (envToken !== undefined && envToken !== '') {
      if (envToken.length < 16) throw new Error('TANDEM_ADMIN_TOKEN must be at least 16 characters long.');
      const hash = hashToken(envToken);
      for (const t of active) if (t.name === envTokenName && t.hash !== hash) await tx.revokeToken(t.id, now);
      if (active.some((t) => t.hash === hash)) return { created: null, secret: null };
      await createToken(tx, { role: 'admin', name: envTokenName }, now, envToken);
      return { created: 'env', secret: null };
    }
    if (active.some((t) => t.role === 'admin')) return { created: null, secret: null };
    const { secret } = await createToken(tx, { role: 'admin', name: 'First admin' }, now);
    return { created: 'generated', secret };
  });
  forgetTokens(store);
  return result;
}
