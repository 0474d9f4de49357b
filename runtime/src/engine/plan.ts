import { describeEffect, type FlowDocument, kindDef, nodeIndex, timerNodeId } from '@tandem/schema';
import type { TaskKind } from '../store/records.ts';
import { stepOfLine } from '../store/timeline-text.ts';
import type { Effect } from './step.ts';

export type TimerOp =
  | { op: 'add'; sendId: string; event: { type: string }; nodeId: string; dueAt: number }
  | { op: 'cancel'; sendId: string };

export interface PlannedTask {
  nodeId: string;
  kind: TaskKind;
  queue: string;
  title: string;
  deadlineAt: number;
  details: Record<string, unknown>;
}

export interface PlannedMessage {
  channel: 'email' | 'webinar' | 'task';
  nodeId: string;
  payload: Record<string, unknown>;
}

export interface PlannedTimeline {
  type: string;
  text: string;
  nodeId: string | null;
  data: Record<string, unknown>;
}

/** What one step of a lead's machine asks the runtime to do, decided without touching storage. */
export interface Plan {
  timers: TimerOp[];
  tasks: PlannedTask[];
  /** Open tasks of steps being left: done with the outcome the step took, expired past the deadline, else cancelled. */
  closeTasks: { nodeId: string; status: 'done' | 'expired' | 'cancelled'; outcome: string | null }[];
  messages: PlannedMessage[];
  timeline: PlannedTimeline[];
  /** Cross-flow recycle targets: the lead is enrolled there at the given step. */
  transfers: { flowId: string; startAt: string; nodeId: string }[];
  exit: { why: string; reason: string } | null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * A "no answer" outcome with the attempts made at its step. Only logged attempts count (`POST …/attempt`,
 * the machine's `task.attempted`), the one that reaches the limit included; completing the task with
 * "no answer" is not an attempt of its own: a rep logs each unanswered call, so counting the completion
 * too would credit a call more than was made.
 */
function withAttempts(params: Record<string, unknown>, attempts: Record<string, number>) {
  if (params.outcome !== 'noAnswer') return params;
  const nodeId = str(params.nodeId);
  return { ...params, attempts: Object.hasOwn(attempts, nodeId) ? attempts[nodeId] : 0 };
}

/**
 * Turns the effects of one `transition()` into storage work: timers, tasks, messages, timeline lines.
 * `attempts` are the call attempts logged per step before this one (the stored snapshot's context), so
 * that a call left by "no answer" says how many calls were made rather than the step's limit.
 */
export function planEffects(
  effects: Effect[],
  doc: FlowDocument,
  now: number,
  attempts: Readonly<Record<string, number>> = {},
): Plan {
  const plan: Plan = {
    timers: [],
    tasks: [],
    closeTasks: [],
    messages: [],
    timeline: [],
    transfers: [],
    exit: null,
  };
  const outcomeOf = new Map(
    effects
      .filter((e) => e.type === 'recordOutcome')
      .map((e) => [str(e.params.nodeId), str(e.params.outcome)]),
  );
  const attemptsNow = { ...attempts };
  for (const effect of effects) {
    const { type } = effect;
    const nodeId = str(effect.params.nodeId);
    if (type === 'attemptLogged') attemptsNow[nodeId] = Number(effect.params.attempts);
    const params = type === 'recordOutcome' ? withAttempts(effect.params, attemptsNow) : effect.params;
    const node = nodeIndex(doc).get(nodeId);
    switch (type) {
      case 'xstate.raise': {
        // Raises without a delay are handled inside transition(); only delayed ones reach us.
        if (typeof params.delay !== 'number') break;
        const sendId = str(params.id);
        const event = params.event as { type: string };
        plan.timers.push({
          op: 'add',
          sendId,
          event,
          nodeId: timerNodeId(sendId),
          dueAt: now + params.delay,
        });
        break;
      }
      case 'xstate.cancel':
        plan.timers.push({ op: 'cancel', sendId: str(params.sendId) });
        break;
      case 'createTask': {
        const { nodeId: _n, taskKind, title, deadlineMs, ...details } = params;
        const task: PlannedTask = {
          nodeId,
          kind: taskKind as TaskKind,
          queue: node?.owner.queue ?? 'unassigned',
          title: str(title) || node?.label || (node ? (kindDef(node.kind)?.title ?? nodeId) : nodeId),
          deadlineAt: now + Number(deadlineMs),
          details,
        };
        plan.tasks.push(task);
        plan.messages.push({ channel: 'task', nodeId, payload: { ...task } });
        break;
      }
      case 'closeTask': {
        const outcome = outcomeOf.get(nodeId) ?? null;
        const status = outcome === 'expired' ? 'expired' : outcome ? 'done' : 'cancelled';
        plan.closeTasks.push({ nodeId, status, outcome });
        break;
      }
      case 'sendEmail':
        plan.messages.push({ channel: 'email', nodeId, payload: { ...params } });
        break;
      case 'sendWebinarInvite':
        plan.messages.push({ channel: 'webinar', nodeId, payload: { ...params } });
        break;
      case 'enrollInFlow':
        plan.transfers.push({ flowId: str(params.flowId), startAt: str(params.startAt), nodeId });
        break;
      case 'exitFlow':
        plan.exit = { why: str(params.why), reason: str(params.reason) };
        break;
    }
    if (type.startsWith('xstate.')) continue;
    const text = describeEffect({ type, params }, doc);
    if (text !== null) plan.timeline.push({ type, text, nodeId: stepOfLine(params), data: params });
  }
  return plan;
}
