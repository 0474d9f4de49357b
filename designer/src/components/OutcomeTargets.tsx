import { useShallow } from 'zustand/react/shallow';
import type { StepNode } from '../flow/graph.ts';
import { kindOf } from '../flow/kinds.ts';
import { useEditor } from '../store/editor.ts';

const END = '__end';

/** Where each outcome leads, as selects: the keyboard way to connect steps and mark ends. */
export function OutcomeTargets({ node, readOnly }: { node: StepNode; readOnly: boolean }) {
  const step = node.data.step;
  const outcomes = kindOf(step.kind).outcomes(step.settings);
  const dispatch = useEditor((s) => s.dispatch);
  const targets = useEditor(
    useShallow((s) =>
      s.nodes
        .filter((n) => n.data.step.kind !== 'entry')
        .map((n) => `${n.id}\u0000${n.data.step.label || n.id}`),
    ),
  );
  const links = useEditor(
    useShallow((s) =>
      s.edges.filter((e) => e.source === node.id).map((e) => `${e.sourceHandle}\u0000${e.target}`),
    ),
  );
  if (outcomes.length === 0) return null;
  const targetOf = new Map(links.map((l) => l.split('\u0000') as [string, string]));
  return (
    <fieldset className="group">
      <legend>Outcomes</legend>
      {outcomes.map((o) => {
        const id = `f-${node.id}-out-${o.id}`;
        const value = targetOf.get(o.id) ?? (step.terminal.includes(o.id) ? END : '');
        return (
          <div className="field outcome-field" key={o.id}>
            <label htmlFor={id}>{o.label} →</label>
            <select
              id={id}
              value={value}
              disabled={readOnly}
              onChange={(e) => {
                const v = e.target.value;
                dispatch({
                  type: 'setOutcome',
                  source: node.id,
                  outcome: o.id,
                  target: v && v !== END ? v : null,
                  terminal: v === END,
                });
              }}
            >
              <option value="">— not connected —</option>
              <option value={END}>Ends here</option>
              {targets.map((t) => {
                const [tid, label] = t.split('\u0000') as [string, string];
                return (
                  <option key={tid} value={tid}>
                    {label}
                    {label !== tid ? ` (${tid})` : ''}
                  </option>
                );
              })}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
