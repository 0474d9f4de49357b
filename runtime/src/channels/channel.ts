/** A touch ready to leave the building: one outbox row as an adapter sees it. */
export interface OutboundMessage {
  id: string;
  /** Same on every delivery attempt of this message; receivers use it to drop repeats. */
  idempotencyKey: string;
  channel: string;
  leadId: string;
  payload: Record<string, unknown>;
  attempt: number;
}

/**
 * Delivers touches for one or more channels (email, webinar invitations, task notifications).
 * `send` resolves when the receiver accepted the message and rejects with a reason otherwise;
 * the dispatcher retries with backoff and dead-letters after the last attempt.
 */
export interface ChannelAdapter {
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
  close?(): Promise<void>;
}

/** Which adapter serves which channel (`email`, `webinar`, `task`, …). */
export type ChannelMap = Record<string, ChannelAdapter>;
