import type { LeadFacts } from '@tandem/schema';
import type { LeadRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';

/** How many recent events a flow's "did the lead do X within Y" rules can see. */
export const factEventLimit = 500;

/** The facts a flow may test, read fresh from storage before every step. */
export async function loadLeadFacts(tx: StoreTx, lead: LeadRecord): Promise<LeadFacts> {
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
    events: await tx.recentLeadEvents(lead.id, factEventLimit),
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
