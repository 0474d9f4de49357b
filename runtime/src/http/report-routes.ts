import { createRoute, z } from '@hono/zod-openapi';
import { HttpError, notFound } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import { errors, json, OutboxMessageSchema, outboxDto } from './dto.ts';
import { router } from './router.ts';

/** The outbox, the channel configuration and the demand waterfall. */
export function reportRoutes(rt: Runtime) {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/outbox',
      tags: ['Channels'],
      summary: 'Messages produced by flows and their delivery state',
      request: {
        query: z.object({
          status: z.enum(['pending', 'sent', 'dead']).optional(),
          channel: z.enum(['email', 'webinar', 'task']).optional(),
          leadId: z.string().optional(),
        }),
      },
      responses: {
        200: json(
          z.array(OutboxMessageSchema),
          'At most 500 messages, oldest first; dead letters (`status=dead`) the latest dead-lettered first',
        ),
      },
    }),
    async (c) =>
      c.json((await rt.store.read((tx) => tx.listOutbox(c.req.valid('query')))).map(outboxDto), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/outbox/counts',
      tags: ['Channels'],
      summary: 'Messages per channel and status, all of them (the list answers at most 500)',
      responses: {
        200: json(
          z.array(
            z.object({ channel: z.string(), status: z.enum(['pending', 'sent', 'dead']), count: z.number() }),
          ),
          'One row per channel and status that has messages',
        ),
      },
    }),
    async (c) => c.json(await rt.store.read((tx) => tx.outboxCounts()), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/outbox/{id}/replay',
      tags: ['Channels'],
      summary: 'Send a dead-lettered message again (same idempotency key, fresh attempts)',
      request: { params: z.object({ id: z.string().min(1) }) },
      responses: { 200: json(OutboxMessageSchema, 'Queued again'), ...errors(404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const message = await rt.store.read((tx) => tx.getMessage(id));
      if (!message) throw notFound('message', id);
      if (message.status !== 'dead') {
        throw new HttpError(
          409,
          'not_dead_letter',
          `Message “${id}” is ${message.status}; only dead letters can be replayed.`,
        );
      }
      await rt.dispatcher.replay({ id });
      const queued = await rt.store.read((tx) => tx.getMessage(id));
      return c.json(outboxDto(queued ?? message), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/outbox/replay',
      tags: ['Channels'],
      summary: 'Send every dead letter (of one channel, if given) again',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ channel: z.enum(['email', 'webinar', 'task']).optional() }),
            },
          },
          required: false,
        },
      },
      responses: { 200: json(z.object({ replayed: z.array(z.string()) }), 'Ids queued again') },
    }),
    async (c) => {
      const { channel } = c.req.valid('json') ?? {};
      return c.json({ replayed: await rt.dispatcher.replay({ channel }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/channels',
      tags: ['Channels'],
      summary: 'Which adapter serves which channel',
      responses: { 200: json(z.record(z.string(), z.string()), 'Channel to adapter name') },
    }),
    (c) => c.json(Object.fromEntries(Object.entries(rt.channels).map(([k, a]) => [k, a.name])), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/stats/waterfall',
      tags: ['Stats'],
      summary: 'Leads by stage now; recycles and disqualifications by reason',
      responses: {
        200: json(
          z.object({
            stages: z.record(z.string(), z.number()),
            reached: z.record(z.string(), z.number()).openapi({
              description:
                'Per funnel stage: leads that ever got that far or further (by their stage changes and their ' +
                'stage now), recycled and disqualified leads included',
            }),
            recycled: z.record(z.string(), z.number()),
            disqualified: z.record(z.string(), z.number()),
          }),
          'Waterfall',
        ),
      },
    }),
    async (c) => c.json(await rt.store.read((tx) => tx.waterfall()), 200),
  );

  return app;
}
