import { createRoute, z } from '@hono/zod-openapi';
import { verifyWebhook, webhookWindowMs } from '../auth/webhook-signature.ts';
import { HttpError } from '../http-error.ts';
import { ingest } from '../ingest/apply.ts';
import type { Runtime } from '../runtime.ts';
import { errors, json } from './dto.ts';
import { checkBatch, EventResult, LeadEvent } from './event-routes.ts';
import { checkBody, parseJson } from './json-body.ts';
import { router } from './router.ts';

export interface WebhookRouteOptions {
  /** `WEBHOOK_INBOUND_SECRET`; without it inbound webhooks are off. */
  secret: string | undefined;
  /** Wall-clock time for the signature window (providers sign with real time, even in a demo). */
  now?: () => number;
}

/**
 * Inbound provider webhooks (email opens, webinar attendance): the same events as `POST /api/events`,
 * trusted by an HMAC signature instead of a token. A replayed signature is refused.
 */
export function webhookRoutes(rt: Runtime, options: WebhookRouteOptions) {
  const app = router();
  const now = options.now ?? Date.now;

  app.openapi(
    createRoute({
      method: 'post',
      path: '/webhooks/{provider}',
      tags: ['Events'],
      summary: 'Lead events from a provider, signed with WEBHOOK_INBOUND_SECRET',
      description:
        'Body: one LeadEvent or `{ events: [...] }`. Headers: `X-Tandem-Timestamp` (ms since 1970) and ' +
        '`X-Tandem-Signature: sha256=<hex HMAC-SHA256 of "timestamp.body">`; refused outside a 5-minute ' +
        'window and when replayed.',
      request: { params: z.object({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/) }) },
      responses: {
        200: json(z.object({ results: z.array(EventResult) }), 'One result per event, in order'),
        ...errors(400, 401, 404, 409, 413, 422),
      },
    }),
    async (c) => {
      if (!options.secret) {
        throw new HttpError(
          404,
          'webhooks_off',
          'Inbound webhooks are off: start the runtime with WEBHOOK_INBOUND_SECRET set.',
        );
      }
      const raw = await c.req.text();
      const signature = verifyWebhook(
        options.secret,
        { timestamp: c.req.header('x-tandem-timestamp'), signature: c.req.header('x-tandem-signature') },
        raw,
        now(),
      );
      // Parsed once and checked as the event routes check theirs, so errors name the entry and field alike.
      const body = parseJson(raw);
      const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
      const events = batch ? checkBatch(body) : [checkBody(body, LeadEvent)];
      const results = await rt.store.transaction(async (tx) => {
        const at = now();
        if (!(await tx.rememberWebhook(signature, at, at - 2 * webhookWindowMs))) {
          throw new HttpError(
            409,
            'webhook_replayed',
            'This signed request was received before; it is not applied again.',
          );
        }
        const out = [];
        for (const [i, ev] of events.entries())
          out.push(await ingest(rt, tx, ev, batch ? ['events', i] : []));
        return out;
      });
      return c.json({ results }, 200);
    },
  );

  return app;
}
