import type { MiddlewareHandler } from 'hono';

/** The routes that take leads and events from other systems (forms, CRMs, product analytics). */
export const ingestPaths = ['/api/events', '/api/events/batch', '/api/leads'];

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * At most `perSecond` requests a second per API token on the ingest routes, in bursts of up to `perSecond`
 * (a token bucket): one runaway integration cannot take the runtime's write capacity from the others. A
 * request over the limit is answered 429 with `Retry-After` and nothing is applied; a repeated event id
 * applies once, so the sender just sends it again. Measured on the machine's own time (`now`, ms), not the
 * runtime's clock, which a demo may move by hand.
 */
export function ingestRateLimit(
  perSecond: number,
  now: () => number = () => performance.now(),
): MiddlewareHandler {
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const key = c.get('principal')?.tokenId ?? 'no token';
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: perSecond, at: t };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return next();
    }
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    c.header('Retry-After', String(wait));
    return c.json(
      {
        error: {
          code: 'rate_limited',
          message: `This token sends more than ${perSecond} requests a second to the ingest routes; nothing was applied. Send again in ${wait} s (a repeated event id applies once), or send events in batches.`,
        },
      },
      429,
    );
  };
}
