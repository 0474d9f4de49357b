import { afterEach, describe, expect, it } from 'vitest';
import { type Body, sampleFlow, type TestApp, testApp } from '../testing.ts';
import type { ChannelAdapter, OutboundMessage } from './channel.ts';
import { backoff } from './dispatcher.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** Fails the first `failures` deliveries, then accepts; remembers every attempt. */
class FlakyAdapter implements ChannelAdapter {
  readonly name = 'flaky';
  readonly attempts: OutboundMessage[] = [];
  constructor(private failures: number) {}
  async send(message: OutboundMessage) {
    this.attempts.push(message);
    if (this.failures-- > 0) throw new Error('503 Service Unavailable');
  }
}

async function startJourney() {
  await t.call('POST', '/api/flows/sample/publish', sampleFlow());
  const lead = await t.lead({ email: 'ada@example.com' });
  await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
  return lead;
}

const emails = async () => (await t.call('GET', '/api/outbox?channel=email')).body;

describe('the dispatcher', () => {
  it('retries with exponential backoff and delivers once, with the same idempotency key every time', async () => {
    const flaky = new FlakyAdapter(2);
    t = testApp({ channels: { email: flaky }, dispatcher: { backoffMs: 1000, maxAttempts: 5 } });
    await startJourney();
    await t.advance(0);
    expect(await emails()).toMatchObject([
      { status: 'pending', attempts: 1, lastError: '503 Service Unavailable' },
    ]);
    await t.advance(999);
    expect(flaky.attempts).toHaveLength(1);
    await t.advance(1);
    expect((await emails())[0]).toMatchObject({ status: 'pending', attempts: 2 });
    await t.advance(2000);
    const [sent] = await emails();
    expect(sent).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(new Set(flaky.attempts.map((m) => m.idempotencyKey))).toEqual(new Set([sent.idempotencyKey]));
    expect(flaky.attempts.map((m) => m.attempt)).toEqual([1, 2, 3]);
    await t.advance(60_000);
    expect(flaky.attempts).toHaveLength(3);
  });

  it('dead-letters a message after the last attempt, keeping the error', async () => {
    const broken = new FlakyAdapter(Number.POSITIVE_INFINITY);
    t = testApp({ channels: { email: broken }, dispatcher: { backoffMs: 10, maxAttempts: 3 } });
    await startJourney();
    await t.advance(0);
    await t.advance(10);
    await t.advance(20);
    expect(await emails()).toMatchObject([
      { status: 'dead', attempts: 3, lastError: '503 Service Unavailable' },
    ]);
    await t.advance(3_600_000);
    expect(broken.attempts).toHaveLength(3);
    expect((await t.call('GET', '/api/outbox?status=dead')).body).toHaveLength(1);
  });

  it('records when a message became a dead letter, lists the latest first, and forgets the time on replay', async () => {
    const broken = new FlakyAdapter(Number.POSITIVE_INFINITY);
    t = testApp({ channels: { email: broken }, dispatcher: { backoffMs: 10, maxAttempts: 3 } });
    const start = t.clock.now();
    const ada = await startJourney();
    // Ada's welcome email is tried at +0, +10 and +30 ms: dead at the third failure.
    await t.advance(60_000);
    const bob = await t.lead({ email: 'bob@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: bob.id });
    await t.advance(60_000);
    const iso = (ms: number) => new Date(ms).toISOString();
    const deadLetters = async () =>
      ((await t.call('GET', '/api/outbox?status=dead')).body as Body[]).map((m) => [m.leadId, m.deadAt]);
    expect(await deadLetters()).toEqual([
      [bob.id, iso(start + 60_000 + 30)],
      [ada.id, iso(start + 30)],
    ]);

    // Replayed, Ada's email is no dead letter: no time; failing again, it is dead again, from then on.
    const [mail] = (await t.call('GET', `/api/outbox?leadId=${ada.id}&channel=email`)).body;
    const replayed = await t.call('POST', `/api/outbox/${mail.id}/replay`);
    expect(replayed.body).toMatchObject({ status: 'pending', attempts: 0, deadAt: null });
    const again = t.clock.now();
    await t.advance(60_000);
    expect(await deadLetters()).toEqual([
      [ada.id, iso(again + 30)],
      [bob.id, iso(start + 60_000 + 30)],
    ]);
  });

  it('runs one delivery at a time even when ticks overlap', async () => {
    const flaky = new FlakyAdapter(0);
    t = testApp({ channels: { email: flaky } });
    await startJourney();
    const dispatcher = t.app.runtime.dispatcher;
    const [a, b] = await Promise.all([dispatcher.runOnce(), dispatcher.runOnce()]);
    expect(a).toEqual(b);
    expect(flaky.attempts).toHaveLength(1);
  });

  it('doubles the delay up to a ceiling', () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
