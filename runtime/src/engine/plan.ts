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

/** Turns the effects of one `transition()` into storage work: timers, tasks, messages, timeline lines. */
export function planEffects(effects: Effect[], doc: FlowDocument, now: number): Plan {
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
  for (const { type, params } of effects) {
    const nodeId = str(params.nodeId);
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
