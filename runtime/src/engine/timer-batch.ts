import type { FlowDocument, FlowEvent } from '@tandem/schema';
import type { AnyStateMachine } from 'xstate';
import type { DueTimer, NewTimelineEntry, SnapshotMove, TimerRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { foldLines, unchanged } from './apply-step.ts';
import { type Plan, planEffects } from './plan.ts';
import { type Effect, reusableStep } from './step.ts';

/** What a reused step asks for, planned once at time 0: due times are offsets from the step's moment. */
interface TimerOnlyPlan {
  adds: Extract<Plan['timers'][number], { op: 'add' }>[];
  /** The step's timeline lines, already folded, without the lead, time and flow they are written for. */
  lines: Omit<NewTimelineEntry, 'leadId' | 'at' | 'flowId' | 'version'>[];
}

// Keyed by the cached step and the fired send id, which is part of what makes a plan simple.
const plans = new WeakMap<object, Map<string, TimerOnlyPlan | null>>();

/**
 * The plan of a cached step if it only moves the snapshot, sets or clears timers and writes timeline
 * lines: no tasks, messages, transfers, lead changes or end of the flow. Null for anything else.
 */
function timerOnlyPlan(
  step: { effects: Effect[]; done: boolean },
  doc: FlowDocument,
  fired: string,
): TimerOnlyPlan | null {
  let perFired = plans.get(step);
  if (!perFired) {
    perFired = new Map();
    plans.set(step, perFired);
  }
  let plan = perFired.get(fired);
  if (plan !== undefined) return plan;
  const p = planEffects(step.effects, doc, 0);
  const simple =
    !step.done &&
    p.tasks.length === 0 &&
    p.closeTasks.length === 0 &&
    p.messages.length === 0 &&
    p.transfers.length === 0 &&
    p.exit === null &&
    // A cancel of anything but the fired timer (already gone) must run in order with the adds.
    p.timers.every((t) => t.op === 'add' || t.sendId === fired);
  // Folded once with placeholders for what differs per lead; folding looks only at types, steps and data.
  const lines = foldLines(
    undefined,
    p.timeline.map((l) => ({ leadId: '', at: 0, flowId: null, version: null, ...l })),
    doc,
  ).map(({ leadId: _l, at: _a, flowId: _f, version: _v, ...rest }) => rest);
  plan = simple ? { adds: p.timers.filter((t) => t.op === 'add'), lines } : null;
  perFired.set(fired, plan);
  return plan;
}

/**
 * Writes of the timer steps that reuse a cached step, gathered over a batch and made in a few
 * statements: the fired timers deleted, the next timers added, the timeline lines and the snapshots.
 */
export class TimerBatch {
  readonly fired: number[] = [];
  readonly timers: Omit<TimerRecord, 'id'>[] = [];
  readonly lines: NewTimelineEntry[] = [];
  readonly moves: SnapshotMove[] = [];

  constructor(readonly now: number) {}

  /**
   * Takes a due timer whose step is already known (cached, reading neither lead nor clock) and is
   * simple; false when it is not, and the timer must go through the full step.
   */
  add(timer: DueTimer, machine: AnyStateMachine, doc: FlowDocument): boolean {
    const e = timer.enrollment;
    if (e?.status !== 'active') return false;
    const step = reusableStep(machine, e.snapshot, timer.event as FlowEvent);
    if (!step) return false;
    const plan = timerOnlyPlan(step, doc, timer.sendId);
    if (!plan) return false;
    const now = this.now;
    this.fired.push(timer.id);
    for (const t of plan.adds) {
      this.timers.push({
        enrollmentId: e.id,
        sendId: t.sendId,
        event: t.event,
        nodeId: t.nodeId,
        dueAt: now + t.dueAt,
      });
    }
    for (const l of plan.lines) {
      // Written out field by field: spreading a shared object into each line was the slowest part of a step.
      const line: NewTimelineEntry = {
        leadId: e.leadId,
        at: now,
        flowId: e.flowId,
        version: e.version,
        type: l.type,
        text: l.text,
        nodeId: l.nodeId,
        data: l.data,
      };
      if (l.fold) line.fold = l.fold;
      this.lines.push(line);
    }
    if (!unchanged(e, step)) {
      this.moves.push({ id: e.id, leadId: e.leadId, snapshot: step.snapshot, activeNodes: step.activeNodes });
    }
    return true;
  }

  /** Makes the gathered writes; a timer already gone means another step took it: the batch is redone step by step. */
  async flush(tx: StoreTx): Promise<number> {
    if (this.fired.length === 0) return 0;
    const taken = await tx.takeTimers(this.fired);
    if (taken !== this.fired.length) {
      throw new Error(`Only ${taken} of ${this.fired.length} batched timers were still due.`);
    }
    if (this.timers.length) await tx.addTimers(this.timers);
    if (this.lines.length) await tx.addTimelines(this.lines);
    if (this.moves.length) await tx.moveSnapshots(this.moves);
    return this.fired.length;
  }
}
