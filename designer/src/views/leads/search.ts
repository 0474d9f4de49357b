import { create } from 'zustand';

/** What was typed in the lead search: kept while a lead is open, so Back to the list finds it again. */
export const useLeadSearch = create<{ text: string; set(text: string): void }>((set) => ({
  text: '',
  set: (text) => set({ text }),
}));
