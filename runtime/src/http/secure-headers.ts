import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The response headers every answer carries: the same set as Hono's `secureHeaders()` defaults. */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

const entries = Object.entries(securityHeaders);
const jsonHeaders = Object.freeze({ 'content-type': 'application/json', ...securityHeaders });

/** Responses built by `secureJson`, which already carry the headers. */
const secured = new WeakSet<Response>();

/**
 * A JSON answer with the security headers already in place, as one plain header object. Setting headers
 * on a finished response made Hono's Node adapter build a full `Headers` object and copy it back out
 * again, about a tenth of a small event's CPU; the hot routes answer with this instead.
 */
export function secureJson(value: unknown, status: ContentfulStatusCode = 200): Response {
  const res = new Response(JSON.stringify(value), { status, headers: jsonHeaders });
  secured.add(res);
  return res;
}

/** Adds the security headers to every response that does not carry them yet. */
export function secureHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (secured.has(c.res)) return;
    const headers = c.res.headers;
    for (const [name, value] of entries) headers.set(name, value);
  };
}
