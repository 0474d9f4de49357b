import type { Clock } from '../clock.ts';
import type { OutboxRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { ChannelMap } from './channel.ts';
import { undeliveredLine } from './undelivered.ts';

export interface DispatcherOptions {
  batchSize?: number;
  /** Attempts before a message is dead-lettered. */
  maxAttempts?: number;
  /** First retry delay; doubles on every further failure up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A send that has not answered after this long counts as failed, so a hanging channel cannot stall. */
  sendTimeoutMs?: number;
}

export interface DispatchReport {
  sent: number;
  retried: number;
  dead: number;
}

/** Delay before the attempt after `attempts` failures: exponential, capped. */
export function backoff(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers the outbox. A message is marked sent only after its adapter accepted it, so a crash in
 * between means one more delivery with the same idempotency key, never a lost message.
 */
export class Dispatcher {
  readonly options: Required<DispatcherOptions>;
  #running: Promise<DispatchReport> | null = null;
  #stopped = false;
  /** Settles when `stop` is called: sends still waiting for their provider are then let go. */
  readonly #stopping: Promise<void>;
  #stop: () => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly channels: ChannelMap,
    options: DispatcherOptions = {},
  ) {
    this.options = {
      batchSize: 50,
      maxAttempts: 5,
      backoffMs: 30_000,
      maxBackoffMs: 3_600_000,
      sendTimeoutMs: 30_000,
      ...options,
    };
    this.#stopping = new Promise((resolve) => {
      this.#stop = resolve;
    });
  }

  /**
   * Stops delivering, for a shutdown: no message is taken after this, and a send still waiting for its
   * provider is let go without being recorded, so the message stays pending and is delivered after the
   * restart with the same idempotency key. Waiting for it instead held SIGTERM up to the send timeout
   * per message (30 s each) when a provider hung, and the process was then killed without closing.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stop();
    await this.#running;
  }

  /** Sends everything due now, batch after batch; concurrent calls share one run. */
  runOnce(): Promise<DispatchReport> {
    this.#running ??= this.#run().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #run(): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    const seen = new Set<string>();
    for (;;) {
      if (this.#stopped) return report;
      const due = (
        await this.store.read((tx) => tx.dueMessages(this.clock.now(), this.options.batchSize))
      ).filter((m) => !seen.has(m.id));
      if (due.length === 0) return report;
      // Channels are delivered side by side, each in order: a slow or failing one does not hold up the others.
      const byChannel = new Map<string, OutboxRecord[]>();
      for (const m of due) byChannel.set(m.channel, [...(byChannel.get(m.channel) ?? []), m]);
      await Promise.all(
        [...byChannel.values()].map(async (messages) => {
          for (const message of messages) {
            if (this.#stopped) return;
            seen.add(message.id);
            const outcome = await this.#deliver(message);
            if (outcome) report[outcome]++;
          }
        }),
      );
    }
  }

  /**
   * Puts dead letters (one by id, or all, optionally of one channel) back in the queue with fresh
   * attempts, due now; returns the ids requeued. They keep their idempotency keys.
   */
  replay(filter: { id?: string | undefined; channel?: string | undefined } = {}): Promise<string[]> {
    return this.store.transaction((tx) => tx.requeueDead(filter, this.clock.now()));
  }

  /** Sends one message and records the outcome; null when `stop` let the send go unrecorded. */
  async #deliver(message: OutboxRecord): Promise<keyof DispatchReport | null> {
    const adapter = this.channels[message.channel];
    const attempt = message.attempts + 1;
    let error: string | null = null;
    if (!adapter) error = `No adapter serves the “${message.channel}” channel.`;
    else {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`No answer within ${this.options.sendTimeoutMs} ms.`)),
          this.options.sendTimeoutMs,
        );
      });
      try {
        const answered = await Promise.race([
          timeout,
          this.#stopping.then(() => false),
          adapter
            .send({
              id: message.id,
              idempotencyKey: message.idempotencyKey,
              channel: message.channel,
              leadId: message.leadId,
              payload: message.payload,
              attempt,
            })
            .then(() => true),
        ]);
        if (!answered) return null;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      } finally {
        clearTimeout(timer);
      }
    }
    const now = this.clock.now();
    const { maxAttempts, backoffMs, maxBackoffMs } = this.options;
    const next: OutboxRecord =
      error === null
        ? { ...message, status: 'sent', attempts: attempt, sentAt: now, lastError: null }
        : attempt >= maxAttempts || !adapter
          ? { ...message, status: 'dead', attempts: attempt, lastError: error, deadAt: now }
          : {
              ...message,
              attempts: attempt,
              lastError: error,
              nextAttemptAt: now + backoff(attempt, backoffMs, maxBackoffMs),
            };
    await this.store.transaction(async (tx) => {
      await tx.saveMessage(next);
      if (next.status === 'dead') await tx.addTimeline(undeliveredLine(next, now));
    });
    return next.status === 'sent' ? 'sent' : next.status === 'dead' ? 'dead' : 'retried';
  }
}
