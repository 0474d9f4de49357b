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
    if (lead) return lead;
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
