export {
  type BindOptions,
  collectDelays,
  createFlowMachine,
  type EffectAction,
  effectActions,
  type FlowContext,
  splitBucket,
} from './bind.ts';
export { resolveDelay, zoneOffset } from './calendar.ts';
export * from './common.ts';
export { COMPLETED, compileFlow, compileParsedFlow } from './compile.ts';
export * from './conditions.ts';
export { describeEffect, type EffectRef } from './describe.ts';
export * from './flow.ts';
export { flowEventTypes } from './flow-events.ts';
export { buildGraph, type FlowGraph, findRegions, instantLoops, reachableFrom } from './graph.ts';
export { flowJsonSchema } from './json-schema.ts';
export type * from './machine-types.ts';
export { nodeIndex } from './node-index.ts';
export type { Category, FlowEvent, NodeKindDef, OutcomeDef, SimChoice } from './nodes/kind.ts';
export {
  type AnyNodeKind,
  defaultSettings,
  kindDef,
  type NodeKind,
  nodeKindNames,
  nodeKinds,
  type SettingsOf,
} from './nodes/registry.ts';
export { noAnswerLabel } from './nodes/sales-call.ts';
export {
  activeNodeIds,
  FlowSimulation,
  leadIdForVariants,
  type SimLogEntry,
  type SimState,
  type SimTimer,
  splitVariant,
  timerNodeId,
} from './simulate.ts';
export { checkFlow, parseFlow, type ValidateOptions, validateFlow } from './validate.ts';
export { flowWarnings, salesRejections } from './warnings.ts';
