import { type FactValue, type Stage, stageLabels } from '@tandem/schema';
import { HttpError } from '../http-error.ts';
import { newId } from '../ids.ts';
import type { LeadRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { flagIsSet } from './apply-step.ts';
import type { Engine } from './engine.ts';
import { enrollOnAttributes, enrollOnEvent } from './triggers.ts';

/** The event type emitted when a lead is created, for flows that enter on it. */
export const leadCreatedEvent = 'lead.created';

export interface LeadInput {
  externalId?: string | undefined;
  email?: string | undefined;
  name?: string | undefined;
  attributes?: Record<string, FactValue> | undefined;
  bant?: Partial<Record<'budget' | 'authority' | 'need' | 'timeline', FactValue>> | undefined;
  score?: number | undefined;
  owner?: string | null | undefined;
  stage?: Stage | undefined;
  stageReason?: string | undefined;
}

/** A lead as it starts: no contact fields, attributes or score yet, at the first stage of the waterfall. */
export function newLeadRecord(id: string, now: number): LeadRecord {
  return {
    id,
    externalId: null,
    email: null,
    name: null,
    attributes: {},
    bant: {},
    score: 0,
    stage: 'inquiry',
    stageReason: null,
    recycleCount: 0,
    owner: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Creates or updates a lead found by external id, else by email. Attributes and BANT are merged;
 * a stage change is recorded with its reason. Attribute-triggered flows are checked afterwards.
 */
export async function upsertLead(
  engine: Engine,
  tx: StoreTx,
  input: LeadInput,
): Promise<{ lead: LeadRecord; created: boolean; enrolled: string[] }> {
  if (!input.externalId && !input.email) {
    throw new HttpError(
      400,
      'missing_lead_key',
      'Give the lead an externalId or an email so it can be found again.',
      { path: ['externalId'] },
    );
  }
  if ((input.stage === 'recycled' || input.stage === 'disqualified') && !input.stageReason?.trim()) {
    throw new HttpError(
      400,
      'missing_reason',
      `Say why the lead is ${stageLabels[input.stage].toLowerCase()} (stageReason).`,
      {
        path: ['stageReason'],
      },
    );
  }
  const now = engine.clock.now();
  const found = await tx.findLead({ externalId: input.externalId, email: input.email });
  if (input.email && found && found.email?.toLowerCase() !== input.email.toLowerCase()) {
    const other = await tx.findLead({ email: input.email });
    if (other && other.id !== found.id) {
      throw new HttpError(409, 'email_taken', `Email ${input.email} already belongs to lead “${other.id}”.`, {
        path: ['email'],
      });
    }
  }
  if (input.externalId && found && found.externalId !== null && found.externalId !== input.externalId) {
    // Found by email: the email belongs to a lead known by another external id.
    throw new HttpError(
      409,
      'external_id_mismatch',
      `Email ${input.email} belongs to lead “${found.id}”, whose externalId is ${found.externalId}, not ${input.externalId}.`,
      { path: ['externalId'] },
    );
  }
  const before: LeadRecord = found ?? newLeadRecord(newId(), now);
  const lead: LeadRecord = {
    ...before,
    externalId: input.externalId ?? before.externalId,
    // Emails match case-insensitively; keep the stored spelling when only the case differs.
    email:
      input.email && input.email.toLowerCase() !== before.email?.toLowerCase() ? input.email : before.email,
    name: input.name ?? before.name,
    attributes: { ...before.attributes, ...input.attributes },
    bant: { ...before.bant, ...input.bant },
    score: input.score ?? before.score,
    owner: input.owner === undefined ? before.owner : input.owner,
    stage: input.stage ?? before.stage,
    stageReason:
      input.stage && input.stage !== before.stage ? (input.stageReason ?? null) : before.stageReason,
    updatedAt: now,
  };
  if (
    lead.email !== before.email &&
    flagIsSet(before.attributes.emailBounced) &&
    input.attributes?.emailBounced === undefined
  ) {
    // A new address is worth trying: the bounce was the old one's. A flag the request sends itself stands.
    const { emailBounced: _bounced, ...rest } = lead.attributes;
    lead.attributes = rest;
  }
  await tx.saveLead(lead);
  const entry = { leadId: lead.id, at: now, flowId: null, version: null, nodeId: null };
  if (!found) {
    await tx.addTimeline({
      ...entry,
      type: 'leadCreated',
      text: `Lead created: ${lead.name ?? lead.email ?? lead.externalId}`,
      data: { ...input },
      // The line is also the lead's `lead.created` event, for "did the lead do X" rules.
      event: { type: leadCreatedEvent, at: now },
    });
  } else {
    const changed: string[] = (['name', 'email', 'externalId', 'score', 'owner'] as const).filter(
      (k) => lead[k] !== before[k],
    );
    // Only the facts whose value changed: a CRM that sends the same record again adds no line.
    for (const k of Object.keys(input.attributes ?? {})) {
      if (!(k in before.attributes) || lead.attributes[k] !== before.attributes[k])
        changed.push(`attributes.${k}`);
    }
    for (const k of Object.keys(input.bant ?? {}) as (keyof LeadRecord['bant'])[]) {
      if (!(k in before.bant) || lead.bant[k] !== before.bant[k]) changed.push(`bant.${k}`);
    }
    if (changed.length) {
      await tx.addTimeline({
        ...entry,
        type: 'leadUpdated',
        text: `Lead details changed: ${changed.join(', ')}`,
        data: { ...input },
      });
    }
  }
  // A lead created at a later stage than the first gets its stage line too: the waterfall counts
  // disqualifications by the reasons on these lines.
  if (lead.stage !== before.stage) {
    const reason = lead.stageReason;
    await tx.addTimeline({
      ...entry,
      type: 'stageChanged',
      text: `Stage ${stageLabels[before.stage]} → ${stageLabels[lead.stage]}${reason ? ` (${reason})` : ''}`,
      data: { stage: lead.stage, previous: before.stage, reason, source: 'api' },
    });
  }
  const enrolled: string[] = [];
  if (!found) {
    // A new lead is an event flows can enter on ("greet every new lead on day one").
    enrolled.push(...(await enrollOnEvent(engine, tx, lead, { type: leadCreatedEvent, data: {} })));
  }
  enrolled.push(...(await enrollOnAttributes(engine, tx, (await tx.getLead(lead.id)) ?? lead)));
  return { lead: (await tx.getLead(lead.id)) ?? lead, created: !found, enrolled };
}
