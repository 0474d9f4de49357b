import type { MessageCount, MessageStatus, OutboxMessage } from '../../api/reports.ts';
import { messageStatuses } from '../../api/reports.ts';

export interface ChannelCounts {
  channel: string;
  /** The adapter serving it, or null for a channel the runtime no longer configures. */
  adapter: string | null;
  byStatus: Record<MessageStatus, number>;
}

/**
 * Messages per channel and status, from the runtime's counts of every message. Channels come in the
 * runtime's order, then any channel only old messages name.
 */
export function countMessages(
  channels: Record<string, string>,
  counts: readonly MessageCount[],
): { rows: ChannelCounts[]; total: Record<MessageStatus, number> } {
  const names = [...Object.keys(channels)];
  for (const c of counts) if (!names.includes(c.channel)) names.push(c.channel);
  const all = (channel?: string) =>
    Object.fromEntries(
      messageStatuses.map((s) => [
        s,
        counts
          .filter((c) => c.status === s && (channel === undefined || c.channel === channel))
          .reduce((sum, c) => sum + c.count, 0),
      ]),
    ) as Record<MessageStatus, number>;
  return {
    rows: names.map((channel) => ({ channel, adapter: channels[channel] ?? null, byStatus: all(channel) })),
    total: all(),
  };
}

/** What a message is about: an email's subject, a webinar's name, a sales task's title. */
export function messageSubject(m: OutboxMessage): string {
  const p = m.payload;
  const text = p.subject ?? p.webinar ?? p.title;
  return typeof text === 'string' ? text : '';
}

/** Who a message is for: the lead's name, else e-mail address, else id. */
export function messageLead(m: OutboxMessage): string {
  const lead = m.payload.lead as { name?: unknown; email?: unknown } | undefined;
  if (typeof lead?.name === 'string' && lead.name) return lead.name;
  if (typeof lead?.email === 'string' && lead.email) return lead.email;
  return m.leadId;
}

export const statusLabels: Record<MessageStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  dead: 'Dead letters',
};

/** What the capture adapter does is easy to misread as "sent": say it. */
export const adapterLabels: Record<string, string> = {
  capture: 'capture (recorded here, not sent)',
  smtp: 'SMTP',
  webhook: 'webhook',
};
