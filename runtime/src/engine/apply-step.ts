import { describeEffect, type FlowDocument } from '@tandem/schema';
import { newId } from '../ids.ts';
import type {
  EnrollmentRecord,
  FlowVersionRecord,
  FoldPart,
  LeadRecord,
  NewTimelineEntry,
  StoredSnapshot,
  TaskRecord,
  TimelineFold,
} from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { stepOfLine } from '../store/timeline-text.ts';
import { describeLeadEvent } from './event-types.ts';
import { mergeLeadFacts } from './lead-facts.ts';
import { pendingMessage } from './outbox-message.ts';
import { type Plan, planEffects } from './plan.ts';
import type { StepResult } from './step.ts';
import { taskLine } from './task-lines.ts';

/** A lead event's line held back until the first step it causes is written, or until no step took it. */
export interface PendingLine {
  line: NewTimelineEntry | null;
}

/** Writes a held-back event line on its own, if no step has written it yet. */
export async function writePending(tx: StoreTx, pending: PendingLine | undefined): Promise<void> {
  if (!pending?.line) return;
  await tx.addTimeline(pending.line);
  pending.line = null;
}

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
    /**
     * The line of the lead event this step answers, not written yet: written with the step's lines (in
     * the row of its first outcome when it can be), then cleared, so the caller knows it is stored.
     */
    eventLine?: PendingLine | undefined;
  },
): Promise<AppliedStep> {
  const { version, step, now } = args;
  let { enrollment, lead } = args;
  const plan = planEffects(step.effects, version.doc, now, attemptsIn(enrollment.snapshot));
  const where = { flowId: version.flowId, version: version.version };

  const merged = mergeLeadFacts(lead, step.lead, now);
  if (merged) {
    lead = merged;
    await tx.saveLead(lead);
  }

  let firedGone = args.fired !== undefined;
  /** Timers whose cancel was left to the add that sets them again later in the step. */
  const setAgain = new Set<string>();
  for (const [i, t] of plan.timers.entries()) {
    if (t.sendId === args.fired && t.op === 'add') firedGone = false;
    if (t.op === 'cancel') {
      // A timer set again later in the step (a step left and entered again, its timeout restarting) is
      // updated in place by that add: deleting the row and inserting a new one wrote three more index pages.
      if (plan.timers.some((later, j) => j > i && later.op === 'add' && later.sendId === t.sendId))
        setAgain.add(t.sendId);
      else if (!(firedGone && t.sendId === args.fired)) await tx.cancelTimer(enrollment.id, t.sendId);
    } else
      await tx.addTimer(
        {
          enrollmentId: enrollment.id,
          sendId: t.sendId,
          event: t.event,
          nodeId: t.nodeId,
          dueAt: t.dueAt,
        },
        { rearm: setAgain.has(t.sendId) },
      );
  }

  /** Tasks withdrawn because the lead left their step some other way: the rep sees why on the timeline. */
  const cancelled: NewTimelineEntry[] = [];
  for (const close of plan.closeTasks) {
    for (const task of await tx.openTasksOf(enrollment.id, close.nodeId)) {
      await tx.saveTask({
        ...task,
        status: close.status,
        outcome: close.outcome ?? task.outcome,
        closedAt: now,
      });
      if (close.status === 'cancelled')
        cancelled.push(
          taskLine(task, now, 'taskCancelled', 'cancelled: the lead moved on from its step', {
            assignee: task.assignee,
          }),
        );
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

  /** Emails and webinar invitations this lead must not get, by step, with why. */
  let withheld: Map<string, string> | null = null;
  for (const m of plan.messages) {
    if (m.channel !== 'task') {
      const why = whyNotMailed(lead);
      if (why) {
        withheld ??= new Map();
        withheld.set(m.nodeId, why);
        continue;
      }
    }
    const taskId = m.channel === 'task' ? taskIds.get(m.nodeId) : undefined;
    await tx.saveMessage(
      pendingMessage({
        lead,
        leadId: lead.id,
        enrollmentId: enrollment.id,
        nodeId: m.nodeId,
        channel: m.channel,
        payload: { ...m.payload, ...where, ...(taskId ? { taskId } : {}) },
        now,
      }),
    );
  }

  const lines: NewTimelineEntry[] = plan.timeline.map((entry) => {
    const why =
      withheld && entry.nodeId && sendTypes.has(entry.type) ? withheld.get(entry.nodeId) : undefined;
    if (why) {
      return {
        leadId: lead.id,
        at: now,
        ...where,
        type: 'messageWithheld',
        text: `${entry.text.replace(/ sent(?=:)/, ' not sent')} (${why})`,
        nodeId: entry.nodeId,
        data: { ...entry.data, withheld: why },
      };
    }
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
  if (cancelled.length) lines.unshift(...cancelled);
  const timeline = foldLines(args.entered, lines, version.doc, args.eventLine?.line ?? undefined);
  if (args.eventLine) args.eventLine.line = null;
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

/** The call attempts a stored snapshot has logged, by step (none is stored while none are logged). */
const attemptsIn = (snapshot: StoredSnapshot): Record<string, number> =>
  (snapshot.context.attempts as Record<string, number> | undefined) ?? {};

/** The lines of steps that send the lead something. */
const sendTypes = new Set(['sendEmail', 'sendWebinarInvite']);

/**
 * Why the lead must not be sent marketing email (emails and webinar invitations), or null. Set by the
 * lead's own events (`email.unsubscribed`, `email.bounced`: see applyLeadEvent) as attributes, so a CRM
 * can clear them and flows can branch on them. Sales tasks are not affected.
 */
export function whyNotMailed(lead: LeadRecord): string | null {
  if (flagIsSet(lead.attributes.unsubscribed)) return 'the lead unsubscribed';
  if (flagIsSet(lead.attributes.emailBounced)) return 'the lead’s email address bounced';
  if (!lead.email) return 'the lead has no email address';
  return null;
}

/**
 * A yes/no attribute as CRMs send it: true, "true" or "yes" (any case), or 1. The one reading of the mail
 * flags (`unsubscribed`, `emailBounced`): whyNotMailed, the events that set them (applyLeadEvent) and the
 * new address that clears a bounce (upsertLead) must agree on what "set" means.
 */
export const flagIsSet = (v: unknown): boolean =>
  v === true || v === 1 || (typeof v === 'string' && ['true', 'yes'].includes(v.trim().toLowerCase()));

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
 * Step lines that may be stored inside a folded row: no query reads them by type (stats read steps and
 * outcomes, the waterfall stage changes, recycles and tasks), and their text follows from their data.
 */
const partTypes = new Set([
  'sendEmail',
  'sendWebinarInvite',
  'webinarRegistered',
  'attemptLogged',
  'scoreChanged',
  'enrollInFlow',
  'exitFlow',
  'flowCompleted',
]);

/** Whether `l` belongs in the same row as `first`: the same lead, time and flow version. */
const sameRow = (first: NewTimelineEntry, l: NewTimelineEntry) =>
  l.leadId === first.leadId && l.at === first.at && l.flowId === first.flowId && l.version === first.version;

/** A step line the store can write again from its type and data alone. */
function isPart(l: NewTimelineEntry, doc: FlowDocument): boolean {
  if (!partTypes.has(l.type) || l.event || l.fold) return false;
  return l.nodeId === stepOfLine(l.data) && describeEffect({ type: l.type, params: l.data }, doc) === l.text;
}

/** The lines from `start` on that can go in the row of `first`, as parts; and the index after them. */
function takeParts(
  first: NewTimelineEntry,
  lines: NewTimelineEntry[],
  start: number,
  doc: FlowDocument,
): [FoldPart[], number] {
  const parts: FoldPart[] = [];
  let i = start;
  for (let l = lines[i]; l && sameRow(first, l); l = lines[i]) {
    if (isOutcome(l)) {
      const then = lines[i + 1];
      const next = isReached(then) && sameRow(first, then) ? then.nodeId : undefined;
      parts.push({ nodeId: l.nodeId, outcome: l.data.outcome as string, ...(next ? { next } : {}) });
      i += next ? 2 : 1;
    } else if (isPart(l, doc)) {
      parts.push({ type: l.type, data: l.data });
      i++;
    } else break;
  }
  return [parts, i];
}

/** A lead event's line the store can write again from its type and data, at the time of `first`. */
const isEventLine = (
  l: NewTimelineEntry,
  first: NewTimelineEntry,
): l is NewTimelineEntry & {
  event: { type: string; at: number };
} =>
  l.event?.type === l.type &&
  l.version === null &&
  !l.fold &&
  l.leadId === first.leadId &&
  l.at === first.at &&
  describeLeadEvent(l.type, l.data) === l.text;

/**
 * Adds to `out` the row `first` stands for (see `foldLines`): its own lines end before `from`; the next
 * step's "reached" line and the parts are taken from there. A lone outcome line (`alone: false`) with
 * nothing after it stays plain. Returns where the next row's lines start. (A function of its own, not a
 * closure per call: the runtime's loader names every closure it creates, which showed in the profile.)
 */
function foldRow(
  out: NewTimelineEntry[],
  lines: NewTimelineEntry[],
  doc: FlowDocument,
  first: NewTimelineEntry,
  own: TimelineFold,
  from: number,
  alone = true,
): number {
  const next = lines[from];
  let i = from;
  if (isReached(next) && sameRow(first, next)) {
    own.next = next.nodeId;
    i++;
  }
  const [then, after] = takeParts(first, lines, i, doc);
  if (then.length > 0) own.rest = then;
  out.push(alone || own.next !== undefined || own.rest ? { ...first, fold: own } : first);
  return after;
}

/**
 * Marks the lines the store may keep folded into one row (it gives back the same lines when read):
 * "entered the flow" with the entry step's "reached" and outcome lines, or an outcome line; each with the
 * "reached" line of the next step and the step's lines after that, as long as the store can write them
 * again (outcomes, "reached" lines, and the types in `partTypes`). A score step between two waits is
 * then one row instead of three. `eventLine`, the line of the lead event that caused the step, goes first:
 * in the row of the step's first outcome when the step starts with one, else as a row of its own.
 */
export function foldLines(
  entered: NewTimelineEntry | undefined,
  lines: NewTimelineEntry[],
  doc: FlowDocument,
  eventLine?: NewTimelineEntry,
): NewTimelineEntry[] {
  const out: NewTimelineEntry[] = [];
  let i = 0;
  if (eventLine) {
    const first = lines[0];
    if (!entered && first && isOutcome(first) && isEventLine(eventLine, first)) {
      const { type, flowId, nodeId, data } = eventLine;
      const folded = { type, flowId, nodeId, data, at: eventLine.event.at };
      const own = { nodeId: first.nodeId, outcome: first.data.outcome as string, eventLine: folded };
      i = foldRow(out, lines, doc, first, own, 1);
    } else out.push(eventLine);
  }
  if (entered) {
    const [reached, result] = lines;
    if (
      entered.nodeId === null &&
      isReached(reached) &&
      isOutcome(result) &&
      result.nodeId === reached.nodeId &&
      sameRow(entered, reached) &&
      sameRow(entered, result)
    ) {
      i = foldRow(
        out,
        lines,
        doc,
        entered,
        { nodeId: reached.nodeId, outcome: result.data.outcome as string },
        2,
      );
    } else out.push(entered);
  }
  while (i < lines.length) {
    const l = lines[i] as NewTimelineEntry;
    if (isOutcome(l)) {
      i = foldRow(out, lines, doc, l, { nodeId: l.nodeId, outcome: l.data.outcome as string }, i + 1, false);
    } else {
      out.push(l);
      i++;
    }
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
  await cancelTasksOf(tx, enrollment.id, now, `the lead left “${version.doc.name}”`);
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

/** Cancels every open task of an enrollment, each with a timeline line saying why (“cancelled: <why>”). */
export async function cancelTasksOf(
  tx: StoreTx,
  enrollmentId: string,
  now: number,
  why: string,
): Promise<void> {
  for (const task of await tx.openTasksOf(enrollmentId)) {
    await tx.saveTask({ ...task, status: 'cancelled', closedAt: now });
    await tx.addTimeline(
      taskLine(task, now, 'taskCancelled', `cancelled: ${why}`, { assignee: task.assignee }),
    );
  }
}
