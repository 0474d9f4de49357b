import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreTx } from '../store/store.ts';
import { DAY, type TestApp, testApp } from '../testing.ts';

const open: TestApp[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

/** Waits that read nothing but the snapshot, a branch on the lead's score, a score step and a calendar wait. */
const dripFlow = {
  id: 'drip',
  name: 'Drip',
  entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
  nodes: [
    { id: 'start', kind: 'entry', label: 'New lead' },
    { id: 'w1', kind: 'wait', settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } } },
    { id: 'w2', kind: 'wait', settings: { mode: 'duration', duration: { amount: 2, unit: 'days' } } },
    {
      id: 'hot',
      kind: 'branch',
      settings: {
        conditions: [
          {
            id: 'yes',
            label: 'Score 10+',
            when: { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 10 }] },
          },
        ],
      },
    },
    { id: 'bump', kind: 'score', settings: { points: 5, reason: 'Warm' } },
    {
      id: 'monday',
      kind: 'wait',
      settings: { mode: 'untilWeekday', weekdays: [1], hour: 9, timezone: 'Europe/Berlin' },
    },
    { id: 'w3', kind: 'wait', settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } } },
    { id: 'done', kind: 'goal', settings: { reason: 'Dripped' } },
  ],
  edges: [
    { id: 'e1', source: 'start', outcome: 'next', target: 'w1' },
    { id: 'e2', source: 'w1', outcome: 'done', target: 'w2' },
    { id: 'e3', source: 'w2', outcome: 'done', target: 'hot' },
    { id: 'e4', source: 'hot', outcome: 'yes', target: 'bump' },
    { id: 'e5', source: 'hot', outcome: 'else', target: 'w3' },
    { id: 'e6', source: 'bump', outcome: 'next', target: 'monday' },
    { id: 'e7', source: 'monday', outcome: 'done', target: 'w3' },
    { id: 'e8', source: 'w3', outcome: 'done', target: 'done' },
  ],
};

/** Timers fired one by one, each with its own full step: the reference the batched path must match. */
async function advanceOneByOne(t: TestApp, to: number): Promise<number> {
  let fired = 0;
  for (;;) {
    const next = await t.store.read((tx) => tx.nextTimerDue());
    if (next === null || next > to) break;
    t.clock.set(next);
    await t.store.transaction(async (tx) => {
      for (const timer of await tx.dueTimers(next, 10_000)) {
        if (await t.app.runtime.engine.fireTimer(tx, timer)) fired++;
      }
    });
  }
  t.clock.set(to);
  return fired;
}

/** The same leads, flows and events on a fresh runtime; timers fired by the scheduler or one by one. */
async function journey(oneByOne: boolean) {
  const t = testApp();
  open.push(t);
  // Count the timers the batched path took, so the test knows it ran.
  let batchedTimers = 0;
  await t.store.read(async (tx) => {
    const take = tx.takeTimers.bind(tx);
    tx.takeTimers = (ids) => {
      batchedTimers += ids.length;
      return take(ids);
    };
  });
  for (const e of examples) await t.publishExample(e.id);
  expect((await t.call('POST', '/api/flows/drip/publish', dripFlow)).status).toBe(201);
  const leads: string[] = [];
  for (let i = 0; i < 40; i++) {
    const lead = await t.lead({ email: `lead${i}@example.com`, name: `Lead ${i}`, score: (i % 4) * 5 });
    leads.push(lead.id);
    expect((await t.call('POST', '/api/flows/drip/enrollments', { leadId: lead.id })).status).toBe(201);
    if (i % 3 === 0)
      await t.call('POST', '/api/flows/recycled-lead-nurture/enrollments', { leadId: lead.id });
    if (i % 5 === 0) {
      await t.emit(lead.id, 'form.submitted', { data: { formId: 'demand-planning-guide' } });
    }
  }
  let fired = 0;
  const start = t.clock.now();
  for (let day = 1; day <= 60; day += 3) {
    const to = start + day * DAY;
    fired += oneByOne ? await advanceOneByOne(t, to) : await t.app.runtime.scheduler.advance(t.clock, to);
    if (day === 4) for (const id of leads.slice(0, 10)) await t.emit(id, 'email.opened');
  }
  return { t, leads, fired, batchedTimers };
}

/** Everything a user sees of a lead, without the ids the runtime draws at random. */
async function seen(tx: StoreTx, leadId: string) {
  const lead = await tx.getLead(leadId);
  const enrollments = await tx.leadEnrollments(leadId);
  const timers = [];
  for (const e of enrollments) {
    for (const timer of await tx.timersOf(e.id)) {
      timers.push({ flow: e.flowId, sendId: timer.sendId, nodeId: timer.nodeId, dueAt: timer.dueAt });
    }
  }
  const strip = (data: Record<string, unknown>) => {
    const { enrollmentId: _e, taskId: _t, ...rest } = data;
    return rest;
  };
  return {
    lead: { score: lead?.score, stage: lead?.stage, recycles: lead?.recycleCount },
    enrollments: enrollments.map((e) => ({
      flow: e.flowId,
      status: e.status,
      snapshot: e.snapshot,
      activeNodes: e.activeNodes,
      endReason: e.endReason,
    })),
    timers,
    timeline: (await tx.timeline(leadId)).map((l) => ({
      at: l.at,
      type: l.type,
      text: l.text,
      data: strip(l.data),
    })),
    // Tasks due at the same moment are listed by their (random) ids: compare them as a sorted list.
    tasks: (await tx.listTasks({ leadId }))
      .map((task) => `${task.deadlineAt} ${task.nodeId} ${task.status}`)
      .sort(),
  };
}

describe('batched timer steps', () => {
  it('leave every lead exactly as firing each timer on its own would', async () => {
    const batched = await journey(false);
    const reference = await journey(true);
    expect(batched.fired).toBe(reference.fired);
    expect(batched.fired).toBeGreaterThan(150);
    // The drip's waits went through the batch (the first of each kind runs the full step and is cached);
    // tasks, emails and leads with several timers due together took the full step.
    expect(batched.batchedTimers).toBeGreaterThan(40);
    expect(reference.batchedTimers).toBe(0);
    for (const [i, id] of batched.leads.entries()) {
      const ours = await batched.t.store.read((tx) => seen(tx, id));
      const theirs = await reference.t.store.read((tx) => seen(tx, reference.leads[i] as string));
      expect(ours).toEqual(theirs);
    }
  });
});
