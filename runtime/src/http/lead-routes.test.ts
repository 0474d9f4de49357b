import { afterEach, describe, expect, it } from 'vitest';
import { DAY, sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

const entryFlow = (id: string, entry: unknown, extra: Record<string, unknown> = {}) =>
  sampleFlow(id, { name: `Flow ${id}`, entry: entry as never, ...extra });

describe('leads', () => {
  it('creates, then updates by external id or email, merging attributes and recording changes', async () => {
    t = testApp();
    const created = await t.call('POST', '/api/leads', {
      externalId: 'crm-1',
      email: 'ada@example.com',
      attributes: { industry: 'retail' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stage: 'inquiry', score: 0, enrollments: [] });
    const updated = await t.call('POST', '/api/leads', {
      email: 'ADA@example.com',
      attributes: { employees: 500 },
      bant: { budget: 'approved' },
      owner: 'rep-mia',
      stage: 'mql',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.body.id,
      attributes: { industry: 'retail', employees: 500 },
      bant: { budget: 'approved' },
      owner: 'rep-mia',
      stage: 'mql',
    });
    const timeline = await t.timeline(created.body.id);
    expect(timeline).toContain('Stage Inquiry → MQL');
    expect(
      timeline.some((l) => l.startsWith('Lead details changed: owner, attributes.employees, bant.budget')),
    ).toBe(true);
    expect((await t.call('GET', '/api/leads?search=ada@')).body).toHaveLength(1);
    expect((await t.call('GET', '/api/leads?search=nobody')).body).toHaveLength(0);
    // "%" and "_" are matched as typed, not as wildcards.
    expect((await t.call('GET', '/api/leads?search=%25')).body).toHaveLength(0);
    expect((await t.call('GET', '/api/leads?search=ada_example')).body).toHaveLength(0);
    // A control character is refused, naming the parameter: a NUL matched every lead.
    for (const q of ['%00', 'ada%00', '%0A', 'ada%09x']) {
      const res = await t.call('GET', `/api/leads?search=${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error, q).toMatchObject({ code: 'invalid_input', path: ['search'] });
      expect(res.body.error.message, q).toContain('control characters');
    }
  });

  it('refuses a lead without a key, a taken email and an unexplained disqualification', async () => {
    t = testApp();
    await t.lead({ externalId: 'a', email: 'a@example.com' });
    await t.lead({ externalId: 'b', email: 'b@example.com' });
    expect((await t.call('POST', '/api/leads', { name: 'No key' })).body.error.code).toBe('missing_lead_key');
    const taken = await t.call('POST', '/api/leads', { externalId: 'b', email: 'a@example.com' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.path).toEqual(['email']);
    const other = await t.call('POST', '/api/leads', { externalId: 'c', email: 'a@example.com' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'external_id_mismatch', path: ['externalId'] });
    expect((await t.call('GET', '/api/leads?search=a@example.com')).body[0].externalId).toBe('a');
    const dq = await t.call('POST', '/api/leads', { externalId: 'a', stage: 'disqualified' });
    expect(dq.body.error).toMatchObject({ code: 'missing_reason', path: ['stageReason'] });
    const nested = await t.call('POST', '/api/leads', { externalId: 'a', attributes: { plan: { tier: 1 } } });
    expect(nested.body.error).toMatchObject({ path: ['attributes', 'plan'] });
    expect(nested.body.error.message).toContain('not a list or an object');
    const queue = await t.call('GET', '/api/tasks?queue=bogus');
    expect(queue.body.error).toMatchObject({ path: ['queue'] });
    const version = await t.call('GET', '/api/flows/x/versions/abc');
    expect(version.body.error.message).toContain('whole number');
    const bad = await t.call('POST', '/api/leads', { externalId: 'a', email: 'not-an-email' });
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', path: ['email'] });
    expect((await t.call('GET', '/api/leads/nope')).status).toBe(404);
    expect((await t.call('GET', '/api/leads')).body.map((l: { stage: string }) => l.stage)).toEqual([
      'inquiry',
      'inquiry',
    ]);
  });

  it('records only details that changed, and the stage a lead is created at', async () => {
    t = testApp();
    const sync = {
      externalId: 'crm-7',
      attributes: { industry: 'retail', employees: 40 },
      bant: { need: 'yes' },
    };
    const lead = (await t.call('POST', '/api/leads', sync)).body;
    await t.call('POST', '/api/leads', sync);
    await t.call('POST', '/api/leads', { ...sync, attributes: { industry: 'retail', employees: 45 } });
    const lines = (await t.timeline(lead.id)).filter((l) => l.startsWith('Lead details changed'));
    expect(lines).toEqual(['Lead details changed: attributes.employees']);

    await t.call('POST', '/api/leads', {
      externalId: 'crm-8',
      stage: 'disqualified',
      stageReason: 'Competitor',
    });
    const waterfall = (await t.call('GET', '/api/stats/waterfall')).body;
    expect(waterfall.stages).toMatchObject({ disqualified: 1 });
    expect(waterfall.disqualified).toEqual({ Competitor: 1 });
    // Sales leaders read the same report (the reasons their reps gave); ingest tokens do not.
    expect((await (await t.as('sales', ['telequalifying']))('GET', '/api/stats/waterfall')).body).toEqual(
      waterfall,
    );
    expect((await (await t.as('ingest'))('GET', '/api/stats/waterfall')).status).toBe(403);
  });
  it('refuses control characters in a lead’s name and external id, naming the field', async () => {
    t = testApp();
    for (const [field, value] of [
      ['name', 'Ada\u0000Lovelace'],
      ['name', 'Ada\nLovelace'],
      ['externalId', 'crm-\t9'],
    ] as const) {
      const refused = await t.call('POST', '/api/leads', { email: 'ada@example.com', [field]: value });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_input', path: [field] });
      expect(refused.body.error.message).toContain('control characters');
    }
    expect((await t.call('GET', '/api/leads?search=ada')).body).toEqual([]);
    expect(
      (await t.call('POST', '/api/leads', { email: 'ada@example.com', name: 'Ada Lovelace' })).status,
    ).toBe(201);
  });

  it('refuses a field a lead does not have, naming it and where such facts go, and stores nothing', async () => {
    t = testApp();
    const refused = await t.call('POST', '/api/leads', { email: 'bob@example.com', firstName: 'Bob' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', path: ['firstName'] });
    expect(refused.body.error.message).toContain('"attributes": { "firstName": … }');
    expect((await t.call('GET', '/api/leads?search=bob')).body).toEqual([]);
    const kept = await t.call('POST', '/api/leads', {
      email: 'bob@example.com',
      attributes: { firstName: 'Bob' },
    });
    expect(kept.status).toBe(201);
  });

  it('refuses the name “__proto__” for an attribute, changing nothing, and stores “constructor” as any name', async () => {
    t = testApp();
    const lead = await t.lead({
      externalId: 'crm-9',
      attributes: { plan: 'pro', constructor: 'Acme', prototype: 'v2' },
      bant: { need: 'yes' },
    });
    expect(lead.attributes).toEqual({ plan: 'pro', constructor: 'Acme', prototype: 'v2' });
    const before = await t.call('GET', `/api/leads/${lead.id}`);
    const lines = await t.timeline(lead.id);

    // A computed key: `{ __proto__: … }` would set the object's prototype, not send the name.
    const proto = await t.call('POST', '/api/leads', {
      externalId: 'crm-9',
      attributes: { plan: 'enterprise', ['__proto__']: 'x' },
    });
    expect(proto.status).toBe(400);
    expect(proto.body.error).toMatchObject({ code: 'invalid_input', path: ['attributes', '__proto__'] });
    expect(proto.body.error.message).toContain('__proto__');
    const bant = await t.call('POST', '/api/leads', { externalId: 'crm-9', bant: { ['__proto__']: 'x' } });
    expect(bant.body.error).toMatchObject({ code: 'invalid_input', path: ['bant', '__proto__'] });
    const event = await t.call('POST', '/api/events', {
      id: 'proto-1',
      leadId: lead.id,
      type: 'attributes.changed',
      data: { attributes: { plan: 'enterprise', ['__proto__']: 'x' } },
    });
    expect(event.status).toBe(400);
    expect(event.body.error).toMatchObject({
      code: 'invalid_event_data',
      path: ['data', 'attributes', '__proto__'],
    });
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body).toEqual(before.body);
    expect(await t.timeline(lead.id)).toEqual(lines);
    // Refused, not taken: the same id with a good body is applied.
    const fixed = await t.emit(lead.id, 'attributes.changed', {
      id: 'proto-1',
      data: { attributes: { plan: 'enterprise', constructor: 'Acme Corp' } },
    });
    expect(fixed.status).toBe('applied');
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body.attributes).toEqual({
      plan: 'enterprise',
      constructor: 'Acme Corp',
      prototype: 'v2',
    });
  });
});

describe('enrollments', () => {
  it('honours the re-entry cooldown, and removing a lead drops its timers and tasks', async () => {
    t = testApp();
    await t.call(
      'POST',
      '/api/flows/cool/publish',
      entryFlow('cool', {
        trigger: { type: 'manual' },
        reentry: { policy: 'afterCooldown', cooldown: { amount: 10, unit: 'days' } },
      }),
    );
    const lead = await t.lead({ email: 'x@example.com' });
    expect((await t.call('POST', '/api/flows/cool/enrollments', { email: 'x@example.com' })).status).toBe(
      201,
    );
    const twice = await t.call('POST', '/api/flows/cool/enrollments', { leadId: lead.id });
    expect(twice.body.error.code).toBe('already_enrolled');
    expect(twice.body.error.message).toBe(
      'The lead is already in “Flow cool”. Once removed, it can enter again 10 days after leaving.',
    );
    await t.emit(lead.id, 'email.clicked');
    const [task] = await t.openTasks(lead.id);

    const removed = await t.call('DELETE', `/api/flows/cool/enrollments/${lead.id}`);
    expect(removed.body).toMatchObject({
      status: 'removed',
      activeNodes: [],
      endReason: 'Removed through the API',
    });
    expect((await t.call('GET', `/api/tasks/${task.id}`)).body.status).toBe('cancelled');
    expect(await t.timeline(lead.id)).toContain(
      'Telequalifying task “Greeting call” cancelled: the lead left “Flow cool”',
    );
    expect((await t.call('DELETE', `/api/flows/cool/enrollments/${lead.id}`)).status).toBe(404);

    const early = await t.call('POST', '/api/flows/cool/enrollments', { leadId: lead.id });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('reentry_refused');
    await t.advance(10 * DAY);
    expect((await t.call('POST', '/api/flows/cool/enrollments', { leadId: lead.id })).status).toBe(201);
    expect(
      (await t.call('GET', `/api/leads/${lead.id}`)).body.enrollments.map(
        (e: { status: string }) => e.status,
      ),
    ).toEqual(['removed', 'active']);
  });

  it('enters leads on events and on attribute changes, and a lead may be in several flows', async () => {
    t = testApp();
    await t.call(
      'POST',
      '/api/flows/on-demo/publish',
      entryFlow('on-demo', {
        trigger: { type: 'event', eventType: 'demo.requested', filter: { product: 'planner' } },
      }),
    );
    await t.call(
      'POST',
      '/api/flows/big-co/publish',
      entryFlow('big-co', {
        trigger: {
          type: 'attributes',
          condition: { rules: [{ fact: 'attribute', key: 'employees', op: 'gte', value: 1000 }] },
        },
      }),
    );
    const lead = await t.lead({ email: 'y@example.com', attributes: { employees: 50 } });
    expect(lead.enrollments).toEqual([]);
    expect((await t.emit(lead.id, 'demo.requested', { data: { product: 'other' } })).enrolled).toEqual([]);
    expect((await t.emit(lead.id, 'demo.requested', { data: { product: 'planner' } })).enrolled).toEqual([
      'on-demo',
    ]);
    const changed = await t.emit(lead.id, 'attributes.changed', {
      data: { attributes: { employees: 1200 } },
    });
    expect(changed.enrolled).toEqual(['big-co']);
    const current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(current.attributes.employees).toBe(1200);
    expect(current.enrollments.map((e: { flowId: string }) => e.flowId)).toEqual(['on-demo', 'big-co']);
    // One click answers the email step of each flow the lead is in.
    expect((await t.emit(lead.id, 'email.clicked')).delivered).toBe(2);
    expect((await t.call('GET', '/api/tasks?queue=telequalifying&status=open')).body).toHaveLength(2);
  });

  it('sends a recycled lead on to another flow after the cooldown', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    await t.call('POST', '/api/flows/handover/publish', {
      id: 'handover',
      name: 'Handover',
      nodes: [
        { id: 'start', kind: 'entry' },
        {
          id: 'back',
          kind: 'recycle',
          settings: {
            reason: 'Not ready',
            cooldown: { amount: 2, unit: 'days' },
            target: { flowId: 'sample', nodeId: 'pause' },
          },
        },
      ],
      edges: [{ id: 'e', source: 'start', outcome: 'next', target: 'back' }],
    });
    const lead = await t.lead({ email: 'z@example.com' });
    await t.call('POST', '/api/flows/handover/enrollments', { leadId: lead.id });
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body).toMatchObject({
      stage: 'recycled',
      recycleCount: 1,
    });
    await t.advance(2 * DAY);
    const current = (await t.call('GET', `/api/leads/${lead.id}`)).body;
    expect(
      current.enrollments.map((e: { flowId: string; status: string; activeNodes: string[] }) => [
        e.flowId,
        e.status,
        e.activeNodes,
      ]),
    ).toEqual([
      ['handover', 'completed', []],
      ['sample', 'active', ['pause']],
    ]);
    expect(await t.timeline(lead.id)).toContain('Entered “Sample nurture” (v1) at step “pause” via recycle');

    // The target flow published again without that step: the next lead is not sent, and not stuck.
    const next = await t.lead({ email: 'y@example.com' });
    await t.call('POST', '/api/flows/handover/enrollments', { leadId: next.id });
    const nodes = (sampleFlow().nodes as { id: string }[]).filter((n) => n.id !== 'pause');
    const edges = (sampleFlow().edges as { id: string; source: string; target: string }[])
      .filter((e) => e.source !== 'pause')
      .map((e) => (e.target === 'pause' ? { ...e, target: 'done' } : e));
    const v2 = await t.call(
      'POST',
      '/api/flows/sample/publish',
      sampleFlow('sample', { nodes, edges } as never),
    );
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    await t.advance(2 * DAY);
    expect(await t.timeline(next.id)).toContain(
      'Not sent to flow “sample”: “Sample nurture” v2 has no step “pause” to start at',
    );
    const after = (await t.call('GET', `/api/leads/${next.id}`)).body;
    expect(after.enrollments.map((e: { flowId: string; status: string }) => [e.flowId, e.status])).toEqual([
      ['handover', 'completed'],
    ]);
  });
});
