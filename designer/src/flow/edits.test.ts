import { examples } from '@tandem/examples';
import { validateFlow } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { tinyFlow, tinyGraph } from '../test/fixtures.ts';
import { clipFromText, clipToText, copySelection, pasteClip } from './clipboard.ts';
import { checkConnection } from './connect.ts';
import { applyEdit, newStep } from './edits.ts';
import { fromDocument, toDocument } from './graph.ts';
import { autoLayout } from './layout.ts';
import { overlaps, sizeOf } from './room.ts';

const meta = fromDocument(tinyFlow()).meta;

describe('flow ↔ canvas conversion', () => {
  it('round-trips a document', () => {
    const { meta: m, graph } = fromDocument(tinyFlow());
    expect(toDocument(m, graph)).toEqual(tinyFlow());
  });
});

describe('applyEdit', () => {
  it('inserts a sales call on a connection and keeps the flow valid', () => {
    const call = newStep('salesCall', 'call-1', { x: 0, y: 0 });
    const g = applyEdit(tinyGraph(), { type: 'insertOnEdge', edgeId: 'e1', node: call });
    expect(g.edges.find((e) => e.id === 'e1')?.target).toBe('call-1');
    const fromCall = g.edges.filter((e) => e.source === 'call-1');
    expect(fromCall.map((e) => e.sourceHandle).sort()).toEqual(
      ['connected', 'converted', 'disqualified', 'expired', 'noAnswer', 'notNow'].sort(),
    );
    expect(new Set(fromCall.map((e) => e.target))).toEqual(new Set(['mail']));
    const doc = toDocument(
      meta,
      applyEdit(g, {
        type: 'updateStep',
        id: 'call-1',
        patch: { settings: { ...(call.data.step.settings as object), purpose: 'Say hi' } as never },
      }),
    );
    expect(validateFlow(doc).ok).toBe(true);
  });

  it('removes a step with its connections, leaving others untouched', () => {
    const before = tinyGraph();
    const g = applyEdit(before, { type: 'remove', nodeIds: ['mail'], edgeIds: [] });
    expect(g.nodes.map((n) => n.id)).toEqual(['start', 'done']);
    expect(g.edges).toEqual([]);
    expect(g.nodes[0]).toBe(before.nodes[0]);
  });

  it('routes an outcome to an end or another step', () => {
    let g = applyEdit(tinyGraph(), {
      type: 'setOutcome',
      source: 'mail',
      outcome: 'opened',
      target: null,
      terminal: true,
    });
    expect(g.edges.some((e) => e.source === 'mail' && e.sourceHandle === 'opened')).toBe(false);
    expect(g.nodes.find((n) => n.id === 'mail')?.data.step.terminal).toEqual(['opened']);
    g = applyEdit(g, { type: 'connect', source: 'mail', outcome: 'opened', target: 'done' });
    expect(g.nodes.find((n) => n.id === 'mail')?.data.step.terminal).toEqual([]);
  });
});

describe('checkConnection', () => {
  it('refuses a second edge on one outcome and edges into the entry', () => {
    const g = applyEdit(tinyGraph(), { type: 'addNode', node: newStep('wait', 'wait-1', { x: 0, y: 0 }) });
    expect(checkConnection(g, { source: 'mail', sourceHandle: 'clicked', target: 'wait-1' })).toMatchObject({
      ok: false,
    });
    expect(checkConnection(g, { source: 'wait-1', sourceHandle: 'done', target: 'start' })).toEqual({
      ok: false,
      reason: 'Nothing can lead back into the entry step.',
    });
    expect(checkConnection(g, { source: 'wait-1', sourceHandle: 'done', target: 'done' })).toEqual({
      ok: true,
    });
  });
});

describe('clipboard', () => {
  it('pastes copies with fresh ids, connected like the originals', () => {
    const g = tinyGraph();
    const clip = copySelection(g, ['mail', 'done']);
    expect(clip?.edges).toHaveLength(3);
    const pasted = pasteClip(g, clip as NonNullable<typeof clip>);
    expect(pasted.nodes.map((n) => n.id)).toEqual(['email-1', 'goal-1']);
    expect(pasted.edges.every((e) => e.source === 'email-1' && e.target === 'goal-1')).toBe(true);
    expect(pasted.nodes[0]?.position).toEqual({ x: 340, y: 40 });
  });

  it('carries steps through clipboard text, and ignores any other text', () => {
    const g = tinyGraph();
    const clip = copySelection(g, ['mail', 'done']) as NonNullable<ReturnType<typeof copySelection>>;
    const text = clipToText(clip);
    // Readable elsewhere: the steps as they appear in a flow document.
    expect(JSON.parse(text).nodes.map((n: { id: string; kind: string }) => n.kind)).toEqual([
      'email',
      'goal',
    ]);
    const back = clipFromText(text);
    expect(back?.nodes.map((n) => n.data.step)).toEqual(clip.nodes.map((n) => n.data.step));
    expect(back?.nodes.map((n) => n.position)).toEqual(clip.nodes.map((n) => n.position));
    expect(back?.edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual(
      clip.edges.map((e) => [e.source, e.sourceHandle, e.target]),
    );
    for (const other of ['https://example.com', '{"nodes":[]}', '[1,2]', ''])
      expect(clipFromText(other)).toBeNull();
    // Steps that do not check (an unknown kind) are not pasted.
    const broken = JSON.parse(text);
    broken.nodes[0].kind = 'teleport';
    expect(clipFromText(JSON.stringify(broken))).toBeNull();
  });
});

describe('autoLayout', () => {
  it('lays steps out left to right in flow order', () => {
    const p = autoLayout(tinyGraph());
    expect(p.start?.x).toBeLessThan(p.mail?.x ?? 0);
    expect(p.mail?.x).toBeLessThan(p.done?.x ?? 0);
  });

  it('keeps the entry leftmost when a recycle loops back to an earlier step', () => {
    // Opened at the entry, a playbook must not have steps off the left edge of the view.
    for (const example of examples) {
      const { graph } = fromDocument(example.flow);
      const p = autoLayout(graph);
      const entry = example.flow.nodes.find((n) => n.kind === 'entry');
      const entryX = p[entry?.id ?? '']?.x ?? Number.NaN;
      const left = example.flow.nodes.filter((n) => (p[n.id]?.x ?? 0) < entryX).map((n) => n.id);
      expect({ playbook: example.id, left }).toEqual({ playbook: example.id, left: [] });
      // The files the runtime publishes at start are laid out the same way.
      const stored = example.flow.nodes.filter((n) => n.position && n.position.x < (entry?.position?.x ?? 0));
      expect({ playbook: example.id, stored: stored.map((n) => n.id) }).toEqual({
        playbook: example.id,
        stored: [],
      });
      // …and no card covers another at the size the canvas gives it.
      const boxes = fromDocument(example.flow).graph.nodes.map((n) => ({
        id: n.id,
        ...n.position,
        ...sizeOf(n),
      }));
      const covered = boxes.flatMap((a, i) =>
        boxes.slice(i + 1).flatMap((b) => (overlaps(a, b) ? [`${a.id} / ${b.id}`] : [])),
      );
      expect({ playbook: example.id, covered }).toEqual({ playbook: example.id, covered: [] });
    }
  });
});
