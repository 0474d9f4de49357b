import { createRoute, z } from '@hono/zod-openapi';
import { applyLeadEvent, checkLeadEvent } from '../engine/lead-events.ts';
import { HttpError } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import type { StoreTx } from '../store/store.ts';
import { errors, json } from './dto.ts';
import { validJson } from './json-body.ts';
import { findLeadByRef } from './lead-lookup.ts';
import { router } from './router.ts';
import { secureJson } from './secure-headers.ts';

/** Most events a batch may carry; bigger imports are split by the sender. */
export const maxBatch = 1000;

export const LeadEvent = z
  .object({
    id: z
      .string()
      .min(1)
      .max(200)
      .openapi({ description: 'Unique per event: a repeated id is acknowledged and applied once.' }),
    leadId: z.string().optional(),
    externalId: z.string().optional(),
    email: z.string().optional(),
    type: z.string().min(1).max(100).openapi({ example: 'email.opened' }),
    nodeId: z
      .string()
      .optional()
      .openapi({ description: 'The step the event answers (e.g. the email that was opened).' }),
    flowId: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    at: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]).optional(),
  })
  .openapi('LeadEvent');
export type LeadEvent = z.infer<typeof LeadEvent>;

export const EventResult = z
  .object({
    id: z.string(),
    status: z.enum(['applied', 'duplicate']),
    delivered: z.number(),
    enrolled: z.array(z.string()),
  })
  .openapi('EventResult');

/** Checks and applies one event inside the caller's transaction; a repeated id is a duplicate. */
export async function ingest(
  rt: Runtime,
  tx: StoreTx,
  ev: LeadEvent,
  where: (string | number)[],
): Promise<z.infer<typeof EventResult>> {
  const lead = await findLeadByRef(tx, ev, where);
  const data = await checkLeadEvent(tx, { type: ev.type, data: ev.data ?? {} }, where);
  const now = rt.clock.now();
  const at = ev.at === undefined ? now : typeof ev.at === 'number' ? ev.at : Date.parse(ev.at);
  if (!(await tx.claimEventId(ev.id, lead.id, ev.type, now)))
    return { id: ev.id, status: 'duplicate', delivered: 0, enrolled: [] };
  const r = await applyLeadEvent(rt.engine, tx, lead, {
    type: ev.type,
    nodeId: ev.nodeId,
    flowId: ev.flowId,
    data,
    at,
  });
  return { id: ev.id, status: 'applied', ...r };
}

type Result = z.infer<typeof EventResult>;

const EventBatch = z.object({ events: z.array(LeadEvent).min(1) });

/** A single event waiting for its group's commit. */
interface Pending {
  ev: LeadEvent;
  resolve: (r: Result) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for single events: the events that arrive within one turn of the event loop are applied
 * in one transaction, in arrival order (so a lead's events keep their order); a failing one does not undo
 * the others (see `#flush`). Each request is answered only after that transaction committed; a commit
 * failure fails them all. A commit per event cost more than the event's own work.
 */
export class EventGroupCommit {
  #pending: Pending[] = [];
  #scheduled = false;

  constructor(private readonly rt: Runtime) {}

  apply(ev: LeadEvent): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ ev, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const group = this.#pending;
    this.#pending = [];
    const only = group.length === 1 ? group[0] : undefined;
    if (only) {
      await this.rt.store
        .transaction((tx) => ingest(this.rt, tx, only.ev, []))
        .then(only.resolve, only.reject);
      return;
    }
    // First without savepoints (each cost about as much as a small event): if every event applies, one
    // commit answers them all. If one fails, that transaction is rolled back and the group runs again
    // with a savepoint per event, so the failing event alone is refused.
    let results: Result[];
    try {
      results = await this.rt.store.transaction(async (tx) => {
        const out: Result[] = [];
        for (const { ev } of group) out.push(await ingest(this.rt, tx, ev, []));
        return out;
      });
    } catch {
      await this.#oneByOne(group);
      return;
    }
    for (const [i, item] of group.entries()) item.resolve(results[i] as Result);
  }

  /** The group again, a savepoint per event: each is answered with its own result or error. */
  async #oneByOne(group: Pending[]): Promise<void> {
    const outcomes: ({ ok: true; value: Result } | { ok: false; error: unknown })[] = [];
    try {
      await this.rt.store.transaction(async (tx) => {
        for (const { ev } of group) {
          try {
            outcomes.push({ ok: true, value: await tx.savepoint(() => ingest(this.rt, tx, ev, [])) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of group) item.reject(error);
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }
}

/** Lead events, one at a time or in batches; each id is applied once. */
export function eventRoutes(rt: Runtime) {
  const app = router();
  const single = new EventGroupCommit(rt);

  // The two hot routes: registered for the docs, checked by `validJson` (one synchronous parse) and
  // answered by `secureJson`. Errors are the same as every other route's.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'post',
      path: '/events',
      tags: ['Events'],
      summary: 'Record one lead event',
      request: { body: { content: { 'application/json': { schema: LeadEvent } }, required: true } },
      responses: {
        200: json(EventResult, 'Applied, or acknowledged as a duplicate'),
        ...errors(400, 404, 415, 422),
      },
    }),
  );
  app.post('/events', async (c) => secureJson(await single.apply(await validJson(c, LeadEvent))));

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'post',
      path: '/events/batch',
      tags: ['Events'],
      summary: `Record up to ${maxBatch} lead events, all or nothing`,
      description:
        'Every event is checked first; one bad event refuses the batch, its path naming the entry.',
      request: {
        body: {
          content: { 'application/json': { schema: EventBatch } },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ results: z.array(EventResult) }), 'One result per event, in order'),
        ...errors(400, 404, 413, 415, 422),
      },
    }),
  );
  app.post('/events/batch', async (c) => {
    const { events } = await validJson(c, EventBatch);
    if (events.length > maxBatch) {
      throw new HttpError(
        413,
        'batch_too_large',
        `A batch holds at most ${maxBatch} events; this one has ${events.length}.`,
        {
          path: ['events'],
        },
      );
    }
    const results = await rt.store.transaction(async (tx) => {
      const out = [];
      for (const [i, ev] of events.entries()) out.push(await ingest(rt, tx, ev, ['events', i]));
      return out;
    });
    return secureJson({ results });
  });

  return app;
}
