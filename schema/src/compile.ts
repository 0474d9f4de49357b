import type { Result } from './common.ts';
import type { FlowDocument, FlowNode } from './flow.ts';
import { buildGraph, findRegions } from './graph.ts';
import type { DelaySpec, MachineConfig, StateConfig } from './machine-types.ts';
import type { CompileContext } from './nodes/kind.ts';
import { action } from './nodes/kind.ts';
import { type ValidateOptions, validateFlow } from './validate.ts';

/** State id of the final state a lead reaches when its path ends at a terminal outcome. */
export const COMPLETED = '__completed';

const trackEnd = (region: string) => `__end:${region.replace('/', ':')}`;

/**
 * Turns a valid flow into a JSON-serialisable XState v5 machine config. State ids are node ids;
 * actions, guards and delays are named strings with params, bound by `createFlowMachine`.
 * Same document in, same bytes out.
 */
export function compileFlow(input: unknown, options: ValidateOptions = {}): Result<MachineConfig> {
  const valid = validateFlow(input, options);
  if (!valid.ok) return valid;
  return { ok: true, value: compileValid(valid.value) };
}

function compileValid(doc: FlowDocument): MachineConfig {
  const graph = buildGraph(doc);
  const entry = doc.nodes.find((n) => n.kind === 'entry') as FlowNode;
  const { regionOf, firstOf } = findRegions(graph, entry.id);

  const compileNode = (node: FlowNode): StateConfig => {
    const region = regionOf.get(node.id) ?? '';
    const delays: Record<string, DelaySpec> = {};
    const ctx: CompileContext<unknown> = {
      nodeId: node.id,
      label: node.label,
      settings: node.settings,
      leave: (outcome, extra = {}) => {
        const edge = graph.out.get(node.id)?.get(outcome)?.[0];
        const target = edge ? `#${edge.target}` : region ? `#${trackEnd(region)}` : `#${COMPLETED}`;
        return {
          target,
          ...(extra.guard ? { guard: extra.guard } : {}),
          actions: [...(extra.actions ?? []), action('recordOutcome', { nodeId: node.id, outcome })],
        };
      },
      fixedDelay: (ms) => String(Math.max(0, ms)),
      calendarDelay: (name, spec) => {
        const key = `${node.id}:${name}`;
        delays[key] = spec;
        return key;
      },
      targetOf: (id) => `#${id}`,
    };
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
        state.states[track.id] = { initial: firstOf.get(key) ?? '__end', states };
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
    context: { engagement: {}, attempts: {}, lastReason: null },
    states,
  };
}
