import type { FlowDocument, LeadFacts } from '@tandem/schema';
import type { LeadRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';

/** How many recent events a flow's "did the lead do X within Y" rules can see. */
export const factEventLimit = 500;

const eventRules = new WeakMap<FlowDocument, boolean>();

/** Whether any rule of the flow asks "did the lead do X (within Y)": only then are the lead's events read. */
export function usesEventFacts(doc: FlowDocument): boolean {
  let uses = eventRules.get(doc);
  if (uses === undefined) {
    uses = JSON.stringify(doc).includes('"fact":"event"');
    eventRules.set(doc, uses);
  }
  return uses;
}

/**
 * The facts a flow may test, read fresh from storage before every step. Given the flow's document,
 * the lead's recent events are read only when one of its rules tests them.
 */
export async function loadLeadFacts(tx: StoreTx, lead: LeadRecord, doc?: FlowDocument): Promise<LeadFacts> {
  return {
    id: lead.id,
    // Contact fields are attributes too, so rules such as "email exists" work without copying them.
    attributes: {
      email: lead.email,
      name: lead.name,
      externalId: lead.externalId,
      owner: lead.owner,
      ...lead.attributes,
    },
    bant: lead.bant,
    score: lead.score,
    stage: lead.stage,
    stageReason: lead.stageReason,
    recycleCount: lead.recycleCount,
    events: doc && !usesEventFacts(doc) ? [] : await tx.recentLeadEvents(lead.id, factEventLimit),
  };
}

/** Copies what a step may change (score, stage, recycles) back onto the lead; null when nothing changed. */
export function mergeLeadFacts(lead: LeadRecord, facts: LeadFacts, now: number): LeadRecord | null {
  const stageReason = facts.stageReason ?? null;
  if (
    lead.score === facts.score &&
    lead.stage === facts.stage &&
    lead.stageReason === stageReason &&
    lead.recycleCount === facts.recycleCount
  ) {
    return null;
  }
  return {
    ...lead,
    score: facts.score,
    stage: facts.stage,
    stageReason,
    recycleCount: facts.recycleCount,
    updatedAt: now,
  };
}
