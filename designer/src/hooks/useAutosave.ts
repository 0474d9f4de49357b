import { type FlowDocument, parseFlow } from '@tandem/schema';
import { useEffect } from 'react';
import { currentDocument, useEditor } from '../store/editor.ts';

const KEY = 'tandem.designer.autosave';

/** The flow the user was last editing in this browser, if any. */
export function loadAutosave(): FlowDocument | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = parseFlow(JSON.parse(raw));
    return parsed.ok ? parsed.value : null;
  } catch {
    return null;
  }
}

/** Keeps a copy of the flow in this browser, so work survives a reload even when the runtime is down. */
export function useAutosave(delayMs = 800): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((next, prev) => {
      if (next.revision === prev.revision || next.readOnly) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          localStorage.setItem(KEY, JSON.stringify(currentDocument(useEditor.getState())));
        } catch {
          // Storage full or disabled: autosave is a convenience only.
        }
      }, delayMs);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [delayMs]);
}
