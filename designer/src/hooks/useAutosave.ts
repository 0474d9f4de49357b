import {
  EntryRule,
  type FlowDocument,
  FlowEdgeSchema,
  FlowNodeSchema,
  kindDef,
  parseFlow,
} from '@tandem/schema';
import { useEffect } from 'react';
import { currentDocument, useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';

const KEY = 'tandem.designer.autosave';

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

/**
 * The flow the user was last editing in this browser, if any: back with its issues shown even when it does
 * not check. When what was kept cannot be read as a flow, says so (the caller opens something else).
 */
export function loadAutosave(): FlowDocument | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  let flow: FlowDocument | null = null;
  try {
    flow = recoverFlow(JSON.parse(raw));
  } catch {
    flow = null;
  }
  const say = (toast: string) => useUi.getState().set({ toast });
  if (!flow) {
    say('The flow kept in this browser from last time could not be read, so an example opened instead.');
    return null;
  }
  if (!parseFlow(flow).ok) say('Your flow from last time is back. It has a few things to fix: see Issues.');
  return flow;
}

/** Keeps a copy of the flow in this browser, so work survives a reload even when the runtime is down. */
export function useAutosave(delayMs = 800): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((next, prev) => {
      if (next.revision === prev.revision || next.readOnly) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          localStorage.setItem(KEY, JSON.stringify(currentDocument(useEditor.getState())));
        } catch {
          // Storage full or disabled: autosave is a convenience only.
        }
      }, delayMs);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [delayMs]);
}
