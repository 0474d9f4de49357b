import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type TestApp, testApp } from '../testing.ts';
import { ingestRateLimit } from './rate-limit.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A route behind the limit, with the token named by a header, on a clock the test moves. */
function limited(perSecond: number) {
  const clock = { ms: 0 };
  const app = new Hono();
  app.use('*', async (c, next) => {
    c.set('principal', {
      tokenId: c.req.header('x-token') ?? null,
      role: 'ingest',
      name: 'test',
      queues: null,
    });
    await next();
  });
  app.use(
    '*',
    ingestRateLimit(perSecond, () => clock.ms),
  );
  app.all('/events', (c) => c.json({ ok: true }));
  const send = (token = 'a', method = 'POST') =>
    app.request('/events', { method, headers: { 'x-token': token } });
  return { clock, send };
}

describe('the ingest rate limit', () => {
  it('answers 429 with Retry-After once a token goes over its requests a second, and lets it in again', async () => {
    const { clock, send } = limited(3);
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another token has a bucket of its own; reads are not counted.
    expect((await send('b')).status).toBe(200);
    expect((await send('a', 'GET')).status).toBe(200);
    // A third of a second later, one more request is allowed: 3 a second on average.
    clock.ms += 340;
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(429);
  });

  it('guards the runtime’s ingest routes when configured, and nothing is applied over the limit', async () => {
    t = testApp({ ingestRateLimit: 2 });
    // Posting the lead is ingest too: it takes one of the two requests of this second.
    const lead = await t.lead({ email: 'ann@example.com' });
    const first = await t.call('POST', '/api/events', { id: 'e1', leadId: lead.id, type: 'page.visited' });
    expect(first.status).toBe(200);
    const over = await t.call('POST', '/api/events', { id: 'e2', leadId: lead.id, type: 'page.visited' });
    expect(over.status).toBe(429);
    expect(over.body.error.message).toContain('more than 2 requests a second');
    const timeline = await t.timeline(lead.id);
    expect(timeline.filter((line) => line.startsWith('Page visited'))).toHaveLength(1);
    // Routes other than ingest are not limited.
    expect((await t.call('GET', `/api/leads/${lead.id}`)).status).toBe(200);
  });

  it('is read from INGEST_RATE_LIMIT, off by default, and a bad value stops the start with the reason', () => {
    expect(loadConfig({}).ingestRateLimit).toBeUndefined();
    expect(loadConfig({ INGEST_RATE_LIMIT: '250' }).ingestRateLimit).toBe(250);
    expect(() => loadConfig({ INGEST_RATE_LIMIT: 'fast' })).toThrow(
      /INGEST_RATE_LIMIT must be a whole number/,
    );
    expect(() => loadConfig({ INGEST_RATE_LIMIT: '0' })).toThrow(/INGEST_RATE_LIMIT/);
  });
});
