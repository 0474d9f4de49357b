import { createRoute, z } from '@hono/zod-openapi';
import { ManualClock } from '../clock.ts';
import { HttpError } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import { addSampleLeads, maxSampleLeads } from '../sample-leads.ts';
import { errors, json } from './dto.ts';
import { router } from './router.ts';

const Clock = z
  .object({ mode: z.enum(['system', 'manual']), now: z.string(), epochMs: z.number() })
  .openapi('Clock');
/** The most one advance may move the clock: each step fires every timer on the way. */
const maxAdvanceMs = 10 * 365 * 86_400_000;
const Advance = z
  .object({
    ms: z.number().int().nonnegative().max(maxAdvanceMs).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => b.ms !== undefined || b.to !== undefined, {
    message: 'give "ms" (how far to move) or "to" (the time to move to)',
  })
  .refine((b) => b.ms === undefined || b.to === undefined, {
    message: 'give either "ms" (how far to move) or "to" (the time to move to), not both',
  })
  .openapi('ClockAdvance');

const SampleLeadsInput = z
  .object({ count: z.number().int().min(1).max(maxSampleLeads).optional() })
  .strict()
  .openapi('SampleLeadsInput');
const SampleLeadsReport = z
  .object({
    leads: z.array(z.object({ id: z.string(), externalId: z.string(), name: z.string() })),
    events: z.number(),
    enrolled: z.record(z.string(), z.number()),
  })
  .openapi('SampleLeadsReport');

/** Clock control for demos and tests, a manual tick of the background work, and sample leads to try it with. */
export function adminRoutes(rt: Runtime) {
  const app = router();
  const clockState = () => ({
    mode: rt.clock.mode,
    now: new Date(rt.clock.now()).toISOString(),
    epochMs: rt.clock.now(),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/clock',
      tags: ['Admin'],
      summary: 'The runtime clock',
      responses: { 200: json(Clock, 'Clock') },
    }),
    (c) => c.json(clockState(), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/clock/advance',
      tags: ['Admin'],
      summary:
        'Advance the manual clock: every timer fires, and every message is delivered or retried, when it falls due on the way',
      request: { body: { content: { 'application/json': { schema: Advance } }, required: true } },
      responses: {
        200: json(
          Clock.extend({ fired: z.number(), sent: z.number() }),
          'The new time, how many timers fired and how many messages were sent',
        ),
        ...errors(400, 409, 415),
      },
    }),
    async (c) => {
      const clock = rt.clock;
      if (!(clock instanceof ManualClock)) {
        throw new HttpError(
          409,
          'clock_not_manual',
          'The clock is the system clock; start the runtime with CLOCK=manual to move time.',
        );
      }
      const body = c.req.valid('json');
      const to = body.ms !== undefined ? clock.now() + body.ms : Date.parse(body.to ?? '');
      if (to - clock.now() > maxAdvanceMs) {
        throw new HttpError(
          400,
          'advance_too_far',
          `The clock moves at most 10 years at a time; it is now ${new Date(clock.now()).toISOString()}.`,
          { path: ['to'] },
        );
      }
      if (to < clock.now()) {
        throw new HttpError(
          400,
          'time_backwards',
          `Time only moves forward; it is already ${new Date(clock.now()).toISOString()}.`,
          { path: ['to'] },
        );
      }
      // Messages are delivered (and failed ones retried) at the times they fall due on the way.
      let sent = 0;
      const fired = await rt.scheduler.advance(clock, to, {
        next: () => rt.store.read((tx) => tx.nextMessageDue()),
        run: async () => {
          sent += (await rt.dispatcher.runOnce()).sent;
        },
      });
      sent += (await rt.dispatcher.runOnce()).sent;
      return c.json({ ...clockState(), fired, sent }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/tick',
      tags: ['Admin'],
      summary: 'Fire due timers and deliver due messages now',
      responses: { 200: json(z.object({ fired: z.number(), sent: z.number() }), 'Work done') },
    }),
    async (c) => c.json(await rt.tick(), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/sample-leads',
      tags: ['Admin'],
      summary: 'Add made-up leads to try the product with',
      description:
        'Creates `count` sample leads (25 by default, at most 500), marked `attributes.sample: true` with emails ' +
        'on the reserved `.example` domain, as the lead API creates leads: flows that enter on a new lead or on ' +
        'its attributes take them. Then posts the form fills and pricing visits an integration would, through ' +
        'the event API, and puts every sixth lead into the flows entered by hand. Asking again adds new people.',
      request: { body: { content: { 'application/json': { schema: SampleLeadsInput } }, required: false } },
      responses: {
        201: json(SampleLeadsReport, 'The leads added, and what they entered'),
        ...errors(400, 415),
      },
    }),
    async (c) => c.json(await addSampleLeads(rt, c.req.valid('json')?.count ?? 25), 201),
  );

  return app;
}
