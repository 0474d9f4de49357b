import { kindDef, noAnswerLabel, nodeIndex } from '@tandem/schema';
import { HttpError, notFound } from '../http-error.ts';
import type { TaskRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import type { Engine } from './engine.ts';
import { taskLine } from './task-lines.ts';

/** Outcomes that must say why, so reports can expose weak disqualifications. */
export const outcomesNeedingReason = ['disqualified', 'rejected'];

async function openTask(tx: StoreTx, id: string): Promise<TaskRecord> {
  const task = await tx.getTask(id);
  if (!task) throw notFound('task', id);
  if (task.status !== 'open' && task.status !== 'claimed') {
    throw new HttpError(
      409,
      'task_closed',
      `Task “${task.title}” is already ${task.status}${task.outcome ? ` (${task.outcome})` : ''}.`,
    );
  }
  return task;
}

/** Outcomes a person may choose for a task: the step's outcomes except the deadline's own. */
export async function taskOutcomes(tx: StoreTx, task: TaskRecord): Promise<{ id: string; label: string }[]> {
  const version = await tx.getVersion(task.flowId, task.version);
  const node = version ? nodeIndex(version.doc).get(task.nodeId) : undefined;
  const def = node ? kindDef(node.kind) : undefined;
  if (!node || !def) return [];
  return def.outcomes(node.settings as never).filter((o) => o.id !== 'expired');
}

/** Someone in the queue takes the task; claiming one's own task again is harmless. */
export async function claimTask(
  engine: Engine,
  tx: StoreTx,
  id: string,
  assignee: string,
): Promise<TaskRecord> {
  const task = await openTask(tx, id);
  if (task.status === 'claimed' && task.assignee === assignee) return task;
  if (task.status === 'claimed') {
    throw new HttpError(409, 'task_claimed', `Task “${task.title}” is already claimed by ${task.assignee}.`);
  }
  const now = engine.clock.now();
  const claimed: TaskRecord = { ...task, status: 'claimed', assignee };
  await tx.saveTask(claimed);
  await tx.addTimeline(taskLine(task, now, 'taskClaimed', `claimed by ${assignee}`, { assignee }));
  return claimed;
}

/**
 * Gives a claimed task back to its queue (the rep is away, or the wrong rep took it), so someone else can
 * claim it. `by` is who handed it back, for the timeline.
 */
export async function releaseTask(engine: Engine, tx: StoreTx, id: string, by: string): Promise<TaskRecord> {
  const task = await openTask(tx, id);
  if (task.status !== 'claimed') {
    throw new HttpError(
      409,
      'task_not_claimed',
      `Task “${task.title}” is not claimed; there is nothing to hand back.`,
    );
  }
  const released: TaskRecord = { ...task, status: 'open', assignee: null };
  await tx.saveTask(released);
  await tx.addTimeline(
    taskLine(
      task,
      engine.clock.now(),
      'taskReleased',
      `handed back to the queue by ${by} (was claimed by ${task.assignee})`,
      { by, previous: task.assignee },
    ),
  );
  return released;
}

/**
 * What a completed task's line says it ended with: the outcome's label, except that a call given up as
 * "no answer" counts the attempts logged on it (as the step's outcome line does, see plan.ts), not the
 * step's attempt limit, which the rep need not have reached.
 */
function doneLabel(task: TaskRecord, outcome: { id: string; label: string }): string {
  return task.kind === 'call' && outcome.id === 'noAnswer' ? noAnswerLabel(task.attempts) : outcome.label;
}

/** Completes a task with an outcome of its step; this is what moves the lead on in the flow. */
export async function completeTask(
  engine: Engine,
  tx: StoreTx,
  id: string,
  input: { outcome: string; reason?: string | undefined; assignee?: string | undefined },
): Promise<TaskRecord> {
  const task = await openTask(tx, id);
  // The record must say who really did it: completing in the name of someone other than the rep who
  // claimed the task would credit the claimer with another rep's call.
  if (task.status === 'claimed' && input.assignee !== undefined && input.assignee !== task.assignee) {
    throw new HttpError(
      409,
      'task_claimed',
      `Task “${task.title}” is claimed by ${task.assignee}; ${input.assignee} may complete it once it is handed back to the queue.`,
      { path: ['assignee'] },
    );
  }
  const allowed = await taskOutcomes(tx, task);
  const outcome = allowed.find((o) => o.id === input.outcome);
  if (!outcome) {
    throw new HttpError(
      400,
      'unknown_outcome',
      `“${input.outcome}” is not an outcome of this task; choose one of: ${allowed.map((o) => o.id).join(', ')}.`,
      {
        path: ['outcome'],
      },
    );
  }
  const reason = input.reason?.trim() || null;
  if (!reason && outcomesNeedingReason.includes(outcome.id)) {
    throw new HttpError(
      400,
      'missing_reason',
      `Say why the lead is ${outcome.id}: the reason goes back to marketing and into reports.`,
      {
        path: ['reason'],
      },
    );
  }
  const now = engine.clock.now();
  const done: TaskRecord = {
    ...task,
    status: 'done',
    outcome: outcome.id,
    reason,
    assignee: task.assignee ?? input.assignee ?? null,
    closedAt: now,
  };
  await tx.saveTask(done);
  await tx.addTimeline(
    taskLine(
      task,
      now,
      'taskCompleted',
      `completed: ${doneLabel(task, outcome)}${reason ? ` (${reason})` : ''}`,
      {
        outcome: outcome.id,
        reason,
        assignee: done.assignee,
      },
    ),
  );
  if (task.kind === 'handoff' && outcome.id === 'accepted' && done.assignee) {
    await takeOwnership(tx, task, done.assignee, now);
  }
  const enrollment = await tx.getEnrollment(task.enrollmentId);
  if (enrollment?.status === 'active') {
    await engine.deliver(tx, enrollment, {
      type: 'task.completed',
      nodeId: task.nodeId,
      outcome: outcome.id,
      ...(reason ? { reason } : {}),
    });
  }
  return (await tx.getTask(id)) ?? done;
}

/**
 * The rep who accepts a hand-off becomes the lead's owner (the lead is sales accepted: someone in sales
 * now answers for it), as a CRM assigns it; the timeline says who had it before.
 */
async function takeOwnership(tx: StoreTx, task: TaskRecord, rep: string, now: number): Promise<void> {
  const lead = await tx.getLead(task.leadId);
  if (!lead || lead.owner === rep) return;
  await tx.saveLead({ ...lead, owner: rep, updatedAt: now });
  await tx.addTimeline(
    taskLine(
      task,
      now,
      'ownerChanged',
      `accepted by ${rep}, who now owns the lead${lead.owner ? ` (was ${lead.owner})` : ''}`,
      {
        owner: rep,
        previous: lead.owner,
      },
    ),
  );
}

/** A call attempt without an answer; after the step's attempt limit the lead leaves by `noAnswer`. */
export async function attemptTask(
  engine: Engine,
  tx: StoreTx,
  id: string,
  note?: string,
): Promise<TaskRecord> {
  const task = await openTask(tx, id);
  if (task.kind !== 'call') {
    throw new HttpError(
      400,
      'not_a_call',
      `Task “${task.title}” is a ${task.kind}; only calls log attempts.`,
    );
  }
  const updated: TaskRecord = { ...task, attempts: task.attempts + 1 };
  await tx.saveTask(updated);
  // A blank note is no note: it would put an empty "Call attempt note:" line on the timeline.
  const said = note?.trim();
  if (said) {
    await tx.addTimeline({
      leadId: task.leadId,
      at: engine.clock.now(),
      flowId: task.flowId,
      version: task.version,
      nodeId: task.nodeId,
      type: 'callNote',
      text: `Call attempt note: ${said}`,
      data: { taskId: task.id, note: said },
    });
  }
  const enrollment = await tx.getEnrollment(task.enrollmentId);
  if (enrollment?.status === 'active')
    await engine.deliver(tx, enrollment, { type: 'task.attempted', nodeId: task.nodeId });
  return (await tx.getTask(id)) ?? updated;
}
