import { type Edge, type Node, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { generateFlow } from '@tandem/examples/generate';
import { createRoot } from 'react-dom/client';

// The same graph as the designer benchmark, drawn with React Flow's default nodes and nothing else.
const size = Number(new URLSearchParams(location.search).get('nodes') ?? 1000);
const flow = generateFlow(size);
const nodes: Node[] = flow.nodes.map((n) => ({
  id: n.id,
  position: n.position ?? { x: 0, y: 0 },
  data: { label: n.label },
}));
const edges: Edge[] = flow.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

function Baseline() {
  return <ReactFlow defaultNodes={nodes} defaultEdges={edges} fitView />;
}

createRoot(document.getElementById('root') as HTMLElement).render(<Baseline />);
