import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelAdapter, OutboundMessage } from './channel.ts';

export interface SmtpOptions {
  /** e.g. `smtp://user:pass@mail.example.com:587` */
  url: string;
  from: string;
  /** Where task notifications go when the lead has no owner e-mail (e.g. a sales queue alias). */
  salesAddress?: string | undefined;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Renders a touch as an e-mail: marketing e-mails to the lead, task notifications to sales. */
export function renderMail(
  message: OutboundMessage,
  salesAddress?: string,
): { to: string; subject: string; text: string } {
  const p = message.payload;
  const lead = (p.lead ?? {}) as { email?: string | null; name?: string | null; owner?: string | null };
  if (message.channel === 'task') {
    const to = lead.owner?.includes('@') ? lead.owner : salesAddress;
    if (!to)
      throw new Error(
        'No address for task notifications: set SMTP_SALES_ADDRESS or give the lead an owner e-mail.',
      );
    return {
      to,
      subject: `[${text(p.queue)}] ${text(p.title)}`,
      text: `New ${text(p.kind)} task for ${lead.name ?? lead.email ?? message.leadId}.`,
    };
  }
  if (!lead.email) throw new Error(`Lead ${message.leadId} has no e-mail address.`);
  if (message.channel === 'webinar') {
    return {
      to: lead.email,
      subject: `You're invited: ${text(p.webinar)}`,
      text: `Join us on ${text(p.startsAt)}.`,
    };
  }
  return {
    to: lead.email,
    subject: text(p.subject),
    text: [text(p.preheader), `Template: ${text(p.template)}`].filter(Boolean).join('\n\n'),
  };
}

/** Sends through any SMTP server with nodemailer; the idempotency key becomes the Message-ID. */
export class SmtpAdapter implements ChannelAdapter {
  readonly name = 'smtp';
  readonly #transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    this.#transport = createTransport(options.url);
  }

  async send(message: OutboundMessage): Promise<void> {
    const mail = renderMail(message, this.options.salesAddress);
    await this.#transport.sendMail({
      from: this.options.from,
      ...mail,
      messageId: `<${message.idempotencyKey.replaceAll(':', '.')}@tandem.local>`,
      headers: { 'X-Tandem-Message': message.id },
    });
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}
