import { examples } from '@tandem/examples';
import type { FlowDocument } from '@tandem/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { salesDraftProblem } from '../auth/sales-draft.ts';
import { taskListLimit } from '../store/sqlite-work-repo.ts';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

/** A lead in the recycled-lead playbook, waiting at its teleprospecting call; returns the lead and the task. */
async function leadAtCall(): Promise<{ leadId: string; taskId: string }> {
  await t.publishExample('recycled-lead-nurture');
  const lead = await t.lead({ email: 'sam@northwind.example', name: 'Sam Rivera' });
  await t.call('POST', '/api/flows/recycled-lead-nurture/enrollments', { leadId: lead.id });
  const [task] = await t.openTasks(lead.id);
  return { leadId: lead.id, taskId: task.id };
}

describe('sales working their queues', () => {
  it('refuses to complete a task claimed by another rep in someone else’s name, changing nothing', async () => {
    t = testApp();
    const { leadId, taskId } = await leadAtCall();
    await t.call('POST', `/api/tasks/${taskId}/claim`, { assignee: 'tq-ana' });
    const other = await t.call('POST', `/api/tasks/${taskId}/complete`, {
      outcome: 'connected',
      assignee: 'tq-bob',
    });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'task_claimed', path: ['assignee'] });
    expect(other.body.error.message).toContain('tq-ana');
    expect((await t.call('GET', `/api/tasks/${taskId}`)).body).toMatchObject({
      status: 'claimed',
      assignee: 'tq-ana',
    });
    expect((await t.enrollment(leadId, 'recycled-lead-nurture')).activeNodes).toEqual(['tp-call']);
    // The rep who claimed it, or a caller naming nobody (a team lead closing it), may complete it.
    const own = await t.call('POST', `/api/tasks/${taskId}/complete`, {
      outcome: 'connected',
      assignee: 'tq-ana',
    });
    expect(own.body).toMatchObject({ status: 'done', assignee: 'tq-ana' });
  });

  it('takes names without their surrounding spaces and refuses blank or overlong ones, naming the field', async () => {
    t = testApp();
    const { leadId, taskId } = await leadAtCall();
    const blank = await t.call('POST', `/api/tasks/${taskId}/claim`, { assignee: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toMatchObject({ code: 'invalid_input', path: ['assignee'] });
    expect((await t.call('POST', `/api/tasks/${taskId}/claim`, { assignee: ' tq-ana ' })).body.assignee).toBe(
      'tq-ana',
    );
    // The same rep claiming again is harmless, however the name is padded.
    expect((await t.call('POST', `/api/tasks/${taskId}/claim`, { assignee: 'tq-ana' })).status).toBe(200);
    expect((await t.call('POST', `/api/tasks/${taskId}/release`, { by: '  ' })).status).toBe(400);
    await t.call('POST', `/api/tasks/${taskId}/release`, { by: ' tq-lead ' });
    for (const assignee of ['', ' ', 'x'.repeat(201)]) {
      const res = await t.call('POST', `/api/tasks/${taskId}/complete`, { outcome: 'connected', assignee });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', path: ['assignee'] });
    }
    expect((await t.call('GET', `/api/tasks/${taskId}`)).body.status).toBe('open');
    // A blank attempt note is no note: no empty line on the timeline.
    await t.call('POST', `/api/tasks/${taskId}/attempt`, { note: '   ' });
    const timeline = await t.timeline(leadId);
    expect(timeline.filter((l) => l.startsWith('Call attempt note'))).toEqual([]);
    expect(timeline).toContain(
      'Telequalifying task “Teleprospecting call” handed back to the queue by tq-lead (was claimed by tq-ana)',
    );
  });

  it('says how many calls went unanswered when a rep gives up on a call before its attempt limit', async () => {
    t = testApp();
    const { leadId, taskId } = await leadAtCall();
    await t.call('POST', `/api/tasks/${taskId}/attempt`, {});
    const done = await t.call('POST', `/api/tasks/${taskId}/complete`, { outcome: 'noAnswer' });
    expect(done.body).toMatchObject({ status: 'done', outcome: 'noAnswer', attempts: 1 });
    // The step allows four attempts; one was made, and the completion is not a call of its own.
    const timeline = await t.timeline(leadId);
    expect(timeline).toContain(
      'Telequalifying task “Teleprospecting call” completed: No answer after 1 attempt',
    );
    expect(timeline).toContain('“Teleprospecting call”: No answer after 1 attempt');
    expect(timeline.filter((l) => l.includes('4 attempts'))).toEqual([]);
    // The outcome still counts in the step's stats, and the lead goes on down the no-answer path.
    const stats = (await t.call('GET', '/api/flows/recycled-lead-nurture/versions/1/stats')).body.nodes;
    expect(stats['tp-call'].outcomes).toEqual({ noAnswer: 1 });
    expect((await t.enrollment(leadId, 'recycled-lead-nurture')).activeNodes).toEqual(['recycle-no-answer']);
  });

  it('says no call was logged when a call is given up as unanswered at once, and counts all four at the limit', async () => {
    t = testApp();
    const first = await leadAtCall();
    await t.call('POST', `/api/tasks/${first.taskId}/complete`, { outcome: 'noAnswer' });
    expect(await t.timeline(first.leadId)).toContain(
      '“Teleprospecting call”: No answer (no call attempt logged)',
    );
    const other = await t.lead({ email: 'kim@northwind.example', name: 'Kim Lee' });
    await t.call('POST', '/api/flows/recycled-lead-nurture/enrollments', { leadId: other.id });
    const [task] = await t.openTasks(other.id);
    for (let i = 0; i < 4; i++) await t.call('POST', `/api/tasks/${task.id}/attempt`, {});
    expect(await t.timeline(other.id)).toContain('“Teleprospecting call”: No answer after 4 attempts');
  });
});

describe('sales drafts and queue-limited tokens', () => {
  const playbook = () =>
    structuredClone(examples.find((e) => e.id === 'meeting-as-nurture-step')?.flow) as FlowDocument;
  const step = (doc: FlowDocument, id: string) =>
    doc.nodes.find((n) => n.id === id) as FlowDocument['nodes'][number];

  it('keeps a token limited to its queues off other queues’ sales steps, as in the task list', () => {
    const before = playbook();
    // The field rep's exploratory meeting, rewritten by a telequalifying token.
    const agenda = playbook();
    (step(agenda, 'exploratory-meeting').settings as { agenda: string[] }).agenda = ['Pricing'];
    expect(salesDraftProblem(before, agenda, ['telequalifying'])).toContain(
      'belongs to the fieldRep queue, which this token does not work',
    );
    expect(salesDraftProblem(before, agenda, ['fieldRep'])).toBeNull();
    expect(salesDraftProblem(before, agenda, null)).toBeNull();
    // Taken into the token's own queue, or its outcomes re-routed: the same.
    const moved = playbook();
    step(moved, 'exploratory-meeting').owner = { team: 'sales', queue: 'telequalifying' };
    expect(salesDraftProblem(before, moved, ['telequalifying'])).toContain('fieldRep queue');
    const rerouted = playbook();
    const held = rerouted.edges.find((e) => e.source === 'exploratory-meeting' && e.outcome === 'held');
    if (held) held.target = 'stage-opportunity';
    expect(salesDraftProblem(before, rerouted, ['telequalifying'])).toContain('fieldRep queue');
    // A call of its own queue, inserted before the field rep's meeting, is the token's to add.
    const inserted = playbook();
    inserted.nodes.push({
      id: 'warm-up-call',
      kind: 'salesCall',
      label: 'Warm-up call',
      owner: { team: 'sales', queue: 'telequalifying' },
      settings: {
        purpose: 'Confirm the session',
        talkingPoints: [],
        deadline: { amount: 2, unit: 'days' },
        maxAttempts: 2,
      },
      terminal: ['connected', 'notNow', 'noAnswer', 'disqualified', 'converted', 'expired'],
    } as never);
    const click = inserted.edges.find((e) => e.source === 'meeting-invite' && e.outcome === 'clicked');
    if (click) click.target = 'warm-up-call';
    inserted.edges.push({
      id: 'warm-up-next',
      source: 'warm-up-call',
      outcome: 'connected',
      target: 'exploratory-meeting',
    } as never);
    expect(salesDraftProblem(before, inserted, ['telequalifying'])).toBeNull();
  });

  it('refuses the same through the API: a telequalifying token saving the field rep’s meeting gets 403', async () => {
    t = testApp();
    const before = playbook();
    await t.call('PUT', `/api/flows/${before.id}/draft`, before);
    const agenda = playbook();
    (step(agenda, 'exploratory-meeting').settings as { agenda: string[] }).agenda = ['Pricing'];
    const telequalifying = await t.as('sales', ['telequalifying']);
    const refused = await telequalifying('PUT', `/api/flows/${before.id}/draft`, agenda);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('belongs to the fieldRep queue');
    // Nothing was saved; the field rep's own token may make the change.
    const draft = (await t.call('GET', `/api/flows/${before.id}/draft`)).body.flow;
    expect(step(draft, 'exploratory-meeting').settings).toEqual(step(before, 'exploratory-meeting').settings);
    const fieldRep = await t.as('sales', ['fieldRep']);
    expect((await fieldRep('PUT', `/api/flows/${before.id}/draft`, agenda)).status).toBe(200);
  });
});

describe('a queue with months of history', () => {
  it('lists the tasks still to do before closed ones, however many closed ones there are', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'busy@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    await t.emit(lead.id, 'email.clicked');
    const [listedOpen] = await t.openTasks(lead.id);
    const open = await t.store.read((tx) => tx.getTask(listedOpen?.id));
    if (!open) throw new Error('no open task');
    // A full list's worth of old, closed tasks of the same queue, all due before the open one.
    await t.store.transaction(async (tx) => {
      for (let i = 0; i < taskListLimit; i++) {
        await tx.saveTask({
          ...open,
          id: `old-${i}`,
          status: i % 2 ? 'done' : 'expired',
          outcome: i % 2 ? 'connected' : null,
          deadlineAt: open.deadlineAt - 86_400_000 - i,
          createdAt: 0,
          closedAt: 1,
        });
      }
    });
    const listed = (await t.call('GET', '/api/tasks?queue=telequalifying')).body;
    expect(listed).toHaveLength(taskListLimit);
    expect(listed[0]).toMatchObject({ id: open.id, status: 'open' });
  });
});

describe('a hand-off accepted', () => {
  it('makes the rep who accepted it the lead’s owner, saying who had it before', async () => {
    t = testApp();
    await t.call('POST', '/api/flows/pass/publish', {
      id: 'pass',
      name: 'Pass to sales',
      nodes: [
        { id: 'start', kind: 'entry', label: 'New lead' },
        {
          id: 'pass',
          kind: 'handoff',
          label: 'To inside sales',
          owner: { team: 'sales', queue: 'insideSales' },
          settings: { note: 'Asked for a demo' },
          terminal: ['accepted', 'rejected', 'expired'],
        },
      ],
      edges: [{ id: 'e1', source: 'start', outcome: 'next', target: 'pass' }],
    });
    const lead = await t.lead({ email: 'owned@example.com', owner: 'marketing-ops' });
    await t.call('POST', '/api/flows/pass/enrollments', { leadId: lead.id });
    const [task] = await t.openTasks(lead.id);
    await t.call('POST', `/api/tasks/${task?.id}/claim`, { assignee: 'is-bea' });
    await t.call('POST', `/api/tasks/${task?.id}/complete`, { outcome: 'accepted' });
    expect((await t.call('GET', `/api/leads/${lead.id}`)).body.owner).toBe('is-bea');
    expect(await t.timeline(lead.id)).toContain(
      'Inside sales task “To inside sales” accepted by is-bea, who now owns the lead (was marketing-ops)',
    );
  });
});
