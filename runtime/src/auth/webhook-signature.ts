import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from '../http-error.ts';

/** Signed inbound webhooks older or newer than this are refused. */
export const webhookWindowMs = 5 * 60_000;

/**
 * Checks `X-Tandem-Signature: sha256=HMAC(secret, timestamp + "." + body)` and that `X-Tandem-Timestamp`
 * (milliseconds or seconds since 1970) is within five minutes of `now`. Returns the signature, which the
 * caller remembers so that the same request cannot be replayed.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: number,
): string {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) {
    throw new HttpError(
      401,
      'unsigned_webhook',
      'Sign the webhook: X-Tandem-Timestamp and X-Tandem-Signature: sha256=HMAC(secret, timestamp.body).',
    );
  }
  const sent = Number(timestamp);
  const sentMs = sent < 1e12 ? sent * 1000 : sent;
  if (!Number.isFinite(sent) || Math.abs(now - sentMs) > webhookWindowMs) {
    throw new HttpError(
      401,
      'stale_webhook',
      'The webhook timestamp is more than 5 minutes away from now; send it again with a fresh timestamp.',
    );
  }
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(
      401,
      'bad_signature',
      'The webhook signature does not match; check WEBHOOK_INBOUND_SECRET on both sides.',
    );
  }
  return signature.trim();
}
