import type { FlowDocument } from '@tandem/schema';
import type { NodeStats } from '../../api/client.ts';
import type { LeadsByStatus } from '../../api/reports.ts';

/**
 * What a version's counts say about the whole flow. They add up: entered + moved in = now + completed +
 * exited + removed + moved out.
 */
export interface FlowFigures {
  /** Leads in the version now (one per lead, however many side-by-side tracks it is on). */
  now: number;
  /** Times a lead entered the version at its entry step (a lead that re-enters counts again; moved-in leads do not). */
  entered: number;
  /** Leads whose path in the version ended: at a goal, or at an outcome marked as the end. */
  completed: number;
  /** Leads that left at an exit step. */
  exited: number;
  /** Leads taken out by hand. */
  removed: number;
  /** Leads moved in from other versions (they count above by their status here). */
  movedIn: number;
  /** Leads moved to other versions (they count there). */
  movedOut: number;
}

export function flowFigures(
  doc: FlowDocument,
  nodes: Record<string, NodeStats>,
  leads: LeadsByStatus,
): FlowFigures {
  const entries = doc.nodes.filter((n) => n.kind === 'entry').map((n) => nodes[n.id]?.entered ?? 0);
  return {
    now: leads.active,
    entered: entries.reduce((a, b) => a + b, 0),
    completed: leads.completed,
    exited: leads.exited,
    removed: leads.removed,
    movedIn: leads.movedIn,
    movedOut: leads.movedOut,
  };
}
