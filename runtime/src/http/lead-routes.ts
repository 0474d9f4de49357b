import { createRoute, z } from '@hono/zod-openapi';
import { Stage } from '@tandem/schema';
import { principalOf } from '../auth/authenticate.ts';
import { factRecord } from '../engine/event-types.ts';
import { upsertLead } from '../engine/leads.ts';
import { HttpError, notFound } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import {
  EnrollmentSchema,
  enrollmentDto,
  errors,
  json,
  LeadSchema,
  leadDto,
  TimelineEntrySchema,
  timelineDto,
} from './dto.ts';
import { findLeadByRef } from './lead-lookup.ts';
import { router } from './router.ts';

const Fact = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'use text, a number, true/false or null (not a list or an object)',
});
/**
 * Text people read on one line, a search or a name: no C0 or C1 control characters (NUL, tab, line breaks,
 * DEL…). A NUL cut the text short in SQLite's LIKE and a line break split it in lists, so a lead could not
 * be found by what was shown.
 */
const oneLine = (text: z.ZodString) =>
  text.refine((v) => !/\p{Cc}/u.test(v), {
    message: 'leave out control characters (such as NUL, tab or line breaks)',
  });
const leadFields = {
  externalId: oneLine(z.string().min(1).max(200)).optional(),
  email: z.email().max(320).optional(),
  name: oneLine(z.string().max(200)).optional(),
  attributes: factRecord(z.record(z.string(), Fact)).optional(),
  bant: factRecord(z.partialRecord(z.enum(['budget', 'authority', 'need', 'timeline']), Fact)).optional(),
  score: z.number().finite().optional(),
  owner: z.string().max(200).nullable().optional(),
  stage: Stage.optional(),
  stageReason: z.string().max(500).optional(),
};
/**
 * A field the runtime does not know (`firstName`, `company`) was dropped without a word, and an integration
 * would never notice: refused, naming the field and where such facts go.
 */
const LeadInput = z
  .preprocess((value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(leadFields, key)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        input: value,
        message: `not a field of a lead (${Object.keys(leadFields).join(', ')}); put other facts in attributes, e.g. "attributes": { "${key}": … }`,
      });
    }
    return value;
  }, z.object(leadFields))
  .openapi('LeadInput');
/** What an ingest token gets back for a lead it posted: enough to refer to it, nothing more. */
const LeadReceipt = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    email: z.string().nullable(),
    created: z.boolean(),
  })
  .openapi('LeadReceipt');
const IdParam = z.object({ id: z.string().min(1) });
const FlowParam = z.object({ id: z.string().min(1) });
const EnrollInput = z.object({
  leadId: z.string().optional(),
  externalId: z.string().optional(),
  email: z.string().optional(),
  version: z.number().int().positive().optional(),
});

/** Leads, their timelines, and enrolling them in flows. */
export function leadRoutes(rt: Runtime) {
  const app = router();
  const withEnrollments = async (id: string) =>
    rt.store.read(async (tx) => {
      const lead = await tx.getLead(id);
      if (!lead) throw notFound('lead', id);
      return leadDto(lead, await tx.leadEnrollments(id));
    });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/leads',
      tags: ['Leads'],
      summary: 'Create or update a lead by externalId or email',
      request: { body: { content: { 'application/json': { schema: LeadInput } }, required: true } },
      description:
        'Answers with the lead. An ingest token, which may write leads but not read them, gets only the ' +
        "lead's id and keys back (id, externalId, email), not what else is stored about it.",
      responses: {
        200: json(z.union([LeadSchema, LeadReceipt]), 'Updated'),
        201: json(z.union([LeadSchema, LeadReceipt]), 'Created'),
        ...errors(400, 409, 415),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const { lead, created } = await rt.store.transaction((tx) => upsertLead(rt.engine, tx, input));
      const status = created ? 201 : 200;
      if (principalOf(c).role === 'ingest') {
        // Posting a known email must not be a way to read the rest of that lead.
        return c.json({ id: lead.id, externalId: lead.externalId, email: lead.email, created }, status);
      }
      return c.json(await withEnrollments(lead.id), status);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/leads',
      tags: ['Leads'],
      summary: 'Search leads by id, external id, email or name, or list the leads at a step of a flow',
      request: {
        query: z.object({
          // SQLite's LIKE reads its pattern only up to a NUL, so `search=%00` matched every lead; names,
          // emails and ids are not searched for by tab or line break either. Refused like any bad parameter.
          search: oneLine(z.string())
            .optional()
            .openapi({
              description:
                'Part of an external id, email or name (ignoring case), or a whole lead id. Control characters ' +
                '(NUL, tab, line breaks) are refused with 400.',
            }),
          flowId: z.string().min(1).optional().openapi({
            description: 'With `atStep`: the leads in this flow now at that step (no `search`).',
          }),
          atStep: z.string().min(1).optional().openapi({ description: 'A step id of `flowId`.' }),
          version: z.coerce
            .number()
            .int()
            .positive()
            .optional()
            .openapi({ description: 'With `atStep`: only leads on this version of the flow.' }),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: json(z.array(LeadSchema), 'Leads, most recently changed first') },
    }),
    async (c) => {
      const { search, limit, flowId, atStep, version } = c.req.valid('query');
      if ((flowId === undefined) !== (atStep === undefined) || (version !== undefined && !atStep)) {
        throw new HttpError(
          400,
          'invalid_input',
          'Name a step with both `flowId` and `atStep` (and maybe `version`), or neither.',
          { path: [flowId === undefined ? 'flowId' : 'atStep'] },
        );
      }
      if (atStep && search !== undefined) {
        throw new HttpError(400, 'invalid_input', 'Ask for the leads at a step, or search; not both.', {
          path: ['search'],
        });
      }
      const leads = await rt.store.read(async (tx) => {
        const found =
          flowId && atStep
            ? await tx.leadsAtStep({ flowId, nodeId: atStep, version }, limit ?? 100)
            : await tx.searchLeads(search ?? '', limit ?? 100);
        return Promise.all(found.map(async (l) => leadDto(l, await tx.leadEnrollments(l.id))));
      });
      return c.json(leads, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/leads/{id}',
      tags: ['Leads'],
      summary: 'A lead with its stage and where it is in each flow',
      request: { params: IdParam },
      responses: { 200: json(LeadSchema, 'The lead'), ...errors(404) },
    }),
    async (c) => c.json(await withEnrollments(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/leads/{id}/timeline',
      tags: ['Leads'],
      summary: "The lead's one shared record of every touch and change, oldest first",
      request: { params: IdParam },
      responses: { 200: json(z.array(TimelineEntrySchema), 'Timeline'), ...errors(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const entries = await rt.store.read(async (tx) => {
        if (!(await tx.getLead(id))) throw notFound('lead', id);
        return tx.timeline(id);
      });
      return c.json(entries.map(timelineDto), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/flows/{id}/enrollments',
      tags: ['Enrollments'],
      summary: "Enroll a lead in the flow's latest published version (or a given one)",
      description:
        'Honours the re-entry policy: 409 when the lead is in the flow or may not enter again yet.',
      request: {
        params: FlowParam,
        body: { content: { 'application/json': { schema: EnrollInput } }, required: true },
      },
      responses: { 201: json(EnrollmentSchema, 'Enrolled'), ...errors(400, 404, 409, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const enrollment = await rt.store.transaction(async (tx) => {
        const lead = await findLeadByRef(tx, body);
        const version = body.version ? await tx.getVersion(id, body.version) : await tx.latestVersion(id);
        if (!version) {
          throw new HttpError(
            404,
            'unknown_flow',
            `Flow “${id}” has no published version${body.version ? ` ${body.version}` : ''}.`,
          );
        }
        return rt.engine.enroll(tx, lead, version, { via: 'api' });
      });
      return c.json(enrollmentDto(enrollment), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/flows/{id}/enrollments/{leadId}',
      tags: ['Enrollments'],
      summary: 'Remove a lead from a flow',
      request: { params: z.object({ id: z.string(), leadId: z.string() }) },
      responses: { 200: json(EnrollmentSchema, 'Removed'), ...errors(404) },
    }),
    async (c) => {
      const { id, leadId } = c.req.valid('param');
      const enrollment = await rt.store.transaction(async (tx) => {
        await findLeadByRef(tx, { leadId });
        return rt.engine.remove(tx, leadId, id, 'Removed through the API');
      });
      return c.json(enrollmentDto(enrollment), 200);
    },
  );

  return app;
}
