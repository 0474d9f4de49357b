import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';

describe.each([
  ['applied on the main thread', false],
  ['applied on the ingest thread', true],
])('events %s', (_mode, ingestThread) => {
  let t: TestApp;
  let leadId: string;

  /** Everything a bad request must leave untouched. */
  async function snapshot() {
    const lead = (await t.call('GET', `/api/leads/${leadId}`)).body;
    const timeline = (await t.call('GET', `/api/leads/${leadId}/timeline`)).body;
    const outbox = (await t.call('GET', '/api/outbox')).body;
    const tasks = (await t.call('GET', '/api/tasks')).body;
    return { lead, timeline, outbox, tasks };
  }

  beforeEach(async () => {
    t = testApp({ ingestThread });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    leadId = (await t.lead({ externalId: 'crm-1', email: 'ada@example.com' })).id;
    await t.call('POST', '/api/flows/sample/enrollments', { leadId });
  });
  afterEach(async () => {
    await t.close();
  });

  describe('POST /api/events', () => {
    it('applies a repeated event id once and acknowledges the repeat', async () => {
      const event = {
        id: 'esp-123',
        email: 'ADA@example.com',
        type: 'email.clicked',
        data: { url: 'https://x.example/p' },
      };
      expect((await t.call('POST', '/api/events', event)).body).toMatchObject({
        status: 'applied',
        delivered: 1,
      });
      const before = await snapshot();
      const again = await t.call('POST', '/api/events', event);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ status: 'duplicate', delivered: 0 });
      expect(await snapshot()).toEqual(before);
      expect(before.tasks).toHaveLength(1);
      expect(before.timeline.filter((e: { type: string }) => e.type === 'email.clicked')).toHaveLength(1);
    });

    it.each([
      [
        'an unknown lead',
        { id: 'e1', leadId: 'nobody', type: 'email.opened' },
        404,
        'unknown_lead',
        ['leadId'],
      ],
      [
        'an unknown external id',
        { id: 'e1', externalId: 'crm-9', type: 'email.opened' },
        404,
        'unknown_lead',
        ['externalId'],
      ],
      ['no lead key', { id: 'e1', type: 'email.opened' }, 400, 'missing_lead_key', ['leadId']],
      [
        'two keys naming different leads',
        { id: 'e1', leadId: '$lead', externalId: 'crm-9', type: 'email.opened' },
        409,
        'lead_keys_disagree',
        ['externalId'],
      ],
      [
        'an unknown event type',
        { id: 'e1', leadId: '$lead', type: 'fax.received' },
        422,
        'unknown_event_type',
        ['type'],
      ],
      [
        'an event type named like an object’s method',
        { id: 'e1', leadId: '$lead', type: 'toString' },
        422,
        'unknown_event_type',
        ['type'],
      ],
      [
        'a reserved event type',
        { id: 'e1', leadId: '$lead', type: 'task.completed' },
        400,
        'reserved_event_type',
        ['type'],
      ],
      [
        'an event type of the flow engine',
        { id: 'e1', leadId: '$lead', type: 'xstate.after.1000.welcome' },
        400,
        'reserved_event_type',
        ['type'],
      ],
      [
        'a bad payload',
        { id: 'e1', leadId: '$lead', type: 'call.logged', data: {} },
        400,
        'invalid_event_data',
        ['data', 'outcome'],
      ],
      ['a missing id', { leadId: '$lead', type: 'email.opened' }, 400, 'invalid_input', ['id']],
      [
        'a bad date',
        { id: 'e1', leadId: '$lead', type: 'email.opened', at: 'yesterday' },
        400,
        'invalid_input',
        ['at'],
      ],
      [
        'data nested too deep to be read back',
        {
          id: 'e1',
          leadId: '$lead',
          type: 'page.visited',
          data: { x: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) },
        },
        400,
        'invalid_input',
        ['data'],
      ],
      [
        'a time far ahead of the runtime’s clock',
        { id: 'e1', leadId: '$lead', type: 'email.opened', at: '2099-01-01T00:00:00Z' },
        400,
        'event_in_future',
        ['at'],
      ],
    ])('refuses %s with a clear error and changes nothing', async (_name, body, status, code, path) => {
      const before = await snapshot();
      const res = await t.call(
        'POST',
        '/api/events',
        JSON.parse(JSON.stringify(body).replace('$lead', leadId)),
      );
      expect(res.status).toBe(status);
      expect(res.body.error).toMatchObject({ code, path });
      expect(res.body.error.message.length).toBeGreaterThan(10);
      expect(await snapshot()).toEqual(before);
    });

    it('answers 400, not 500, for data nested far too deep to parse', async () => {
      const deep = `{"id":"deep","leadId":"${leadId}","type":"page.visited","data":{"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`;
      const res = await t.app.request('/api/events', {
        method: 'POST',
        headers: { ...t.headers, 'content-type': 'application/json' },
        body: deep,
      });
      expect(res.status).toBe(400);
      expect(
        (await t.call('POST', '/api/events', { id: 'deep', leadId, type: 'page.visited' })).body.status,
      ).toBe('applied');
    });

    it('refuses event data naming “__proto__”, alone or in a batch, pointing at it and applying nothing', async () => {
      const before = await snapshot();
      /** Sent as JSON text: in a JavaScript literal `__proto__` would set the prototype, not send a key. */
      const post = async (url: string, body: string) => {
        const res = await t.app.request(url, {
          method: 'POST',
          headers: { ...t.headers, 'content-type': 'application/json' },
          body,
        });
        return { status: res.status, body: await res.json() };
      };
      const click = (id: string, data: string) =>
        `{"id":"${id}","leadId":"${leadId}","type":"email.clicked","data":${data}}`;
      const single = await post('/api/events', click('p1', '{"__proto__":{"x":1}}'));
      expect(single.status).toBe(400);
      expect(single.body.error).toMatchObject({ code: 'invalid_input', path: ['data', '__proto__'] });
      expect(single.body.error.message).toContain('__proto__');
      const batch = await post(
        '/api/events/batch',
        `{"events":[${click('p2', '{}')},${click('p3', '{"url":"https://x.example","__proto__":{"x":1}}')}]}`,
      );
      expect(batch.status).toBe(400);
      expect(batch.body.error).toMatchObject({
        code: 'invalid_input',
        path: ['events', 1, 'data', '__proto__'],
      });
      // The click was not applied (the lead is still at its email), and the ids are still free.
      expect(await snapshot()).toEqual(before);
      expect(
        (await t.call('POST', '/api/events', { id: 'p1', leadId, type: 'email.clicked' })).body.status,
      ).toBe('applied');
    });

    it('takes an event stamped a little ahead of the clock as happening now', async () => {
      const now = (await t.call('GET', '/api/admin/clock')).body.epochMs;
      const res = await t.call('POST', '/api/events', {
        id: 'skew',
        leadId,
        type: 'email.opened',
        at: now + 60_000,
      });
      expect(res.body.status).toBe('applied');
      const timeline = (await t.call('GET', `/api/leads/${leadId}/timeline`)).body;
      const line = timeline.find((e: { type: string }) => e.type === 'email.opened');
      expect(line.at).toBe(new Date(now).toISOString());
    });

    it('refuses bodies that are not JSON, malformed or too large', async () => {
      const before = await snapshot();
      const text = await t.app.request('/api/events', {
        method: 'POST',
        body: 'id=1',
        headers: { ...t.headers, 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
      expect((await text.json()).error.code).toBe('unsupported_media_type');
      const broken = await t.app.request('/api/events', {
        method: 'POST',
        body: '{"id":',
        headers: { ...t.headers, 'content-type': 'application/json' },
      });
      expect(broken.status).toBe(400);
      expect((await broken.json()).error).toMatchObject({
        code: 'bad_request',
        message: 'Malformed JSON in request body',
      });
      const untyped = await t.app.request('/api/events', { method: 'POST', body: '{}', headers: t.headers });
      expect(untyped.status).toBe(415);
      const huge = await t.call('POST', '/api/events', {
        id: 'big',
        leadId,
        type: 'page.visited',
        data: { url: 'x'.repeat(6 * 1024 * 1024) },
      });
      expect(huge.status).toBe(413);
      expect(await snapshot()).toEqual(before);
    });

    it('accepts custom event types that a published flow waits for', async () => {
      await t.call('POST', '/api/flows/waiter/publish', {
        id: 'waiter',
        name: 'Waiter',
        nodes: [
          { id: 'start', kind: 'entry' },
          {
            id: 'w',
            kind: 'waitForEvent',
            settings: { eventType: 'pricing.visited', timeout: { amount: 1, unit: 'days' } },
            terminal: ['received', 'timedOut'],
          },
        ],
        edges: [{ id: 'e', source: 'start', outcome: 'next', target: 'w' }],
      });
      expect(
        (await t.call('POST', '/api/events', { id: 'p1', leadId, type: 'pricing.visited' })).status,
      ).toBe(200);
    });
  });

  describe('POST /api/events/batch', () => {
    it('applies a batch in order, each id once', async () => {
      const res = await t.call('POST', '/api/events/batch', {
        events: [
          { id: 'b1', leadId, type: 'email.opened' },
          { id: 'b1', leadId, type: 'email.opened' },
          {
            id: 'b2',
            externalId: 'crm-1',
            type: 'call.logged',
            data: { outcome: 'connected', note: 'Asked for pricing' },
          },
        ],
      });
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
        'applied',
        'duplicate',
        'applied',
      ]);
      const timeline = (await t.call('GET', `/api/leads/${leadId}/timeline`)).body.map(
        (e: { text: string }) => e.text,
      );
      expect(timeline).toContain('Call logged: connected · Asked for pricing');
    });

    it('refuses the whole batch when one event is bad, pointing at it', async () => {
      const before = await snapshot();
      const res = await t.call('POST', '/api/events/batch', {
        events: [
          { id: 'c1', leadId, type: 'email.clicked' },
          { id: 'c2', leadId, type: 'email.opened' },
          { id: 'c3', leadId, type: 'nonsense.happened' },
        ],
      });
      expect(res.status).toBe(422);
      expect(res.body.error.path).toEqual(['events', 2, 'type']);
      expect(await snapshot()).toEqual(before);
      // Nothing was recorded, so the first event is still new.
      expect(
        (await t.call('POST', '/api/events', { id: 'c1', leadId, type: 'email.clicked' })).body.status,
      ).toBe('applied');
    });

    it('refuses batches over the limit', async () => {
      const events = Array.from({ length: 1001 }, (_, i) => ({ id: `x${i}`, leadId, type: 'page.visited' }));
      const res = await t.call('POST', '/api/events/batch', { events });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('batch_too_large');
    });
  });
});
