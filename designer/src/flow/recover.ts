import {
  EntryRule,
  type FlowDocument,
  FlowEdgeSchema,
  FlowNodeSchema,
  kindDef,
  parseFlow,
} from '@tandem/schema';

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A step as it was saved, with the schema's defaults where it parses and as typed where it does not (an hour
 * of 25, a label too long): the designer shows it with its issues rather than losing it. Null for something
 * that is not a step the designer knows.
 */
function looseNode(raw: unknown): FlowDocument['nodes'][number] | null {
  const parsed = FlowNodeSchema.safeParse(raw);
  if (parsed.success) return parsed.data as unknown as FlowDocument['nodes'][number];
  if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.kind !== 'string') return null;
  const def = kindDef(raw.kind);
  if (!def) return null;
  const settings = def.settings.safeParse(raw.settings ?? {});
  const position =
    isObject(raw.position) && typeof raw.position.x === 'number' && typeof raw.position.y === 'number'
      ? { position: { x: raw.position.x, y: raw.position.y } }
      : {};
  return {
    ...raw,
    id: raw.id,
    kind: raw.kind,
    label: typeof raw.label === 'string' ? raw.label : '',
    owner: isObject(raw.owner) && typeof raw.owner.team === 'string' ? raw.owner : def.defaultOwner,
    settings: settings.success ? settings.data : isObject(raw.settings) ? raw.settings : (def.defaults ?? {}),
    terminal: Array.isArray(raw.terminal) ? raw.terminal.filter((t) => typeof t === 'string') : [],
    ...position,
  } as unknown as FlowDocument['nodes'][number];
}

/**
 * The flow in `data`: parsed when it checks, else read as loosely as the canvas can show it, so one value out
 * of range does not lose the whole flow. Null when `data` is not a flow at all (no list of steps).
 */
export function recoverFlow(data: unknown): FlowDocument | null {
  const parsed = parseFlow(data);
  if (parsed.ok) return parsed.value;
  if (!isObject(data) || !Array.isArray(data.nodes)) return null;
  const entry = EntryRule.safeParse(data.entry ?? {});
  const rawEntry = data.entry;
  return {
    ...data,
    schemaVersion: 1,
    id: typeof data.id === 'string' ? data.id : 'untitled',
    name: typeof data.name === 'string' ? data.name : '',
    entry: entry.success
      ? entry.data
      : isObject(rawEntry) && isObject(rawEntry.trigger) && isObject(rawEntry.reentry)
        ? (rawEntry as FlowDocument['entry'])
        : { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
    nodes: data.nodes.map(looseNode).filter((n) => n !== null),
    edges: (Array.isArray(data.edges) ? data.edges : []).flatMap((e) => {
      const edge = FlowEdgeSchema.safeParse(e);
      return edge.success ? [edge.data] : [];
    }),
  } as FlowDocument;
}
