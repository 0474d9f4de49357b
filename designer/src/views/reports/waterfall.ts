import { Stage, stageLabels } from '@tandem/schema';

/** Recycled and disqualified are side exits of the demand waterfall, not stages of its funnel. */
export const sideExits = ['recycled', 'disqualified'] as const satisfies Stage[];
/** The demand waterfall's stages, top of the funnel first (the schema lists them in that order). */
export const funnelStages: readonly Stage[] = Stage.options.filter(
  (s) => !(sideExits as readonly Stage[]).includes(s),
);

export interface FunnelRow {
  stage: Stage;
  label: string;
  /** Leads at this stage now. */
  count: number;
  /** Leads at this stage or any later one now. */
  atOrBeyond: number;
  /**
   * To the next stage: of `atOrBeyond`, the leads `further` down and their share (`rate`, null when there are no
   * leads at this stage or beyond). Null at the last stage.
   */
  conversion: { to: string; further: number; rate: number | null } | null;
}

/**
 * The funnel from the waterfall's counts of leads by stage now. The runtime keeps each lead's current stage,
 * not how far every lead once got, so the conversion from a stage to the next is read off where leads are now:
 * of the leads at the stage or further down, the share that is further down. Leads recycled or disqualified
 * are not in it (where they had got to is not counted).
 */
export function funnel(stages: Record<string, number>): FunnelRow[] {
  const counts = funnelStages.map((s) => stages[s] ?? 0);
  const beyond = counts.map((_, i) => counts.slice(i).reduce((a, b) => a + b, 0));
  return funnelStages.map((stage, i) => {
    const next = funnelStages[i + 1];
    const from = beyond[i] ?? 0;
    const further = beyond[i + 1] ?? 0;
    return {
      stage,
      label: stageLabels[stage],
      count: counts[i] ?? 0,
      atOrBeyond: from,
      conversion: next ? { to: stageLabels[next], further, rate: from === 0 ? null : further / from } : null,
    };
  });
}

export interface ReasonRow {
  reason: string;
  count: number;
  /** Of all the counted reasons together. */
  share: number;
}

/** Reasons, the most frequent first (ties by name), each with its share of the total. */
export function reasonRows(counts: Record<string, number>): { rows: ReasonRow[]; total: number } {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => ({ reason, count: n, share: total === 0 ? 0 : n / total }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { rows, total };
}
