import {
  type AnyNodeKind,
  type Category,
  kindDef,
  type NodeKind,
  nodeKindNames,
  nodeKinds,
} from '@tandem/schema';

export interface PaletteGroup {
  id: string;
  title: string;
  kinds: NodeKind[];
}

/** Palette sections: the entry step sits with the logic steps so there are four groups users recognise. */
const groupOf: Record<Category, { id: string; title: string }> = {
  marketing: { id: 'marketing', title: 'Marketing touches' },
  sales: { id: 'sales', title: 'Sales touches' },
  start: { id: 'logic', title: 'Logic' },
  logic: { id: 'logic', title: 'Logic' },
  lifecycle: { id: 'lifecycle', title: 'Lifecycle' },
};

export const paletteGroups: PaletteGroup[] = (() => {
  const groups = new Map<string, PaletteGroup>();
  for (const id of ['marketing', 'sales', 'logic', 'lifecycle']) {
    const g = Object.values(groupOf).find((x) => x.id === id);
    if (g) groups.set(id, { ...g, kinds: [] });
  }
  for (const kind of nodeKindNames) {
    groups.get(groupOf[nodeKinds[kind].category].id)?.kinds.push(kind);
  }
  return [...groups.values()];
})();

export function kindOf(kind: string): AnyNodeKind {
  const def = kindDef(kind);
  if (!def) throw new Error(`Unknown step kind “${kind}”`);
  return def;
}

export function isNodeKind(kind: string): kind is NodeKind {
  return (nodeKindNames as readonly string[]).includes(kind);
}

/** The MIME type the palette puts on drags, so drops from elsewhere are ignored. */
export const DRAG_MIME = 'application/x-tandem-kind';

/** Estimated canvas size of a step, for auto-layout before the browser has measured it. */
export function estimateSize(outcomeCount: number): { width: number; height: number } {
  return { width: 264, height: 100 + outcomeCount * 26 };
}
