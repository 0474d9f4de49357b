import { sampleFlow, type TestApp, testApp } from '@tandem/runtime/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Random and mutated requests against the event, lead and flow routes: none may answer 500, and a
 * refused request must leave every table exactly as it was (no half-written rows).
 */
const runs = Number(process.env.FC_RUNS ?? 500);
const tables = [
  'leads',
  'processed_events',
  'enrollments',
  'timers',
  'tasks',
  'outbox',
  'timeline',
  'flows',
  'flow_versions',
];
const expected = new Set([200, 201, 400, 404, 409, 413, 415, 422]);
export const tried = { requests: 0, refused: 0, applied: 0 };

let t: TestApp;
let leadId: string;
beforeAll(async () => {
  t = testApp();
  await t.call('POST', '/api/flows/sample/publish', sampleFlow());
  leadId = (await t.lead({ email: 'prop@example.com', externalId: 'prop' })).id;
  await t.call('POST', '/api/flows/sample/enrollments', { leadId });
});
afterAll(async () => {
  console.log(`event API properties: ${JSON.stringify(tried)}`);
  await t.close();
});

function snapshot(): string {
  const db = t.store.db;
  const parts = tables.map((table) => JSON.stringify(db.prepare(`SELECT COUNT(*) AS c FROM ${table}`).get()));
  parts.push(
    JSON.stringify(
      db.prepare('SELECT SUM(score), SUM(length(attributes)), MAX(updated_at) FROM leads').get(),
    ),
  );
  parts.push(JSON.stringify(db.prepare('SELECT SUM(length(snapshot)), MAX(rowid) FROM enrollments').get()));
  return parts.join('|');
}

async function send(method: string, path: string, body: string, contentType = 'application/json') {
  const before = snapshot();
  const res = await t.app.request(path, {
    method,
    body,
    headers: { ...t.headers, 'content-type': contentType },
  });
  const json = (await res.json()) as { error?: { code: string; message: string } };
  tried.requests++;
  expect(expected.has(res.status), `${res.status} ${JSON.stringify(json)} for ${body.slice(0, 300)}`).toBe(
    true,
  );
  if (res.status >= 400) {
    tried.refused++;
    expect(json.error?.message.length).toBeGreaterThan(5);
    expect(snapshot()).toBe(before);
  } else tried.applied++;
}

const types = fc.constantFrom(
  'email.opened',
  'email.clicked',
  'page.visited',
  'call.logged',
  'attributes.changed',
  'form.submitted',
  'task.completed',
  'xstate.after.1',
  'nope',
  '',
  'webinar.attended',
);
const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
);
const leadRef = () =>
  fc.oneof(
    fc.record({ leadId: fc.oneof(fc.constant(leadId), fc.string(), anyValue) }),
    fc.record({ externalId: fc.oneof(fc.constant('prop'), fc.string()) }),
    fc.record({ email: fc.oneof(fc.constant('prop@example.com'), fc.emailAddress(), anyValue) }),
    fc.constant({}),
  );
const eventish = () =>
  fc
    .tuple(
      fc.record(
        {
          id: fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }), anyValue),
          type: fc.oneof(types, anyValue),
          nodeId: fc.oneof(fc.constantFrom('welcome', 'call', 'nope'), anyValue),
          flowId: fc.oneof(fc.constant('sample'), anyValue),
          data: fc.oneof(
            fc.record(
              { attributes: fc.dictionary(fc.string(), fc.jsonValue()), score: anyValue, outcome: anyValue },
              { requiredKeys: [] },
            ),
            anyValue,
          ),
          at: fc.oneof(
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            fc.integer(),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
      leadRef(),
    )
    .map(([ev, ref]) => ({ ...ev, ...ref }));

/** Mostly valid events (so applying paths are exercised too), some of them mutated. */
const validish = () =>
  fc
    .tuple(
      fc.uuid(),
      fc.constantFrom(
        'email.opened',
        'email.clicked',
        'page.visited',
        'form.submitted',
        'attributes.changed',
      ),
      fc.option(
        fc.record({
          attributes: fc.dictionary(
            fc.string({ maxLength: 10 }),
            fc.oneof(fc.string(), fc.integer(), fc.boolean()),
          ),
          url: fc.string(),
        }),
      ),
      fc.oneof(
        { arbitrary: fc.constant(null), weight: 2 },
        {
          arbitrary: fc.tuple(fc.constantFrom('id', 'type', 'leadId', 'data', 'at', 'nodeId'), anyValue),
          weight: 1,
        },
      ),
    )
    .map(([id, type, data, mutation]) => {
      const ev: Record<string, unknown> = { id, leadId, type, data: data ?? { attributes: { a: 1 } } };
      if (mutation) ev[mutation[0]] = mutation[1];
      return ev;
    });
const events = () => fc.oneof({ arbitrary: validish(), weight: 3 }, { arbitrary: eventish(), weight: 2 });

describe('event API under random and mutated input', () => {
  it('never answers 500 nor half-writes for random event objects', async () => {
    await fc.assert(
      fc.asyncProperty(events(), async (ev) => send('POST', '/api/events', JSON.stringify(ev))),
      { numRuns: runs },
    );
  });

  it('refuses a batch with any bad event as a whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(events(), { minLength: 0, maxLength: 8 }), async (events) =>
        send('POST', '/api/events/batch', JSON.stringify({ events })),
      ),
      { numRuns: runs },
    );
  });

  it('never answers 500 for arbitrary JSON, broken JSON or other content types', async () => {
    const paths = fc.constantFrom(
      '/api/events',
      '/api/events/batch',
      '/api/leads',
      '/api/flows/sample/enrollments',
      '/api/tasks/x/complete',
    );
    await fc.assert(
      fc.asyncProperty(
        paths,
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
          fc.constant('{"id":'),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8'),
        async (path, body, type) => send('POST', path, body, type),
      ),
      { numRuns: runs },
    );
  });

  it('never answers 500 for mutated flow documents saved or published through the API', async () => {
    const base = sampleFlow();
    const mutated = fc
      .tuple(
        fc.constantFrom(...Object.keys(base), 'nodes.0', 'nodes.1.settings', 'edges.0', 'edges'),
        anyValue,
      )
      .map(([key, value]) => {
        const doc = structuredClone(base) as Record<string, unknown>;
        const [head, index, field] = key.split('.');
        if (index === undefined) doc[head as string] = value;
        else {
          const list = doc[head as string] as Record<string, unknown>[];
          if (field) (list[Number(index)] as Record<string, unknown>)[field] = value;
          else list[Number(index)] = value as Record<string, unknown>;
        }
        return doc;
      });
    await fc.assert(
      fc.asyncProperty(
        mutated,
        fc.constantFrom('PUT /api/flows/sample/draft', 'POST /api/flows/sample/publish'),
        async (doc, route) => {
          const [method, path] = route.split(' ') as [string, string];
          await send(method, path, JSON.stringify(doc));
        },
      ),
      { numRuns: runs },
    );
  });
});
