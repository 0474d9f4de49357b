import { z } from 'zod';
import { Id } from '../common.ts';
import { action, defineKind } from './kind.ts';

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
  compile: (ctx) => {
    let from = 0;
    const variants = ctx.settings.variants;
    return {
      entry: [action('enterNode', { nodeId: ctx.nodeId })],
      always: variants.map((v, i) => {
        const to = i === variants.length - 1 ? 100 : from + v.percent;
        const t = ctx.leave(v.id, { guard: { type: 'inBucket', params: { nodeId: ctx.nodeId, from, to } } });
        from = to;
        return t;
      }),
    };
  },
});
