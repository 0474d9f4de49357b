import { describe, expect, it } from 'vitest';
import { compileFlow } from './compile.ts';
import { emptyLeadFacts, evaluateRule } from './conditions.ts';
import { describeEffect } from './describe.ts';
import { tinyFlow } from './fixtures.ts';
import { validateFlow } from './validate.ts';

type Doc = ReturnType<typeof tinyFlow>;
type AnyNode = Record<string, unknown> & { id: string; settings?: Record<string, unknown> };

function node(doc: Doc, id: string): AnyNode {
  return doc.nodes.find((n) => n.id === id) as AnyNode;
}

function issuesOf(doc: unknown) {
  const r = validateFlow(doc);
  return r.ok ? [] : r.issues;
}

/** Asserts the document fails with `code`, on `nodeId` when given. */
function expectIssue(doc: unknown, code: string, nodeId?: string) {
  const issues = issuesOf(doc);
  const hit = issues.find((i) => i.code === code && (nodeId === undefined || i.nodeId === nodeId));
  expect(
    hit,
    `expected ${code} on ${nodeId ?? 'flow'}; got ${JSON.stringify(issues, null, 1)}`,
  ).toBeDefined();
  expect(hit?.message.length).toBeGreaterThan(10);
  return hit;
}

describe('validateFlow', () => {
  it('accepts the tiny flow', () => {
    expect(issuesOf(tinyFlow())).toEqual([]);
  });

  it('requires exactly one entry', () => {
    const none = tinyFlow();
    none.nodes = none.nodes.filter((n) => n.kind !== 'entry');
    none.edges = none.edges.filter((e) => e.source !== 'start');
    expectIssue(none, 'missing_entry');

    const two = tinyFlow();
    two.nodes.push({ id: 'start2', kind: 'entry', label: 'Second door' });
    two.edges.push({ id: 'e9', source: 'start2', outcome: 'next', target: 'welcome' });
    expectIssue(two, 'multiple_entries', 'start2');
  });

  it('finds steps the entry cannot reach', () => {
    const doc = tinyFlow();
    doc.nodes.push({ id: 'orphan', kind: 'goal', label: 'Orphan goal' });
    expect(expectIssue(doc, 'unreachable', 'orphan')?.message).toContain('Orphan goal');
  });

  it('flags an outcome with no edge unless it is marked as an end', () => {
    const doc = tinyFlow();
    doc.edges = doc.edges.filter((e) => e.id !== 'e8');
    expect(expectIssue(doc, 'unconnected_outcome', 'call')?.message).toContain('Converted');
    (node(doc, 'call').terminal as string[]).push('converted');
    expect(issuesOf(doc).filter((i) => i.code === 'unconnected_outcome')).toEqual([]);
  });

  it('flags edges from unknown outcomes, to missing steps and into the entry', () => {
    const doc = tinyFlow();
    doc.edges.push({ id: 'bad1', source: 'welcome', outcome: 'bounced', target: 'won' });
    doc.edges.push({ id: 'bad2', source: 'dq', outcome: 'next', target: 'nowhere' });
    doc.edges.push({ id: 'bad3', source: 'call', outcome: 'notNow', target: 'start' });
    doc.edges.push({ id: 'bad4', source: 'ghost', outcome: 'next', target: 'won' });
    (node(doc, 'call').terminal as string[]).splice(1, 1);
    const unknown = expectIssue(doc, 'edge_unknown_outcome', 'welcome');
    expect(unknown?.edgeId).toBe('bad1');
    expect(expectIssue(doc, 'edge_missing_target', 'dq')?.edgeId).toBe('bad2');
    expect(unknown?.message).toContain('(it has: “Clicked”, “Opened within 3 days”, “No engagement”)');
    expect(expectIssue(doc, 'edge_into_entry', 'start')?.edgeId).toBe('bad3');
    // The loop the connection into the entry makes is not a second problem.
    expect(issuesOf(doc).filter((i) => i.code === 'instant_loop')).toEqual([]);
    expect(expectIssue(doc, 'edge_unknown_source')?.edgeId).toBe('bad4');
  });

  it('flags two edges on one outcome', () => {
    const doc = tinyFlow();
    doc.edges.push({ id: 'twice', source: 'call', outcome: 'converted', target: 'lost' });
    expect(expectIssue(doc, 'duplicate_outcome_edge', 'call')?.edgeId).toBe('twice');
  });

  it('flags a loop that never waits', () => {
    const doc = tinyFlow();
    doc.nodes.push({ id: 'bump', kind: 'score', label: 'Bump score', settings: { points: 5 } });
    doc.nodes.push({
      id: 'check',
      kind: 'branch',
      label: 'Hot yet?',
      settings: {
        conditions: [
          {
            id: 'hot',
            label: 'Score 50+',
            when: { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 50 }] },
          },
        ],
      },
    });
    doc.edges = doc.edges.filter((e) => e.id !== 'e8');
    doc.edges.push(
      { id: 'l1', source: 'call', outcome: 'converted', target: 'bump' },
      { id: 'l2', source: 'bump', outcome: 'next', target: 'check' },
      { id: 'l3', source: 'check', outcome: 'else', target: 'bump' },
      { id: 'l4', source: 'check', outcome: 'hot', target: 'won' },
    );
    const loop = expectIssue(doc, 'instant_loop');
    expect(['bump', 'check']).toContain(loop?.nodeId);
    expect(loop?.message).toContain('Bump score');
  });

  it('flags rules whose value cannot fit their test, in branches and in the entry rule', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'route',
      kind: 'branch',
      label: 'Route',
      settings: {
        conditions: [
          {
            id: 'five',
            label: 'Score is one of 5',
            when: { match: 'all', rules: [{ fact: 'score', op: 'in', value: 5 }] },
          },
          {
            id: 'big',
            label: 'Big',
            when: { match: 'all', rules: [{ fact: 'attribute', key: 'employees', op: 'gt', value: '100' }] },
          },
        ],
      },
    } as Doc['nodes'][number]);
    const issues = issuesOf(doc).filter((i) => i.code === 'invalid_rule');
    expect(issues.map((i) => [i.nodeId, i.path, i.message])).toEqual([
      [
        'route',
        ['settings', 'conditions', 0, 'when', 'rules', 0],
        '“Route”: Branch “Score is one of 5”, rule 1: “is one of” needs a list of values.',
      ],
      [
        'route',
        ['settings', 'conditions', 1, 'when', 'rules', 0],
        '“Route”: Branch “Big”, rule 1: “is more than” needs a number.',
      ],
    ]);

    const everyone = tinyFlow();
    everyone.entry = {
      trigger: { type: 'attributes', condition: { match: 'all', rules: [] } },
      reentry: { policy: 'never' },
    };
    expect(expectIssue(everyone, 'empty_condition')?.path).toEqual(['entry', 'trigger', 'condition']);
  });

  it('reads only a lead’s own attributes: “toString” is not every lead’s', () => {
    const lead = emptyLeadFacts('l1');
    const rule = { fact: 'attribute' as const, key: 'toString', op: 'exists' as const };
    expect(evaluateRule(rule, lead, 0)).toBe(false);
    expect(evaluateRule(rule, { ...lead, attributes: { toString: 'yes' } }, 0)).toBe(true);
  });

  it('allows a loop through a step that takes time', () => {
    const doc = tinyFlow();
    // recycle -> welcome -> call -> recycle is a loop, but it waits 30 days and for email engagement.
    expect(issuesOf(doc)).toEqual([]);
    node(doc, 'recycle').settings = {
      reason: 'No answer',
      cooldown: { amount: 0, unit: 'days' },
      target: { nodeId: 'welcome' },
    };
    expect(issuesOf(doc)).toEqual([]);
  });

  it('does not count a zero window or deadline as time taken in a loop', () => {
    const doc = tinyFlow();
    node(doc, 'recycle').settings = {
      reason: 'No answer',
      cooldown: { amount: 0, unit: 'days' },
      target: { nodeId: 'welcome' },
    };
    (node(doc, 'welcome').settings as Record<string, unknown>).window = { amount: 0, unit: 'days' };
    expect(issuesOf(doc)).toEqual([]); // the call still gives the lead time
    (node(doc, 'call').settings as Record<string, unknown>).deadline = { amount: 0, unit: 'days' };
    expectIssue(doc, 'instant_loop');
  });

  it('refuses wildcard and blank event types, which would match every event', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'w',
      kind: 'waitForEvent',
      label: 'Any event',
      settings: { eventType: 'form.*', timeout: { amount: 3, unit: 'days' } },
      terminal: ['received', 'timedOut'],
    } as Doc['nodes'][number]);
    expect(expectIssue(doc, 'invalid_setting', 'w')?.path).toEqual(['settings', 'eventType']);
    const entry = tinyFlow();
    entry.entry = { trigger: { type: 'event', eventType: '*' }, reentry: { policy: 'never' } };
    expect(issuesOf(entry).map((i) => i.path)).toContainEqual(['entry', 'trigger', 'eventType']);
    entry.entry = { trigger: { type: 'event', eventType: '  ' }, reentry: { policy: 'never' } };
    expect(issuesOf(entry).map((i) => i.path)).toContainEqual(['entry', 'trigger', 'eventType']);
  });

  it('needs dates with their time zone: “Dec 1” or a time without a zone is refused', () => {
    for (const date of [
      'Dec 1',
      '1',
      '2026-12-01T09:00',
      '2026-12-01',
      '2026-02-30T09:00:00Z',
      '2026-03-01T24:00:00Z',
    ]) {
      const doc = tinyFlow();
      doc.nodes.push({
        id: 'until',
        kind: 'wait',
        label: 'Until launch',
        settings: { mode: 'untilDate', date },
      } as Doc['nodes'][number]);
      expect(expectIssue(doc, 'invalid_date', 'until')?.message).toContain('time zone');
    }
    for (const date of ['2026-12-01T09:00:00Z', '2026-12-01T09:00+01:00', '2026-12-01T09:00:00.000Z']) {
      const doc = tinyFlow();
      doc.nodes.push({
        id: 'until',
        kind: 'wait',
        label: 'Until launch',
        settings: { mode: 'untilDate', date },
      } as Doc['nodes'][number]);
      expect(issuesOf(doc).filter((i) => i.code === 'invalid_date')).toEqual([]);
    }
  });

  it('rounds a split total in its message and refuses two variants of one name', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'ab',
      kind: 'split',
      label: 'Subject test',
      settings: {
        variants: [
          { id: 'a', label: 'A', percent: 33.3 },
          { id: 'a', label: 'B', percent: 33.3 },
          { id: 'c', label: 'C', percent: 33.3 },
        ],
      },
    } as Doc['nodes'][number]);
    expect(expectIssue(doc, 'split_total', 'ab')?.message).toContain('add up to 99.9%');
    expect(expectIssue(doc, 'duplicate_outcome', 'ab')?.path).toEqual(['settings', 'variants', 1, 'id']);
  });

  it('words short and fractional times as a rep reads them', () => {
    const task = (deadlineMs: number) =>
      describeEffect({ type: 'createTask', params: { nodeId: 'x', title: 'Call', deadlineMs } });
    expect(task(10 * 60_000)).toBe('Sales task created: Call (due in 10 minutes)');
    expect(task(60 * 3_600_000)).toBe('Sales task created: Call (due in 2.5 days)');
    expect(task(86_400_000)).toBe('Sales task created: Call (due in 24 hours)');
  });

  it('words limits plainly, and refuses the runtime’s own event types where a lead’s are meant', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'weekly',
      kind: 'wait',
      label: 'Weekly',
      settings: { mode: 'untilWeekday', weekdays: [], hour: 25, timezone: 'UTC' },
    } as Doc['nodes'][number]);
    const messages = issuesOf(doc).map((i) => i.message);
    expect(messages).toContain('“Weekly”, settings.weekdays: needs at least one');
    expect(messages).toContain('“Weekly”, settings.hour: should be at most 23');

    const entry = tinyFlow();
    entry.entry = { trigger: { type: 'event', eventType: 'task.completed' }, reentry: { policy: 'never' } };
    expect(issuesOf(entry).find((i) => i.path?.[2] === 'eventType')?.message).toContain(
      'no lead would enter',
    );
  });

  it('flags negative durations', () => {
    const doc = tinyFlow();
    (node(doc, 'welcome').settings as Record<string, unknown>).window = { amount: -2, unit: 'days' };
    const issue = expectIssue(doc, 'negative_duration', 'welcome');
    expect(issue?.path).toEqual(['settings', 'window']);
  });

  it('reports every fault of a duration at once: a wrong unit does not hide a negative amount', () => {
    const doc = tinyFlow();
    (node(doc, 'welcome').settings as Record<string, unknown>).window = { amount: -1, unit: 'years' };
    const window = issuesOf(doc).filter((i) => i.path?.includes('window'));
    expect(window.map((i) => i.message)).toEqual([
      '“Welcome email”, settings.window.unit: should be one of: minutes, hours, days, weeks',
      '“Welcome email”, settings.window.amount: cannot be negative',
    ]);
    expect(window.map((i) => i.nodeId)).toEqual(['welcome', 'welcome']);
    // The re-entry cooldown, outside any step, too.
    const entry = tinyFlow();
    entry.entry = {
      trigger: { type: 'manual' },
      reentry: { policy: 'afterCooldown', cooldown: { amount: -3, unit: 'fortnights' } as never },
    };
    expect(issuesOf(entry).map((i) => i.path?.slice(-1)[0])).toEqual(['unit', 'amount']);
    // With a good unit the amount is the flow check's to report, once, naming the setting.
    (node(doc, 'welcome').settings as Record<string, unknown>).window = { amount: -1, unit: 'days' };
    expect(issuesOf(doc).map((i) => i.message)).toEqual([
      '“Welcome email”: The engagement window cannot be negative (-1 days).',
    ]);
  });

  it('flags waits, windows and deadlines longer than 10 years', () => {
    const doc = tinyFlow();
    (node(doc, 'welcome').settings as Record<string, unknown>).window = { amount: 1e12, unit: 'weeks' };
    const issue = expectIssue(doc, 'duration_too_long', 'welcome');
    expect(issue?.path).toEqual(['settings', 'window']);
    expect(issue?.message).toContain('longer than 10 years');
    (node(doc, 'welcome').settings as Record<string, unknown>).window = { amount: 520, unit: 'weeks' };
    expect(issuesOf(doc)).toEqual([]);

    doc.nodes.push({
      id: 'demo',
      kind: 'webinar',
      label: 'Product demo',
      settings: { webinar: 'Demo', startsAt: '2026-12-03T16:00:00Z', durationMinutes: 1e15 },
      terminal: ['attended', 'noShow', 'declined'],
    } as Doc['nodes'][number]);
    expect(expectIssue(doc, 'duration_too_long', 'demo')?.path).toEqual(['settings', 'durationMinutes']);
  });

  it('checks the re-entry cooldown and never throws on recycle targets named like object methods', () => {
    const doc = tinyFlow();
    doc.entry = {
      trigger: { type: 'manual' },
      reentry: { policy: 'afterCooldown', cooldown: { amount: -3, unit: 'days' } },
    };
    expect(issuesOf(doc).find((i) => i.code === 'negative_duration')?.path).toEqual([
      'entry',
      'reentry',
      'cooldown',
    ]);
    doc.entry.reentry = { policy: 'afterCooldown', cooldown: { amount: 1e12, unit: 'weeks' } };
    expect(issuesOf(doc).map((i) => i.code)).toContain('duration_too_long');

    const other = tinyFlow();
    node(other, 'recycle').settings = {
      reason: 'No answer',
      cooldown: { amount: 30, unit: 'days' },
      target: { flowId: 'toString', nodeId: 'welcome' },
    };
    const r = validateFlow(other, { flows: {} });
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['recycle_target_missing']);
  });

  it('refuses a recycle into itself, or into this flow named as another', () => {
    const self = tinyFlow();
    (node(self, 'recycle').settings as Record<string, unknown>).target = { nodeId: 'recycle' };
    expect(expectIssue(self, 'recycle_target_self', 'recycle')?.path).toEqual([
      'settings',
      'target',
      'nodeId',
    ]);
    const own = tinyFlow();
    (node(own, 'recycle').settings as Record<string, unknown>).target = { flowId: 'tiny', nodeId: 'welcome' };
    expect(expectIssue(own, 'recycle_target_own_flow', 'recycle')?.path).toEqual([
      'settings',
      'target',
      'flowId',
    ]);
  });

  it('flags split percentages that do not sum to 100', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'ab',
      kind: 'split',
      label: 'Subject line test',
      settings: {
        variants: [
          { id: 'a', label: 'Short', percent: 50 },
          { id: 'b', label: 'Long', percent: 40 },
        ],
      },
    });
    doc.edges = doc.edges.filter((e) => e.id !== 'e1');
    doc.edges.push(
      { id: 's0', source: 'start', outcome: 'next', target: 'ab' },
      { id: 's1', source: 'ab', outcome: 'a', target: 'welcome' },
      { id: 's2', source: 'ab', outcome: 'b', target: 'welcome' },
    );
    expect(expectIssue(doc, 'split_total', 'ab')?.message).toContain('90%');
  });

  it('flags a sales step without a queue', () => {
    const doc = tinyFlow();
    node(doc, 'call').owner = { team: 'sales' };
    expect(expectIssue(doc, 'missing_queue', 'call')?.path).toEqual(['owner', 'queue']);
    node(doc, 'call').owner = { team: 'marketing' };
    expectIssue(doc, 'missing_queue', 'call');
  });

  it('flags a recycle target that does not exist', () => {
    const doc = tinyFlow();
    node(doc, 'recycle').settings = {
      reason: 'No answer',
      cooldown: { amount: 30, unit: 'days' },
      target: { nodeId: 'gone' },
    };
    expect(expectIssue(doc, 'recycle_target_missing', 'recycle')?.message).toContain('gone');
  });

  it('checks recycle targets in other flows when they are known', () => {
    const doc = tinyFlow();
    node(doc, 'recycle').settings = {
      reason: 'No answer',
      cooldown: { amount: 30, unit: 'days' },
      target: { flowId: 'long-nurture', nodeId: 'monthly' },
    };
    expect(validateFlow(doc).ok).toBe(true);
    const flows = { 'long-nurture': { nodes: [{ id: 'start' }, { id: 'quarterly' }] } };
    const r = validateFlow(doc, { flows });
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual(['recycle_target_missing']);
    expect(validateFlow(doc, { flows: { 'long-nurture': { nodes: [{ id: 'monthly' }] } } }).ok).toBe(true);
  });

  it('requires a reason when a step disqualifies', () => {
    const doc = tinyFlow();
    node(doc, 'dq').settings = { stage: 'disqualified' };
    expectIssue(doc, 'missing_reason', 'dq');
  });

  it('flags a step shared by two side-by-side tracks', () => {
    const doc = tinyFlow();
    doc.nodes.push({ id: 'both', kind: 'fork', label: 'Together' });
    doc.nodes.push({
      id: 'tip',
      kind: 'email',
      label: 'Tip',
      settings: { template: 't', subject: 'A tip' },
      terminal: ['clicked', 'opened', 'noEngagement'],
    });
    doc.edges = doc.edges.filter((e) => !['e2', 'e3', 'e4'].includes(e.id));
    doc.edges.push(
      { id: 'f1', source: 'welcome', outcome: 'clicked', target: 'both' },
      { id: 'f2', source: 'welcome', outcome: 'opened', target: 'both' },
      { id: 'f3', source: 'welcome', outcome: 'noEngagement', target: 'both' },
      { id: 'f4', source: 'both', outcome: 'marketing', target: 'tip' },
      { id: 'f5', source: 'both', outcome: 'sales', target: 'call' },
    );
    // The recycle in the sales track goes back to the top-level welcome email: allowed (it leaves the tracks).
    expect(issuesOf(doc)).toEqual([]);
    doc.edges = doc.edges.filter((e) => e.id !== 'e8');
    doc.edges.push({ id: 'x', source: 'call', outcome: 'converted', target: 'tip' });
    doc.edges.push({ id: 'y', source: 'call', outcome: 'connected', target: 'tip' });
    (node(doc, 'call').terminal as string[]).splice(
      (node(doc, 'call').terminal as string[]).indexOf('connected'),
      1,
    );
    expect(expectIssue(doc, 'track_crossing', 'tip')?.message).toBe(
      '“Tip” is reached from “Marketing track” and from “Sales track”; a step belongs to one track (only goals and exits are shared).',
    );
    // Once, however many connections lead there.
    expect(issuesOf(doc).filter((i) => i.code === 'track_crossing')).toHaveLength(1);
  });

  it('gives zod paths for a malformed document instead of crashing', () => {
    for (const bad of [null, 42, 'flow', [], {}, { id: 'x' }]) {
      const issues = issuesOf(bad);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.code === 'invalid_document')).toBe(true);
    }
    // A malformed id does not hide what else is wrong: a flow without steps has no entry.
    expect(issuesOf({ id: 'has space', name: 'n', nodes: [] }).map((i) => i.code)).toEqual([
      'invalid_document',
      'missing_entry',
    ]);
    const doc = tinyFlow() as unknown as { nodes: Record<string, unknown>[] };
    (doc.nodes[1] as Record<string, unknown>).settings = { subject: 42 };
    const [issue] = issuesOf(doc);
    expect(issue?.nodeId).toBe('welcome');
    expect(issue?.path).toEqual(['nodes', 1, 'settings', 'subject']);
    expect(issue?.message).toBe('“Welcome email”, settings.subject: should be text, not a number');
    const unknownKind = tinyFlow() as unknown as { nodes: Record<string, unknown>[] };
    (unknownKind.nodes[1] as Record<string, unknown>).kind = 'fax';
    expect(issuesOf(unknownKind)[0]?.nodeId).toBe('welcome');
  });

  it('lists a malformed value and the flow’s other problems at once', () => {
    // Every path goes through the malformed wait: it is still a step, and its connection still leads on.
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'pause',
      kind: 'wait',
      label: 'Monday 9am',
      settings: { mode: 'untilWeekday', weekdays: [1], hour: 25 },
    });
    for (const e of doc.edges) if (e.source === 'welcome') e.target = 'pause';
    doc.edges.push({ id: 'p1', source: 'pause', outcome: 'done', target: 'call' });
    node(doc, 'call').terminal = ['notNow', 'expired'];
    const issues = [
      {
        nodeId: 'pause',
        path: ['nodes', 7, 'settings', 'hour'],
        code: 'invalid_document',
        message: '“Monday 9am”, settings.hour: should be at most 23',
      },
      {
        nodeId: 'call',
        code: 'unconnected_outcome',
        message:
          '“Greeting call”: outcome “Connected” leads nowhere. Connect it to a step or mark it as an end.',
      },
    ];
    expect(issuesOf(doc)).toEqual(issues);
    // Compiling refuses it with the same list.
    expect(compileFlow(doc)).toEqual({ ok: false, issues });
  });

  it('keeps a malformed step’s connections, and skips only the checks its malformed part decides', () => {
    const unknownKind = tinyFlow();
    node(unknownKind, 'welcome').kind = 'fax';
    unknownKind.nodes.push({ id: 'orphan', kind: 'exit', label: 'Orphan' });
    expect(issuesOf(unknownKind).map((i) => [i.code, i.nodeId])).toEqual([
      ['invalid_document', 'welcome'],
      ['unreachable', 'orphan'],
    ]);

    // Its other settings, its owner and its connections are still judged.
    const settings = tinyFlow();
    (node(settings, 'call').settings as Record<string, unknown>).maxAttempts = 'three';
    node(settings, 'call').owner = { team: 'sales' };
    expect(issuesOf(settings).map((i) => [i.code, i.nodeId, i.message])).toEqual([
      ['invalid_document', 'call', '“Greeting call”, settings.maxAttempts: should be a number, not text'],
      [
        'missing_queue',
        'call',
        '“Greeting call” is a sales step: choose the sales queue that works it (telequalifying, inside sales or field rep).',
      ],
    ]);

    // A step without an id may be any step the connections name.
    const noId = tinyFlow();
    delete (noId.nodes[1] as Partial<AnyNode>).id;
    expect(issuesOf(noId).map((i) => i.message)).toEqual(['nodes.1.id: is missing (text)']);

    // A connection without an id still links its steps.
    const anonymous = tinyFlow();
    anonymous.edges[7] = { source: 'call', outcome: 'converted', target: 'gone' } as Doc['edges'][number];
    expect(issuesOf(anonymous)).toEqual([
      { path: ['edges', 7, 'id'], code: 'invalid_document', message: 'edges.7.id: is missing (text)' },
      {
        nodeId: 'call',
        code: 'edge_missing_target',
        message: '“Greeting call” connects to step “gone”, which does not exist.',
      },
      {
        nodeId: 'won',
        code: 'unreachable',
        message: '“Sales-ready” cannot be reached from the entry; connect it or remove it.',
      },
    ]);

    // Where a reached recycle sends leads is unknown: no step is called unreachable.
    const recycle = tinyFlow();
    (node(recycle, 'recycle').settings as Record<string, unknown>).target = { nodeId: 42 };
    recycle.nodes.push({ id: 'orphan', kind: 'exit', label: 'Orphan' });
    expect(issuesOf(recycle).map((i) => i.path)).toEqual([['nodes', 3, 'settings', 'target', 'nodeId']]);
    // A malformed cooldown does not hide where it sends them: the orphan is unreachable.
    (node(recycle, 'recycle').settings as Record<string, unknown>).target = { nodeId: 'welcome' };
    (node(recycle, 'recycle').settings as Record<string, unknown>).cooldown = {
      amount: 'thirty',
      unit: 'days',
    };
    expect(issuesOf(recycle).map((i) => [i.code, i.nodeId])).toEqual([
      ['invalid_document', 'recycle'],
      ['unreachable', 'orphan'],
    ]);

    // Side-by-side tracks that do not parse are not followed.
    const fork = tinyFlow();
    fork.nodes.push({ id: 'both', kind: 'fork', label: 'Together', settings: { tracks: 'two' } });
    for (const e of fork.edges) if (e.source === 'welcome') e.target = 'both';
    fork.edges.push({ id: 'f1', source: 'both', outcome: 'marketing', target: 'call' });
    expect(issuesOf(fork).map((i) => [i.code, i.nodeId])).toEqual([['invalid_document', 'both']]);
  });

  it('reports every problem at once', () => {
    const doc = tinyFlow();
    node(doc, 'call').owner = { team: 'sales' };
    (node(doc, 'welcome').settings as Record<string, unknown>).subject = '';
    doc.nodes.push({ id: 'orphan', kind: 'exit', label: 'Orphan' });
    const codes = issuesOf(doc).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['missing_queue', 'missing_setting', 'unreachable']));
  });
});
