import { z } from 'zod';
import { Duration, durationMs, formatDuration, Text } from '../common.ts';
import { checkDuration, requireText } from './checks.ts';
import { action, defineKind } from './kind.ts';

export const EmailSettings = z.object({
  template: Text.default(''),
  subject: Text.default(''),
  preheader: Text.optional(),
  /** How long to wait for an open or click before deciding the outcome. */
  window: Duration.default({ amount: 3, unit: 'days' }),
});
export type EmailSettings = z.infer<typeof EmailSettings>;

export const email = defineKind({
  kind: 'email',
  title: 'Email',
  description: 'Send a marketing email; continue on click, open or silence within a window.',
  category: 'marketing',
  defaultOwner: { team: 'marketing' },
  settings: EmailSettings,
  outcomes: (s) => [
    { id: 'clicked', label: 'Clicked' },
    { id: 'opened', label: `Opened within ${formatDuration(s.window)}` },
    { id: 'noEngagement', label: 'No engagement' },
  ],
  // Only a step that gives the lead time stops a loop; a zero window leaves at once.
  waits: (s) => durationMs(s.window) > 0,
  decides: { window: ['labels', 'waits'] },
  check: (s) => [
    ...requireText(s.subject, ['subject'], 'The email subject'),
    ...requireText(s.template, ['template'], 'The email template'),
    ...checkDuration(s.window, ['window'], 'The engagement window'),
  ],
  summary: (s) => (s.subject ? `“${s.subject}”` : 'No subject yet'),
  simulate: (_s, nodeId) => [
    { outcome: 'clicked', events: [{ type: 'email.clicked', nodeId }] },
    { outcome: 'opened', events: [{ type: 'email.opened', nodeId }], fireTimer: true },
    { outcome: 'noEngagement', events: [], fireTimer: true },
  ],
  compile: (ctx) => {
    const nodeId = ctx.nodeId;
    const forNode = { type: 'forNode', params: { nodeId } };
    return {
      // Cleared on entry, not exit: XState runs exit actions before a transition's own actions.
      entry: [
        action('enterNode', { nodeId }),
        action('forgetNode', { nodeId }),
        action('sendEmail', {
          nodeId,
          template: ctx.settings.template,
          subject: ctx.settings.subject,
          ...(ctx.settings.preheader ? { preheader: ctx.settings.preheader } : {}),
        }),
      ],
      on: {
        'email.clicked': ctx.leave('clicked', { guard: forNode }),
        'email.opened': { guard: forNode, actions: [action('markEngaged', { nodeId })] },
      },
      after: {
        [ctx.fixedDelay(durationMs(ctx.settings.window))]: [
          ctx.leave('opened', { guard: { type: 'engaged', params: { nodeId } } }),
          ctx.leave('noEngagement'),
        ],
      },
    };
  },
});
