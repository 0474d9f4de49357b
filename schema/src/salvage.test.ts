import { describe, expect, it } from 'vitest';
import { compileFlow } from './compile.ts';
import { type LooseFlow, tinyFlow } from './fixtures.ts';
import { validateFlow } from './validate.ts';

function issuesOf(doc: unknown) {
  const r = validateFlow(doc);
  return r.ok ? [] : r.issues;
}

function settingsOf(doc: LooseFlow, id: string): Record<string, unknown> {
  return doc.nodes.find((n) => n.id === id)?.settings as Record<string, unknown>;
}

/** The tiny flow with `step` added where the welcome email's clicks lead; `step` ends at every outcome. */
function withStep(step: LooseFlow['nodes'][number]): LooseFlow {
  const doc = tinyFlow();
  doc.nodes.push(step);
  for (const e of doc.edges) if (e.id === 'e2') e.target = step.id;
  return doc;
}

describe('a step some of whose settings do not parse', () => {
  it('lists each malformed setting and the problems of its other settings at once', () => {
    const doc = withStep({
      id: 'meet',
      kind: 'salesMeeting',
      label: 'Discovery meeting',
      owner: { team: 'sales', queue: 'fieldRep' },
      settings: {
        purpose: '',
        agenda: [],
        durationMinutes: 'half an hour',
        deadline: { amount: 'two', unit: 'weeks' },
      },
      terminal: ['held', 'noShow', 'declined', 'opportunity', 'expired'],
    });
    const issues = [
      {
        nodeId: 'meet',
        path: ['nodes', 7, 'settings', 'durationMinutes'],
        code: 'invalid_document',
        message: '“Discovery meeting”, settings.durationMinutes: should be a number, not text',
      },
      {
        nodeId: 'meet',
        path: ['nodes', 7, 'settings', 'deadline', 'amount'],
        code: 'invalid_document',
        message: '“Discovery meeting”, settings.deadline.amount: should be a number, not text',
      },
      {
        nodeId: 'meet',
        path: ['settings', 'purpose'],
        code: 'missing_setting',
        message: '“Discovery meeting”: The purpose of the meeting is required.',
      },
      {
        nodeId: 'meet',
        path: ['settings', 'agenda'],
        code: 'missing_setting',
        message: '“Discovery meeting”: A meeting needs at least one agenda item.',
      },
    ];
    expect(issuesOf(doc)).toEqual(issues);
    // Compiling refuses it with the same list.
    expect(compileFlow(doc)).toEqual({ ok: false, issues });
  });

  it('still says a required setting is missing next to a malformed one', () => {
    const doc = tinyFlow();
    Object.assign(settingsOf(doc, 'welcome'), { template: '', window: { amount: 'abc', unit: 'days' } });
    const issues = [
      {
        nodeId: 'welcome',
        path: ['nodes', 1, 'settings', 'window', 'amount'],
        code: 'invalid_document',
        message: '“Welcome email”, settings.window.amount: should be a number, not text',
      },
      {
        nodeId: 'welcome',
        path: ['settings', 'template'],
        code: 'missing_setting',
        message: '“Welcome email”: The email template is required.',
      },
    ];
    expect(issuesOf(doc)).toEqual(issues);
    expect(compileFlow(doc)).toEqual({ ok: false, issues });
  });

  it('still has its connections judged: an outcome leading nowhere, a step out of reach', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'pause',
      kind: 'wait',
      label: 'Pause',
      settings: { mode: 'duration', duration: { amount: 'abc', unit: 'days' } },
    });
    expect(issuesOf(doc).map((i) => [i.code, i.nodeId, i.message])).toEqual([
      ['invalid_document', 'pause', '“Pause”, settings.duration.amount: should be a number, not text'],
      [
        'unconnected_outcome',
        'pause',
        '“Pause”: outcome “Then” leads nowhere. Connect it to a step or mark it as an end.',
      ],
      ['unreachable', 'pause', '“Pause” cannot be reached from the entry; connect it or remove it.'],
    ]);

    // A score step with malformed points, reached, leading nowhere.
    const score = withStep({ id: 'pts', kind: 'score', label: 'Engaged', settings: { points: 'x' } });
    expect(issuesOf(score).map((i) => [i.code, i.nodeId])).toEqual([
      ['invalid_document', 'pts'],
      ['unconnected_outcome', 'pts'],
    ]);
    expect(compileFlow(score).ok).toBe(false);
  });

  it('names outcomes by id while the setting their labels are worded from does not parse', () => {
    // The window words “Opened within 3 days”: its default would stand in for what the user typed.
    const doc = tinyFlow();
    settingsOf(doc, 'welcome').window = { amount: 'abc', unit: 'days' };
    doc.edges = doc.edges.filter((e) => e.id !== 'e4');
    doc.edges.push({ id: 'b1', source: 'welcome', outcome: 'bounced', target: 'call' });
    expect(issuesOf(doc).map((i) => [i.code, i.message])).toEqual([
      ['invalid_document', '“Welcome email”, settings.window.amount: should be a number, not text'],
      [
        'unconnected_outcome',
        '“Welcome email”: outcome “noEngagement” leads nowhere. Connect it to a step or mark it as an end.',
      ],
      [
        'edge_unknown_outcome',
        '“Welcome email” has no outcome “bounced” (it has: “clicked”, “opened”, “noEngagement”).',
      ],
    ]);
  });

  it('skips only what the malformed setting decides', () => {
    // A branch's conditions decide its outcomes: its connections cannot be judged, its reach can.
    const branch = tinyFlow();
    branch.nodes.push({
      id: 'fit',
      kind: 'branch',
      label: 'Good fit?',
      settings: { conditions: [{ id: 'big', label: 'Big company', when: 'size > 500' }] },
    });
    branch.edges.push({ id: 'b1', source: 'fit', outcome: 'big', target: 'call' });
    expect(issuesOf(branch).map((i) => [i.code, i.nodeId])).toEqual([
      ['invalid_document', 'fit'],
      ['unreachable', 'fit'],
    ]);

    // Whether a reason is needed depends on the stage, which does not parse.
    const stage = tinyFlow();
    Object.assign(settingsOf(stage, 'dq'), { stage: 'lost', reason: '' });
    expect(issuesOf(stage).map((i) => i.code)).toEqual(['invalid_document']);

    // A wait's mode decides what its other settings are: none is checked.
    const wait = withStep({
      id: 'pause',
      kind: 'wait',
      label: 'Pause',
      settings: { mode: 'untilMonday', duration: { amount: -1, unit: 'days' } },
      terminal: ['done'],
    });
    expect(issuesOf(wait).map((i) => [i.code, i.nodeId])).toEqual([['invalid_document', 'pause']]);
  });
});
