import {
  type FlowDocument,
  type FlowEvent,
  flowEventTypes,
  kindDef,
  nodeIndex,
  reservedEventType,
} from '@tandem/schema';
import { HttpError } from '../http-error.ts';
import type { LeadRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { flagIsSet, type PendingLine, writePending } from './apply-step.ts';
import type { Engine } from './engine.ts';
import { builtInEvents, describeLeadEvent } from './event-types.ts';
import { enrollOnAttributes, enrollOnEvent } from './triggers.ts';

export interface LeadEventInput {
  type: string;
  nodeId?: string | undefined;
  flowId?: string | undefined;
  data: Record<string, unknown>;
  at: number;
}

/**
 * Checks an event's type and data before anything is stored. `where` locates the event in the
 * request (e.g. `["events", 3]`) so a batch error points at the bad entry.
 */
export async function checkLeadEvent(
  tx: StoreTx,
  event: { type: string; data: Record<string, unknown> },
  where: (string | number)[],
): Promise<Record<string, unknown>> {
  if (reservedEventType(event.type)) {
    throw new HttpError(
      400,
      'reserved_event_type',
      event.type.startsWith('task.')
        ? `“${event.type}” is reserved: complete or attempt tasks through /api/tasks/:id.`
        : `“${event.type}” is reserved for the flow engine's own events.`,
      {
        path: [...where, 'type'],
      },
    );
  }
  const builtIn = builtInEvents[event.type];
  if (!builtIn) {
    const custom = customEventTypes(await tx.latestVersions());
    if (custom.has(event.type)) return event.data;
    const known = [...new Set([...Object.keys(builtInEvents), ...custom])].join(', ');
    throw new HttpError(
      422,
      'unknown_event_type',
      `Unknown event type “${event.type}”. Known types: ${known}.`,
      {
        path: [...where, 'type'],
      },
    );
  }
  const parsed = builtIn.data.safeParse(event.data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [...where, 'data', ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))];
  throw new HttpError(
    400,
    'invalid_event_data',
    `${event.type} data: ${issue?.message ?? 'invalid'} (at ${path.join('.')}).`,
    {
      path,
    },
  );
}

/** Whether the event API takes events of `type`: a built-in type, or one a published flow uses. */
export async function knownEventType(tx: StoreTx, type: string): Promise<boolean> {
  return type in builtInEvents || customEventTypes(await tx.latestVersions()).has(type);
}

/** Event types the published flows use, per list of latest versions (the store keeps that list until a publish). */
const customTypes = new WeakMap<object, Set<string>>();
function customEventTypes(latest: { doc: FlowDocument }[]): Set<string> {
  let types = customTypes.get(latest);
  if (!types) {
    types = flowEventTypes(latest.map((v) => v.doc));
    customTypes.set(latest, types);
  }
  return types;
}

/** The machine events one lead event becomes in an enrollment: email and webinar responses go to the step that sent them. */
function machineEvents(ev: LeadEventInput, activeKinds: { id: string; kind: string }[]): FlowEvent[] {
  const base = { type: ev.type, data: ev.data };
  if (ev.nodeId) return [{ ...base, nodeId: ev.nodeId }];
  const kind = ev.type.startsWith('email.') ? 'email' : ev.type.startsWith('webinar.') ? 'webinar' : null;
  if (!kind) return [base];
  const senders = activeKinds.filter((n) => n.kind === kind);
  if (senders.length > 0) return senders.map((n) => ({ ...base, nodeId: n.id }));
  // No email (webinar) step is waiting: a "wait for event" step may be listening for this type itself (an
  // open of any email), as the simulator shows; it hears the event without a step named.
  return activeKinds.some((n) => n.kind === 'waitForEvent') ? [base] : [];
}

/** Lead events after which the lead gets no more marketing email, and the attribute that says so. */
const mailMarks: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  'email.unsubscribed': 'unsubscribed',
  'email.bounced': 'emailBounced',
});

/** Applies a checked lead event: records it, updates facts, steps every active enrollment, runs entry triggers. */
export async function applyLeadEvent(
  engine: Engine,
  tx: StoreTx,
  leadIn: LeadRecord,
  ev: LeadEventInput,
): Promise<{ delivered: number; enrolled: string[] }> {
  const now = engine.clock.now();
  let lead = leadIn;
  if (ev.type === 'attributes.changed') {
    const d = ev.data as { attributes?: LeadRecord['attributes']; bant?: LeadRecord['bant']; score?: number };
    lead = {
      ...lead,
      attributes: { ...lead.attributes, ...d.attributes },
      bant: { ...lead.bant, ...d.bant },
      score: d.score ?? lead.score,
      updatedAt: now,
    };
    await tx.saveLead(lead);
  }
  const mark = mailMarks[ev.type];
  if (mark && !flagIsSet(lead.attributes[mark])) {
    // Marketing email stops for this lead (see whyNotMailed) until the attribute is cleared. A flag already
    // set (a CRM's "yes") is left as it is.
    lead = { ...lead, attributes: { ...lead.attributes, [mark]: true }, updatedAt: now };
    await tx.saveLead(lead);
  }
  // The timeline line is the event's only record: it carries the event for "did the lead do X" rules. It
  // is written with the first step it causes (folded into that step's row when it can be), or below.
  const eventLine: PendingLine = {
    line: {
      leadId: lead.id,
      at: now,
      type: ev.type,
      text: describeLeadEvent(ev.type, ev.data),
      flowId: ev.flowId ?? null,
      version: null,
      nodeId: ev.nodeId ?? null,
      data: { ...ev.data, eventAt: ev.at },
      event: { type: ev.type, at: ev.at },
    },
  };

  let delivered = 0;
  for (const start of await tx.leadEnrollments(lead.id)) {
    if (start.status !== 'active' || (ev.flowId && start.flowId !== ev.flowId)) continue;
    const version = await tx.getVersion(start.flowId, start.version);
    // The active steps, looked up by id: a large flow is not walked step by step for every event.
    const index = version ? nodeIndex(version.doc) : null;
    const kinds: { id: string; kind: string }[] = [];
    for (const id of start.activeNodes) {
      const n = index?.get(id);
      if (n && kindDef(n.kind)) kinds.push({ id: n.id, kind: n.kind });
    }
    // Several active steps (parallel branches) hear the event in the flow's step order, as before.
    if (kinds.length > 1 && version) {
      const order = (id: string) => version.doc.nodes.findIndex((n) => n.id === id);
      kinds.sort((a, b) => order(a.id) - order(b.id));
    }
    let enrollment = start;
    for (const event of machineEvents(ev, kinds)) {
      enrollment = await engine.deliver(tx, enrollment, event, 0, undefined, eventLine);
      delivered++;
    }
  }
  await writePending(tx, eventLine);
  const current = (await tx.getLead(lead.id)) ?? lead;
  const enrolled = await enrollOnEvent(engine, tx, current, ev);
  if (ev.type === 'attributes.changed') enrolled.push(...(await enrollOnAttributes(engine, tx, current)));
  return { delivered, enrolled };
}
