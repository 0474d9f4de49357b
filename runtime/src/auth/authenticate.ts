import type { MiddlewareHandler } from 'hono';
import { queueName } from '../engine/task-lines.ts';
import { requestHeader } from '../http/request-header.ts';
import { HttpError } from '../http-error.ts';
import type { Role } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { ruleFor } from './access-rules.ts';
import { tokenBySecretCached } from './token-cache.ts';

/** Who is calling: the token's role, name and (for sales) queues. */
export interface Principal {
  tokenId: string | null;
  role: Role;
  name: string;
  /** Task queues a sales token is limited to; null means every queue. */
  queues: string[] | null;
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/** Used when auth is switched off (library use, some tests): everything is allowed. */
export const unrestricted: Principal = { tokenId: null, role: 'admin', name: 'auth disabled', queues: null };

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Checks every `/api` request against the access table: 401 without a valid token, 403 when the
 * token's role may not call the route, 404 for routes the table does not know (denied by default).
 */
export function authenticate(store: Store, options: { enabled: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const rule = ruleFor(c.req.method, c.req.path);
    if (rule?.allow === 'public') return next();
    if (!options.enabled) {
      c.set('principal', unrestricted);
      return next();
    }
    const secret = bearer(requestHeader(c, 'authorization'));
    if (!secret) {
      throw new HttpError(
        401,
        'unauthenticated',
        'This API needs a token: send “Authorization: Bearer tdm_…”. An admin creates tokens (tokens CLI or POST /api/tokens).',
      );
    }
    const token = await tokenBySecretCached(store, secret);
    if (!token) {
      throw new HttpError(
        401,
        'invalid_token',
        'This API token is unknown or has been revoked; ask an admin for a new one.',
      );
    }
    if (!rule) {
      throw new HttpError(404, 'not_found', `No route ${c.req.method} ${c.req.path}.`);
    }
    if (!rule.allow.includes(token.role)) {
      throw new HttpError(
        403,
        'forbidden',
        `${/^[aeiou]/.test(token.role) ? 'An' : 'A'} ${token.role} token may not ${c.req.method} ${rule.path}; this needs one of: ${rule.allow.join(', ')}.`,
      );
    }
    c.set('principal', { tokenId: token.id, role: token.role, name: token.name, queues: token.queues });
    return next();
  };
}

/** The caller of a route behind `authenticate` (which sets it for every route that is not public). */
export function principalOf(c: { get(key: 'principal'): Principal | undefined }): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Error('principalOf called on a route that authenticate did not check');
  return principal;
}

/** Refuses (403) a sales token limited to queues from a task outside them. */
export function assertQueue(queues: string[] | null, queue: string): void {
  if (queues && !queues.includes(queue)) {
    throw new HttpError(
      403,
      'queue_forbidden',
      `This token works ${queueList(queues)}; ${queueName(queue)} is not one of them.`,
    );
  }
}

/** "the Inside sales queue", "the Telequalifying and Inside sales queues". */
function queueList(queues: string[]): string {
  const names = queues.map(queueName);
  const last = names.pop();
  return names.length ? `the ${names.join(', ')} and ${last} queues` : `the ${last} queue`;
}
