import { CaptureAdapter } from './capture-adapter.ts';
import type { ChannelAdapter, ChannelMap } from './channel.ts';
import { SmtpAdapter } from './smtp-adapter.ts';
import { WebhookAdapter } from './webhook-adapter.ts';

/** The channels the runtime produces messages for. */
export const channelNames = ['email', 'webinar', 'task'] as const;

/**
 * Builds the channel map from environment variables. `CHANNELS` maps channels to adapters, e.g.
 * `email=smtp,webinar=webhook,task=capture`; unlisted channels use `capture`. `SMTP_URL`, `SMTP_FROM`,
 * `SMTP_SALES_ADDRESS`, `WEBHOOK_URL` and `WEBHOOK_SECRET` configure the adapters that are used.
 */
export function channelsFromEnv(env: Record<string, string | undefined>): ChannelMap {
  const wanted: Record<string, string> = Object.fromEntries(channelNames.map((c) => [c, 'capture']));
  for (const part of (env.CHANNELS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [channel, adapter] = part.split('=').map((s) => s.trim());
    if (!channel || !adapter) throw new Error(`CHANNELS entry “${part}” must look like channel=adapter.`);
    wanted[channel] = adapter;
  }
  const built = new Map<string, ChannelAdapter>();
  const adapter = (name: string): ChannelAdapter => {
    const existing = built.get(name);
    if (existing) return existing;
    let made: ChannelAdapter;
    if (name === 'capture') made = new CaptureAdapter();
    else if (name === 'webhook') {
      if (!env.WEBHOOK_URL || !env.WEBHOOK_SECRET)
        throw new Error('The webhook adapter needs WEBHOOK_URL and WEBHOOK_SECRET.');
      made = new WebhookAdapter({ url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET });
    } else if (name === 'smtp') {
      if (!env.SMTP_URL) throw new Error('The smtp adapter needs SMTP_URL, e.g. smtp://localhost:1025.');
      made = new SmtpAdapter({
        url: env.SMTP_URL,
        from: env.SMTP_FROM ?? 'Tandem <nurture@localhost>',
        salesAddress: env.SMTP_SALES_ADDRESS,
      });
    } else throw new Error(`Unknown channel adapter “${name}”: use capture, webhook or smtp.`);
    built.set(name, made);
    return made;
  };
  return Object.fromEntries(Object.entries(wanted).map(([channel, name]) => [channel, adapter(name)]));
}
