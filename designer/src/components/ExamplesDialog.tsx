import type { FlowDocument } from '@tandem/schema';
import { api } from '../api/client.ts';
import { availableExamples } from '../flow/examples.ts';
import { freeFlowId } from '../flow/ids.ts';
import { confirmReplace } from '../store/confirm.ts';
import { replaceFlow, useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
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

/** The flow ids in use on the runtime; the last list seen when it cannot be asked now. */
async function idsOnRuntime(): Promise<Set<string>> {
  // A token that may not read flows (ingest) would only be refused.
  if (!useSession.getState().permissions.canReadFlows)
    return new Set(useRuntime.getState().flows.map((f) => f.id));
  try {
    return new Set((await api.listFlows()).map((f) => f.id));
  } catch {
    return new Set(useRuntime.getState().flows.map((f) => f.id));
  }
}

/**
 * Starts a new flow from `template`: a new flow, so under an id no flow on the runtime has yet (saving it
 * then never writes over a flow someone else made from the same playbook).
 */
export async function startNewFlow(template: FlowDocument): Promise<boolean> {
  if (!(await confirmReplace('Starting a new flow'))) return false;
  const taken = await idsOnRuntime();
  const id = freeFlowId(template.id, taken);
  replaceFlow({ ...structuredClone(template), id }, { type: 'local' });
  if (id !== template.id) {
    useUi.getState().set({
      toast: `Started “${template.name}” as a new flow with the id “${id}”, because “${template.id}” is already on the runtime.`,
    });
  }
  return true;
}

/** Starts a new flow from a playbook (or from scratch). */
export function ExamplesDialog({ onClose }: { onClose: () => void }) {
  const open = (flow: FlowDocument) => {
    // The confirm dialog, if any, replaces this one.
    onClose();
    void startNewFlow(flow);
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
