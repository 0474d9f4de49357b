import type { AnyStateMachine } from 'xstate';
import type { EnrollmentRecord, FlowVersionRecord, NewTimelineEntry } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { type AppliedStep, applyStep, cancelTasksOf } from './apply-step.ts';
import { loadLeadFacts } from './lead-facts.ts';
import { stepMachine } from './step.ts';

type Config = FlowVersionRecord['machine'];

/** The state a lead placed by hand is resolved in: no step of its own, it goes straight on to the chosen one. */
export const placeState = '__place';

/** The event that steps a lead out of `placeState`; no state listens for it. */
const placeEvent = { type: 'lead.placed' };

/**
 * A compiled flow with one more top-level state, `__place`, that goes straight on to `stepId`. A stored
 * snapshot resolved there and stepped once enters the step as an arriving lead does (its entry actions,
 * its timers, the eventless moves after it) with the snapshot's own context: XState enters a state only
 * by a transition, and a machine's initial state would start from the default context. (The compiler's
 * `__start` does the same for a side-by-side track that goes straight to a goal.)
 */
export function placingConfig(config: Config, stepId: string): Config {
  return { ...config, states: { ...config.states, [placeState]: { always: { target: `#${stepId}` } } } };
}

/**
 * Why a lead cannot be placed at a step of a compiled flow, or null when it can: any top-level step but
 * the entry, a goal or an exit. A step inside side-by-side tracks is reached by placing the lead at its
 * fork, which starts every track (a lead in one track only would never finish the fork); a goal or an exit
 * would end the flow at once and count the lead as having reached it. The entry does nothing but lead on
 * to the first step, and arriving there counts as entering the version, so a lead moved in would be
 * counted twice (as entered and as moved in); as no connection may lead back into it, none may place a
 * lead there. `stepId` must be a step of the flow.
 */
export function whyNotPlaceable(config: Config, stepId: string): 'inTrack' | 'ends' | 'entry' | null {
  const state = Object.hasOwn(config.states, stepId) ? config.states[stepId] : undefined;
  if (!state) return 'inTrack';
  if (stepId === config.initial) return 'entry';
  return state.type === 'final' ? 'ends' : null;
}

/**
 * Puts an active lead at a top-level step of `version` of its flow (see `whyNotPlaceable`) as if it had
 * just arrived there, leaving every step it was in: their timers are dropped and their open sales tasks
 * cancelled, each with a timeline line. The step's entry runs as on any arrival (its email sent, its task
 * made, its wait started in full) and the lead goes on by `version`'s connections. Its context (engagement,
 * call attempts) and lead facts stay. `line` is written first, with `why` the cancelled tasks' reason.
 * `machine` is `MachineCache.placing(version, stepId)`; the caller sends the lead on to any flow the step
 * recycles it to (`Engine.placeAt`).
 */
export async function placeAt(
  tx: StoreTx,
  machine: AnyStateMachine,
  args: {
    enrollment: EnrollmentRecord;
    version: FlowVersionRecord;
    line: NewTimelineEntry;
    why: string;
    now: number;
  },
): Promise<AppliedStep> {
  const { version, now } = args;
  const lead = await tx.getLead(args.enrollment.leadId);
  if (!lead) throw new Error(`Enrollment ${args.enrollment.id} points at a missing lead.`);
  const facts = await loadLeadFacts(tx, lead, version.doc);
  const stored = { value: placeState, context: args.enrollment.snapshot.context };
  const step = stepMachine(machine, version.doc, stored, facts, placeEvent);
  await tx.addTimeline(args.line);
  await tx.cancelTimersOf(args.enrollment.id);
  await cancelTasksOf(tx, args.enrollment.id, now, args.why);
  await tx.setEnrollmentVersion(args.enrollment, version.version);
  const enrollment = { ...args.enrollment, version: version.version };
  return applyStep(tx, { enrollment, version, lead, step, now });
}
