import { describe, expect, it } from 'vitest';
import { salesDraftProblem } from '../../../runtime/src/auth/sales-draft.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { checkConnection } from './connect.ts';
import { applyEdit, newStep } from './edits.ts';
import { fromDocument, type Graph, toDocument } from './graph.ts';
import { autoLayout } from './layout.ts';
import { permissionsFor } from './permissions.ts';

const { meta, graph: tiny } = fromDocument(tinyFlow());
const sales = permissionsFor('sales');

/** The tiny flow plus a loose wait (marketing) and a loose sales call, as saved before a sales user's edit. */
function before(): Graph {
  let g = applyEdit(tiny, { type: 'addNode', node: newStep('wait', 'wait-1', { x: 0, y: 300 }) });
  g = applyEdit(g, { type: 'addNode', node: newStep('salesCall', 'call-1', { x: 300, y: 300 }) });
  return g;
}

const runtimeSays = (after: Graph) => salesDraftProblem(toDocument(meta, before()), toDocument(meta, after));

describe('connections with a sales token', () => {
  const cases: [string, string, string, boolean][] = [
    ['wait-1', 'done', 'done', false], // marketing → marketing
    ['mail', 'clicked', 'done', false], // taken outcome
    ['call-1', 'connected', 'done', true], // sales → marketing
    ['wait-1', 'done', 'call-1', true], // marketing → sales
  ];

  it('refuses while dragging exactly what the runtime would refuse on save', () => {
    for (const [source, outcome, target, ok] of cases) {
      const check = checkConnection(before(), { source, sourceHandle: outcome, target }, sales);
      expect(check.ok, `${source} ${outcome} → ${target}`).toBe(ok);
      if (!check.ok) continue;
      expect(runtimeSays(applyEdit(before(), { type: 'connect', source, outcome, target }))).toBeNull();
    }
    // The runtime does refuse the connection the designer refuses.
    expect(
      runtimeSays(
        applyEdit(before(), { type: 'connect', source: 'wait-1', outcome: 'done', target: 'done' }),
      ),
    ).toMatch(/connection/);
    expect(
      checkConnection(before(), { source: 'wait-1', sourceHandle: 'done', target: 'done' }, sales),
    ).toEqual({
      ok: false,
      reason: 'With a sales token you connect sales calls and meetings; other connections are marketing’s.',
    });
    // Marketing connects anything the flow language allows.
    expect(
      checkConnection(
        before(),
        { source: 'wait-1', sourceHandle: 'done', target: 'done' },
        permissionsFor('marketing'),
      ),
    ).toEqual({ ok: true });
  });

  it('lets sales auto-lay out the flow: only positions change, which the runtime accepts', () => {
    const g = before();
    expect(runtimeSays(applyEdit(g, { type: 'move', positions: autoLayout(g) }))).toBeNull();
  });
});
