import { z } from '@hono/zod-openapi';
import type {
  EnrollmentRecord,
  LeadRecord,
  OutboxRecord,
  TaskRecord,
  TimelineEntry,
} from '../store/records.ts';

const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));
const Json = z.record(z.string(), z.unknown());

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.looseObject({ code: z.string(), message: z.string() })).optional(),
      path: z.array(z.union([z.string(), z.number()])).optional(),
    }),
  })
  .openapi('Error');

export const EnrollmentSchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    flowId: z.string(),
    version: z.number(),
    status: z.enum(['active', 'completed', 'exited', 'removed']),
    activeNodes: z.array(z.string()),
    enteredAt: z.string(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .openapi('Enrollment');

export const LeadSchema = z
  .object({
    id: z.string(),
    externalId: z.string().nullable(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    attributes: Json,
    bant: Json,
    score: z.number(),
    stage: z.string(),
    stageReason: z.string().nullable(),
    recycleCount: z.number(),
    owner: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    enrollments: z.array(EnrollmentSchema),
  })
  .openapi('Lead');

export const TaskSchema = z
  .object({
    id: z.string(),
    leadId: z.string(),
    flowId: z.string(),
    version: z.number(),
    nodeId: z.string(),
    kind: z.enum(['call', 'meeting', 'handoff']),
    queue: z.string(),
    title: z.string(),
    details: Json,
    status: z.enum(['open', 'claimed', 'done', 'expired', 'cancelled']),
    assignee: z.string().nullable(),
    outcome: z.string().nullable(),
    reason: z.string().nullable(),
    attempts: z.number(),
    deadlineAt: z.string(),
    overdue: z.boolean(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi('Task');

export const TimelineEntrySchema = z
  .object({
    id: z.number(),
    leadId: z.string(),
    at: z.string(),
    type: z.string(),
    text: z.string(),
    flowId: z.string().nullable(),
    version: z.number().nullable(),
    nodeId: z.string().nullable(),
    data: Json,
  })
  .openapi('TimelineEntry');

export const OutboxMessageSchema = z
  .object({
    id: z.string(),
    idempotencyKey: z.string(),
    leadId: z.string(),
    channel: z.string(),
    payload: Json,
    status: z.enum(['pending', 'sent', 'dead']),
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    deadAt: z
      .string()
      .nullable()
      .openapi({
        description:
          'When the message became a dead letter (its last attempt failed); null unless dead, and for dead ' +
          'letters from before the runtime kept this time',
      }),
  })
  .openapi('OutboxMessage');

export function enrollmentDto(e: EnrollmentRecord): z.infer<typeof EnrollmentSchema> {
  return {
    id: e.id,
    leadId: e.leadId,
    flowId: e.flowId,
    version: e.version,
    status: e.status,
    activeNodes: e.activeNodes,
    enteredAt: iso(e.enteredAt),
    endedAt: isoOrNull(e.endedAt),
    endReason: e.endReason,
  };
}

export function leadDto(l: LeadRecord, enrollments: EnrollmentRecord[]): z.infer<typeof LeadSchema> {
  return {
    ...l,
    createdAt: iso(l.createdAt),
    updatedAt: iso(l.updatedAt),
    enrollments: enrollments.map(enrollmentDto),
  };
}

export function taskDto(t: TaskRecord, now: number): z.infer<typeof TaskSchema> {
  const { enrollmentId: _e, ...rest } = t;
  const open = t.status === 'open' || t.status === 'claimed';
  return {
    ...rest,
    deadlineAt: iso(t.deadlineAt),
    overdue: open && now > t.deadlineAt,
    createdAt: iso(t.createdAt),
    closedAt: isoOrNull(t.closedAt),
  };
}

export function timelineDto(e: TimelineEntry): z.infer<typeof TimelineEntrySchema> {
  return { ...e, at: iso(e.at) };
}

export function outboxDto(m: OutboxRecord): z.infer<typeof OutboxMessageSchema> {
  const { enrollmentId: _e, ...rest } = m;
  return {
    ...rest,
    nextAttemptAt: iso(m.nextAttemptAt),
    createdAt: iso(m.createdAt),
    sentAt: isoOrNull(m.sentAt),
    deadAt: isoOrNull(m.deadAt),
  };
}

/** Response entry for OpenAPI routes. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/** The error responses a route can give, documented once. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422)[]) {
  return Object.fromEntries(statuses.map((s) => [s, json(ErrorSchema, 'Error')])) as Record<
    number,
    ReturnType<typeof json>
  >;
}
