import { type FlowDocument, nodeIndex } from '@tandem/schema';
import type { TimelineEntry } from '../../api/work.ts';

/**
 * Whose line a timeline entry is, so a reader tells marketing's touches from sales' at a glance: sales (its
 * tasks, calls and notes), marketing (what its flows sent and scored), the lead (what the lead did: opens,
 * clicks, visits, forms) or the record (the lead's data, stages, entering and leaving flows).
 */
export type Side = 'marketing' | 'sales' | 'lead' | 'record';

export const sideNames: Record<Side, string> = {
  marketing: 'Marketing',
  sales: 'Sales',
  lead: 'Lead',
  record: 'Record',
};

const salesTypes = new Set([
  'createTask',
  'closeTask',
  'taskClaimed',
  'taskReleased',
  'taskCompleted',
  'taskCancelled',
  'taskExpired',
  'callNote',
  'attemptLogged',
  'ownerChanged',
]);
const marketingTypes = new Set([
  'sendEmail',
  'sendWebinarInvite',
  'webinarMissed',
  'messageWithheld',
  'scoreChanged',
]);
// Lines about a step (reaching it, its outcome) belong to the team that owns the step.
const stepTypes = new Set(['enterNode', 'recordOutcome']);

export function sideOf(entry: TimelineEntry, doc?: FlowDocument): Side {
  if (salesTypes.has(entry.type) || typeof entry.data.taskId === 'string') return 'sales';
  if (marketingTypes.has(entry.type)) return 'marketing';
  // Lead events are named like `email.opened`; registering for a webinar is the lead's doing too.
  if (entry.type.includes('.') || entry.type === 'webinarRegistered') return 'lead';
  if (stepTypes.has(entry.type) && entry.nodeId && doc) {
    const team = nodeIndex(doc).get(entry.nodeId)?.owner?.team;
    if (team) return team;
  }
  return 'record';
}
