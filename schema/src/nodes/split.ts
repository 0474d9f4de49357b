import { z } from 'zod';
import { Id } from '../common.ts';
import { action, defineKind } from './kind.ts';

/**
 * Each variant's share of the lead buckets (0–100): from the previous variant's end to its own, the last
 * one to 100 so rounding leaves no lead out. What the machine routes by (guard `inBucket`).
 */
export function splitRanges(
  variants: readonly { id: string; percent: number }[],
): { id: string; from: number; to: number }[] {
  let from = 0;
  return variants.map((v, i) => {
    const to = i === variants.length - 1 ? 100 : from + v.percent;
    const range = { id: v.id, from, to };
    from = to;
    return range;
  });
}

export const SplitSettings = z.object({
  variants: z
    .array(z.object({ id: Id, label: z.string().max(120), percent: z.number() }))
    .max(20, 'at most 20 variants')
    .default([
      { id: 'a', label: 'A', percent: 50 },
      { id: 'b', label: 'B', percent: 50 },
    ]),
});
export type SplitSettings = z.infer<typeof SplitSettings>;

export const split = defineKind({
  kind: 'split',
  title: 'A/B split',
  description: 'Send leads down variants by percentage, for A/B tests. A lead always gets the same variant.',
  category: 'logic',
  defaultOwner: { team: 'marketing' },
  settings: SplitSettings,
  outcomes: (s) => s.variants.map((v) => ({ id: v.id, label: `${v.label || v.id} (${v.percent}%)` })),
  waits: () => false,
  decides: { variants: ['outcomes'] },
  check: (s) => {
    const total = s.variants.reduce((sum, v) => sum + v.percent, 0);
    const issues = [];
    if (s.variants.length < 2) {
      issues.push({
        path: ['variants'],
        code: 'split_variants',
        message: 'A split needs at least two variants.',
      });
    }
    if (Math.abs(total - 100) > 1e-9) {
      issues.push({
        path: ['variants'],
        code: 'split_total',
        message: `Split percentages add up to ${Math.round(total * 100) / 100}%, not 100%.`,
      });
    }
    const seen = new Set<string>();
    for (const [i, v] of s.variants.entries()) {
      if (seen.has(v.id)) {
        issues.push({
          path: ['variants', i, 'id'],
          code: 'duplicate_outcome',
          message: `Two variants are named “${v.id}”.`,
        });
      }
      seen.add(v.id);
    }
    for (const [i, v] of s.variants.entries()) {
      if (v.percent < 0) {
        issues.push({
          path: ['variants', i, 'percent'],
          code: 'split_total',
          message: `Variant “${v.label || v.id}” has a negative share.`,
        });
      }
    }
    return issues;
  },
  summary: (s) => s.variants.map((v) => `${v.label || v.id} ${v.percent}%`).join(' / '),
  simulate: () => [],
  compile: (ctx) => ({
    entry: [action('enterNode', { nodeId: ctx.nodeId })],
    always: splitRanges(ctx.settings.variants).map(({ id, from, to }) =>
      ctx.leave(id, { guard: { type: 'inBucket', params: { nodeId: ctx.nodeId, from, to } } }),
    ),
  }),
});
