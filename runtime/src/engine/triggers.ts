import type { FlowVersionRecord, LeadRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import type { Engine } from './engine.ts';
import { flowsTriggeredByAttributes, flowsTriggeredByEvent, mayEnter } from './entry-rules.ts';
import { loadLeadFacts } from './lead-facts.ts';

/** Enrolls the lead in each flow it is eligible for; flows it may not (re-)enter are skipped quietly. */
async function enrollEligible(
  engine: Engine,
  tx: StoreTx,
  lead: LeadRecord,
  versions: FlowVersionRecord[],
  via: string,
) {
  const enrolled: string[] = [];
  for (const version of versions) {
    const history = await tx.enrollmentHistory(lead.id, version.flowId);
    if (!mayEnter(version, history, engine.clock.now()).ok) continue;
    const current = (await tx.getLead(lead.id)) ?? lead;
    await engine.enroll(tx, current, version, { via });
    enrolled.push(version.flowId);
  }
  return enrolled;
}

/** Flows whose entry rule is this lead event. */
export async function enrollOnEvent(
  engine: Engine,
  tx: StoreTx,
  lead: LeadRecord,
  event: { type: string; data: Record<string, unknown> },
): Promise<string[]> {
  const versions = flowsTriggeredByEvent(await tx.latestVersions(), event);
  return enrollEligible(engine, tx, lead, versions, `event ${event.type}`);
}

/** Flows whose entry rule matches the lead's attributes, checked whenever the lead is created or changed. */
export async function enrollOnAttributes(engine: Engine, tx: StoreTx, lead: LeadRecord): Promise<string[]> {
  const facts = await loadLeadFacts(tx, lead);
  const versions = flowsTriggeredByAttributes(await tx.latestVersions(), facts, engine.clock.now());
  return enrollEligible(engine, tx, lead, versions, 'attributes');
}
