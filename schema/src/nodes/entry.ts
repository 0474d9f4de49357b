import { z } from 'zod';
import { action, defineKind } from './kind.ts';

export const EntrySettings = z.object({});
export type EntrySettings = z.infer<typeof EntrySettings>;

export const entry = defineKind({
  kind: 'entry',
  title: 'Entry',
  description: 'Where leads start. Who enters is set by the flow’s entry rule.',
  category: 'start',
  defaultOwner: { team: 'marketing' },
  settings: EntrySettings,
  outcomes: () => [{ id: 'next', label: 'Next' }],
  waits: () => false,
  summary: () => 'Leads enter here',
  simulate: () => [],
  compile: (ctx) => ({ entry: [action('enterNode', { nodeId: ctx.nodeId })], always: ctx.leave('next') }),
});
