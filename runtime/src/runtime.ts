import type { ExampleFlow } from '@tandem/examples';
import { CaptureAdapter } from './channels/capture-adapter.ts';
import type { ChannelMap } from './channels/channel.ts';
import { channelNames } from './channels/channel-config.ts';
import { Dispatcher, type DispatcherOptions } from './channels/dispatcher.ts';
import { type Clock, systemClock } from './clock.ts';
import { Engine } from './engine/engine.ts';
import { loggable } from './http/redact.ts';
import { type EventSink, inProcessSink } from './ingest/apply.ts';
import { IngestThread } from './ingest/thread.ts';
import { publishIfChanged } from './publishing.ts';
import { Scheduler } from './scheduler.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import type { Store } from './store/store.ts';

export interface RuntimeOptions {
  store: Store;
  clock?: Clock;
  /** Adapter per channel; every channel not given is captured. */
  channels?: ChannelMap;
  dispatcher?: DispatcherOptions;
  /** Example flows offered by `GET /api/examples`. */
  examples?: ExampleFlow[];
  /**
   * Apply lead events on a thread of their own (`INGEST_THREAD`; the server's default with two cores or
   * more). Taken only with a database file; an in-memory database applies them on the calling thread.
   */
  ingestThread?: boolean;
}

/** The pieces of a running runtime, shared by the HTTP app, the process entry and tests. */
export interface Runtime {
  store: Store;
  clock: Clock;
  engine: Engine;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  channels: ChannelMap;
  examples: ExampleFlow[];
  /** Where the event routes apply lead events: this thread, or the ingest thread. */
  events: EventSink;
  /** Fires due timers, then delivers due messages: what one tick of the background loop does. */
  tick(): Promise<{ fired: number; sent: number }>;
  /** Starts the background loops (timers and outbox), for a real server. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const clock = options.clock ?? systemClock;
  const capture = new CaptureAdapter();
  const channels: ChannelMap = {
    ...Object.fromEntries(channelNames.map((c) => [c, capture])),
    ...options.channels,
  };
  const engine = new Engine(clock);
  const store = options.store;
  const scheduler = new Scheduler(store, engine, clock);
  const dispatcher = new Dispatcher(store, clock, channels, options.dispatcher);
  const events =
    options.ingestThread && store instanceof SqliteStore && store.path !== ':memory:'
      ? new IngestThread(store.path, store.writeTurn, clock, undefined, store.writeHealth)
      : inProcessSink({ store, engine, clock });
  let loop: ReturnType<typeof setInterval> | null = null;
  let ticking: Promise<unknown> | null = null;
  const tick = async () => {
    const fired = await scheduler.fireDue();
    const { sent } = await dispatcher.runOnce();
    return { fired, sent };
  };
  return {
    store,
    clock,
    engine,
    scheduler,
    dispatcher,
    channels,
    examples: options.examples ?? [],
    events,
    tick,
    start(intervalMs = 1000) {
      if (loop) return;
      events.start();
      loop = setInterval(() => {
        ticking ??= tick()
          .catch((e) => console.error(`runtime tick failed: ${loggable(e)}`))
          .finally(() => {
            ticking = null;
          });
      }, intervalMs);
      loop.unref?.();
    },
    async stop() {
      if (loop) clearInterval(loop);
      loop = null;
      await ticking;
      await events.close();
      await scheduler.stop();
      for (const adapter of new Set(Object.values(channels))) await adapter.close?.();
    },
  };
}

/**
 * Publishes the example flows whose latest version differs (or that are not published yet). Flows that
 * recycle into another example are retried after it is published, so the order of the list does not matter.
 */
export async function publishExamples(runtime: Runtime): Promise<string[]> {
  const published: string[] = [];
  let pending = [...runtime.examples];
  while (pending.length > 0) {
    const failed: ExampleFlow[] = [];
    let lastError: unknown = null;
    for (const example of pending) {
      try {
        const v = await runtime.store.transaction((tx) =>
          publishIfChanged(tx, example.flow, runtime.clock.now()),
        );
        if (v) published.push(`${v.flowId}@${v.version}`);
      } catch (error) {
        failed.push(example);
        lastError = error;
      }
    }
    if (failed.length === pending.length) throw lastError;
    pending = failed;
  }
  return published;
}
