import type { FactValue } from '@tandem/schema';
import { knownEventType } from './engine/lead-events.ts';
import { upsertLead } from './engine/leads.ts';
import { maxBatch } from './http/event-routes.ts';
import type { Runtime } from './runtime.ts';

/** Most sample leads one request adds. */
export const maxSampleLeads = 500;

/** What adding sample leads did. */
export interface SampleLeadsReport {
  /** The leads added, in order. */
  leads: { id: string; externalId: string; name: string }[];
  /** Lead events posted for them (form fills, pricing visits). */
  events: number;
  /** Leads that entered each flow, by flow id. */
  enrolled: Record<string, number>;
}

const firstNames = [
  'Amara',
  'Bruno',
  'Chen',
  'Dana',
  'Elif',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Keiko',
  'Luca',
  'Maya',
  'Nikolai',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
];
const lastNames = [
  'Okafor',
  'Silva',
  'Wang',
  'Kowalski',
  'Demir',
  'Haddad',
  'Lindqvist',
  'Moreau',
  'García',
  'Becker',
  'Tanaka',
  'Rossi',
  'Cohen',
  'Petrov',
  'Novak',
  'Raman',
  'Dubois',
  'Ferreira',
  'Berg',
  'Aziz',
  'Iyer',
];
/** Companies with their size and industry, on the `.example` domain reserved for examples (no real inbox). */
const companies: { name: string; domain: string; employees: number; industry: string }[] = [
  { name: 'Northwind Logistics', domain: 'northwind.example', employees: 4200, industry: 'Logistics' },
  { name: 'Brightline Foods', domain: 'brightline.example', employees: 850, industry: 'Food & beverage' },
  { name: 'Cobalt Machining', domain: 'cobalt.example', employees: 320, industry: 'Manufacturing' },
  { name: 'Helio Pharma', domain: 'helio.example', employees: 12000, industry: 'Pharmaceuticals' },
  { name: 'Kestrel Retail', domain: 'kestrel.example', employees: 2600, industry: 'Retail' },
  { name: 'Lumen Electronics', domain: 'lumen.example', employees: 1400, industry: 'Electronics' },
  { name: 'Meridian Apparel', domain: 'meridian.example', employees: 190, industry: 'Apparel' },
  { name: 'Oakridge Chemicals', domain: 'oakridge.example', employees: 5100, industry: 'Chemicals' },
];
const roles: { title: string; jobLevel: string }[] = [
  { title: 'VP Supply Chain', jobLevel: 'vp' },
  { title: 'Procurement Manager', jobLevel: 'manager' },
  { title: 'Director of Operations', jobLevel: 'director' },
  { title: 'Supply Planner', jobLevel: 'individual' },
  { title: 'Chief Operating Officer', jobLevel: 'c-level' },
  { title: 'Category Buyer', jobLevel: 'individual' },
];
const budgets = ['approved', 'planned', 'unknown'];
const authorities = ['decision-maker', 'influencer', 'user'];
const needs = ['confirmed', 'exploring'];
const timelines = ['this-quarter', 'next-quarter', 'this-year', 'unknown'];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** The n-th sample person (n from 1): the same n always gives the same person. */
function samplePerson(n: number) {
  const first = pick(firstNames, n - 1);
  const last = pick(lastNames, (n - 1) * 5 + Math.floor((n - 1) / firstNames.length));
  const company = pick(companies, (n - 1) * 3);
  const role = pick(roles, n * 7);
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  // Past the first round of names, a number keeps each email unique.
  const round = Math.floor((n - 1) / (firstNames.length * lastNames.length));
  const attributes: Record<string, FactValue> = {
    company: company.name,
    title: role.title,
    jobLevel: role.jobLevel,
    industry: company.industry,
    employees: company.employees,
    sample: true,
  };
  return {
    externalId: `sample-${n}`,
    name: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last)}${round ? round + 1 : ''}@${company.domain}`,
    attributes,
    bant: {
      budget: pick(budgets, n),
      authority: pick(authorities, n * 2),
      need: pick(needs, n),
      timeline: pick(timelines, n * 3),
    },
    score: pick([0, 10, 25, 35, 45], n * 11),
  };
}

type SampleEvent = {
  id: string;
  externalId: string;
  type: string;
  flowId?: string;
  nodeId?: string;
  data?: Record<string, string>;
};

/**
 * What the n-th sample lead does once created, as an integration would post it: most fill in a form
 * (the report, the planning guide or the needs survey), some look at pricing. Some also answer the first
 * email a flow sends them, so each playbook's engaged paths have a lead on them too: the needs survey after
 * the pre-qualification email, the report's click, the planning guide's webinar registration, and the
 * ROI calculator that ends in a demo request (a sales-qualified lead with a demo meeting to hold).
 */
function sampleEvents(n: number, externalId: string): SampleEvent[] {
  const events: SampleEvent[] = [];
  const form = (formId: string) =>
    events.push({ id: `${externalId}:${formId}`, externalId, type: 'form.submitted', data: { formId } });
  const answer = (type: string, flowId: string, nodeId: string) =>
    events.push({ id: `${externalId}:${nodeId}:${type}`, externalId, type, flowId, nodeId });
  if (n % 2 === 0) {
    form('supplier-risk-report');
    if (n % 4 === 2) answer('email.clicked', 'meeting-as-nurture-step', 'report-email');
  }
  if (n % 3 === 0) {
    form('demand-planning-guide');
    if (n % 6 === 3) {
      answer('email.clicked', 'sales-plus-marketing-nurture', 'guide-email');
      answer('webinar.registered', 'sales-plus-marketing-nurture', 'webinar');
    }
  }
  if (n % 4 === 1) {
    // The survey is the page the pre-qualification email links to.
    answer('email.clicked', 'agreed-lead-definition', 'prequal-email');
    form('needs-survey');
  }
  if (n % 5 === 2) events.push({ id: `${externalId}:pricing`, externalId, type: 'pricing.visited' });
  if (n % 5 === 3) {
    answer('email.clicked', 'no-handoff-day-one', 'welcome-email');
    answer('email.clicked', 'no-handoff-day-one', 'roi-email');
    events.push({ id: `${externalId}:demo`, externalId, type: 'demo.requested' });
  }
  return events;
}

/**
 * Adds `count` made-up leads (1 to `maxSampleLeads`, as the route checks), marked `sample: true`, to try the product with: each is created as the lead API
 * creates one (flows that enter on a new lead or on its attributes take it), then gets the form fills and
 * visits an integration would post, through the same event sink as `POST /api/events/batch` (flows that enter
 * on them take it, waiting steps move on). Every sixth lead is also put into each flow entered by hand only,
 * as marketing would from its page. Numbering goes on from the sample leads already there, so asking again
 * adds new people; a number whose email another lead already has is passed over, so no existing lead is changed.
 * Events of a type no published flow uses (e.g. pricing visits once the example flows are replaced) are not
 * posted: the event API would refuse them after the leads were added.
 */
export async function addSampleLeads(rt: Runtime, count: number): Promise<SampleLeadsReport> {
  const enrolled: Record<string, number> = {};
  const note = (flowIds: string[]) => {
    for (const id of flowIds) enrolled[id] = (enrolled[id] ?? 0) + 1;
  };
  const created = await rt.store.transaction(async (tx) => {
    let n = 1;
    while (await tx.findLead({ externalId: `sample-${n}` })) n++;
    const manual = (await tx.latestVersions()).filter((v) => v.doc.entry.trigger.type === 'manual');
    const leads: (SampleLeadsReport['leads'][number] & { n: number })[] = [];
    for (; leads.length < count; n++) {
      const person = samplePerson(n);
      if (await tx.findLead({ externalId: person.externalId, email: person.email })) continue;
      const { lead, enrolled: entered } = await upsertLead(rt.engine, tx, person);
      note(entered);
      if (n % 6 === 0) {
        for (const version of manual) {
          await rt.engine.enroll(tx, lead, version, { via: 'api' });
          note([version.flowId]);
        }
      }
      leads.push({ id: lead.id, externalId: person.externalId, name: person.name, n });
    }
    const events = leads.flatMap((lead) => sampleEvents(lead.n, lead.externalId));
    const known = new Set<string>();
    for (const type of new Set(events.map((e) => e.type)))
      if (await knownEventType(tx, type)) known.add(type);
    return { leads, events: events.filter((e) => known.has(e.type)) };
  });
  const { events } = created;
  for (let i = 0; i < events.length; i += maxBatch) {
    const results = await rt.events.batch(JSON.stringify({ events: events.slice(i, i + maxBatch) }));
    for (const r of results) note(r.enrolled);
  }
  return {
    leads: created.leads.map(({ id, externalId, name }) => ({ id, externalId, name })),
    events: events.length,
    enrolled,
  };
}
