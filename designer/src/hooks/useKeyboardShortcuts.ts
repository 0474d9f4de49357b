import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { clipFromText, clipToText } from '../flow/clipboard.ts';
import { useEditor } from '../store/editor.ts';
import { usePlace } from '../store/place.ts';

export const shortcuts: [string, string][] = [
  ['Ctrl/⌘ Z', 'Undo'],
  ['Ctrl/⌘ Shift Z, Ctrl Y', 'Redo'],
  ['Ctrl/⌘ C / V', 'Copy / paste steps, also into another flow or tab'],
  ['Ctrl/⌘ D', 'Duplicate'],
  ['Delete, Backspace', 'Delete selection'],
  ['Ctrl/⌘ A', 'Select all'],
  ['Shift L', 'Auto-layout'],
  ['Shift 1', 'Zoom to fit'],
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Keys and clipboard events aimed at a field or a dialog are theirs, not the canvas's. */
function forField(target: EventTarget | null): boolean {
  return (
    typing(target) ||
    Boolean((target as HTMLElement | null)?.closest?.('dialog')) ||
    // The leads, tasks and reports areas have no canvas: Delete or Ctrl+A there is not for the flow.
    usePlace.getState().area !== 'journeys'
  );
}

/** The clipboard text of the last paste: pasting it again places the copies further along. */
let lastPasted: string | null = null;

/**
 * Copy and paste go through the browser's clipboard events, so steps travel through the system clipboard:
 * to another flow, another tab or another window. Pasting text that is not steps does nothing; where the
 * browser gives no clipboard text, the steps last copied in this tab are pasted.
 */
function onCopy(e: ClipboardEvent): void {
  if (forField(e.target) || !e.clipboardData) return;
  const clip = useEditor.getState().copy();
  // Nothing selected: the browser copies whatever text is selected, as usual.
  if (!clip) return;
  e.clipboardData.setData('text/plain', clipToText(clip));
  e.preventDefault();
}

function onPaste(e: ClipboardEvent): void {
  if (forField(e.target)) return;
  const s = useEditor.getState();
  const text = e.clipboardData?.getData('text/plain') ?? '';
  e.preventDefault();
  // No text, or the same steps again: the tab's copy, which moves along with every paste.
  if (text === '' || text === lastPasted) {
    s.paste();
    return;
  }
  const clip = clipFromText(text);
  if (!clip) return;
  lastPasted = text;
  s.paste(clip);
}

/** Editor shortcuts on the whole page, except while typing in a field. */
export function useKeyboardShortcuts(): void {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (forField(e.target)) return;
      const s = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) s.redo();
      // Ctrl/⌘ C and V are left to the browser, which raises the copy and paste events handled below.
      else if (mod && key === 'd') s.duplicate();
      else if (mod && key === 'a') s.selectOnly(s.nodes.map((n) => n.id));
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) s.removeSelected();
      else if (!mod && e.shiftKey && key === 'l') s.layout();
      else if (!mod && e.shiftKey && e.code === 'Digit1')
        void fitView({ padding: 0.15, duration: 200, maxZoom: 1 });
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('copy', onCopy);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('copy', onCopy);
      window.removeEventListener('paste', onPaste);
    };
  }, [fitView]);
}
