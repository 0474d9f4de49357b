import { useEffect } from 'react';
import { currentDocument, type EditorState, useEditor } from '../store/editor.ts';
import { validate } from '../store/validation.ts';

/** True when something other than positions, sizes or selection changed. */
function contentChanged(a: EditorState, b: EditorState): boolean {
  if (a.meta !== b.meta) return true;
  if (a.edges.length !== b.edges.length || a.nodes.length !== b.nodes.length) return true;
  if (a.edges.some((e, i) => e.target !== b.edges[i]?.target || e.id !== b.edges[i]?.id)) return true;
  return a.nodes.some((n, i) => n.data !== b.nodes[i]?.data);
}

/** Re-validates the flow shortly after each edit (not on drags), writing the issues store. */
export function useLiveValidation(delayMs = 120): void {
  useEffect(() => {
    validate(currentDocument(useEditor.getState()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((next, prev) => {
      if (!contentChanged(next, prev)) return;
      clearTimeout(timer);
      timer = setTimeout(() => validate(currentDocument(useEditor.getState())), delayMs);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [delayMs]);
}
