import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useEditor } from '../store/editor.ts';

export const shortcuts: [string, string][] = [
  ['Ctrl/⌘ Z', 'Undo'],
  ['Ctrl/⌘ Shift Z, Ctrl Y', 'Redo'],
  ['Ctrl/⌘ C / V', 'Copy / paste steps'],
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

/** Editor shortcuts on the whole page, except while typing in a field. */
export function useKeyboardShortcuts(): void {
  const { fitView } = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || (e.target as HTMLElement | null)?.closest?.('dialog')) return;
      const s = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) s.redo();
      else if (mod && key === 'c') s.copy();
      else if (mod && key === 'v') s.paste();
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
    return () => window.removeEventListener('keydown', onKey);
  }, [fitView]);
}
