import { serve } from '@hono/node-server';
import { examples } from '@tandem/examples';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { publishExamples } from './runtime.ts';
import { restoreManualClock } from './scheduler.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/** Process entry: open the database, publish the examples, serve the API and the designer, tick timers. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = new SqliteStore(config.databasePath);
  const app = createApp({
    store,
    clock: config.clock,
    channels: config.channels,
    examples,
    staticDir: config.staticDir,
  });
  await restoreManualClock(store, config.clock);
  const published = await publishExamples(app.runtime);
  if (published.length) console.log(`Published example flows: ${published.join(', ')}`);
  app.runtime.start();
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(
      `Tandem runtime on http://localhost:${info.port} (API docs: /api/docs, clock: ${config.clock.mode}, db: ${config.databasePath})`,
    );
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing…`);
    server.close(async () => {
      await app.runtime.stop();
      await store.close();
      process.exit(0);
    });
    // Open keep-alive connections must not hold the process forever.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
