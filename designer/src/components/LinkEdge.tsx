import { BaseEdge, type EdgeProps, getBezierPath } from '@xyflow/react';
import { memo } from 'react';
import type { LinkEdge } from '../flow/links.ts';
import { useSimulation } from '../store/simulation.ts';

/** A recycle step's way back into nurture: dashed, not editable, highlighted when a test lead takes it. */
function LinkEdgeView(props: EdgeProps<LinkEdge>) {
  const [path] = getBezierPath(props);
  // Back into nurture when the cooldown ran out, or earlier when the lead came back.
  const taken = useSimulation(
    (s) => s.taken.has(`${props.source}:reentered`) || s.taken.has(`${props.source}:cameBack`),
  );
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
