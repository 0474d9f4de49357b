import type { FlowDocument } from '@tandem/schema';
import { api, call, type FlowSummary, type LeadsByStatus, type NodeStats } from './client.ts';

export type { LeadsByStatus };

/** The runtime's reports, as the Reports area reads them. Every call rejects with an `ApiError`. */

/**
 * `GET /api/stats/waterfall`: leads by the stage they are at now; recycles by the recycle step's reason and
 * disqualifications by reason, each counted per time it happened (a lead recycled twice counts twice).
 * Stages without leads are left out.
 */
export interface Waterfall {
  stages: Record<string, number>;
  /** Per funnel stage: leads that ever got that far or further, recycled and disqualified ones included. */
  reached: Record<string, number>;
  recycled: Record<string, number>;
  disqualified: Record<string, number>;
}

export type MessageStatus = 'pending' | 'sent' | 'dead';
export const messageStatuses: readonly MessageStatus[] = ['pending', 'sent', 'dead'];

/** One message of the outbox. `payload` is what the flow step put in it, with the lead's contact. */
export interface OutboxMessage {
  id: string;
  idempotencyKey: string;
  leadId: string;
  channel: string;
  payload: Record<string, unknown>;
  status: MessageStatus;
  attempts: number;
  /** Pending: when it is tried next; dead: when its last attempt was due. */
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** When it became a dead letter; null unless dead, and for dead letters older than the runtime keeping this. */
  deadAt: string | null;
}

/** Messages of one channel and status, all of them (`GET /api/outbox/counts`). */
export interface MessageCount {
  channel: string;
  status: MessageStatus;
  count: number;
}

/** The runtime answers at most this many messages per request: the oldest, or the latest dead letters. */
export const outboxListLimit = 500;

export interface OutboxFilter {
  status?: MessageStatus | undefined;
  channel?: string | undefined;
}

/** A published flow's latest version with its per-step counts. */
export interface FlowVersionReport {
  flow: FlowSummary;
  version: number;
  publishedAt: string;
  doc: FlowDocument;
  nodes: Record<string, NodeStats>;
  leads: LeadsByStatus;
}

const enc = encodeURIComponent;

export const reportsApi = {
  waterfall: () => call<Waterfall>('/stats/waterfall'),
  outbox: (filter: OutboxFilter = {}) => {
    const query = new URLSearchParams();
    if (filter.status) query.set('status', filter.status);
    if (filter.channel) query.set('channel', filter.channel);
    const qs = query.toString();
    return call<OutboxMessage[]>(`/outbox${qs ? `?${qs}` : ''}`);
  },
  /** Every message counted per channel and status (the list stops at `outboxListLimit`). */
  outboxCounts: () => call<MessageCount[]>('/outbox/counts'),
  /** Which adapter serves which channel (`capture` records messages without sending them). */
  channels: () => call<Record<string, string>>('/channels'),
  /** Queues one dead letter again (admins only). */
  replay: (id: string) => call<OutboxMessage>(`/outbox/${enc(id)}/replay`, { method: 'POST' }),
  /** Queues every dead letter again, or those of one channel (admins only); answers the ids queued. */
  replayAll: (channel?: string) =>
    call<{ replayed: string[] }>('/outbox/replay', {
      method: 'POST',
      body: channel ? { channel } : {},
    }),
  flows: () => api.listFlows(),
  /** The version's document (which step is which) and its counts, read side by side. */
  flowVersion: async (flow: FlowSummary, version: number): Promise<FlowVersionReport> => {
    const [published, stats] = await Promise.all([
      api.getVersion(flow.id, version),
      api.stats(flow.id, version),
    ]);
    return {
      flow,
      version,
      publishedAt: published.publishedAt,
      doc: published.flow,
      nodes: stats.nodes,
      leads: stats.leads,
    };
  },
};
