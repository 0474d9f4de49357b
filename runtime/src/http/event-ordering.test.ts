import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../testing.ts';

describe.each([
  ['applied on the main thread', false],
  ['applied on the ingest thread', true],
])('events %s', (_mode, ingestThread) => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  describe('events for one lead arriving together', () => {
    it('are applied one at a time, in arrival order', async () => {
      t = testApp({ ingestThread });
      const lead = await t.lead({ externalId: 'busy' });
      const n = 80;
      const responses = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          t.call('POST', '/api/events', {
            id: `burst-${i}`,
            leadId: lead.id,
            type: i % 2 ? 'attributes.changed' : 'page.visited',
            data: i % 2 ? { attributes: { seq: i }, score: i } : { url: `/p/${i}` },
          }),
        ),
      );
      expect(responses.every((r) => r.status === 200 && r.body.status === 'applied')).toBe(true);
      const types = t.store.db
        .prepare(
          'SELECT event_type AS type, data FROM timeline WHERE lead_id = ? AND event_type IS NOT NULL ORDER BY id',
        )
        .all(lead.id) as { type: string; data: string }[];
      const order = types
        .filter((e) => e.type !== 'lead.created')
        .map((e) => {
          const d = JSON.parse(e.data);
          return d.attributes ? d.attributes.seq : Number(d.url.split('/')[2]);
        });
      expect(order).toEqual(Array.from({ length: n }, (_, i) => i));
      // The last change wins, as it would applied one by one.
      const after = (await t.call('GET', `/api/leads/${lead.id}`)).body;
      expect(after).toMatchObject({ attributes: { seq: n - 1 }, score: n - 1 });
      const timeline = (await t.call('GET', `/api/leads/${lead.id}/timeline`)).body as { type: string }[];
      expect(
        timeline.filter((e) => e.type === 'page.visited' || e.type === 'attributes.changed'),
      ).toHaveLength(n);
    });

    it('refuse a bad event alone: the others in the same commit still apply', async () => {
      t = testApp({ ingestThread });
      const lead = await t.lead({ externalId: 'mixed' });
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          t.call('POST', '/api/events', {
            id: `mixed-${i}`,
            // Every fourth event names a lead that does not exist, one has an unknown type.
            leadId: i % 4 === 3 ? 'nobody' : lead.id,
            type: i === 5 ? 'no.such.event' : 'page.visited',
            data: { url: `/m/${i}` },
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([
        200, 200, 200, 404, 200, 422, 200, 404, 200, 200, 200, 404,
      ]);
      const visits = t.store.db
        .prepare("SELECT data FROM timeline WHERE lead_id = ? AND event_type = 'page.visited' ORDER BY id")
        .all(lead.id) as { data: string }[];
      expect(visits.map((v) => JSON.parse(v.data).url)).toEqual(
        [0, 1, 2, 4, 6, 8, 9, 10].map((i) => `/m/${i}`),
      );
      // A refused event's id was not used up: sent again correctly, it applies.
      const retry = await t.call('POST', '/api/events', {
        id: 'mixed-3',
        leadId: lead.id,
        type: 'page.visited',
      });
      expect(retry.body.status).toBe('applied');
    });
  });
});
