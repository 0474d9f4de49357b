import { type Clock, ManualClock } from './clock.ts';
import type { Engine } from './engine/engine.ts';
import { loggable } from './http/redact.ts';
import type { Store, StoreTx } from './store/store.ts';

/** A timer whose step fails is retried this much later instead of blocking the queue. */
const failedTimerRetryMs = 60_000;

/**
 * Fires stored timers as they fall due, in batches, each in its own transaction. Timers live in the
 * database, so a restart loses nothing: whatever fell due while the process was down fires on start.
 */
/** Settings key of the manual clock's current time. */
export const MANUAL_CLOCK_KEY = 'manualClock.now';

/** Puts a manual clock back where it stood before a restart (never backwards). */
export async function restoreManualClock(store: Store, clock: Clock): Promise<void> {
  if (!(clock instanceof ManualClock)) return;
  const saved = await store.read((tx) => tx.getSetting(MANUAL_CLOCK_KEY));
  if (saved !== null) clock.set(Number(saved));
}

/** Work other than timers that falls due at times of its own (see `Scheduler.advance`). */
export interface TimedWork {
  /** When it is next due; null when nothing is waiting. */
  next(): Promise<number | null>;
  /** Does what is due now. */
  run(): Promise<unknown>;
}

export class Scheduler {
  #interval: ReturnType<typeof setInterval> | null = null;
  #running: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly clock: Clock,
    /** Timers fired per transaction. */
    readonly batchSize = 500,
    private readonly onError: (error: unknown) => void = (e) => console.error(`timer failed: ${loggable(e)}`),
  ) {}

  /** Fires every timer due at or before the clock's now; returns how many fired. */
  fireDue(): Promise<number> {
    this.#running ??= this.#fire().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #fire(): Promise<number> {
    let fired = 0;
    // A batch first runs without savepoints (they cost as much as a tenth of a timer); if any step
    // fails, the whole batch rolls back and runs again with a savepoint per timer, so the failing one
    // is retried later and does not undo the others.
    let careful = false;
    for (;;) {
      let batch: { due: number; fired: number };
      try {
        batch = await this.store.transaction((tx) => this.#batch(tx, careful));
      } catch (error) {
        if (careful) throw error;
        careful = true;
        continue;
      }
      careful = false;
      fired += batch.fired;
      if (batch.due === 0) return fired;
    }
  }

  /** One transaction's worth of due timers (a commit per timer cost more than the step). */
  async #batch(tx: StoreTx, careful: boolean): Promise<{ due: number; fired: number }> {
    const now = this.clock.now();
    const due = await tx.dueTimers(now, this.batchSize);
    if (!careful) return { due: due.length, fired: await this.engine.fireTimers(tx, due) };
    let ok = 0;
    for (const timer of due) {
      try {
        if (await tx.savepoint(() => this.engine.fireTimer(tx, timer))) ok++;
      } catch (error) {
        this.onError(error);
        await tx.addTimer({ ...timer, dueAt: now + failedTimerRetryMs });
      }
    }
    return { due: due.length, fired: ok };
  }

  /**
   * Moves a manual clock to `to`, stopping at each timer's due time on the way so that the timers a
   * step creates are measured from the moment it happened, as they would be in real time. `work`, when
   * given, is other timed work that runs at its own stops too (the outbox: messages are delivered and
   * failed ones retried when they are due, not all at the end of a long advance).
   */
  async advance(clock: ManualClock, to: number, work?: TimedWork): Promise<number> {
    let fired = 0;
    // Set when the work is still due right after it ran: it did not move on (a delivery that could not be
    // recorded), so it is left for the end of the advance instead of stopping the clock here for ever.
    let stuck = false;
    for (;;) {
      const timer = await this.store.read((tx) => tx.nextTimerDue());
      const due = work && !stuck ? await work.next() : null;
      const next = timer === null ? due : due === null ? timer : Math.min(timer, due);
      if (next === null || next > to) break;
      await this.#setClock(clock, next);
      fired += await this.fireDue();
      if (!work || stuck) continue;
      await work.run();
      const after = await work.next();
      stuck = after !== null && after <= clock.now();
    }
    await this.#setClock(clock, to);
    return fired;
  }

  /** Moves the manual clock and remembers where it stands, so a restart resumes from there. */
  async #setClock(clock: ManualClock, t: number): Promise<void> {
    clock.set(t);
    await this.store.transaction((tx) => tx.setSetting(MANUAL_CLOCK_KEY, String(clock.now())));
  }

  /** Polls for due timers (system clock). */
  start(intervalMs = 1000): void {
    if (this.#interval) return;
    this.#interval = setInterval(() => void this.fireDue().catch(this.onError), intervalMs);
    this.#interval.unref?.();
  }

  async stop(): Promise<void> {
    if (this.#interval) clearInterval(this.#interval);
    this.#interval = null;
    await this.#running;
  }
}
