import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';
import { renderMail, SmtpAdapter } from './smtp-adapter.ts';

let t: TestApp | undefined;
let smtp: SMTPServer | undefined;
afterEach(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  t = undefined;
  smtp = undefined;
});

/** A local SMTP server that keeps what it receives; refuses recipients at `refused.example`. */
async function startSmtp() {
  const mails: { to: string[]; raw: string }[] = [];
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example')) callback(new Error('Mailbox unavailable'));
      else callback();
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c) => {
        raw += c;
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp?.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return { mails, url: `smtp://127.0.0.1:${port}` };
}

describe('the SMTP adapter', () => {
  it('delivers a flow email to the lead through a real SMTP server, with the idempotency key as Message-ID', async () => {
    const { mails, url } = await startSmtp();
    t = testApp({ channels: { email: new SmtpAdapter({ url, from: 'Tandem <nurture@tandem.example>' }) } });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'ada@example.com', name: 'Ada' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await t.advance(0);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['ada@example.com']);
    expect(mails[0]?.raw).toContain('Subject: Welcome aboard');
    const [message] = (await t.call('GET', '/api/outbox?channel=email')).body;
    expect(message.status).toBe('sent');
    // Long headers are folded onto the next line.
    expect(mails[0]?.raw.replace(/\r?\n\s+/g, ' ')).toContain(
      `Message-ID: <${message.idempotencyKey.replaceAll(':', '.')}@tandem.local>`,
    );
  });

  it('retries and dead-letters when the server refuses the recipient', async () => {
    const { mails, url } = await startSmtp();
    t = testApp({
      channels: { email: new SmtpAdapter({ url, from: 'nurture@tandem.example' }) },
      dispatcher: { backoffMs: 100, maxAttempts: 2 },
    });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'bob@refused.example' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await t.advance(0);
    expect((await t.call('GET', '/api/outbox?channel=email')).body[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    await t.advance(100);
    const [dead] = (await t.call('GET', '/api/outbox?channel=email')).body;
    expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
    expect(dead.lastError).toContain('Mailbox unavailable');
    expect(mails).toHaveLength(0);
  });

  it('renders task notifications for sales and refuses leads without an address', () => {
    const base = { id: 'm', idempotencyKey: 'k', leadId: 'l1', attempt: 1 };
    const task = renderMail(
      {
        ...base,
        channel: 'task',
        payload: { queue: 'telequalifying', title: 'Greeting call', kind: 'call', lead: { name: 'Ada' } },
      },
      'tq@corp.example',
    );
    expect(task).toMatchObject({ to: 'tq@corp.example', subject: '[telequalifying] Greeting call' });
    expect(() => renderMail({ ...base, channel: 'email', payload: { lead: { email: null } } })).toThrow(
      'no e-mail',
    );
  });
});
