import type { ChannelAdapter, OutboundMessage } from './channel.ts';

/**
 * The default adapter: records what would be sent instead of sending it, so demos and tests can
 * see every touch (also listed by `GET /api/outbox`). A message key is recorded once even if retried.
 */
export class CaptureAdapter implements ChannelAdapter {
  readonly name = 'capture';
  readonly captured: OutboundMessage[] = [];
  readonly #keys = new Set<string>();

  async send(message: OutboundMessage): Promise<void> {
    if (this.#keys.has(message.idempotencyKey)) return;
    this.#keys.add(message.idempotencyKey);
    this.captured.push(message);
  }
}
