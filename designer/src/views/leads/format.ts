import { type Queue, queueLabels, type Stage, stageLabels } from '@tandem/schema';
import type { Lead, TaskStatus } from '../../api/work.ts';

/** A date and time in the browser's locale and time zone ("5 Jan 2026, 09:00"). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A lifecycle stage as the waterfall names it (MQL, SAL…). */
export const stageName = (stage: string): string => stageLabels[stage as Stage] ?? stage;

/** A task queue as people call it ("Inside sales"); `unassigned` is a hand-off without a queue. */
export const queueName = (queue: string): string =>
  queue === 'unassigned' ? 'Unassigned' : (queueLabels[queue as Queue] ?? queue);

export const taskStatusNames: Record<TaskStatus, string> = {
  open: 'Open',
  claimed: 'Claimed',
  done: 'Done',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** What to call a lead: its name, else its email, else its external id, else its id. */
export function leadTitle(lead: Pick<Lead, 'name' | 'email' | 'externalId' | 'id'>): string {
  return lead.name || lead.email || lead.externalId || lead.id;
}

const companyKeys = ['company', 'companyName', 'organization', 'account'];

/** The attribute that holds the lead's company, wherever the CRM put it. */
export function companyKey(lead: Pick<Lead, 'attributes'>): string | null {
  return companyKeys.find((k) => typeof lead.attributes[k] === 'string' && lead.attributes[k] !== '') ?? null;
}

/** The lead's company, or null when no attribute names it. */
export function companyOf(lead: Pick<Lead, 'attributes'>): string | null {
  const key = companyKey(lead);
  return key ? String(lead.attributes[key]) : null;
}

/** A fact (attribute or BANT) as text: yes/no for booleans, "—" for unknown. */
export function factText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString();
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
