import { z } from 'zod';
import { Id, limits } from '../common.ts';
import { action, defineKind } from './kind.ts';

export const ForkSettings = z.object({
  tracks: z
    .array(z.object({ id: Id, label: z.string().max(120) }))
    .max(limits.tracks, `at most ${limits.tracks} tracks side by side`)
    .default([
      { id: 'marketing', label: 'Marketing track' },
      { id: 'sales', label: 'Sales track' },
    ]),
});
export type ForkSettings = z.infer<typeof ForkSettings>;

/**
 * Tracks run side by side for one lead (an XState parallel state). A track ends at a terminal
 * outcome; the flow is done when every track has ended, or at once when any track reaches a goal or exit.
 */
export const fork = defineKind({
  kind: 'fork',
  title: 'Side-by-side tracks',
  description: 'Run a marketing track and a sales track at the same time for the same lead.',
  category: 'logic',
  defaultOwner: { team: 'marketing' },
  settings: ForkSettings,
  outcomes: (s) => s.tracks.map((t) => ({ id: t.id, label: t.label || t.id })),
  waits: () => false,
  decides: { tracks: ['outcomes'] },
  check: (s) => {
    const issues = [];
    if (s.tracks.length < 2) {
      issues.push({
        path: ['tracks'],
        code: 'fork_tracks',
        message: 'Side-by-side tracks need at least two tracks.',
      });
    }
    if (new Set(s.tracks.map((t) => t.id)).size !== s.tracks.length) {
      issues.push({ path: ['tracks'], code: 'duplicate_outcome', message: 'Two tracks have the same id.' });
    }
    return issues;
  },
  summary: (s) => s.tracks.map((t) => t.label || t.id).join(' ∥ '),
  simulate: () => [],
  // The compiler builds one region per track from the graph; see compile.ts.
  compile: (ctx) => ({ type: 'parallel', entry: [action('enterNode', { nodeId: ctx.nodeId })] }),
});
