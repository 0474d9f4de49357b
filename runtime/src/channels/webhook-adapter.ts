import { createHmac } from 'node:crypto';
import type { ChannelAdapter, OutboundMessage } from './channel.ts';

export interface WebhookOptions {
  url: string;
  /** Shared secret for the `X-Tandem-Signature` header; the receiver recomputes it to trust the call. */
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** HMAC-SHA256 of `timestamp.body`, hex, as sent in `X-Tandem-Signature: sha256=…`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** POSTs each message as JSON; any non-2xx answer is a failed attempt. */
export class WebhookAdapter implements ChannelAdapter {
  readonly name = 'webhook';

  constructor(private readonly options: WebhookOptions) {}

  async send(message: OutboundMessage): Promise<void> {
    const body = JSON.stringify({
      id: message.id,
      channel: message.channel,
      leadId: message.leadId,
      attempt: message.attempt,
      payload: message.payload,
    });
    const timestamp = String(Date.now());
    const response = await (this.options.fetch ?? fetch)(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
        'x-tandem-timestamp': timestamp,
        'x-tandem-signature': `sha256=${signWebhook(this.options.secret, timestamp, body)}`,
      },
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`Webhook answered ${response.status} ${response.statusText}`.trim());
  }
}
