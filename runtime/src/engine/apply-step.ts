import { newId } from '../ids.ts';
import type {
  EnrollmentRecord,
  FlowVersionRecord,
  LeadRecord,
  NewTimelineEntry,
  TaskRecord,
} from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { mergeLeadFacts } from './lead-facts.ts';
import { type Plan, planEffects } from './plan.ts';
import type { StepResult } from './step.ts';

export interface AppliedStep {
  enrollment: EnrollmentRecord;
  lead: LeadRecord;
  transfers: Plan['transfers'];
}

/**
 * Writes everything one step produced: the snapshot, lead facts, timers, tasks, outbox messages and
 * timeline lines. Always called inside the caller's transaction, so the step lands whole or not at all.
 */
export async function applyStep(
  tx: StoreTx,
  args: {
    enrollment: EnrollmentRecord;
    version: FlowVersionRecord;
    lead: LeadRecord;
    step: StepResult;
    now: number;
    /** The send id of the timer whose firing is this step: its row is already gone, so cancelling it is not needed. */
    fired?: string | undefined;
    /**
     * A lead's first step: the "entered the flow" line, written before the step's own lines. The caller
     * has stored the new enrollment with this step's snapshot and active steps already.
     */
    entered?: NewTimelineEntry;
  },
): Promise<AppliedStep> {
  const { version, step, now } = args;
  let { enrollment, lead } = args;
  const plan = planEffects(step.effects, version.doc, now);
  const where = { flowId: version.flowId, version: version.version };

  const merged = mergeLeadFacts(lead, step.lead, now);
  if (merged) {
    lead = merged;
    await tx.saveLead(lead);
  }

  let firedGone = args.fired !== undefined;
  for (const [i, t] of plan.timers.entries()) {
    if (t.sendId === args.fired && t.op === 'add') firedGone = false;
    if (t.op === 'cancel') {
      // A timer set again later in the step (a step left and entered again, its timeout restarting) is
      // updated in place by that add: deleting the row and inserting a new one wrote three more index pages.
      const setAgain = plan.timers.some(
        (later, j) => j > i && later.op === 'add' && later.sendId === t.sendId,
      );
      if (!setAgain && !(firedGone && t.sendId === args.fired)) await tx.cancelTimer(enrollment.id, t.sendId);
    } else
      await tx.addTimer({
        enrollmentId: enrollment.id,
        sendId: t.sendId,
        event: t.event,
        nodeId: t.nodeId,
        dueAt: t.dueAt,
      });
  }

  for (const close of plan.closeTasks) {
    for (const task of await tx.openTasksOf(enrollment.id, close.nodeId)) {
      await tx.saveTask({
        ...task,
        status: close.status,
        outcome: close.outcome ?? task.outcome,
        closedAt: now,
      });
    }
  }

  const taskIds = new Map<string, string>();
  for (const t of plan.tasks) {
    const task: TaskRecord = {
      id: newId(),
      leadId: lead.id,
      enrollmentId: enrollment.id,
      ...where,
      nodeId: t.nodeId,
      kind: t.kind,
      queue: t.queue,
      title: t.title,
      details: t.details,
      status: 'open',
      assignee: null,
      outcome: null,
      reason: null,
      attempts: 0,
      deadlineAt: t.deadlineAt,
      createdAt: now,
      closedAt: null,
    };
    taskIds.set(t.nodeId, task.id);
    await tx.saveTask(task);
  }

  for (const m of plan.messages) {
    const id = newId();
    const taskId = m.channel === 'task' ? taskIds.get(m.nodeId) : undefined;
    await tx.saveMessage({
      id,
      // Stable for the life of the message: a retried delivery carries the same key, so receivers drop repeats.
      idempotencyKey: `${enrollment.id}:${m.nodeId}:${id}`,
      leadId: lead.id,
      enrollmentId: enrollment.id,
      channel: m.channel,
      payload: {
        ...m.payload,
        ...where,
        lead: {
          id: lead.id,
          email: lead.email,
          name: lead.name,
          externalId: lead.externalId,
          owner: lead.owner,
        },
        ...(taskId ? { taskId } : {}),
      },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      sentAt: null,
    });
  }

  const lines: NewTimelineEntry[] = plan.timeline.map((entry) => {
    const taskId = entry.type === 'createTask' && entry.nodeId ? taskIds.get(entry.nodeId) : undefined;
    return {
      leadId: lead.id,
      at: now,
      ...where,
      type: entry.type,
      text: entry.text,
      nodeId: entry.nodeId,
      data: taskId ? { ...entry.data, taskId } : entry.data,
    };
  });
  const timeline = foldLines(args.entered, lines);
  if (timeline.length > 0) await tx.addTimelines(timeline);

  const before = enrollment;
  enrollment = { ...enrollment, snapshot: step.snapshot, activeNodes: step.activeNodes };
  if (step.done) {
    const status = plan.exit?.why === 'exit' ? 'exited' : 'completed';
    const reason = plan.exit?.reason || 'Finished the flow';
    enrollment = await endEnrollment(tx, { enrollment, version, now, status, reason });
  } else if (!unchanged(before, enrollment)) {
    // An event the lead's current steps ignore leaves the row as it was: rewriting it cost a save per event.
    // A first step too: the new enrollment was stored with it (Engine.enroll).
    await tx.saveEnrollment(enrollment);
  }
  return { enrollment, lead, transfers: plan.transfers };
}

/** The same stored snapshot and active steps: saving would write the row back as it stands. */
export function unchanged(
  a: Pick<EnrollmentRecord, 'snapshot' | 'activeNodes'>,
  b: Pick<EnrollmentRecord, 'snapshot' | 'activeNodes'>,
): boolean {
  return (
    a.activeNodes.length === b.activeNodes.length &&
    a.activeNodes.every((n, i) => n === b.activeNodes[i]) &&
    JSON.stringify(a.snapshot) === JSON.stringify(b.snapshot)
  );
}

const hasKeys = (data: Record<string, unknown>, keys: string[]) => {
  const own = Object.keys(data);
  return own.length === keys.length && keys.every((k) => typeof data[k] === 'string');
};

/** A "reached step" line carrying nothing but the step. */
const isReached = (l: NewTimelineEntry | undefined): l is NewTimelineEntry & { nodeId: string } =>
  l?.type === 'enterNode' && !!l.nodeId && hasKeys(l.data, ['nodeId']) && l.data.nodeId === l.nodeId;

/** An outcome line carrying nothing but the step and its outcome. */
const isOutcome = (l: NewTimelineEntry | undefined): l is NewTimelineEntry & { nodeId: string } =>
  l?.type === 'recordOutcome' &&
  !!l.nodeId &&
  hasKeys(l.data, ['nodeId', 'outcome']) &&
  l.data.nodeId === l.nodeId;

/**
 * Marks the lines the store may keep folded into one row (it gives back the same lines when read):
 * "entered the flow" with the entry step's "reached" and outcome lines, and an outcome line with the
 * "reached" line of the next step.
 */
export function foldLines(
  entered: NewTimelineEntry | undefined,
  lines: NewTimelineEntry[],
): NewTimelineEntry[] {
  const out: NewTimelineEntry[] = [];
  let i = 0;
  if (entered) {
    const [reached, result] = lines;
    if (
      entered.nodeId === null &&
      isReached(reached) &&
      isOutcome(result) &&
      result.nodeId === reached.nodeId
    ) {
      const then = lines[2];
      const next = isReached(then) ? { next: then.nodeId } : {};
      out.push({
        ...entered,
        fold: { nodeId: reached.nodeId, outcome: result.data.outcome as string, ...next },
      });
      i = isReached(then) ? 3 : 2;
    } else out.push(entered);
  }
  for (; i < lines.length; i++) {
    const l = lines[i] as NewTimelineEntry;
    const then = lines[i + 1];
    if (isOutcome(l) && isReached(then)) {
      out.push({ ...l, fold: { nodeId: l.nodeId, outcome: l.data.outcome as string, next: then.nodeId } });
      i++;
    } else out.push(l);
  }
  return out;
}

/** Ends an enrollment: its timers go, its open tasks are cancelled and the timeline says why it left. */
export async function endEnrollment(
  tx: StoreTx,
  args: {
    enrollment: EnrollmentRecord;
    version: FlowVersionRecord;
    now: number;
    status: 'completed' | 'exited' | 'removed';
    reason: string;
  },
): Promise<EnrollmentRecord> {
  const { version, now, status, reason } = args;
  const enrollment: EnrollmentRecord = {
    ...args.enrollment,
    status,
    activeNodes: [],
    endedAt: now,
    endReason: reason,
  };
  await tx.cancelTimersOf(enrollment.id);
  for (const task of await tx.openTasksOf(enrollment.id))
    await tx.saveTask({ ...task, status: 'cancelled', closedAt: now });
  await tx.saveEnrollment(enrollment);
  await tx.addTimeline({
    leadId: enrollment.leadId,
    at: now,
    flowId: version.flowId,
    version: version.version,
    nodeId: null,
    type: 'flowLeft',
    text: `Left “${version.doc.name}”: ${reason}`,
    data: { status, reason, enrollmentId: enrollment.id },
  });
  return enrollment;
}
