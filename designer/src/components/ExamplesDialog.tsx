import type { FlowDocument } from '@tandem/schema';
import { availableExamples } from '../flow/examples.ts';
import { useEditor } from '../store/editor.ts';
import { useRuntime } from '../store/runtime.ts';
import { useSimulation } from '../store/simulation.ts';
import { Dialog } from './Dialog.tsx';

const blank: FlowDocument = {
  schemaVersion: 1,
  id: 'new-flow',
  name: 'New flow',
  entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
  nodes: [
    {
      id: 'start',
      kind: 'entry',
      label: 'New lead',
      owner: { team: 'marketing' },
      settings: {},
      terminal: [],
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};

/** Starts a new flow from a playbook (or from scratch). */
export function ExamplesDialog({ onClose }: { onClose: () => void }) {
  const open = (flow: FlowDocument) => {
    useSimulation.getState().stop();
    useRuntime.getState().showStats(null);
    useEditor.getState().load(structuredClone(flow), { type: 'local' });
    onClose();
  };
  return (
    <Dialog title="Start a new flow" onClose={onClose}>
      <ul className="examples">
        {availableExamples().map((ex) => (
          <li key={ex.id}>
            <button type="button" className="example" onClick={() => open(ex.flow)}>
              <strong>{ex.title}</strong>
              <span>{ex.summary}</span>
              <span className="muted">
                {ex.flow.nodes.length} steps · {ex.flow.nodes.filter((n) => n.owner.team === 'sales').length}{' '}
                sales touches
              </span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="example" onClick={() => open(blank)}>
            <strong>Blank flow</strong>
            <span>Just an entry step.</span>
          </button>
        </li>
      </ul>
    </Dialog>
  );
}
