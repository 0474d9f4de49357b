import { afterEach, describe, expect, it } from 'vitest';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';
import type { ChannelAdapter, OutboundMessage } from './channel.ts';

/** An e-mail provider that is down (or hangs) until it is switched back on. */
class Flaky implements ChannelAdapter {
  readonly name = 'flaky';
  mode: 'fail' | 'hang' | 'ok' = 'fail';
  readonly delivered: OutboundMessage[] = [];
  async send(message: OutboundMessage): Promise<void> {
    if (this.mode === 'fail') throw new Error('provider down');
    if (this.mode === 'hang') return new Promise(() => undefined);
    this.delivered.push(message);
  }
}

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

describe('a channel that keeps failing', () => {
  it('does not block other channels; its messages back off, dead-letter and can be replayed by an admin', async () => {
    const email = new Flaky();
    t = testApp({
      channels: { email },
      dispatcher: { maxAttempts: 3, backoffMs: 60_000, maxBackoffMs: 3_600_000, sendTimeoutMs: 50 },
    });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'down@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await t.emit(lead.id, 'email.clicked'); // the call task notifies sales on the task channel
    email.mode = 'hang';
    await t.call('POST', '/api/admin/tick');
    // The task notification went out although the e-mail provider hangs.
    expect(t.capture.captured.map((m) => m.channel)).toEqual(['task']);
    const [mail] = (await t.call('GET', '/api/outbox?channel=email')).body;
    expect(mail).toMatchObject({ status: 'pending', attempts: 1, lastError: 'No answer within 50 ms.' });
    email.mode = 'fail';

    // Backoff: not retried before the delay, retried after it; doubling.
    const first = Date.parse(mail.nextAttemptAt) - t.clock.now();
    expect(first).toBe(60_000);
    await t.advance(30_000);
    expect((await t.call('GET', '/api/outbox?channel=email')).body[0].attempts).toBe(1);
    await t.advance(30_000);
    const second = (await t.call('GET', '/api/outbox?channel=email')).body[0];
    expect(second).toMatchObject({ attempts: 2, status: 'pending', lastError: 'provider down' });
    expect(Date.parse(second.nextAttemptAt) - t.clock.now()).toBe(120_000);
    await t.advance(120_000);
    const dead = (await t.call('GET', '/api/outbox?status=dead')).body;
    expect(dead).toMatchObject([{ id: mail.id, attempts: 3 }]);

    // Only admins replay; a message that is not dead is refused.
    const marketing = await t.as('marketing');
    expect((await marketing('POST', `/api/outbox/${mail.id}/replay`)).status).toBe(403);
    const [task] = (await t.call('GET', '/api/outbox?channel=task')).body;
    expect((await t.call('POST', `/api/outbox/${task.id}/replay`)).status).toBe(409);
    expect((await t.call('POST', '/api/outbox/nope/replay')).status).toBe(404);

    email.mode = 'ok';
    const replayed = await t.call('POST', `/api/outbox/${mail.id}/replay`);
    expect(replayed.body).toMatchObject({ status: 'pending', attempts: 0 });
    await t.call('POST', '/api/admin/tick');
    expect((await t.call('GET', '/api/outbox?channel=email')).body[0]).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
    expect(email.delivered.map((m) => m.idempotencyKey)).toEqual([mail.idempotencyKey]);
    expect((await t.call('POST', '/api/outbox/replay', {})).body).toEqual({ replayed: [] });
    const fax = await t.call('POST', '/api/outbox/replay', { channel: 'fax' });
    expect(fax).toMatchObject({ status: 400, body: { error: { path: ['channel'] } } });
  });
});

describe('a long advance of the manual clock', () => {
  it('delivers and retries each message when it falls due on the way, not once at the end', async () => {
    const email = new Flaky();
    t = testApp({
      channels: { email },
      dispatcher: { maxAttempts: 3, backoffMs: 60_000, maxBackoffMs: 3_600_000, sendTimeoutMs: 50 },
    });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'later@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    const start = t.clock.now();
    // The provider is down: the welcome e-mail's three attempts fall due at +0, +1 and +3 minutes.
    const moved = await t.advance(30 * 86_400_000);
    const [mail] = (await t.call('GET', '/api/outbox?channel=email')).body;
    expect(mail).toMatchObject({ status: 'dead', attempts: 3, lastError: 'provider down' });
    // The lead's record says so beside “Email sent”, on the step that sent it.
    const lines = (await t.call('GET', `/api/leads/${lead.id}/timeline`)).body as {
      text: string;
      nodeId: string | null;
    }[];
    expect(lines.filter((l) => l.text.startsWith('Email'))).toMatchObject([
      { text: 'Email sent: “Welcome aboard”', nodeId: 'welcome' },
      { text: 'Email “Welcome aboard” not delivered after 3 attempts (provider down)', nodeId: 'welcome' },
    ]);

    // The same when the provider recovers after the first attempt: sent at its first retry, a minute in.
    const second = await t.lead({ email: 'retried@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: second.id });
    const enrolled = t.clock.now();
    await t.call('POST', '/api/admin/tick');
    email.mode = 'ok';
    await t.advance(30 * 86_400_000);
    const sent = (await t.call('GET', `/api/outbox?leadId=${second.id}&channel=email`)).body[0];
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(Date.parse(sent.sentAt) - enrolled).toBe(60_000);
    expect(moved.sent).toBe(0);
    expect(Date.parse(moved.now) - start).toBe(30 * 86_400_000);
  });
});
