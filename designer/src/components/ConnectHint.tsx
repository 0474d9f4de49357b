import { Panel, useConnection } from '@xyflow/react';
import { checkConnection } from '../flow/connect.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';

/** While dragging a connection, says why the step under the pointer refuses it. */
export function ConnectHint() {
  const reason = useConnection((c) => {
    if (!c.inProgress || !c.fromHandle || c.fromHandle.type !== 'source') return null;
    const s = useEditor.getState();
    const graph = { nodes: s.nodes, edges: s.edges };
    const source = { source: c.fromHandle.nodeId, sourceHandle: c.fromHandle.id };
    // An outcome that already has a connection is refused wherever it goes.
    const busy = checkConnection(graph, { ...source, target: '__probe__' });
    if (!busy.ok && busy.reason.includes('already connected')) return busy.reason;
    if (!c.toNode) return null;
    const r = checkConnection(graph, { ...source, target: c.toNode.id }, useSession.getState().permissions);
    return r.ok ? null : r.reason;
  });
  if (!reason) return null;
  return (
    <Panel position="top-center" className="connect-hint" role="status">
      {reason}
    </Panel>
  );
}
