import type { Role } from '../store/records.ts';

/** Who may call a route: `public` (no token), or the roles whose tokens are accepted. */
export type Access = 'public' | readonly Role[];

export interface AccessRule {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Hono-style path, `:name` for a path parameter. */
  path: string;
  allow: Access;
}

const admin = ['admin'] as const;
const marketing = ['admin', 'marketing'] as const;
const readers = ['admin', 'marketing', 'sales'] as const;
const sales = ['admin', 'sales'] as const;
const ingest = ['admin', 'marketing', 'ingest'] as const;
const anyRole = ['admin', 'marketing', 'sales', 'ingest'] as const;

/**
 * The one table of who may call what. A route without an entry is unreachable (404 to a valid token),
 * and a test checks that every registered route has one. Admins may call everything; sales may save
 * drafts only when the change touches sales steps alone (checked by the route).
 */
export const accessRules: readonly AccessRule[] = [
  { method: 'GET', path: '/api/health', allow: 'public' },
  { method: 'GET', path: '/api/openapi.json', allow: 'public' },
  { method: 'GET', path: '/api/docs', allow: 'public' },
  { method: 'GET', path: '/api/docs/assets/swagger-ui-dist/:file', allow: 'public' },
  // Signed with WEBHOOK_INBOUND_SECRET instead of a token.
  { method: 'POST', path: '/api/webhooks/:provider', allow: 'public' },
  { method: 'GET', path: '/api/me', allow: anyRole },
  { method: 'GET', path: '/api/examples', allow: readers },

  { method: 'GET', path: '/api/flows', allow: readers },
  { method: 'GET', path: '/api/flows/:id/draft', allow: readers },
  { method: 'PUT', path: '/api/flows/:id/draft', allow: readers },
  { method: 'POST', path: '/api/flows/:id/validate', allow: readers },
  { method: 'POST', path: '/api/flows/:id/publish', allow: marketing },
  { method: 'GET', path: '/api/flows/:id/versions', allow: readers },
  { method: 'GET', path: '/api/flows/:id/versions/:version', allow: readers },
  { method: 'GET', path: '/api/flows/:id/versions/:version/machine', allow: readers },
  { method: 'GET', path: '/api/flows/:id/versions/:version/stats', allow: marketing },
  { method: 'POST', path: '/api/flows/:id/versions/:version/move-leads', allow: marketing },

  { method: 'POST', path: '/api/leads', allow: ingest },
  { method: 'GET', path: '/api/leads', allow: readers },
  { method: 'GET', path: '/api/leads/:id', allow: readers },
  { method: 'GET', path: '/api/leads/:id/timeline', allow: readers },
  { method: 'POST', path: '/api/flows/:id/enrollments', allow: marketing },
  { method: 'POST', path: '/api/flows/:id/enrollments/batch', allow: marketing },
  { method: 'DELETE', path: '/api/flows/:id/enrollments/:leadId', allow: marketing },

  { method: 'POST', path: '/api/events', allow: ingest },
  { method: 'POST', path: '/api/events/batch', allow: ingest },

  { method: 'GET', path: '/api/tasks', allow: readers },
  { method: 'GET', path: '/api/tasks/:id', allow: readers },
  { method: 'POST', path: '/api/tasks/:id/claim', allow: sales },
  { method: 'POST', path: '/api/tasks/:id/release', allow: sales },
  { method: 'POST', path: '/api/tasks/:id/complete', allow: sales },
  { method: 'POST', path: '/api/tasks/:id/attempt', allow: sales },

  { method: 'GET', path: '/api/outbox', allow: marketing },
  { method: 'GET', path: '/api/outbox/counts', allow: marketing },
  { method: 'POST', path: '/api/outbox/replay', allow: admin },
  { method: 'POST', path: '/api/outbox/:id/replay', allow: admin },
  { method: 'GET', path: '/api/channels', allow: marketing },
  // Both sides read the waterfall: sales leaders need the disqualification and recycle reasons too.
  { method: 'GET', path: '/api/stats/waterfall', allow: readers },

  { method: 'GET', path: '/api/admin/clock', allow: readers },
  { method: 'POST', path: '/api/admin/clock/advance', allow: admin },
  { method: 'POST', path: '/api/admin/tick', allow: admin },
  { method: 'POST', path: '/api/admin/sample-leads', allow: marketing },

  { method: 'GET', path: '/api/tokens', allow: admin },
  { method: 'POST', path: '/api/tokens', allow: admin },
  { method: 'DELETE', path: '/api/tokens/:id', allow: admin },
];

const compiled = accessRules.map((rule) => ({
  rule,
  pattern: new RegExp(`^${rule.path.replace(/[.]/g, '\\.').replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
}));

const paramCount = (r: AccessRule) => r.path.split(':').length;

/** Rules already looked up, per method and path (bounded: paths carry ids). */
const looked = new Map<string, AccessRule | null>();

/** The rule for a request; literal paths win over parameters (`/api/outbox/replay` over `/:id/replay`). */
export function ruleFor(method: string, path: string): AccessRule | null {
  const key = `${method} ${path}`;
  const known = looked.get(key);
  if (known !== undefined) return known;
  const wanted = method === 'HEAD' ? 'GET' : method;
  let best: AccessRule | null = null;
  for (const c of compiled) {
    if (c.rule.method !== wanted || !c.pattern.test(path)) continue;
    // The most specific route wins: fewest path parameters.
    if (!best || paramCount(c.rule) < paramCount(best)) best = c.rule;
  }
  if (looked.size >= 1000) looked.clear();
  looked.set(key, best);
  return best;
}
