import { serve } from '@hono/node-server';
import { SqliteStore } from '@tandem/runtime';
import { Hono } from 'hono';
import { benchApp, issueToken, leadId, listenFlow, publish, seedLeads } from './fixtures.ts';

/**
 * The server side of the ingest suite, in its own process so it never shares an event loop with the
 * load generator. `tandem <db> <leads>`: the real app (every middleware, validation, transition and
 * SQLite); `bare`: one Hono route on the same server stack that parses the JSON body and answers 200.
 * Sends `{ port }` to the parent once listening.
 */
const [mode, dbPath, leadsArg] = process.argv.slice(2);

async function tandemApp() {
  const store = new SqliteStore(dbPath as string);
  const { app, token } = await benchApp(store);
  const rt = app.runtime;
  const leads = Number(leadsArg);
  await publish(app, token, listenFlow);
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
  // The load generator posts as an ingest integration would: with its own ingest token.
  return { app, token: await issueToken(store, 'ingest') };
}

function bareApp() {
  const app = new Hono();
  app.post('/api/events', async (c) => c.json({ ok: true, id: ((await c.req.json()) as { id: string }).id }));
  app.post('/api/events/batch', async (c) =>
    c.json({ ok: true, n: ((await c.req.json()) as { events: unknown[] }).events.length }),
  );
  return { app, token: '' };
}

const { app, token } = mode === 'tandem' ? await tandemApp() : bareApp();
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ port: info.port, token });
});
process.on('message', (m) => {
  if (m === 'stop') process.exit(0);
});
