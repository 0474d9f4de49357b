import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../testing.ts';

const secret = 'inbound-secret-for-tests';
let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** Posts a provider webhook, signed like a provider would (or with the given headers). */
async function post(body: unknown, opts: { at?: number; key?: string; signature?: string } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(opts.at ?? Date.now());
  const signature =
    opts.signature ??
    `sha256=${createHmac('sha256', opts.key ?? secret)
      .update(`${timestamp}.${raw}`)
      .digest('hex')}`;
  const res = await t.app.request('/api/webhooks/mailer', {
    method: 'POST',
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-tandem-timestamp': timestamp,
      'x-tandem-signature': signature,
    },
  });
  return { status: res.status, body: await res.json() };
}

describe('inbound webhooks', () => {
  it('applies signed provider events without a token and refuses replays, stale and forged requests', async () => {
    t = testApp({ webhookSecret: secret });
    const lead = await t.lead({ email: 'hook@example.com' });
    const event = { id: 'open-1', email: 'hook@example.com', type: 'email.opened' };
    const signedAt = Date.now();
    const ok = await post(event, { at: signedAt });
    expect(ok).toMatchObject({ status: 200, body: { results: [{ id: 'open-1', status: 'applied' }] } });
    expect(await t.timeline(lead.id)).toContain('Email opened');

    expect((await post(event, { at: signedAt })).body.error.code).toBe('webhook_replayed');
    expect((await post(event, { at: Date.now() - 6 * 60_000 })).body.error.code).toBe('stale_webhook');
    expect((await post(event, { key: 'guessed' })).body.error.code).toBe('bad_signature');
    expect((await post(event, { signature: '' })).status).toBe(401);
    const batch = await post({
      events: [
        { ...event, id: 'open-2' },
        { ...event, id: 'open-3', type: 'nope' },
      ],
    });
    expect(batch).toMatchObject({ status: 422, body: { error: { path: ['events', 1, 'type'] } } });
    expect((await post({ events: [{ ...event, id: 'open-2' }] })).body.results[0].status).toBe('applied');
    const seen = t.store.db.prepare('SELECT COUNT(*) AS n FROM processed_events').get() as { n: number };
    expect(seen.n).toBe(2);
  });

  it('names the field that fails and refuses oversize batches as the event routes do', async () => {
    t = testApp({ webhookSecret: secret });
    await t.lead({ email: 'hook@example.com' });
    const wrongType = await post({ id: 'w', email: 'hook@example.com', type: 123 });
    expect(wrongType).toMatchObject({ status: 400, body: { error: { path: ['type'] } } });
    const entry = await post({
      events: [{ id: 'w1', email: 'hook@example.com', type: 'email.opened', at: 'yesterday' }],
    });
    expect(entry).toMatchObject({ status: 400, body: { error: { path: ['events', 0, 'at'] } } });
    const many = Array.from({ length: 1001 }, (_, i) => ({
      id: `m${i}`,
      email: 'hook@example.com',
      type: 'email.opened',
    }));
    const large = await post({ events: many });
    expect(large).toMatchObject({ status: 413, body: { error: { code: 'batch_too_large' } } });
    const seen = t.store.db.prepare('SELECT COUNT(*) AS n FROM processed_events').get() as { n: number };
    expect(seen.n).toBe(0);
  });

  it('is off without WEBHOOK_INBOUND_SECRET', async () => {
    t = testApp();
    expect((await post({ id: 'x', type: 'email.opened' })).body.error.code).toBe('webhooks_off');
  });
});
