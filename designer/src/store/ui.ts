import { create } from 'zustand';

export type SidePanel = 'inspect' | 'issues' | 'simulate' | 'runtime';

/** View state that is not part of the flow. */
export interface UiState {
  panel: SidePanel;
  /** The step kind being dragged from the palette, so edges can offer themselves as drop targets. */
  dragging: string | null;
  dialog: 'machine' | 'examples' | null;
  toast: string | null;
  /** The connection whose "+" menu is open: one at a time. */
  insertMenu: string | null;
  set(patch: Partial<Omit<UiState, 'set'>>): void;
}

export const useUi = create<UiState>((set) => ({
  panel: 'inspect',
  dragging: null,
  dialog: null,
  toast: null,
  insertMenu: null,
  set: (patch) => set(patch),
}));
