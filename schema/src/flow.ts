import { z } from 'zod';
import { Duration, Id, limits, Owner } from './common.ts';
import { Condition, EventFilter } from './conditions.ts';
import {
  type AnyNodeKind,
  type NodeKind,
  nodeKindNames,
  nodeKinds,
  type SettingsOf,
} from './nodes/registry.ts';

export const EntryTrigger = z.discriminatedUnion('type', [
  /** Enrolled through the API or by hand. */
  z.object({ type: z.literal('manual') }),
  /** Enrolled when the lead does something, e.g. "form.submitted" with `{ formId: "demo-request" }`. */
  z.object({ type: z.literal('event'), eventType: z.string().min(1), filter: EventFilter.optional() }),
  /** Enrolled when the lead's attributes match, checked whenever the lead is created or updated. */
  z.object({ type: z.literal('attributes'), condition: Condition }),
]);
export type EntryTrigger = z.infer<typeof EntryTrigger>;

export const ReentryPolicy = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('never') }),
  z.object({ policy: z.literal('afterCooldown'), cooldown: Duration }),
  z.object({ policy: z.literal('always') }),
]);
export type ReentryPolicy = z.infer<typeof ReentryPolicy>;

export const EntryRule = z.object({
  trigger: EntryTrigger.default({ type: 'manual' }),
  reentry: ReentryPolicy.default({ policy: 'never' }),
});
export type EntryRule = z.infer<typeof EntryRule>;

export const Position = z.object({ x: z.number(), y: z.number() });

const nodeBase = {
  id: Id,
  label: z.string().max(limits.label, `labels are at most ${limits.label} characters`).default(''),
  /** Outcomes where the lead's path deliberately ends (the flow, or the track, is complete). */
  terminal: z.array(z.string()).default([]),
  position: Position.optional(),
  notes: z.string().max(limits.text).optional(),
};

const nodeSchemas = nodeKindNames.map((kind) => {
  const def = nodeKinds[kind] as AnyNodeKind;
  const settings =
    'defaults' in def && def.defaults
      ? def.settings.default(def.defaults as never)
      : def.settings.prefault({});
  return z.object({ ...nodeBase, kind: z.literal(kind), owner: Owner.default(def.defaultOwner), settings });
});

export const FlowNodeSchema = z.discriminatedUnion(
  'kind',
  nodeSchemas as unknown as [(typeof nodeSchemas)[0]],
);

export const FlowEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string(),
  /** The source node's outcome this edge leaves from. */
  outcome: z.string(),
  target: z.string(),
});

export const FlowDocumentSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  id: Id,
  name: z.string().min(1, 'a flow needs a name').max(limits.label),
  description: z.string().max(limits.text).optional(),
  entry: EntryRule.prefault({}),
  nodes: z.array(FlowNodeSchema).max(limits.nodes, `a flow has at most ${limits.nodes} nodes`),
  edges: z.array(FlowEdgeSchema).max(limits.edges, `a flow has at most ${limits.edges} edges`).default([]),
});

export interface NodeOf<K extends NodeKind> {
  id: string;
  kind: K;
  label: string;
  owner: Owner;
  settings: SettingsOf<K>;
  terminal: string[];
  position?: { x: number; y: number } | undefined;
  notes?: string | undefined;
}

export type FlowNode = { [K in NodeKind]: NodeOf<K> }[NodeKind];
export type FlowEdge = z.infer<typeof FlowEdgeSchema>;

export interface FlowDocument {
  schemaVersion: 1;
  id: string;
  name: string;
  description?: string | undefined;
  entry: EntryRule;
  nodes: FlowNode[];
  edges: FlowEdge[];
}
