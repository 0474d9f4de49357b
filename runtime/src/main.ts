import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import { examples } from '@tandem/examples';
import { createApp } from './app.ts';
import { bootstrapAdmin } from './auth/tokens.ts';
import { loadConfig } from './config.ts';
import { loggable } from './http/redact.ts';
import { IngestThread } from './ingest/thread.ts';
import { publishExamples } from './runtime.ts';
import { restoreManualClock } from './scheduler.ts';
import { RuntimeLock, StoreOpenError } from './store/open-database.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/** Process entry: open the database, publish the examples, serve the API and the designer, tick timers. */
/** Why the runtime cannot start, in words the user can act on. */
class StartError extends Error {}

/** How long a SIGTERM waits for requests in flight before the process exits anyway. */
const closeWaitMs = 10_000;

/** Fails, saying so, when another program already listens on `port` (0 takes any free port). */
async function checkPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartError(
              `Port ${port} is already in use (another Tandem runtime, or another program). Stop it, or start this one with PORT=<another port>.`,
            )
          : error,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Before the database is touched: a second start on a busy port changes nothing.
  await checkPortFree(config.port);
  // Before migrating or publishing: a second runtime on the same file would deliver everything twice.
  const lock = RuntimeLock.acquire(config.databasePath);
  const store = new SqliteStore(config.databasePath);
  const app = createApp({
    store,
    clock: config.clock,
    channels: config.channels,
    examples,
    staticDir: config.staticDir,
    corsOrigins: config.corsOrigins,
    webhookSecret: config.webhookSecret,
    ingestThread: config.ingestThread,
    ingestRateLimit: config.ingestRateLimit,
  });
  await restoreManualClock(store, config.clock);
  const access = await bootstrapAdmin(store, config.adminToken, Date.now());
  if (access.secret) {
    console.log(
      [
        '',
        'First start: an admin token was created. It is shown this once; keep it somewhere safe.',
        '',
        `    ${access.secret}`,
        '',
        'Send it as "Authorization: Bearer <token>" (or paste it into the designer), and create tokens',
        'for people and systems with: pnpm --filter @tandem/runtime tokens create --role marketing --name "…"',
        '',
      ].join('\n'),
    );
  } else if (access.created === 'env') console.log('Admin token from TANDEM_ADMIN_TOKEN is active.');
  const published = await publishExamples(app.runtime);
  if (published.length) console.log(`Published example flows: ${published.join(', ')}`);
  app.runtime.start();
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(
      `Tandem runtime on http://localhost:${info.port} (API docs: /api/docs, clock: ${config.clock.mode}, db: ${config.databasePath}, events applied ${app.runtime.events instanceof IngestThread ? 'on their own thread' : 'on the main thread'})`,
    );
  });
  let stopping = false;
  // Responses not yet started; once stopping, each closes its connection so no keep-alive outlives it.
  const open = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) {
      if (!res.headersSent) res.setHeader('connection', 'close');
      return;
    }
    open.add(res);
    res.once('close', () => open.delete(res));
  });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing…`);
    for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
    // A provider that does not answer must not hold the close (nor a clock advance in flight): the
    // messages it held stay pending and go out after the restart with the same idempotency keys.
    void app.runtime.dispatcher.stop();
    // Stop accepting; requests in flight finish, idle keep-alive connections are closed.
    server.close(async () => {
      try {
        await app.runtime.stop();
        await store.close();
        lock.release();
      } catch (error) {
        console.error(`Closing failed (every acknowledged change is stored): ${loggable(error)}`);
        process.exit(1);
      }
      console.log('Closed cleanly.');
      process.exit(0);
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    // Connections that stay busy must not hold the process forever.
    setTimeout(() => {
      console.error(
        `Still busy ${closeWaitMs / 1000} s after ${signal} (requests in flight): exiting without a clean close. Every acknowledged change is stored; the database is recovered on the next start.`,
      );
      process.exit(1);
    }, closeWaitMs).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  // A problem the user can fix is said in one line; anything else with its stack.
  console.error(error instanceof StartError || error instanceof StoreOpenError ? error.message : error);
  process.exit(1);
});
