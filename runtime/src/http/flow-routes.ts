import { createRoute, z } from '@hono/zod-openapi';
import { principalOf } from '../auth/authenticate.ts';
import { salesDraftProblem } from '../auth/sales-draft.ts';
import { moveLeads } from '../engine/version-move.ts';
import { HttpError, notFound } from '../http-error.ts';
import { type DraftGuard, getDraft, publishFlow, saveDraft, validateDraft } from '../publishing.ts';
import type { Runtime } from '../runtime.ts';
import { errors, json } from './dto.ts';
import { router } from './router.ts';

const FlowDoc = z
  .any()
  .openapi('FlowDocument', { description: 'A flow document (see schema/flow.schema.json).' });
const Issue = z
  .object({
    code: z.string(),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
  })
  .openapi('FlowIssue');
const Warnings = z.array(Issue).openapi({
  description:
    'Advice that never blocks publishing (code `rejection_not_routed`: a sales rejection, such as a ' +
    'disqualified call or a rejected hand-off, whose path ends the flow with no recycle and no Recycled or ' +
    'Disqualified stage).',
});
const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const VersionParam = IdParam.extend({
  version: z.coerce
    .number({ error: 'a version is a whole number: 1, 2, 3…' })
    .int({ error: 'a version is a whole number: 1, 2, 3…' })
    .positive({ error: 'versions start at 1' })
    .openapi({ param: { name: 'version', in: 'path' }, type: 'integer' }),
});
const Published = z
  .object({
    flowId: z.string(),
    version: z.number(),
    publishedAt: z.string(),
    unchanged: z
      .boolean()
      .openapi({ description: 'True when the document was the latest version’s: no new version was made.' }),
    warnings: Warnings,
  })
  .openapi('PublishedVersion');
const MoveInput = z
  .object({
    from: z
      .array(z.number().int().positive({ error: 'versions start at 1' }))
      .min(1, { error: 'name at least one version to move leads from, or leave `from` out for all' })
      .optional()
      .openapi({ description: 'Move only the leads on these versions (default: every other version).' }),
    dryRun: z
      .boolean()
      .optional()
      .openapi({ description: 'Count who would move and who would stay, and change nothing.' }),
    map: z
      .array(
        z
          .object({
            version: z
              .number({ error: 'a version is a whole number: 1, 2, 3…' })
              .int({ error: 'a version is a whole number: 1, 2, 3…' })
              .positive({ error: 'versions start at 1' })
              .openapi({ description: 'The version the leads are on now.' }),
            from: z
              .string({ error: 'name the step the leads are kept at (a `stayed` group’s `nodeId`)' })
              .min(1, { error: 'name the step the leads are kept at (a `stayed` group’s `nodeId`)' })
              .openapi({
                description: 'The step of that version they are kept at: a `stayed` group’s `nodeId`.',
              }),
            to: z
              .string({ error: 'name the step of this version to send them to (one of `targets`)' })
              .min(1, { error: 'name the step of this version to send them to (one of `targets`)' })
              .openapi({
                description: 'The step of this version to send them to: one of the report’s `targets`.',
              }),
          })
          .strict()
          .openapi('MoveMapEntry'),
      )
      .max(1000, { error: 'at most 1000 map entries; one per step leads are kept at is enough' })
      .optional()
      .openapi({
        description:
          'Where leads that would stay go instead: the leads on `version` kept at its step `from` start afresh ' +
          'at step `to` of this version. Only leads that would stay are sent; leads at `from` that move by ' +
          'themselves still do.',
      }),
  })
  .strict();
const MoveReport = z
  .object({
    flowId: z.string(),
    version: z.number(),
    dryRun: z.boolean(),
    moved: z.number().openapi({
      description: 'Leads moved (on a dry run: that would move), those sent to a step by `map` included.',
    }),
    movedFrom: z
      .record(z.string(), z.number())
      .openapi({ description: 'Leads moved, per version they were on (`map`’s included).' }),
    mapped: z
      .array(
        z.object({
          version: z.number(),
          from: z.string(),
          fromLabel: z.string(),
          to: z.string(),
          toLabel: z.string(),
          count: z.number(),
        }),
      )
      .openapi({
        description:
          'Per `map` entry, in the order asked: the leads it sent to its step (0 when none was kept there).',
      }),
    stayed: z
      .array(
        z.object({
          version: z.number(),
          nodeId: z.string().nullable(),
          label: z.string().nullable(),
          reason: z.string(),
          count: z.number(),
        }),
      )
      .openapi({
        description:
          'Leads that stay on their version, grouped by version, step and reason. A group with a `nodeId` can be ' +
          'sent to a step of this version with `map`.',
      }),
    targets: z.array(z.object({ nodeId: z.string(), label: z.string() })).openapi({
      description:
        'The steps of this version `map` may send leads to: every step but goals, exits and steps inside ' +
        'side-by-side tracks (send leads to the side-by-side step, which starts every track).',
    }),
  })
  .openapi('MoveReport');
const optionalDoc = { content: { 'application/json': { schema: FlowDoc } }, required: false };
const tag = ['Flows'];

/** Drafts, validation, publishing and published versions. */
export function flowRoutes(rt: Runtime) {
  const app = router();
  const version = async (flowId: string, v: number) => {
    const found = await rt.store.read((tx) => tx.getVersion(flowId, v));
    if (!found) throw notFound('flow version', `${flowId} v${v}`);
    return found;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/flows',
      tags: tag,
      summary: 'List flows',
      responses: {
        200: json(
          z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              hasDraft: z.boolean(),
              draftUpdatedAt: z.string().nullable(),
              latestVersion: z.number().nullable(),
            }),
          ),
          'Flows with a draft or a published version',
        ),
      },
    }),
    async (c) => {
      const flows = await rt.store.read((tx) => tx.listFlows());
      return c.json(
        flows.map((f) => ({
          id: f.id,
          name: f.name,
          hasDraft: f.draft !== null,
          draftUpdatedAt: f.draftUpdatedAt === null ? null : new Date(f.draftUpdatedAt).toISOString(),
          latestVersion: f.latestVersion,
        })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/flows/{id}/draft',
      tags: tag,
      summary: 'Get the draft (or the latest published document)',
      request: { params: IdParam },
      responses: {
        200: json(
          z.object({
            flow: FlowDoc,
            issues: z.array(Issue),
            warnings: Warnings,
            updatedAt: z.string().nullable(),
          }),
          'The draft',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const d = await rt.store.read((tx) => getDraft(tx, c.req.valid('param').id));
      return c.json(
        {
          flow: d.flow,
          issues: d.issues,
          warnings: d.warnings,
          updatedAt: d.updatedAt === null ? null : new Date(d.updatedAt).toISOString(),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/flows/{id}/draft',
      tags: tag,
      summary: 'Save a draft',
      description:
        'The document must be well-formed and carry the same id; semantic issues are returned, not refused.',
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: FlowDoc } }, required: true },
      },
      responses: {
        200: json(z.object({ flow: FlowDoc, issues: z.array(Issue), warnings: Warnings }), 'Saved'),
        ...errors(400, 403, 415),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const sales = principalOf(c).role === 'sales';
      const guard: DraftGuard | undefined = sales
        ? (before, after) => {
            const problem = before
              ? salesDraftProblem(before, after, principalOf(c).queues)
              : 'this flow does not exist yet, and sales tokens cannot create flows';
            if (problem) {
              throw new HttpError(
                403,
                'sales_steps_only',
                `A sales token may only add, change or remove sales calls and meetings and their connections, but ${problem}. Ask marketing to make that change.`,
              );
            }
          }
        : undefined;
      return c.json(await rt.store.transaction((tx) => saveDraft(tx, id, body, rt.clock.now(), guard)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/flows/{id}/validate',
      tags: tag,
      summary: 'Validate a flow (the body, or the stored draft)',
      request: { params: IdParam, body: optionalDoc },
      responses: {
        200: json(
          z.object({ ok: z.boolean(), issues: z.array(Issue), warnings: Warnings }),
          'Issues found (they refuse publishing) and warnings (advice)',
        ),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      return c.json(await rt.store.read((tx) => validateDraft(tx, id, body)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/flows/{id}/publish',
      tags: tag,
      summary: 'Publish an immutable version (the body, or the stored draft)',
      description:
        'Answers 201 with the new version. A document the same as the latest published version makes no new ' +
        'version: the answer is 200 with that version (its number and publishedAt) and `unchanged: true`. ' +
        'The order of keys does not matter; any other difference does, layout too (a moved step is a new version).',
      request: { params: IdParam, body: optionalDoc },
      responses: {
        200: json(Published, 'Unchanged: the latest version already has this document'),
        201: json(Published, 'Published'),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const {
        version: v,
        unchanged,
        warnings,
      } = await rt.store.transaction((tx) => publishFlow(tx, id, body, rt.clock.now()));
      return c.json(
        {
          flowId: v.flowId,
          version: v.version,
          publishedAt: new Date(v.publishedAt).toISOString(),
          unchanged,
          warnings,
        },
        unchanged ? 200 : 201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/flows/{id}/versions',
      tags: tag,
      summary: 'List published versions',
      request: { params: IdParam },
      responses: {
        200: json(
          z.array(z.object({ version: z.number(), publishedAt: z.string(), name: z.string() })),
          'Versions, oldest first',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const versions = await rt.store.read(async (tx) => {
        // A flow with a draft only has no versions yet; a flow that does not exist is a 404.
        if (!(await tx.getFlow(id))) throw notFound('flow', id);
        return tx.listVersions(id);
      });
      return c.json(
        versions.map((v) => ({
          version: v.version,
          publishedAt: new Date(v.publishedAt).toISOString(),
          name: v.name,
        })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/flows/{id}/versions/{version}',
      tags: tag,
      summary: 'Get a published version',
      request: { params: VersionParam },
      responses: {
        200: json(
          z.object({ flowId: z.string(), version: z.number(), publishedAt: z.string(), flow: FlowDoc }),
          'The version',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const v = await version(p.id, p.version);
      return c.json(
        {
          flowId: v.flowId,
          version: v.version,
          publishedAt: new Date(v.publishedAt).toISOString(),
          flow: v.doc,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/flows/{id}/versions/{version}/machine',
      tags: tag,
      summary: 'The compiled XState machine config of a version',
      request: { params: VersionParam },
      responses: { 200: json(z.any().openapi('MachineConfig'), 'Plain-JSON XState config'), ...errors(404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json((await version(p.id, p.version)).machine, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/flows/{id}/versions/{version}/stats',
      tags: tag,
      summary:
        'Per-step counts (leads there now, entered, left by each outcome or by a move to another version) and leads by status',
      description:
        'A lead moved from one version to another (move-leads) counts in the version it left as moved out, at ' +
        'the steps it was at, and in the version it went to as moved in, arriving at those steps: per step, ' +
        '`entered` = `current` + the outcomes + `movedOut` (+ leads whose path ended at the step); per ' +
        'version, entries at the entry step + `leads.movedIn` = the leads by status + `leads.movedOut`. Moves ' +
        'made before the runtime kept the steps (schema 9) count in `leads` only.',
      request: { params: VersionParam },
      responses: {
        200: json(
          z.object({
            nodes: z.record(
              z.string(),
              z.object({
                current: z.number(),
                entered: z.number().openapi({
                  description: 'Times a lead arrived at the step in this version, moved-in leads included',
                }),
                outcomes: z.record(z.string(), z.number()),
                movedIn: z.number().openapi({
                  description: 'Leads moved in from another version while at the step (counted in `entered`)',
                }),
                movedOut: z.number().openapi({
                  description: 'Leads moved to another version while at the step (they left it by the move)',
                }),
              }),
            ),
            leads: z
              .object({
                active: z.number(),
                completed: z.number(),
                exited: z.number(),
                removed: z.number(),
                movedIn: z.number(),
                movedOut: z.number(),
              })
              .openapi({
                description:
                  'Enrollments of this version by status: in the flow now, completed (a goal, or a path that ' +
                  'ended), exited, removed by hand; a lead moved here from another version counts here, by ' +
                  'its status. Then the moves: leads moved in from other versions, and moved out to them ' +
                  '(a lead moved twice counts in each move).',
              }),
          }),
          'Counts per step, and leads by status',
        ),
        ...errors(404),
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const v = await version(p.id, p.version);
      const [counts, leads, moves] = await rt.store.read((tx) =>
        Promise.all([
          tx.nodeCounts(p.id, p.version),
          tx.enrollmentCounts(p.id, p.version),
          tx.versionMoves(p.id, p.version),
        ]),
      );
      const nodes = Object.fromEntries(
        v.doc.nodes.map((n) => {
          const movedIn = moves.movedInAt[n.id] ?? 0;
          const entered = (counts.entered[n.id] ?? 0) + movedIn;
          // A lead entering a side-by-side fork starts every track at once: each track was taken as many
          // times as the fork was entered (the engine records no outcome line for them).
          const outcomes =
            n.kind === 'fork'
              ? Object.fromEntries(n.settings.tracks.map((track) => [track.id, entered]))
              : (counts.outcomes[n.id] ?? {});
          const movedOut = moves.movedOutAt[n.id] ?? 0;
          return [n.id, { current: counts.current[n.id] ?? 0, entered, outcomes, movedIn, movedOut }];
        }),
      );
      return c.json({ nodes, leads: { ...leads, movedIn: moves.movedIn, movedOut: moves.movedOut } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/flows/{id}/versions/{version}/move-leads',
      tags: tag,
      summary: 'Move leads in progress from other versions to this one, each at the step it is at',
      description:
        'A lead moves when each step it is in exists in this version as the same kind of step in the same ' +
        'place; it keeps what it did there (engagement, call attempts, open sales tasks), and its timers keep ' +
        'the time already waited (a 7-day wait made 5 days fires 2 days earlier). Leads whose step was removed ' +
        'or changed kind, or whose step’s timers cannot be carried over (a timer added or removed, a calendar ' +
        'wait or webinar date changed), stay on their version and are counted with the reason. Each moved ' +
        'lead gets a timeline line. `map` sends leads that would stay to a step of this version of your choice ' +
        '(`{ version, from, to }`: the leads on `version` kept at step `from` go to step `to`). They enter it as ' +
        'if they had just arrived: its email is sent, its sales task made, its wait starts in full, and they go ' +
        'on by this version’s connections. The timers and open sales tasks of where they were are cancelled; ' +
        'their score, engagement and call attempts stay. Their timeline says where they were and where they ' +
        'went. A `map` naming a version, step or destination the flow does not have, a destination that ends ' +
        'the flow, is the entry step or lies inside side-by-side tracks, or a step twice, is refused (400, every problem in ' +
        '`issues`) before anything moves. Leads are moved 500 to a transaction; a move cut short is finished by ' +
        'asking again with the same `map`. `dryRun: true` answers the same counts and changes nothing.',
      request: {
        params: VersionParam,
        body: { content: { 'application/json': { schema: MoveInput } }, required: false },
      },
      responses: { 200: json(MoveReport, 'Who moved, and who stayed and why'), ...errors(400, 404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const body = c.req.valid('json') ?? {};
      const target = await version(p.id, p.version);
      const report = await moveLeads(rt.store, rt.engine, target, body);
      return c.json(report, 200);
    },
  );

  return app;
}
