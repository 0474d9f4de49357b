import { createRoute, z } from '@hono/zod-openapi';
import { HttpError } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import { errors, json } from './dto.ts';
import { router } from './router.ts';

/** Most leads one bulk enrollment takes; bigger imports are split by the sender. */
export const maxBulkEnrollment = 10_000;

const BulkEnrollInput = z
  .object({
    leadIds: z.array(z.string().min(1)).min(1).max(maxBulkEnrollment),
    version: z.number().int().positive().optional(),
  })
  .openapi('BulkEnrollInput');

const BulkEnrollResult = z
  .object({
    enrolled: z.number(),
    refused: z.array(z.object({ leadId: z.string(), code: z.string(), message: z.string() })),
  })
  .openapi('BulkEnrollResult');

/** Enrolling many leads at once: one transaction, each lead checked against the re-entry policy. */
export function bulkEnrollmentRoutes(rt: Runtime) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/flows/{id}/enrollments/batch',
      tags: ['Enrollments'],
      summary: `Enroll up to ${maxBulkEnrollment.toLocaleString('en-US')} leads by id in one request`,
      description:
        'Leads that are unknown, already in the flow or may not re-enter are listed in `refused`; the others are enrolled together.',
      request: {
        params: z.object({ id: z.string().min(1) }),
        body: { content: { 'application/json': { schema: BulkEnrollInput } }, required: true },
      },
      responses: { 200: json(BulkEnrollResult, 'Enrolled and refused leads'), ...errors(400, 404, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const result = await rt.store.transaction(async (tx) => {
        const version = body.version ? await tx.getVersion(id, body.version) : await tx.latestVersion(id);
        if (!version) {
          throw new HttpError(
            404,
            'unknown_flow',
            `Flow “${id}” has no published version${body.version ? ` ${body.version}` : ''}.`,
          );
        }
        const refused: z.infer<typeof BulkEnrollResult>['refused'] = [];
        let enrolled = 0;
        for (const [i, leadId] of body.leadIds.entries()) {
          // The leads of the next thousand ids in a few queries rather than one each.
          if (i % 1000 === 0) await tx.loadLeads(body.leadIds.slice(i, i + 1000));
          const lead = await tx.getLead(leadId);
          if (!lead) {
            refused.push({ leadId, code: 'unknown_lead', message: `No lead with id “${leadId}”.` });
            continue;
          }
          // A refusal (409) is decided before anything is written, so the other leads can go on.
          const decision = await rt.engine.mayEnroll(tx, lead, version);
          if (!decision.ok) {
            refused.push({ leadId, code: decision.code, message: decision.message });
            continue;
          }
          await rt.engine.enroll(tx, lead, version, { via: 'api' });
          enrolled++;
        }
        return { enrolled, refused };
      });
      return c.json(result, 200);
    },
  );
  return app;
}
