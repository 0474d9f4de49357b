import { create } from 'zustand';
import type { TaskStatus } from '../../api/work.ts';

const REP_KEY = 'tandem.rep';

function storedRep(): string {
  try {
    return localStorage.getItem(REP_KEY) ?? '';
  } catch {
    return '';
  }
}

/** `active`: open or claimed, the work still to do; `all`: every status. */
export type StatusFilter = 'active' | TaskStatus | 'all';

export interface InboxStore {
  /**
   * The rep's name as tasks and the timeline show it: who claims, hands back and completes. Typed once and
   * kept in this browser (a token names a team or a laptop, not the person at it).
   */
  rep: string;
  /** A queue id, or '' for every queue the token may see. */
  queue: string;
  status: StatusFilter;
  /** Only the tasks claimed by `rep`. */
  mine: boolean;
  setRep(rep: string): void;
  setFilter(filter: Partial<Pick<InboxStore, 'queue' | 'status' | 'mine'>>): void;
}

/** The task inbox's filters and the rep's name: kept while a task is open, so Back finds the same list. */
export const useInbox = create<InboxStore>((set) => ({
  rep: storedRep(),
  queue: '',
  status: 'active',
  mine: false,
  setRep: (rep) => {
    const name = rep.trim();
    try {
      if (name) localStorage.setItem(REP_KEY, name);
      else localStorage.removeItem(REP_KEY);
    } catch {
      // Storage disabled: the name lasts for this page only.
    }
    set(name ? { rep: name } : { rep: name, mine: false });
  },
  setFilter: (filter) => set(filter),
}));
