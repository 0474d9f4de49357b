import type { Clock } from '../clock.ts';
import type { Engine } from '../engine/engine.ts';
import { applyLeadEvent, checkLeadEvent } from '../engine/lead-events.ts';
import { batchEvents, type EventResult, type LeadEvent, singleEvent } from '../http/event-routes.ts';
import { findLeadByRef } from '../http/lead-lookup.ts';
import { HttpError } from '../http-error.ts';
import type { Store, StoreTx } from '../store/store.ts';

/** What applying lead events needs: the store to write to, the engine that steps enrollments, the clock. */
export interface IngestContext {
  store: Store;
  engine: Engine;
  clock: Clock;
  /**
   * Called with each event's arrival time before it is applied. The ingest thread's clock reads it, so
   * an event is applied at the time the main thread received it, whatever that thread's clock is.
   */
  arrived?: (at: number) => void;
}

/** A checked event and when the runtime received it. */
export interface Arrival {
  event: LeadEvent;
  at: number;
}

/** The ingest thread's clock: the arrival time of the event being applied (see `IngestContext.arrived`). */
export class ArrivalClock implements Clock {
  #now = 0;

  constructor(readonly mode: Clock['mode']) {}

  now(): number {
    return this.#now;
  }

  set(t: number): void {
    this.#now = t;
  }
}

/** One event's answer within a group: its result, or why it alone was refused. */
export type Outcome = { ok: true; value: EventResult } | { ok: false; error: unknown };

/** How far ahead of the runtime's clock an event's own time may be (a sender's clock running fast). */
export const futureSkewMs = 5 * 60_000;

/** Checks and applies one event inside the caller's transaction; a repeated id is a duplicate. */
export async function ingest(
  ctx: Pick<IngestContext, 'engine' | 'clock' | 'arrived'>,
  tx: StoreTx,
  ev: LeadEvent,
  where: (string | number)[],
  arrivedAt?: number,
): Promise<EventResult> {
  if (arrivedAt !== undefined) ctx.arrived?.(arrivedAt);
  const lead = await findLeadByRef(tx, ev, where);
  const data = await checkLeadEvent(tx, { type: ev.type, data: ev.data ?? {} }, where);
  const now = ctx.clock.now();
  let at = ev.at === undefined ? now : typeof ev.at === 'number' ? ev.at : Date.parse(ev.at);
  if (at > now) {
    // A sender's clock a little ahead is taken as now; an event from further ahead would count as
    // "recent" in every branch until that date.
    if (at - now > futureSkewMs) {
      throw new HttpError(
        400,
        'event_in_future',
        `The event's time (${new Date(at).toISOString()}) is ahead of the runtime's clock (${new Date(now).toISOString()}) by more than 5 minutes.`,
        { path: [...where, 'at'] },
      );
    }
    at = now;
  }
  if (!(await tx.claimEventId(ev.id, lead.id, ev.type, now)))
    return { id: ev.id, status: 'duplicate', delivered: 0, enrolled: [] };
  const r = await applyLeadEvent(ctx.engine, tx, lead, {
    type: ev.type,
    nodeId: ev.nodeId,
    flowId: ev.flowId,
    data,
    at,
  });
  return { id: ev.id, status: 'applied', ...r };
}

/**
 * Independent events (single-event requests that arrived together), applied in one transaction in
 * their order, so a lead's events keep it. A failing event does not undo the others: the first attempt
 * runs without savepoints (each cost about as much as a small event); if an event fails, that
 * transaction is rolled back and the group runs again with a savepoint per event, so the failing event
 * alone is refused. A failed commit fails every event.
 */
export async function ingestGroup(ctx: IngestContext, events: readonly Arrival[]): Promise<Outcome[]> {
  try {
    const results = await ctx.store.transaction(async (tx) => {
      const out: EventResult[] = [];
      for (const { event, at } of events) out.push(await ingest(ctx, tx, event, [], at));
      return out;
    });
    return results.map((value) => ({ ok: true, value }));
  } catch (error) {
    if (events.length === 1) return [{ ok: false, error }];
  }
  const outcomes: Outcome[] = [];
  try {
    await ctx.store.transaction(async (tx) => {
      for (const { event, at } of events) {
        try {
          outcomes.push({ ok: true, value: await tx.savepoint(() => ingest(ctx, tx, event, [], at)) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    return events.map(() => ({ ok: false, error }));
  }
  return outcomes;
}

/** A batch request: all its events or none, errors pointing at the entry (`["events", i, …]`). */
export function ingestBatch(
  ctx: IngestContext,
  events: readonly LeadEvent[],
  arrivedAt?: number,
): Promise<EventResult[]> {
  return ctx.store.transaction(async (tx) => {
    const out: EventResult[] = [];
    for (const [i, ev] of events.entries()) out.push(await ingest(ctx, tx, ev, ['events', i], arrivedAt));
    return out;
  });
}

/**
 * Where the event routes send request bodies (as read by `jsonText`) to be checked and applied: on this
 * thread, or by the ingest thread.
 */
export interface EventSink {
  /** One event; events that arrive together are committed together (see EventGroupCommit). */
  single(body: string | null): Promise<EventResult>;
  /** A batch, all or nothing. */
  batch(body: string | null): Promise<EventResult[]>;
  /** Gets ready for the first events (a sink with a thread starts it). */
  start(): void;
  /** Waits for the events in flight; a sink with a thread then stops it. */
  close(): Promise<void>;
}

/** Applies events on the calling thread, with the caller's store and engine. */
export function inProcessSink(ctx: IngestContext): EventSink {
  const singles = new EventGroupCommit(ctx);
  return {
    single: async (body) => singles.apply({ event: singleEvent(body), at: ctx.clock.now() }),
    batch: async (body) => ingestBatch(ctx, batchEvents(body)),
    start: () => {},
    close: async () => {},
  };
}

interface Pending {
  arrival: Arrival;
  resolve: (r: EventResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for single events: the events that arrive within one turn of the event loop are applied
 * together (`ingestGroup`), in arrival order, and each is answered once its group committed. A commit
 * per event cost more than the event's own work.
 */
export class EventGroupCommit {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(private readonly ctx: IngestContext) {}

  apply(arrival: Arrival): Promise<EventResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ arrival, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const group = this.#pending;
    this.#pending = [];
    const outcomes = await ingestGroup(
      this.ctx,
      group.map((p) => p.arrival),
    );
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }
}
