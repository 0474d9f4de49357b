import { describe, expect, it } from 'vitest';
import { tinyFlow } from './fixtures.ts';
import type { FlowDocument } from './flow.ts';
import { parseFlow } from './validate.ts';
import { flowWarnings } from './warnings.ts';

type Doc = ReturnType<typeof tinyFlow>;

/** The warnings of a loose test flow, after checking it is a valid flow. */
function warningsOf(doc: Doc) {
  const parsed = parseFlow(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return flowWarnings(parsed.value as FlowDocument);
}

/** The warnings as `node outcome` pairs. */
const warned = (doc: Doc): string[] => warningsOf(doc).map((w) => `${w.nodeId} ${w.path?.[1]}`);

function edge(doc: Doc, source: string, outcome: string) {
  return doc.edges.find((e) => e.source === source && e.outcome === outcome) as Doc['edges'][0];
}

describe('flowWarnings: sales rejections go somewhere', () => {
  it('warns when a call the queue never made leaves the flow unrouted', () => {
    // The tiny flow recycles unanswered calls and disqualifies with a stage; only `expired` is marked as an end.
    const doc = tinyFlow();
    expect(warned(doc)).toEqual(['call expired']);
    const [warning] = warningsOf(doc);
    expect(warning?.message).toContain(
      '“Greeting call” → “Not called within 2 days”: these leads leave the flow here.',
    );
    expect(warning?.code).toBe('rejection_not_routed');
  });

  it('is quiet once the rejection is recycled', () => {
    const doc = tinyFlow();
    doc.nodes = doc.nodes.map((n) => (n.id === 'call' ? { ...n, terminal: ['connected', 'notNow'] } : n));
    doc.edges.push({ id: 'e9', source: 'call', outcome: 'expired', target: 'recycle' });
    expect(warned(doc)).toEqual([]);
  });

  it('warns when a disqualification goes straight to an exit, not through a Disqualified stage', () => {
    const doc = tinyFlow();
    edge(doc, 'call', 'disqualified').target = 'lost';
    expect(warned(doc)).toContain('call disqualified');
    const messages = warningsOf(doc).map((w) => w.message);
    expect(messages.join('\n')).toContain('go to “Not a fit”, which ends the flow');
  });

  it('sees through a score change but not past a stage that ends the path', () => {
    const doc = tinyFlow();
    doc.nodes.push(
      { id: 'minus', kind: 'score', label: 'Lower score', settings: { points: -10, reason: 'Disqualified' } },
      { id: 'mql', kind: 'stage', label: 'Back to MQL', settings: { stage: 'mql' }, terminal: ['next'] },
    );
    edge(doc, 'call', 'disqualified').target = 'minus';
    doc.edges.push({ id: 'e9', source: 'minus', outcome: 'next', target: 'mql' });
    expect(warned(doc)).toContain('call disqualified');
    // Through the score step to the Disqualified stage: routed.
    edge(doc, 'minus', 'next').target = 'dq';
    expect(warned(doc)).not.toContain('call disqualified');
  });

  it('lets a track end on a rejection: the lead stays in the flow’s other track', () => {
    const doc = tinyFlow();
    doc.nodes.push({
      id: 'fork',
      kind: 'fork',
      label: 'Together',
      settings: {
        tracks: [
          { id: 'sales', label: 'Sales' },
          { id: 'marketing', label: 'Marketing' },
        ],
      },
    });
    doc.nodes.push({
      id: 'nurture',
      kind: 'email',
      label: 'Monthly news',
      settings: { template: 'news', subject: 'News', window: { amount: 3, unit: 'days' } },
      terminal: ['clicked', 'opened', 'noEngagement'],
    });
    // start → fork; the sales track is the greeting call, the marketing track a newsletter.
    edge(doc, 'start', 'next').target = 'fork';
    doc.edges = doc.edges.filter((e) => e.source !== 'welcome' && e.source !== 'call');
    doc.nodes = doc.nodes
      .filter((n) => !['welcome', 'recycle', 'dq', 'lost', 'won'].includes(n.id))
      .map((n) =>
        n.id === 'call'
          ? { ...n, terminal: ['connected', 'notNow', 'noAnswer', 'disqualified', 'converted', 'expired'] }
          : n,
      );
    doc.edges.push(
      { id: 'f1', source: 'fork', outcome: 'sales', target: 'call' },
      { id: 'f2', source: 'fork', outcome: 'marketing', target: 'nurture' },
    );
    expect(warned(doc)).toEqual([]);
  });
});

describe('outcome labels in warnings', () => {
  it('say “1 attempt”, not “1 attempts”', () => {
    const doc = tinyFlow();
    doc.nodes = doc.nodes.map((n) =>
      n.id === 'call'
        ? {
            ...n,
            settings: { ...(n.settings as object), maxAttempts: 1 },
            terminal: ['connected', 'notNow', 'expired', 'noAnswer'],
          }
        : n,
    );
    doc.edges = doc.edges.filter((e) => !(e.source === 'call' && e.outcome === 'noAnswer'));
    expect(
      warningsOf(doc)
        .map((w) => w.message)
        .join('\n'),
    ).toContain('“No answer after 1 attempt”:');
  });
});
