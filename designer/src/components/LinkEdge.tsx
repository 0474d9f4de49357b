import { BaseEdge, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { LinkEdge } from '../flow/links.ts';
import { useSimulation } from '../store/simulation.ts';

/** A recycle step's way back into nurture: dashed, not editable, highlighted when a test lead takes it. */
function LinkEdgeView(props: EdgeProps<LinkEdge>) {
  const [path] = getBezierPath(props);
  const taken = useSimulation((s) => s.taken.has(`${props.source}:reentered`));
  return (
    <BaseEdge
      id={props.id}
      path={path}
      className={taken ? 'edge edge--link edge--taken' : 'edge edge--link'}
      {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
    />
  );
}

export const LinkEdgeComponent = memo(LinkEdgeView);
