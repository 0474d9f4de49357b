import { createRoute, z } from '@hono/zod-openapi';
import { Queue } from '@tandem/schema';
import { assertQueue, principalOf } from '../auth/authenticate.ts';
import { attemptTask, claimTask, completeTask, releaseTask, taskOutcomes } from '../engine/task-actions.ts';
import { notFound } from '../http-error.ts';
import type { Runtime } from '../runtime.ts';
import { taskListLimit } from '../store/sqlite-work-repo.ts';
import type { StoreTx } from '../store/store.ts';
import {
  errors,
  json,
  LeadSchema,
  leadDto,
  TaskSchema,
  TimelineEntrySchema,
  taskDto,
  timelineDto,
} from './dto.ts';
import { router } from './router.ts';

const IdParam = z.object({ id: z.string().min(1) });
/**
 * Who claims, hands back or completes a task, as the timeline and the task show it. Trimmed, so " ana"
 * and "ana" are one rep (claiming one's own task again stays harmless) and a blank name is refused.
 */
const Person = z.string().trim().min(1).max(200);
/**
 * A task in a list, with its lead's name and email: a rep reads the queue by who to call, and a list of 500
 * tasks should not take 500 more requests to name their leads.
 */
const TaskListItem = TaskSchema.extend({
  leadName: z.string().nullable().openapi({ description: "The lead's name (null when it has none)" }),
  leadEmail: z.string().nullable().openapi({ description: "The lead's email (null when it has none)" }),
  leadExternalId: z
    .string()
    .nullable()
    .openapi({ description: "The lead's id in the CRM (null when it has none)" }),
}).openapi('TaskListItem');
const TaskDetail = TaskSchema.extend({
  lead: LeadSchema,
  history: z
    .array(TimelineEntrySchema)
    .openapi({ description: 'What marketing sent and how the lead responded, oldest first.' }),
  agenda: z.array(z.string()).nullable(),
  outcomes: z.array(z.object({ id: z.string(), label: z.string() })),
}).openapi('TaskDetail');
const body = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
// Step entries are bookkeeping for stats; the touch history shows touches and decisions.
const hiddenFromHistory = new Set(['enterNode']);

/** Refuses (403) to work a task outside the queues the caller's token is limited to. */
async function checkedTask(tx: StoreTx, id: string, queues: string[] | null): Promise<void> {
  const task = await tx.getTask(id);
  if (task) assertQueue(queues, task.queue);
}

/** The sales task queue: list, read with touch history, claim, attempt, complete. */
export function taskRoutes(rt: Runtime) {
  const app = router();
  const tag = ['Tasks'];

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tasks',
      tags: tag,
      summary: 'List tasks by queue, status, assignee or lead, earliest deadline first',
      description: `Open and claimed tasks come first, then closed ones (done, expired, cancelled), each by deadline; at most ${taskListLimit} tasks. Each carries its lead's name and email.`,
      request: {
        query: z.object({
          queue: z.enum([...Queue.options, 'unassigned']).optional(),
          status: z.enum(['open', 'claimed', 'done', 'expired', 'cancelled']).optional(),
          assignee: z.string().optional(),
          leadId: z.string().optional(),
        }),
      },
      responses: { 200: json(z.array(TaskListItem), 'Tasks') },
    }),
    async (c) => {
      const filter = c.req.valid('query');
      const principal = principalOf(c);
      if (filter.queue) assertQueue(principal.queues, filter.queue);
      // A token limited to queues sees those queues' tasks, in one list in the store's order and limit.
      const visible = filter.queue || !principal.queues ? filter : { ...filter, queues: principal.queues };
      const now = rt.clock.now();
      const items = await rt.store.read(async (tx) => {
        const tasks = await tx.listTasks(visible);
        // The leads in a few queries, not one per task.
        await tx.loadLeads(tasks.map((t) => t.leadId));
        return Promise.all(
          tasks.map(async (t) => {
            const lead = await tx.getLead(t.leadId);
            return {
              ...taskDto(t, now),
              leadName: lead?.name ?? null,
              leadEmail: lead?.email ?? null,
              leadExternalId: lead?.externalId ?? null,
            };
          }),
        );
      });
      return c.json(items, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tasks/{id}',
      tags: tag,
      summary: "A task with the lead's touch history and, for meetings, the agenda",
      request: { params: IdParam },
      responses: { 200: json(TaskDetail, 'The task'), ...errors(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const detail = await rt.store.read(async (tx) => {
        const task = await tx.getTask(id);
        if (!task) throw notFound('task', id);
        assertQueue(principalOf(c).queues, task.queue);
        const lead = await tx.getLead(task.leadId);
        if (!lead) throw notFound('lead', task.leadId);
        const history = (await tx.timeline(lead.id))
          .filter((e) => !hiddenFromHistory.has(e.type))
          .map(timelineDto);
        const agenda = Array.isArray(task.details.agenda) ? (task.details.agenda as string[]) : null;
        return {
          ...taskDto(task, rt.clock.now()),
          lead: leadDto(lead, await tx.leadEnrollments(lead.id)),
          history,
          agenda,
          outcomes: await taskOutcomes(tx, task),
        };
      });
      return c.json(detail, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/claim',
      tags: tag,
      summary: 'Claim a task for an assignee',
      request: { params: IdParam, body: body(z.object({ assignee: Person })) },
      responses: { 200: json(TaskSchema, 'Claimed'), ...errors(400, 404, 409, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { assignee } = c.req.valid('json');
      const task = await rt.store.transaction(async (tx) => {
        await checkedTask(tx, id, principalOf(c).queues);
        return claimTask(rt.engine, tx, id, assignee);
      });
      return c.json(taskDto(task, rt.clock.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/release',
      tags: tag,
      summary: 'Hand a claimed task back to its queue, so someone else can claim it',
      request: { params: IdParam, body: body(z.object({ by: Person })) },
      responses: { 200: json(TaskSchema, 'Open again, unassigned'), ...errors(400, 404, 409, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { by } = c.req.valid('json');
      const task = await rt.store.transaction(async (tx) => {
        await checkedTask(tx, id, principalOf(c).queues);
        return releaseTask(rt.engine, tx, id, by);
      });
      return c.json(taskDto(task, rt.clock.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/complete',
      tags: tag,
      summary: 'Complete a task with an outcome of its step; disqualified and rejected need a reason',
      request: {
        params: IdParam,
        body: body(
          z.object({
            outcome: z.string().min(1),
            reason: z.string().max(500).optional(),
            assignee: Person.optional().openapi({
              description: 'Who completes it; refused (409) when someone else has claimed the task.',
            }),
          }),
        ),
      },
      responses: { 200: json(TaskSchema, 'Completed; the lead has moved on'), ...errors(400, 404, 409, 415) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const task = await rt.store.transaction(async (tx) => {
        await checkedTask(tx, id, principalOf(c).queues);
        return completeTask(rt.engine, tx, id, input);
      });
      return c.json(taskDto(task, rt.clock.now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tasks/{id}/attempt',
      tags: tag,
      summary: 'Log a call attempt without an answer',
      request: {
        params: IdParam,
        body: {
          content: { 'application/json': { schema: z.object({ note: z.string().max(500).optional() }) } },
          required: false,
        },
      },
      responses: { 200: json(TaskSchema, 'Attempt logged'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      const task = await rt.store.transaction(async (tx) => {
        await checkedTask(tx, id, principalOf(c).queues);
        return attemptTask(rt.engine, tx, id, note);
      });
      return c.json(taskDto(task, rt.clock.now()), 200);
    },
  );

  return app;
}
