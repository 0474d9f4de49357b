import type { Result } from './common.ts';
import type { FlowDocument, FlowNode } from './flow.ts';
import type { FlowGraph, Regions } from './graph.ts';
import type {
  ActionRef,
  DelaySpec,
  GuardRef,
  MachineConfig,
  StateConfig,
  TransitionConfig,
} from './machine-types.ts';
import type { CompileContext } from './nodes/kind.ts';
import { action } from './nodes/kind.ts';
import { inspectFlow, parseFlow, type ValidateOptions, withSemanticIssues } from './validate.ts';

/** State id of the final state a lead reaches when its path ends at a terminal outcome. */
export const COMPLETED = '__completed';

const trackEnd = (region: string) => `__end:${region.replace('/', ':')}`;

/**
 * Turns a valid flow into a JSON-serialisable XState v5 machine config. State ids are node ids;
 * actions, guards and delays are named strings with params, bound by `createFlowMachine`.
 * Same document in, same bytes out.
 */
export function compileFlow(input: unknown, options: ValidateOptions = {}): Result<MachineConfig> {
  const parsed = parseFlow(input);
  // Refused, with every issue as validation lists them.
  if (!parsed.ok) return { ok: false, issues: withSemanticIssues(input, parsed.issues, options) };
  return compileParsedFlow(parsed.value, options);
}

/**
 * `compileFlow` for a document that already passed `parseFlow` (the shape check is not repeated; the
 * semantic checks are). The graph the checks build is reused by the compiler.
 */
export function compileParsedFlow(doc: FlowDocument, options: ValidateOptions = {}): Result<MachineConfig> {
  const { issues, graph, regions } = inspectFlow(doc, options);
  if (issues.length || !regions) return { ok: false, issues };
  return { ok: true, value: compileValid(doc, graph, regions) };
}

/**
 * What a node kind's compile sees. A class rather than an object of closures: compiling a 1,000-node
 * flow built five closures per node, which showed in the compile profile.
 */
class NodeContext implements CompileContext<unknown> {
  readonly nodeId: string;
  readonly label: string;
  readonly settings: unknown;
  readonly delays: Record<string, DelaySpec> = {};

  constructor(
    readonly node: FlowNode,
    readonly region: string,
    readonly graph: FlowGraph,
  ) {
    this.nodeId = node.id;
    this.label = node.label;
    this.settings = node.settings;
  }

  leave(outcome: string, extra: { guard?: GuardRef; actions?: ActionRef[] } = {}): TransitionConfig {
    const edge = this.graph.out.get(this.nodeId)?.get(outcome)?.[0];
    const target = edge ? `#${edge.target}` : this.endTarget();
    return {
      target,
      // A step connected back to itself starts over: its email is sent again, its timers and task renewed.
      ...(edge?.target === this.nodeId ? { reenter: true } : {}),
      ...(extra.guard ? { guard: extra.guard } : {}),
      actions: [...(extra.actions ?? []), action('recordOutcome', { nodeId: this.nodeId, outcome })],
    };
  }

  fixedDelay(ms: number): string {
    return String(Math.max(0, ms));
  }

  calendarDelay(name: string, spec: DelaySpec): string {
    const key = `${this.nodeId}:${name}`;
    this.delays[key] = spec;
    return key;
  }

  targetOf(id: string): string {
    return `#${id}`;
  }

  endTarget(): string {
    return this.region ? `#${trackEnd(this.region)}` : `#${COMPLETED}`;
  }
}

function compileValid(doc: FlowDocument, graph: FlowGraph, regions: Regions): MachineConfig {
  const entry = doc.nodes.find((n) => n.kind === 'entry') as FlowNode;
  const { regionOf, firstOf } = regions;

  const compileNode = (node: FlowNode): StateConfig => {
    const region = regionOf.get(node.id) ?? '';
    const ctx = new NodeContext(node, region, graph);
    const delays = ctx.delays;
    const compiled = graph.kind(node).compile(ctx);
    const state: StateConfig = {
      id: node.id,
      ...(node.label ? { description: node.label } : {}),
      ...compiled,
    };
    state.meta = {
      nodeId: node.id,
      kind: node.kind,
      label: node.label,
      ...(Object.keys(delays).length ? { delays } : {}),
    };
    if (node.kind === 'fork') {
      state.states = {};
      for (const track of node.settings.tracks) {
        const key = `${node.id}/${track.id}`;
        const states: Record<string, StateConfig> = {};
        for (const n of doc.nodes) if (regionOf.get(n.id) === key) states[n.id] = compileNode(n);
        states.__end = { id: trackEnd(key), type: 'final' };
        const first = firstOf.get(key);
        if (first !== undefined && !Object.hasOwn(states, first)) {
          // A track that goes straight to a goal or exit: the lead reaches it at once, ending every track.
          states.__start = { always: { target: `#${first}` } };
          state.states[track.id] = { initial: '__start', states };
        } else state.states[track.id] = { initial: first ?? '__end', states };
      }
      state.onDone = { target: `#${COMPLETED}` };
    }
    return state;
  };

  const states: Record<string, StateConfig> = {};
  for (const node of doc.nodes) {
    if (!regionOf.has(node.id)) states[node.id] = compileNode(node);
  }
  states[COMPLETED] = { id: COMPLETED, type: 'final', entry: [action('flowCompleted')] };

  return {
    id: doc.id,
    initial: entry.id,
    context: { engagement: {}, attempts: {} },
    states,
  };
}
