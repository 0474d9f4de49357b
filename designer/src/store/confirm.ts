import { create } from 'zustand';
import { useEditor } from './editor.ts';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
}

export interface ConfirmStore {
  request: ConfirmRequest | null;
  /** Shows the in-app confirm dialog; resolves true when the user confirms. */
  ask(request: ConfirmRequest): Promise<boolean>;
  answer(ok: boolean): void;
}

let resolvePending: ((ok: boolean) => void) | null = null;

export const useConfirm = create<ConfirmStore>((set) => ({
  request: null,
  ask: (request) => {
    // A new question answers the one still open with "no".
    resolvePending?.(false);
    set({ request });
    return new Promise<boolean>((resolve) => {
      resolvePending = resolve;
    });
  },
  answer: (ok) => {
    const resolve = resolvePending;
    resolvePending = null;
    set({ request: null });
    resolve?.(ok);
  },
}));

/** Whether the flow on the canvas has changes that were not saved or published since it was loaded. */
export function hasUnsavedChanges(): boolean {
  const e = useEditor.getState();
  return !e.readOnly && e.revision !== e.savedRevision;
}

/**
 * Asks before `action` (e.g. “Importing a file”) replaces a flow with unsaved changes; true when there is
 * nothing to lose or the user agrees.
 */
export async function confirmReplace(action: string): Promise<boolean> {
  if (!hasUnsavedChanges()) return true;
  const name = useEditor.getState().meta.name;
  return useConfirm.getState().ask({
    title: 'Discard your changes?',
    message: `“${name}” has changes that are not saved to the runtime. ${action} replaces it, and Undo will not bring it back. To keep it, save a draft or export it first.`,
    confirmLabel: 'Discard changes',
    cancelLabel: 'Keep editing',
  });
}
