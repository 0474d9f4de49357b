import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header (name in lower case). Under the Node server it is read from Node's own parsed headers:
 * Hono's `c.req.header()` first builds a web `Headers` object from them, a few microseconds per request
 * that the hot routes do not need. Elsewhere (tests' `app.request`, other servers) it asks Hono.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
