import { parentPort, workerData } from 'node:worker_threads';
import type { Clock } from '../clock.ts';
import { Engine } from '../engine/engine.ts';
import { batchEvents, singleEvent } from '../http/event-routes.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { ingestOwner, WriteTurn } from '../store/write-turn.ts';
import { ArrivalClock, EventGroupCommit, type IngestContext, ingestBatch } from './apply.ts';
import { type IngestMessage, type IngestRequest, packError, turnReplies } from './thread.ts';

/** The ingest thread (see IngestThread): its own connection to the database file, engine and caches. */
const port = parentPort;
if (!port) throw new Error('ingest/worker.ts runs as a worker thread.');
const { path, turn, clockMode } = workerData as { path: string; turn: Int32Array; clockMode: Clock['mode'] };
const store = new SqliteStore(path, { writeTurn: new WriteTurn(turn, ingestOwner) });
const clock = new ArrivalClock(clockMode);
const ctx: IngestContext = { store, engine: new Engine(clock), clock, arrived: (at) => clock.set(at) };
// Single events are grouped here as the main thread groups them when there is no ingest thread: those
// that arrived while the previous group was being applied commit together. The answers settled in one
// turn go back in one message.
const singles = new EventGroupCommit(ctx);
const answer = turnReplies(port);

port.on('message', (m: IngestMessage) => {
  if (m === 'close') {
    void store.close().then(() => port.close());
    return;
  }
  for (const request of m) void handle(request);
});

async function handle(m: IngestRequest): Promise<void> {
  try {
    const value =
      m.kind === 'event'
        ? await singles.apply({ event: singleEvent(m.body), at: m.at })
        : await ingestBatch(ctx, batchEvents(m.body), m.at);
    answer(m.job, { ok: true, value });
  } catch (error) {
    answer(m.job, { ok: false, error: packError(error) });
  }
}
