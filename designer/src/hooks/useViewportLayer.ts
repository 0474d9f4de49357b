import { useStoreApi } from '@xyflow/react';
import { useEffect } from 'react';

/** How long the view must rest before its layer is given back. */
const SETTLE_MS = 250;

/**
 * While the view moves (drag, wheel, minimap, fit), the flow's viewport gets a compositor layer of
 * its own (`.react-flow__viewport--moving`: `will-change: transform`), so each pan frame only moves
 * already painted pixels instead of repainting every visible step and edge. A drag gets the layer as
 * soon as the pointer goes down on the pane, so its first moving frame does not also pay for painting
 * the layer. Once the view rests, the layer is given back so the canvas is painted sharp at the final
 * zoom (a layer kept through a zoom would be scaled, not redrawn).
 */
export function useViewportLayer(): void {
  const store = useStoreApi();
  useEffect(() => {
    let viewport: Element | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = store.getState().transform;
    let dragging = store.getState().paneDragging;
    const settle = () => {
      viewport?.classList.remove('react-flow__viewport--moving');
      viewport = null;
    };
    const unsubscribe = store.subscribe((s) => {
      if (s.transform === last && s.paneDragging === dragging) return;
      last = s.transform;
      dragging = s.paneDragging;
      if (!viewport) {
        viewport = s.domNode?.querySelector('.react-flow__viewport') ?? null;
        viewport?.classList.add('react-flow__viewport--moving');
      }
      clearTimeout(timer);
      // Kept while the pointer holds the pane, even if it pauses.
      if (!dragging) timer = setTimeout(settle, SETTLE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      settle();
    };
  }, [store]);
}
