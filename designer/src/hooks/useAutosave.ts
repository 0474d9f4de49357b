import { type FlowDocument, parseFlow } from '@tandem/schema';
import { useEffect } from 'react';
import { recoverFlow } from '../flow/recover.ts';
import { currentDocument, useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';

export { recoverFlow };

const KEY = 'tandem.designer.autosave';

/**
 * The flow the user was last editing in this browser, if any: back with its issues shown even when it does
 * not check. When what was kept cannot be read as a flow, says so (the caller opens something else).
 */
export function loadAutosave(): FlowDocument | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  let flow: FlowDocument | null = null;
  try {
    flow = recoverFlow(JSON.parse(raw));
  } catch {
    flow = null;
  }
  const say = (toast: string) => useUi.getState().set({ toast });
  if (!flow) {
    say('The flow kept in this browser from last time could not be read, so an example opened instead.');
    return null;
  }
  if (!parseFlow(flow).ok) say('Your flow from last time is back. It has a few things to fix: see Issues.');
  return flow;
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
