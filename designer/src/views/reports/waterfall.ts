import { funnelStages, type Stage, stageLabels } from '@tandem/schema';

export interface FunnelRow {
  stage: Stage;
  label: string;
  /** Leads at this stage now. */
  count: number;
  /** Leads that ever got this far or further (recycled and disqualified ones included). */
  reached: number;
  /**
   * To the next stage: of `reached`, the leads that got `further`, and their share (`rate`, null when no
   * lead got this far). Null at the last stage.
   */
  conversion: { to: string; further: number; rate: number | null } | null;
}

/**
 * The funnel from the waterfall: leads at each stage now, and the conversion from each stage to the next
 * over every lead that ever got that far, as the runtime counts them from their stage changes. A lead that
 * became an MQL and was recycled later still counts as converted from Inquiry to MQL.
 */
export function funnel(stages: Record<string, number>, reached: Record<string, number>): FunnelRow[] {
  return funnelStages.map((stage, i) => {
    const next = funnelStages[i + 1];
    const from = reached[stage] ?? 0;
    const further = next ? (reached[next] ?? 0) : 0;
    return {
      stage,
      label: stageLabels[stage],
      count: stages[stage] ?? 0,
      reached: from,
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
