import { HttpError } from '../http-error.ts';
import type { LeadRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';

export interface LeadRef {
  leadId?: string | undefined;
  externalId?: string | undefined;
  email?: string | undefined;
}

/** Finds the lead a request names by id, external id or email; 404 naming the key otherwise. */
export async function findLeadByRef(
  tx: StoreTx,
  ref: LeadRef,
  where: (string | number)[] = [],
): Promise<LeadRecord> {
  if (ref.leadId) {
    const lead = await tx.getLead(ref.leadId);
    if (lead) {
      if (ref.externalId !== undefined || ref.email !== undefined) checkSameLead(lead, ref, where);
      return lead;
    }
    throw new HttpError(404, 'unknown_lead', `No lead with id “${ref.leadId}”.`, {
      path: [...where, 'leadId'],
    });
  }
  if (!ref.externalId && !ref.email) {
    throw new HttpError(400, 'missing_lead_key', 'Name the lead with leadId, externalId or email.', {
      path: [...where, 'leadId'],
    });
  }
  const lead = await tx.findLead({ externalId: ref.externalId, email: ref.email });
  if (lead) return lead;
  const key = ref.externalId ? ['externalId', ref.externalId] : ['email', ref.email];
  throw new HttpError(404, 'unknown_lead', `No lead with ${key[0]} “${key[1]}”.`, {
    path: [...where, key[0] as string],
  });
}

/** A request that names a lead by id and also by another key must name the same lead by both. */
function checkSameLead(lead: LeadRecord, ref: LeadRef, where: (string | number)[]): void {
  const otherExternal = ref.externalId !== undefined && ref.externalId !== lead.externalId;
  const otherEmail = ref.email !== undefined && ref.email.toLowerCase() !== lead.email?.toLowerCase();
  if (!otherExternal && !otherEmail) return;
  const key = otherExternal ? 'externalId' : 'email';
  throw new HttpError(
    409,
    'lead_keys_disagree',
    `Lead “${lead.id}” has ${key} ${JSON.stringify(lead[key])}, not “${ref[key]}”: name the lead by one key, or by keys of the same lead.`,
    { path: [...where, key] },
  );
}
