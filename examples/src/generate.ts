import { type FlowDocument, parseFlow } from '@tandem/schema';

const cycle = ['email', 'wait', 'score', 'branch', 'salesCall', 'email', 'stage', 'waitForEvent'] as const;

/**
 * A valid flow of `size` steps (entry and goal included) mixing marketing touches, waits, scoring,
 * branches and sales calls, laid out top to bottom in lanes. For benchmarks and large-canvas checks.
 */
export function generateFlow(size: number, id = `generated-${size}`): FlowDocument {
  const count = Math.max(3, size);
  const nodes: Record<string, unknown>[] = [
    { id: 'n0', kind: 'entry', label: 'New lead', position: { x: 0, y: 0 } },
  ];
  const edges: { id: string; source: string; outcome: string; target: string }[] = [];
  const link = (source: string, outcome: string, target: string) =>
    edges.push({ id: `e${edges.length}`, source, outcome, target });
  // Lanes of 50 steps side by side, as many as it takes: no two steps on one spot, and rows tall enough for
  // a sales call's card.
  const position = (i: number) => ({ x: Math.floor(i / 50) * 320, y: (i % 50) * 220 });

  for (let i = 1; i < count - 1; i++) {
    const kind = cycle[(i - 1) % cycle.length] as (typeof cycle)[number];
    const nodeId = `n${i}`;
    const next = `n${i + 1}`;
    const base = { id: nodeId, kind, label: `${kind} ${i}`, position: position(i) };
    if (kind === 'email') {
      nodes.push({
        ...base,
        settings: { template: `t${i}`, subject: `Issue ${i}: what teams like yours do next` },
      });
      link(nodeId, 'clicked', next);
      link(nodeId, 'opened', next);
      link(nodeId, 'noEngagement', next);
    } else if (kind === 'wait') {
      nodes.push({ ...base, settings: { mode: 'duration', duration: { amount: 2, unit: 'days' } } });
      link(nodeId, 'done', next);
    } else if (kind === 'score') {
      nodes.push({ ...base, settings: { points: 5, reason: 'Engaged with nurture' } });
      link(nodeId, 'next', next);
    } else if (kind === 'branch') {
      const when = { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 50 }] };
      nodes.push({ ...base, settings: { conditions: [{ id: 'hot', label: 'Score 50+', when }] } });
      link(nodeId, 'hot', next);
      link(nodeId, 'else', next);
    } else if (kind === 'salesCall') {
      nodes.push({
        ...base,
        owner: { team: 'sales', queue: 'insideSales' },
        settings: { purpose: 'Check in', deadline: { amount: 2, unit: 'days' }, maxAttempts: 2 },
        terminal: ['disqualified', 'converted'],
      });
      for (const o of ['connected', 'notNow', 'noAnswer', 'expired']) link(nodeId, o, next);
    } else if (kind === 'stage') {
      nodes.push({ ...base, settings: { stage: 'mql' } });
      link(nodeId, 'next', next);
    } else {
      nodes.push({
        ...base,
        settings: { eventType: 'pricing.visited', timeout: { amount: 5, unit: 'days' } },
      });
      link(nodeId, 'received', next);
      link(nodeId, 'timedOut', next);
    }
  }
  nodes.push({ id: `n${count - 1}`, kind: 'goal', label: 'Sales-ready', position: position(count - 1) });
  link('n0', 'next', 'n1');
  const parsed = parseFlow({ schemaVersion: 1, id, name: `Generated flow (${count} steps)`, nodes, edges });
  if (!parsed.ok) throw new Error(`generated flow is malformed: ${parsed.issues[0]?.message}`);
  return parsed.value;
}
