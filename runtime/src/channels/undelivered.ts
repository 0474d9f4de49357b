import type { NewTimelineEntry, OutboxRecord } from '../store/records.ts';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** What a message was, as the lead's timeline names it: “Email “Welcome aboard””, “Webinar invitation …”. */
function messageName(m: OutboxRecord): string {
  const p = m.payload;
  const quoted = (v: unknown) => (text(v) ? ` “${text(v)}”` : '');
  if (m.channel === 'email') return `Email${quoted(p.subject)}`;
  if (m.channel === 'webinar') return `Webinar invitation${quoted(p.webinar)}`;
  if (m.channel === 'task') return `Task notification${quoted(p.title)}`;
  return `Message on the ${m.channel} channel`;
}

/**
 * The lead's timeline line for a message its channel gave up on (dead-lettered). The step wrote “Email
 * sent” when it queued the message; without this line the lead's record, and the touch history a sales
 * rep reads, showed mail the lead never got. An admin's replay may still deliver it.
 */
export function undeliveredLine(m: OutboxRecord, at: number): NewTimelineEntry {
  const p = m.payload;
  const tries = `${m.attempts} attempt${m.attempts === 1 ? '' : 's'}`;
  return {
    leadId: m.leadId,
    at,
    flowId: text(p.flowId),
    version: typeof p.version === 'number' ? p.version : null,
    nodeId: text(p.nodeId),
    type: 'messageUndelivered',
    text: `${messageName(m)} not delivered after ${tries} (${m.lastError ?? 'no reason given'})`,
    data: { messageId: m.id, channel: m.channel, attempts: m.attempts, error: m.lastError },
  };
}
