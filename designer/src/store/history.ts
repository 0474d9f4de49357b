/** Undo/redo stacks of whole snapshots; structural sharing keeps them cheap. */
export interface History<T> {
  past: T[];
  future: T[];
}

const LIMIT = 100;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [] };
}

/** Remembers `current` before a change; a new change forgets what could be redone. */
export function record<T>(h: History<T>, current: T): History<T> {
  return { past: [...h.past.slice(-(LIMIT - 1)), current], future: [] };
}

export function undo<T>(h: History<T>, current: T): { history: History<T>; value: T } | null {
  const value = h.past.at(-1);
  if (value === undefined) return null;
  return { history: { past: h.past.slice(0, -1), future: [current, ...h.future] }, value };
}

export function redo<T>(h: History<T>, current: T): { history: History<T>; value: T } | null {
  const value = h.future[0];
  if (value === undefined) return null;
  return { history: { past: [...h.past, current], future: h.future.slice(1) }, value };
}
