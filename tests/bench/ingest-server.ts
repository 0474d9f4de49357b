import { performance as nodePerformance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { type Clock, type EventSink, IngestThread, SqliteStore } from '@tandem/runtime';
import { Hono } from 'hono';
import { benchApp, issueToken, leadId, listenFlow, publish, scoreFlow, seedLeads } from './fixtures.ts';

/**
 * The server side of the ingest suite, in its own process so it never shares an event loop with the
 * load generator. `tandem <db> <leads> [--in-process] [--flow=score] [--answer-only=thread|main]`: the real
 * app (every middleware, validation, transition and SQLite; events applied on the ingest thread, as the
 * server does, unless `--in-process`), its leads enrolled in `listenFlow`, or in `scoreFlow` with
 * `--flow=score`. With `--answer-only` the same app answers each single event without checking or applying
 * it, after parsing its JSON on the ingest thread (`hand-off-worker.ts`) or on the main thread: the ceilings
 * of the two designs at a given concurrency. `bare`: one Hono route on the same server stack that parses the
 * JSON body and answers 200. Sends `{ port }` to the parent once listening.
 */
const [mode, dbPath, leadsArg] = process.argv.slice(2);

async function tandemApp() {
  const store = new SqliteStore(dbPath as string);
  const { app, token } = await benchApp(store, undefined, !process.argv.includes('--in-process'));
  const rt = app.runtime;
  const answerOnly = process.argv.find((a) => a.startsWith('--answer-only='))?.slice('--answer-only='.length);
  // Answering without applying reads no lead: none are seeded.
  const leads = answerOnly ? 0 : Number(leadsArg);
  const flow = process.argv.includes('--flow=score') ? scoreFlow : listenFlow;
  await publish(app, token, flow);
  await seedLeads(store, leads, rt.clock.now());
  await rt.store.transaction(async (tx) => {
    const version = await tx.latestVersion(flow.id);
    if (!version) throw new Error('not published');
    for (let i = 0; i < leads; i++) {
      const lead = await tx.getLead(leadId(i));
      if (lead) await rt.engine.enroll(tx, lead, version, { via: 'api' });
    }
  });
  if (answerOnly) rt.events = answeringSink(answerOnly, store, rt);
  // As in a real deployment: the timer and outbox loop runs beside the API.
  rt.start();
  // The load generator posts as an ingest integration would: with its own ingest token.
  return { app, token: await issueToken(store, 'ingest') };
}

/** A sink that answers single events without applying them (see `--answer-only`), in place of the real one. */
function answeringSink(
  where: string,
  store: SqliteStore,
  rt: { events: EventSink; clock: Clock },
): EventSink {
  void rt.events.close();
  if (where === 'thread') {
    const thread = new IngestThread(
      store.path,
      store.writeTurn,
      rt.clock,
      new URL('./hand-off-worker.ts', import.meta.url).href,
    );
    thread.start();
    return thread;
  }
  if (where !== 'main') throw new Error(`--answer-only=${where}: use thread or main`);
  return {
    single: async (body) => {
      const { id } = JSON.parse(body ?? '{}') as { id: string };
      return { id, status: 'applied', delivered: 0, enrolled: [] };
    },
    batch: () => Promise.reject(new Error('--answer-only answers single events only')),
    start: () => {},
    close: async () => {},
  };
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
if (process.argv.includes('--measure')) {
  measure('runtime' in app ? (app.runtime.store as SqliteStore) : null);
}

/**
 * `--measure` (bench/profile-ingest.ts): on `mark` the counters restart; on `report` the process answers
 * how busy its event loop was, and, for the real app, its transactions (count and time, queue waits
 * included) and the time spent in each SQL statement, from a wrapper around better-sqlite3's statements.
 */
function measure(store: SqliteStore | null): void {
  const loopUse = nodePerformance.eventLoopUtilization;
  const statements = new Map<string, number>();
  let transactions = 0;
  let transactionMs = 0;
  if (store) {
    const proto = Object.getPrototypeOf(store.db.prepare('SELECT 1')) as Record<string, unknown>;
    for (const method of ['run', 'get', 'all'] as const) {
      const original = proto[method] as (this: { source: string }, ...args: unknown[]) => unknown;
      proto[method] = function (this: { source: string }, ...args: unknown[]) {
        const started = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          const key = this.source.replace(/\s+/g, ' ').slice(0, 70);
          statements.set(key, (statements.get(key) ?? 0) + performance.now() - started);
        }
      };
    }
    const transaction = store.transaction.bind(store);
    store.transaction = async (work) => {
      const started = performance.now();
      try {
        return await transaction(work);
      } finally {
        transactions++;
        transactionMs += performance.now() - started;
      }
    };
  }
  let since = loopUse();
  process.on('message', (m) => {
    if (m === 'mark') {
      statements.clear();
      transactions = 0;
      transactionMs = 0;
      since = loopUse();
      process.send?.('marked');
    }
    if (m === 'report') {
      const loop = loopUse(since);
      process.send?.({
        busyMs: loop.active,
        utilisation: loop.utilization,
        transactions,
        transactionMs,
        statements: [...statements].sort((a, b) => b[1] - a[1]),
      });
    }
  });
}
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.send?.({ port: info.port, token });
});
process.on('message', (m) => {
  if (m === 'stop') process.exit(0);
});
