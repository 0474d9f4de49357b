import { newId } from '../ids.ts';
import type { LeadRecord, OutboxRecord } from '../store/records.ts';

/** Who a message is about, as every channel's payload carries it. */
export function leadContact(lead: LeadRecord) {
  return { id: lead.id, email: lead.email, name: lead.name, externalId: lead.externalId, owner: lead.owner };
}

/**
 * A message for the outbox, due now. Its idempotency key is stable for the life of the message: a retried
 * delivery carries the same key, so receivers drop repeats.
 */
export function pendingMessage(args: {
  lead: LeadRecord | null;
  leadId: string;
  enrollmentId: string;
  nodeId: string;
  channel: string;
  payload: Record<string, unknown>;
  now: number;
}): OutboxRecord {
  const id = newId();
  return {
    id,
    idempotencyKey: `${args.enrollmentId}:${args.nodeId}:${id}`,
    leadId: args.leadId,
    enrollmentId: args.enrollmentId,
    channel: args.channel,
    payload: { ...args.payload, ...(args.lead ? { lead: leadContact(args.lead) } : {}) },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: args.now,
    lastError: null,
    createdAt: args.now,
    sentAt: null,
    deadAt: null,
  };
}
