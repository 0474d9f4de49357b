import {
  compileFlow,
  type FlowDocument,
  FlowSimulation,
  leadIdForVariants,
  type SimState,
} from '@tandem/schema';
import { create } from 'zustand';

export interface TestLead {
  score: number;
  stage: 'inquiry' | 'mql' | 'sal' | 'sql' | 'opportunity' | 'customer' | 'recycled' | 'disqualified';
  attributes: Record<string, string | number | boolean>;
  /** Budget, authority, need, timeline: rules of a lead definition test them. */
  bant: Record<string, string | number | boolean>;
}

export interface SimulationStore {
  running: boolean;
  error: string | null;
  lead: TestLead;
  /**
   * When the test lead enters the flow (ms); null: when Start is pressed, as a lead entering the runtime
   * today would (webinars already over are missed, dates already past do not wait).
   */
  startAt: number | null;
  /** The variant the test lead takes at a split step (step id → variant id); unset: by the lead's id. */
  variants: Record<string, string>;
  /** When the running test lead entered. */
  startedAt: number | null;
  /** States before each step, for stepping back. */
  past: SimState[];
  state: SimState | null;
  active: ReadonlySet<string>;
  visited: ReadonlySet<string>;
  /** `${nodeId}:${outcome}` the lead left by. */
  taken: ReadonlySet<string>;
  start(doc: FlowDocument): void;
  stop(): void;
  restart(): void;
  back(): void;
  choose(nodeId: string, outcome: string): void;
  fastForward(nodeId?: string): void;
  /** The test lead does something no step names (visits a page, fills in a form). */
  leadEvent(type: string): void;
  setLead(lead: TestLead): void;
  setStartAt(at: number | null): void;
  setVariant(splitId: string, variantId: string | null): void;
}

/** The split choices that still name a split step of `doc` and one of its variants. */
export function currentVariants(doc: FlowDocument, chosen: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const node of doc.nodes) {
    const want = chosen[node.id];
    if (node.kind === 'split' && want && node.settings.variants.some((v) => v.id === want))
      kept[node.id] = want;
  }
  return kept;
}

// The simulation object is mutable (its `state` moves on); the store keeps immutable states.
let sim: FlowSimulation | null = null;

/** The running simulation, for reading choices. */
export function currentSimulation(): FlowSimulation | null {
  return sim;
}

function view(state: SimState | null) {
  if (!state || !sim)
    return { state: null, active: new Set<string>(), visited: new Set<string>(), taken: new Set<string>() };
  return {
    state,
    active: new Set(sim.activeNodes().map((n) => n.id)),
    visited: new Set(state.path),
    taken: new Set(state.outcomes),
  };
}

export const useSimulation = create<SimulationStore>((set, get) => {
  const step = (fn: (s: FlowSimulation) => void) => {
    if (!sim) return;
    const before = sim.state;
    try {
      fn(sim);
      set({ past: [...get().past, before], error: null, ...view(sim.state) });
    } catch (e) {
      sim.state = before;
      set({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return {
    running: false,
    error: null,
    lead: { score: 0, stage: 'inquiry', attributes: {}, bant: {} },
    startAt: null,
    variants: {},
    startedAt: null,
    past: [],
    ...view(null),
    start: (doc) => {
      /** No test lead runs; the panel says why. */
      const refuse = (error: string) => {
        sim = null;
        set({ running: false, past: [], ...view(null), error });
      };
      const compiled = compileFlow(doc);
      if (!compiled.ok) return refuse('Fix the issues in the flow before simulating it.');
      const { lead } = get();
      // A split sends a lead by its id: the variants chosen are a test lead id that takes them. Choices for a
      // split or variant no longer in the flow (deleted, renamed) are dropped, not searched for in vain.
      const variants = currentVariants(doc, get().variants);
      if (Object.keys(variants).length !== Object.keys(get().variants).length) set({ variants });
      const id = leadIdForVariants(doc, variants);
      if (id === null) return refuse('No lead takes those split variants together.');
      const start = get().startAt ?? Date.now();
      sim = new FlowSimulation(doc, compiled.value, {
        start,
        lead: { ...lead, id, attributes: { ...lead.attributes }, bant: { ...lead.bant } },
      });
      set({ running: true, startedAt: start, error: null, past: [], ...view(sim.state) });
    },
    stop: () => {
      sim = null;
      set({ running: false, startedAt: null, error: null, past: [], ...view(null) });
    },
    restart: () => {
      const first = get().past[0];
      if (!sim || !first) return;
      sim.state = first;
      set({ past: [], error: null, ...view(first) });
    },
    back: () => {
      const past = get().past;
      const prev = past.at(-1);
      if (!sim || !prev) return;
      sim.state = prev;
      set({ past: past.slice(0, -1), error: null, ...view(prev) });
    },
    choose: (nodeId, outcome) => step((s) => s.choose(nodeId, outcome)),
    fastForward: (nodeId) => step((s) => s.fireTimer(nodeId)),
    leadEvent: (type) => step((s) => s.leadEvent(type)),
    setLead: (lead) => set({ lead }),
    setStartAt: (startAt) => set({ startAt }),
    setVariant: (splitId, variantId) => {
      const { [splitId]: _old, ...rest } = get().variants;
      set({ variants: variantId ? { ...rest, [splitId]: variantId } : rest });
    },
  };
});
