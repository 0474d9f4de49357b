import { createRoute, z } from '@hono/zod-openapi';
import { factRecord } from '../engine/event-types.ts';
import { HttpError } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import { errors, json } from './dto.ts';
import { checkBody, checkJson, jsonText, parseJson } from './json-body.ts';
import { router } from './router.ts';
import { secureJson } from './secure-headers.ts';

/**
 * How deep an event's `data` may nest. Deeper data was stored and then could not be turned back into
 * JSON when the lead's timeline was read (the call stack ran out), so the lead's record broke for good.
 */
export const maxDataDepth = 32;

/** How many levels of lists and objects `value` nests, counted without recursion (any depth is safe). */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > maxDataDepth) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

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
    // Refusing `__proto__` by name: zod would leave it out, and the event be applied without it.
    data: factRecord(
      z.record(z.string(), z.unknown()).refine((d) => nestingDepth(d) <= maxDataDepth, {
        message: `nests lists and objects more than ${maxDataDepth} levels deep`,
      }),
    ).optional(),
    at: z
      .union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()])
      .optional()
      .openapi({
        description:
          'When it happened (ISO date or ms since 1970); default: when received. Up to 5 minutes ahead of ' +
          'the runtime is taken as now; further ahead is refused (event_in_future).',
      }),
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

export type EventResult = z.infer<typeof EventResult>;

const EventBatch = z.object({ events: z.array(LeadEvent).min(1) });

/** One event's request body, checked (400 naming the field). */
export function singleEvent(body: string | null): LeadEvent {
  return checkJson(body, LeadEvent);
}

/** A batch's request body, checked: 400 naming the entry and field, 413 over `maxBatch` events. */
export function batchEvents(body: string | null): LeadEvent[] {
  return checkBatch(parseJson(body));
}

/** `batchEvents` for a body already parsed. */
export function checkBatch(body: unknown): LeadEvent[] {
  const { events } = checkBody(body, EventBatch);
  if (events.length > maxBatch) {
    throw new HttpError(
      413,
      'batch_too_large',
      `A batch holds at most ${maxBatch} events; this one has ${events.length}.`,
      { path: ['events'] },
    );
  }
  return events;
}

/** Lead events, one at a time or in batches; each id is applied once. */
export function eventRoutes(rt: Runtime) {
  const app = router();

  // The two hot routes: registered for the docs; the body is read here and checked (one synchronous
  // parse) where the events are applied, which is the ingest thread when there is one. Answered by
  // `secureJson`; errors are the same as every other route's.
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
  app.post('/events', async (c) => secureJson(await rt.events.single(await jsonText(c))));

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
  app.post('/events/batch', async (c) => secureJson({ results: await rt.events.batch(await jsonText(c)) }));

  return app;
}
