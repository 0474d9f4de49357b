import { createRoute, z } from '@hono/zod-openapi';
import type { Runtime } from '../runtime.ts';
import { json, OutboxMessageSchema, outboxDto } from './dto.ts';
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
          channel: z.string().optional(),
          leadId: z.string().optional(),
        }),
      },
      responses: { 200: json(z.array(OutboxMessageSchema), 'Messages, oldest first') },
    }),
    async (c) =>
      c.json((await rt.store.read((tx) => tx.listOutbox(c.req.valid('query')))).map(outboxDto), 200),
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
