import { z } from 'zod';
import { Id, list } from '../common.ts';
import { Condition, ruleProblem } from '../conditions.ts';
import { action, defineKind } from './kind.ts';

export const BranchSettings = z.object({
  /** Checked in order; the first that matches decides. Leads matching none leave by "else". */
  conditions: list(z.object({ id: Id, label: z.string().max(120), when: Condition })).default([]),
});
export type BranchSettings = z.infer<typeof BranchSettings>;

export const branch = defineKind({
  kind: 'branch',
  title: 'Branch',
  description: 'Route the lead by attributes, BANT, score, stage or past events; first match wins.',
  category: 'logic',
  defaultOwner: { team: 'marketing' },
  settings: BranchSettings,
  outcomes: (s) => [
    ...s.conditions.map((c) => ({ id: c.id, label: c.label || c.id })),
    { id: 'else', label: 'Else' },
  ],
  waits: () => false,
  decides: { conditions: ['outcomes'] },
  check: (s) => {
    const issues = [];
    const seen = new Set<string>();
    for (const [i, c] of s.conditions.entries()) {
      if (c.id === 'else' || seen.has(c.id)) {
        issues.push({
          path: ['conditions', i, 'id'],
          code: 'duplicate_outcome',
          message: `Two branches are named “${c.id}”.`,
        });
      }
      seen.add(c.id);
      if (c.when.rules.length === 0) {
        issues.push({
          path: ['conditions', i, 'when'],
          code: 'empty_condition',
          message: `Branch “${c.label || c.id}” has no rules.`,
        });
      }
      for (const [j, rule] of c.when.rules.entries()) {
        const problem = ruleProblem(rule);
        if (problem) {
          issues.push({
            path: ['conditions', i, 'when', 'rules', j],
            code: 'invalid_rule',
            message: `Branch “${c.label || c.id}”, rule ${j + 1}: ${problem}.`,
          });
        }
      }
    }
    return issues;
  },
  summary: (s) => `${s.conditions.length} condition${s.conditions.length === 1 ? '' : 's'} + else`,
  simulate: () => [],
  compile: (ctx) => ({
    entry: [action('enterNode', { nodeId: ctx.nodeId })],
    always: [
      ...ctx.settings.conditions.map((c) =>
        ctx.leave(c.id, { guard: { type: 'conditionMet', params: { condition: c.when } } }),
      ),
      ctx.leave('else'),
    ],
  }),
});
