import type { z } from 'zod';
import { limits } from './common.ts';
import {
  EntryRule,
  type FlowDocument,
  type FlowEdge,
  FlowEdgeSchema,
  type FlowNode,
  FlowNodeSchema,
} from './flow.ts';

/**
 * What could not be read of a malformed document. The semantic checks skip what depends on it rather
 * than report problems that are only echoes of the shape errors.
 */
export interface Unread {
  /** Steps of an unknown kind or with malformed settings: their outcomes, links and timing are unknown. */
  settings: ReadonlySet<FlowNode>;
  /** Steps whose owner is malformed. */
  owner: ReadonlySet<FlowNode>;
  /** Steps whose list of end outcomes is malformed. */
  terminal: ReadonlySet<FlowNode>;
  /** A step has no id: connections to unknown steps and reachability cannot be judged. */
  nodeMissing: boolean;
  /** A connection cannot be placed: reachability and unconnected outcomes cannot be judged. */
  edgeMissing: boolean;
}

const none: ReadonlySet<FlowNode> = new Set();

/** A well-formed document: everything was read. */
export const nothingUnread: Unread = {
  settings: none,
  owner: none,
  terminal: none,
  nodeMissing: false,
  edgeMissing: false,
};

type NodeSchema = (typeof FlowNodeSchema.options)[number];
const nodeSchemas = new Map<unknown, NodeSchema>(FlowNodeSchema.options.map((o) => [o.shape.kind.value, o]));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The sound parts of a document that failed the shape check, for the semantic checks: each step and
 * connection is read on its own. A step that does not parse is kept (by its id, kind and label) with
 * whichever of its settings, owner and end outcomes parse; a connection whose only fault is its id is
 * kept with the id '' (its issues then name no connection). Null when too little is a flow to check:
 * not an object, no list of steps, or lists past their limits.
 */
export function salvageFlow(input: unknown): { doc: FlowDocument; unread: Unread } | null {
  if (!isRecord(input) || !Array.isArray(input.nodes) || input.nodes.length > limits.nodes) return null;
  const rawEdges = input.edges === undefined ? [] : input.edges;
  if (Array.isArray(rawEdges) && rawEdges.length > limits.edges) return null;

  const settings = new Set<FlowNode>();
  const owner = new Set<FlowNode>();
  const terminal = new Set<FlowNode>();
  let nodeMissing = false;
  const nodes: FlowNode[] = [];
  for (const raw of input.nodes) {
    const parsed = FlowNodeSchema.safeParse(raw);
    if (parsed.success) {
      nodes.push(parsed.data as unknown as FlowNode);
      continue;
    }
    if (!isRecord(raw) || typeof raw.id !== 'string') {
      nodeMissing = true;
      continue;
    }
    const schema = nodeSchemas.get(raw.kind);
    const part = <T>(key: 'settings' | 'owner' | 'terminal'): z.ZodSafeParseResult<T> | undefined =>
      schema?.shape[key].safeParse(raw[key]) as z.ZodSafeParseResult<T> | undefined;
    const s = part<unknown>('settings');
    const o = part<FlowNode['owner']>('owner');
    const t = part<string[]>('terminal');
    const node = {
      id: raw.id,
      kind: typeof raw.kind === 'string' ? raw.kind : '',
      label: typeof raw.label === 'string' ? raw.label : '',
      owner: o?.success ? o.data : { team: 'marketing' },
      settings: s?.success ? s.data : undefined,
      terminal: t?.success ? t.data : [],
    } as unknown as FlowNode;
    if (!s?.success) settings.add(node);
    if (!o?.success) owner.add(node);
    if (!t?.success) terminal.add(node);
    nodes.push(node);
  }

  let edgeMissing = !Array.isArray(rawEdges);
  const edges: FlowEdge[] = [];
  for (const raw of Array.isArray(rawEdges) ? rawEdges : []) {
    const parsed = FlowEdgeSchema.safeParse(raw);
    if (parsed.success) edges.push(parsed.data);
    else if (
      isRecord(raw) &&
      typeof raw.source === 'string' &&
      typeof raw.outcome === 'string' &&
      typeof raw.target === 'string'
    )
      edges.push({ id: '', source: raw.source, outcome: raw.outcome, target: raw.target });
    else edgeMissing = true;
  }

  // The entry rule's parts that do not parse are checked as the defaults, which have nothing to check.
  const entry = input.entry === undefined ? {} : input.entry;
  const trigger = EntryRule.shape.trigger.safeParse(isRecord(entry) ? entry.trigger : null);
  const reentry = EntryRule.shape.reentry.safeParse(isRecord(entry) ? entry.reentry : null);

  const doc: FlowDocument = {
    schemaVersion: 1,
    id: typeof input.id === 'string' ? input.id : '',
    name: typeof input.name === 'string' ? input.name : '',
    entry: {
      trigger: trigger.success ? trigger.data : { type: 'manual' },
      reentry: reentry.success ? reentry.data : { policy: 'never' },
    },
    nodes,
    edges,
  };
  return {
    doc,
    unread: { settings, owner, terminal, nodeMissing, edgeMissing },
  };
}
