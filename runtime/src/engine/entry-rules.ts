import { durationMs, evaluateCondition, formatDuration, type LeadFacts, matchesFilter } from '@tandem/schema';
import type { EnrollmentRecord, FlowVersionRecord } from '../store/records.ts';

export type EntryDecision =
  | { ok: true }
  | { ok: false; code: 'already_enrolled' | 'reentry_refused'; message: string };

/** Whether a lead may enter a flow now, given its entry rule's re-entry policy and the lead's history there. */
export function mayEnter(
  version: FlowVersionRecord,
  history: EnrollmentRecord[],
  now: number,
): EntryDecision {
  const name = `“${version.doc.name}”`;
  if (history.some((e) => e.status === 'active')) {
    return {
      ok: false,
      code: 'already_enrolled',
      message: `The lead is already in ${name}. ${restartHint(version.doc.entry.reentry)}`,
    };
  }
  const last = history[0];
  if (!last) return { ok: true };
  const policy = version.doc.entry.reentry;
  if (policy.policy === 'always') return { ok: true };
  if (policy.policy === 'never') {
    return {
      ok: false,
      code: 'reentry_refused',
      message: `${name} does not let a lead enter twice (re-entry: never).`,
    };
  }
  const since = last.endedAt ?? last.enteredAt;
  const wait = durationMs(policy.cooldown);
  if (now - since >= wait) return { ok: true };
  return {
    ok: false,
    code: 'reentry_refused',
    message: `${name} lets a lead re-enter ${formatDuration(policy.cooldown)} after leaving; that is ${new Date(since + wait).toISOString()}.`,
  };
}

/** What removing the lead to start it again would allow, by the flow's re-entry policy. */
function restartHint(policy: FlowVersionRecord['doc']['entry']['reentry']): string {
  if (policy.policy === 'always') return 'Remove it from the flow first to start it again.';
  if (policy.policy === 'never')
    return 'The flow does not let a lead enter twice, so it cannot be started again.';
  return `Once removed, it can enter again ${formatDuration(policy.cooldown)} after leaving.`;
}

/** Published flows whose entry rule fires on this lead event. */
export function flowsTriggeredByEvent(
  versions: FlowVersionRecord[],
  event: { type: string; data: Record<string, unknown> },
): FlowVersionRecord[] {
  return versions.filter((v) => {
    const t = v.doc.entry.trigger;
    return t.type === 'event' && t.eventType === event.type && matchesFilter(t.filter, event.data);
  });
}

/** Published flows whose attribute rule the lead now matches. */
export function flowsTriggeredByAttributes(
  versions: FlowVersionRecord[],
  lead: LeadFacts,
  now: number,
): FlowVersionRecord[] {
  return versions.filter((v) => {
    const t = v.doc.entry.trigger;
    return t.type === 'attributes' && evaluateCondition(t.condition, lead, now);
  });
}
