import { createRoute, z } from '@hono/zod-openapi';
import type { Runtime } from '../runtime.ts';
import { json } from './dto.ts';
import { router } from './router.ts';

/** Health and the example playbooks for "new from playbook". */
export function metaRoutes(rt: Runtime) {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['Meta'],
      summary: 'Liveness, with the clock and pending work',
      responses: {
        200: json(
          z.object({
            ok: z.literal(true),
            store: z.string(),
            clock: z.string(),
            now: z.string(),
            nextTimerAt: z
              .string()
              .nullable()
              .describe(
                'When the scheduler next looks at the timers: the earliest timer, or the earlier place of a timer set again for later.',
              ),
          }),
          'Healthy',
        ),
        503: json(
          z.object({
            ok: z.literal(false),
            store: z.string(),
            problem: z.string().describe('Why writes fail, and what to do'),
            since: z
              .string()
              .describe(
                "When the failing write happened, by the machine's clock (also when the runtime's clock is manual)",
              ),
          }),
          'Writes are failing because of the storage (a full disk, an I/O error, a read-only file); clears with the next write that succeeds',
        ),
      },
    }),
    async (c) => {
      const failure = rt.store.writeHealth?.failure;
      if (failure) {
        return c.json(
          {
            ok: false as const,
            store: rt.store.kind,
            problem: failure.message,
            since: new Date(failure.at).toISOString(),
          },
          503,
        );
      }
      const next = await rt.store.read((tx) => tx.nextTimerDue());
      return c.json(
        {
          ok: true as const,
          store: rt.store.kind,
          clock: rt.clock.mode,
          now: new Date(rt.clock.now()).toISOString(),
          nextTimerAt: next === null ? null : new Date(next).toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/examples',
      tags: ['Meta'],
      summary: 'The five playbook flows, ready to copy',
      responses: {
        200: json(
          z.array(z.object({ id: z.string(), title: z.string(), summary: z.string(), flow: z.any() })),
          'Example flows',
        ),
      },
    }),
    (c) => c.json(rt.examples, 200),
  );

  return app;
}
