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
import type { SettingUse } from './nodes/kind.ts';
import { defaultSettings, kindDef, type NodeKind } from './nodes/registry.ts';

/**
 * What could not be read of a malformed document. The semantic checks skip what depends on it rather
 * than report problems that are only echoes of the shape errors.
 */
export interface Unread {
  /** Steps of an unknown kind or whose settings could not be read at all: their settings are unchecked. */
  settings: ReadonlySet<FlowNode>;
  /**
   * Steps some of whose settings do not parse, by those settings' names. Their kind's defaults stand in
   * for them, so that the checks of the step's other settings still run.
   */
  malformed: ReadonlyMap<FlowNode, ReadonlySet<string>>;
  /** What the settings that could not be read decided of each step (see `NodeKindDef.decides`). */
  unknown: ReadonlyMap<FlowNode, ReadonlySet<SettingUse>>;
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
  malformed: new Map(),
  unknown: new Map(),
  owner: none,
  terminal: none,
  nodeMissing: false,
  edgeMissing: false,
};

const everyUse: ReadonlySet<SettingUse> = new Set(['outcomes', 'labels', 'links', 'waits']);

type NodeSchema = (typeof FlowNodeSchema.options)[number];
const nodeSchemas = new Map<unknown, NodeSchema>(FlowNodeSchema.options.map((o) => [o.shape.kind.value, o]));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The sound parts of a document that failed the shape check, for the semantic checks: each step and
 * connection is read on its own. A step that does not parse is kept (by its id, kind and label) with
 * whichever of its owner, end outcomes and settings (one by one) parse; a connection whose only fault is
 * its id is kept with the id '' (its issues then name no connection). Null when too little is a flow to
 * check: not an object, no list of steps, or lists past their limits.
 */
export function salvageFlow(input: unknown): { doc: FlowDocument; unread: Unread } | null {
  if (!isRecord(input) || !Array.isArray(input.nodes) || input.nodes.length > limits.nodes) return null;
  const rawEdges = input.edges === undefined ? [] : input.edges;
  if (Array.isArray(rawEdges) && rawEdges.length > limits.edges) return null;

  const settings = new Set<FlowNode>();
  const malformed = new Map<FlowNode, ReadonlySet<string>>();
  const unknown = new Map<FlowNode, ReadonlySet<SettingUse>>();
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
    const partly =
      schema && s?.error ? readSettings(raw.kind as NodeKind, schema, raw.settings, s.error) : null;
    const o = part<FlowNode['owner']>('owner');
    const t = part<string[]>('terminal');
    const node = {
      id: raw.id,
      kind: typeof raw.kind === 'string' ? raw.kind : '',
      label: typeof raw.label === 'string' ? raw.label : '',
      owner: o?.success ? o.data : { team: 'marketing' },
      settings: s?.success ? s.data : partly?.settings,
      terminal: t?.success ? t.data : [],
    } as unknown as FlowNode;
    if (partly) {
      malformed.set(node, partly.malformed);
      unknown.set(node, decidedBy(raw.kind as NodeKind, partly.malformed));
    } else if (!s?.success) {
      settings.add(node);
      unknown.set(node, everyUse);
    }
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
    unread: { settings, malformed, unknown, owner, terminal, nodeMissing, edgeMissing },
  };
}

/**
 * Settings that do not parse, read setting by setting: the names of the malformed ones, and the settings
 * with the kind's defaults in their place. Null when that leaves nothing to read: not a group of settings,
 * of a form there is not (a wait's mode, which decides what its other settings are), or a malformed
 * setting no default can stand in for.
 */
function readSettings(
  kind: NodeKind,
  schema: NodeSchema,
  raw: unknown,
  error: z.ZodError,
): { settings: unknown; malformed: ReadonlySet<string> } | null {
  if (!isRecord(raw)) return null;
  const malformed = new Set<string>();
  for (const issue of error.issues) {
    const [name] = issue.path;
    if (typeof name !== 'string') return null;
    if (issue.code === 'invalid_union' && issue.path.length === 1 && issue.discriminator === name)
      return null;
    malformed.add(name);
  }
  const sound = Object.fromEntries(Object.entries(raw).filter(([name]) => !malformed.has(name)));
  const standIn = schema.shape.settings.safeParse({ ...(defaultSettings(kind) as object), ...sound });
  return standIn.success ? { settings: standIn.data, malformed } : null;
}

/** What malformed settings leave unknown of a step: an outcome unknown is a label unknown. */
function decidedBy(kind: NodeKind, malformed: ReadonlySet<string>): ReadonlySet<SettingUse> {
  const decides: Record<string, readonly SettingUse[] | undefined> = kindDef(kind)?.decides ?? {};
  const uses = new Set<SettingUse>();
  for (const name of malformed) for (const use of decides[name] ?? []) uses.add(use);
  if (uses.has('outcomes')) uses.add('labels');
  return uses;
}
