import type { FlowEvent } from '@tandem/schema';
import type { Clock } from '../clock.ts';
import { HttpError, notFound } from '../http-error.ts';
import { newId } from '../ids.ts';
import type {
  DueTimer,
  EnrollmentRecord,
  FlowVersionRecord,
  LeadRecord,
  NewTimelineEntry,
  TimerRecord,
} from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { enteredText } from '../store/timeline-text.ts';
import { type AppliedStep, applyStep, endEnrollment, type PendingLine, writePending } from './apply-step.ts';
import { type EntryDecision, mayEnter } from './entry-rules.ts';
import { loadLeadFacts, usesEventFacts } from './lead-facts.ts';
import { MachineCache, startable } from './machines.ts';
import { placeAt } from './place-at.ts';
import { ignoresEvent, startMachine, stepMachine } from './step.ts';
import { TimerBatch } from './timer-batch.ts';

/** A recycle that sends a lead to a flow that recycles it straight back must not recurse forever. */
const maxTransferDepth = 8;

export interface EnrollOptions {
  /** Why the lead entered: `api`, `event`, `attributes` or `recycle`; shown in the timeline. */
  via: string;
  /** Start at this top-level step instead of the entry (a cross-flow recycle target). */
  startAt?: string | undefined;
  /** Recycle transfers are routing the flow's author chose, so they skip the re-entry policy. */
  skipReentryPolicy?: boolean;
  depth?: number;
}

/**
 * The IO shell around XState's pure `transition()`: loads a lead's stored snapshot, steps it and
 * writes what the step produced. Every method runs inside the caller's transaction.
 */
export class Engine {
  readonly machines: MachineCache;

  constructor(readonly clock: Clock) {
    this.machines = new MachineCache(() => clock.now());
  }

  /** Whether the lead may enter the version now (re-entry policy and current enrollment), without writing. */
  async mayEnroll(tx: StoreTx, lead: LeadRecord, version: FlowVersionRecord): Promise<EntryDecision> {
    return mayEnter(version, await tx.enrollmentHistory(lead.id, version.flowId), this.clock.now());
  }

  /** Enrolls a lead in a published version; refused (409) when the entry rule's re-entry policy forbids it. */
  async enroll(
    tx: StoreTx,
    lead: LeadRecord,
    version: FlowVersionRecord,
    opts: EnrollOptions,
  ): Promise<EnrollmentRecord> {
    const now = this.clock.now();
    const history = await tx.enrollmentHistory(lead.id, version.flowId);
    const decision = mayEnter(version, history, now);
    if (!decision.ok && (decision.code === 'already_enrolled' || !opts.skipReentryPolicy)) {
      throw new HttpError(409, decision.code, decision.message);
    }
    const machine = this.machines.get(version, opts.startAt);
    const step = startMachine(machine, version.doc, await loadLeadFacts(tx, lead, version.doc));
    // Stored with its first step's snapshot, so the step need not write the row a second time.
    const enrollment: EnrollmentRecord = {
      id: newId(),
      leadId: lead.id,
      flowId: version.flowId,
      version: version.version,
      status: 'active',
      snapshot: step.snapshot,
      activeNodes: step.activeNodes,
      enteredAt: now,
      endedAt: null,
      endReason: null,
    };
    await tx.saveEnrollment(enrollment);
    const entered: NewTimelineEntry = {
      leadId: lead.id,
      at: now,
      flowId: version.flowId,
      version: version.version,
      nodeId: opts.startAt ?? null,
      type: 'flowEntered',
      text: enteredText(version.doc.name, version.version, opts.via, opts.startAt),
      data: {
        enrollmentId: enrollment.id,
        via: opts.via,
        ...(opts.startAt ? { startAt: opts.startAt } : {}),
      },
    };
    const applied = await applyStep(tx, { enrollment, version, lead, step, now, entered });
    await this.#transfer(tx, applied, opts.depth ?? 0);
    return applied.enrollment;
  }

  /** Steps one active enrollment with one machine event. */
  async deliver(
    tx: StoreTx,
    enrollment: EnrollmentRecord,
    event: FlowEvent,
    depth = 0,
    /** The send id of the timer being fired, whose row the caller already deleted. */
    fired?: string,
    /** The line of the lead event being delivered, if not written yet (see `applyStep`). */
    eventLine?: PendingLine,
  ): Promise<EnrollmentRecord> {
    if (enrollment.status !== 'active') return enrollment;
    const version = await tx.getVersion(enrollment.flowId, enrollment.version);
    if (!version) throw new Error(`Enrollment ${enrollment.id} points at a missing flow version.`);
    const machine = this.machines.get(version);
    // An event no current step listens for leaves everything as it was: no lead read, no machine run.
    if (fired === undefined && ignoresEvent(machine, enrollment.snapshot.value, event.type))
      return enrollment;
    const lead = await tx.getLead(enrollment.leadId);
    if (!lead) throw new Error(`Enrollment ${enrollment.id} points at a missing lead.`);
    // The step an event causes happens when the event was received: while its line is held, that line
    // gives the time (so the two can share one row, see \`foldLines\`).
    const now = eventLine?.line?.at ?? this.clock.now();
    // A rule asking what the lead did must see this event too: its line goes in before the facts are read.
    if (eventLine?.line && usesEventFacts(version.doc)) await writePending(tx, eventLine);
    const facts = await loadLeadFacts(tx, lead, version.doc);
    const step = stepMachine(machine, version.doc, enrollment.snapshot, facts, event);
    const applied = await applyStep(tx, { enrollment, version, lead, step, now, fired, eventLine });
    await this.#transfer(tx, applied, depth);
    return applied.enrollment;
  }

  /** Fires one due timer, exactly once: the row is deleted in the same transaction as the step. */
  async fireTimer(tx: StoreTx, timer: TimerRecord): Promise<boolean> {
    if (!(await tx.takeTimer(timer.id))) return false;
    const enrollment = await tx.getEnrollment(timer.enrollmentId);
    if (enrollment?.status !== 'active') return false;
    await this.deliver(tx, enrollment, timer.event, 0, timer.sendId);
    return true;
  }

  /**
   * Fires a batch of due timers in the caller's transaction; returns how many fired. A timer whose step
   * was seen before for the same state (and read neither the lead nor the clock) and only moves the lead
   * to its next wait is gathered with the others like it and written in a few statements; the rest, and
   * any lead with more than one timer in the batch, step one by one in order.
   */
  async fireTimers(tx: StoreTx, due: DueTimer[]): Promise<number> {
    const perLead = new Map<string, number>();
    for (const t of due) {
      if (t.enrollment) perLead.set(t.enrollment.leadId, (perLead.get(t.enrollment.leadId) ?? 0) + 1);
    }
    const batch = new TimerBatch(this.clock.now());
    let fired = 0;
    for (const timer of due) {
      const e = timer.enrollment;
      if (e?.status === 'active' && perLead.get(e.leadId) === 1) {
        const version = await tx.getVersion(e.flowId, e.version);
        if (version && batch.add(timer, this.machines.get(version), version.doc)) continue;
      }
      if (await this.fireTimer(tx, timer)) fired++;
    }
    return fired + (await batch.flush(tx));
  }

  /** Takes a lead out of a flow: timers dropped, open tasks cancelled, the timeline says so. */
  async remove(tx: StoreTx, leadId: string, flowId: string, reason: string): Promise<EnrollmentRecord> {
    const enrollment = await tx.activeEnrollment(leadId, flowId);
    if (!enrollment) throw new HttpError(404, 'not_enrolled', `Lead “${leadId}” is not in flow “${flowId}”.`);
    const version = await tx.getVersion(flowId, enrollment.version);
    if (!version) throw notFound('flow version', `${flowId}@${enrollment.version}`);
    return endEnrollment(tx, { enrollment, version, now: this.clock.now(), status: 'removed', reason });
  }

  /**
   * Puts an active lead at a top-level step of another version of its flow as if it had just arrived there
   * (a lead moved by hand, see place-at.ts), then sends it on to any flow that step recycles it to. `line`
   * is the timeline's word for the move; `why` is what the lead's cancelled tasks say.
   */
  async placeAt(
    tx: StoreTx,
    args: {
      enrollment: EnrollmentRecord;
      version: FlowVersionRecord;
      stepId: string;
      line: NewTimelineEntry;
      why: string;
    },
  ): Promise<EnrollmentRecord> {
    const machine = this.machines.placing(args.version, args.stepId);
    const applied = await placeAt(tx, machine, { ...args, now: this.clock.now() });
    await this.#transfer(tx, applied, 0);
    return applied.enrollment;
  }

  async #transfer(tx: StoreTx, applied: AppliedStep, depth: number): Promise<void> {
    for (const t of applied.transfers) {
      const now = this.clock.now();
      const lead = (await tx.getLead(applied.lead.id)) ?? applied.lead;
      const target = await tx.latestVersion(t.flowId);
      const active = target ? await tx.activeEnrollment(lead.id, t.flowId) : null;
      const problem = !target
        ? `flow “${t.flowId}” is not published`
        : active
          ? `the lead is already in “${target.doc.name}”`
          : depth >= maxTransferDepth
            ? 'too many flows in a row sent the lead on'
            : // The target flow may have been published again without that step.
              !startable(target.machine, t.startAt)
              ? `“${target.doc.name}” v${target.version} has no step “${t.startAt}” to start at`
              : null;
      if (problem || !target) {
        await tx.addTimeline({
          leadId: lead.id,
          at: now,
          flowId: applied.enrollment.flowId,
          version: applied.enrollment.version,
          nodeId: t.nodeId,
          type: 'transferSkipped',
          text: `Not sent to flow “${t.flowId}”: ${problem}`,
          data: { ...t, problem },
        });
        continue;
      }
      await this.enroll(tx, lead, target, {
        via: 'recycle',
        startAt: t.startAt,
        skipReentryPolicy: true,
        depth: depth + 1,
      });
    }
  }
}
