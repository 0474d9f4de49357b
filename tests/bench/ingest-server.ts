import { serve } from '@hono/node-server';
import { createApp, SqliteStore } from '@tandem/runtime';
import { Hono } from 'hono';
import { leadId, listenFlow, seedLeads } from './fixtures.ts';

/**
 * The server side of the ingest suite, in its own process so it never shares an event loop with the
 * load generator. `tandem <db> <leads>`: the real app (every middleware, validation, transition and
 * SQLite); `bare`: one Hono route on the same server stack that parses the JSON body and answers 200.
 * Sends `{ port }` to the parent once listening.
 */
const [mode, dbPath, leadsArg] = process.argv.slice(2);

async function tandemApp() {
  const store = new SqliteStore(dbPath as string);
  const app = createApp({ store });
  const rt = app.runtime;
  const leads = Number(leadsArg);
  const res = await app.request('/api/flows/bench-listen/publish', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(listenFlow),
  });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  await seedLeads(store, leads, rt.clock.now());
  await rt.store.transaction(async (tx) => {
    const version = await tx.latestVersion('bench-listen');
    if (!version) throw new Error('not published');
    for (let i = 0; i < leads; i++) {
      const lead = await tx.getLead(leadId(i));
      if (lead) await rt.engine.enroll(tx, lead, version, { via: 'api' });
    }
  });
  // As in a real deployment: the timer and outbox loop runs beside the API.
  rt.start();
  return app;
}

function bareApp() {
  const app = new Hono();
  app.post('/api/events', async (c) => c.json({ ok: true, id: ((await c.req.json()) as { id: string }).id }));
  app.post('/api/events/batch', async (c) =>
    c.json({ ok: true, n: ((await c.req.json()) as { events: unknown[] }).events.length }),
  );
  return app;
}

const app = mode === 'tandem' ? await tandemApp() : bareApp();
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ port: info.port });
});
process.on('message', (m) => {
  if (m === 'stop') process.exit(0);
});
