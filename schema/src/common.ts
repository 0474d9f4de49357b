import { z } from 'zod';

/** Node, edge, outcome and track ids: they become XState state ids, so no dots or leading underscores. */
export const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'use letters, digits, "-" or "_", starting with a letter (max 64)');

/** Sane limits: past these a flow is refused with the limit named. */
export const limits = { nodes: 2000, edges: 6000, label: 120, text: 2000, listItems: 50, tracks: 8 } as const;

/** A free-text setting, at most `limits.text` characters. */
export const Text = z.string().max(limits.text, `at most ${limits.text} characters`);

/** A list inside a step (talking points, agenda, conditions…), at most `limits.listItems` items. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).max(limits.listItems, `at most ${limits.listItems} items`);
}

/**
 * A date and time with its zone (“2026-12-01T09:00:00Z”, “…+01:00”): without one, the moment would depend
 * on the server's time zone, and loose forms (“Dec 1”) are read differently by different engines.
 */
export function isZonedDateTime(text: string): boolean {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/.exec(
      text,
    );
  if (!m) return false;
  const [, y, mo, d, h, mi, sec = '0', oh = '0', om = '0'] = m;
  // A real calendar day and clock time: engines roll 30 February over into March without a word.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return (
    day.getUTCFullYear() === Number(y) &&
    day.getUTCMonth() === Number(mo) - 1 &&
    day.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(sec) < 60 &&
    Number(oh) < 24 &&
    Number(om) < 60
  );
}

export const TimeUnit = z.enum(['minutes', 'hours', 'days', 'weeks']);
export type TimeUnit = z.infer<typeof TimeUnit>;

/**
 * A length of time as a marketer writes it: "3 days". Its amount and unit are checked together by the
 * flow's checks (`checkDuration`: not negative, at most 10 years), which read only settings that parse.
 * A duration whose unit is wrong keeps its step's settings from parsing, so a negative amount is refused
 * here as well, to be reported with the unit rather than only once the unit is fixed.
 */
export const Duration = z.object({ amount: z.number(), unit: TimeUnit }).refine((d) => d.amount >= 0, {
  path: ['amount'],
  message: 'cannot be negative',
  when: ({ value }) => {
    const d = value as { amount?: unknown; unit?: unknown } | null;
    return typeof d?.amount === 'number' && !TimeUnit.safeParse(d.unit).success;
  },
});
export type Duration = z.infer<typeof Duration>;

const unitMs: Record<TimeUnit, number> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

export function durationMs(d: Duration): number {
  return Math.round(d.amount * unitMs[d.unit]);
}

export function formatDuration(d: Duration): string {
  const unit = d.amount === 1 ? d.unit.slice(0, -1) : d.unit;
  return `${d.amount} ${unit}`;
}

export const Queue = z.enum(['telequalifying', 'insideSales', 'fieldRep']);
export type Queue = z.infer<typeof Queue>;

export const queueLabels: Record<Queue, string> = {
  telequalifying: 'Telequalifying',
  insideSales: 'Inside sales',
  fieldRep: 'Field rep',
};

/** Who does the work at a step. Sales steps name the queue that works them. */
export const Owner = z.object({ team: z.enum(['marketing', 'sales']), queue: Queue.optional() });
export type Owner = z.infer<typeof Owner>;

export const Stage = z.enum([
  'inquiry',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'customer',
  'recycled',
  'disqualified',
]);
export type Stage = z.infer<typeof Stage>;

/** Recycled and disqualified are side exits of the demand waterfall, not stages of its funnel. */
export const sideExits = ['recycled', 'disqualified'] as const satisfies Stage[];
/** The demand waterfall's stages, top of the funnel first (inquiry … customer). */
export const funnelStages: readonly Stage[] = Stage.options.filter(
  (s) => !(sideExits as readonly Stage[]).includes(s),
);

export const stageLabels: Record<Stage, string> = {
  inquiry: 'Inquiry',
  mql: 'MQL',
  sal: 'SAL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  customer: 'Customer',
  recycled: 'Recycled',
  disqualified: 'Disqualified',
};

/** A problem found in a flow, located on the node or edge the user must fix. */
export interface FlowIssue {
  nodeId?: string;
  edgeId?: string;
  /** Location inside the document or the node's settings, for form fields. */
  path?: (string | number)[];
  code: string;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: FlowIssue[] };
