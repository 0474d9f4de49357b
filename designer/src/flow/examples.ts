import { examples } from '@tandem/examples';
import type { FlowDocument } from '@tandem/schema';
import { starterFlow } from './starter.ts';

export interface Example {
  id: string;
  title: string;
  summary: string;
  flow: FlowDocument;
}

/** Examples are templates: the designer lays them out for its own step size. */
function unplaced(flow: FlowDocument): FlowDocument {
  return {
    ...flow,
    nodes: flow.nodes.map(({ position: _position, ...n }) => n as FlowDocument['nodes'][number]),
  };
}

/** The playbook examples, and the built-in starter when the playbooks are not there (yet). */
export function availableExamples(): Example[] {
  const starter: Example = {
    id: starterFlow.id,
    title: starterFlow.name,
    summary: starterFlow.description ?? '',
    flow: starterFlow,
  };
  const all = examples.length
    ? [...examples, ...(examples.some((e) => e.id === starter.id) ? [] : [starter])]
    : [starter];
  return all.map((e) => ({ ...e, flow: unplaced(e.flow) }));
}
