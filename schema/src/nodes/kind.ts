import type { z } from 'zod';
import type { Owner } from '../common.ts';
import type { ActionRef, DelaySpec, GuardRef, StateConfig, TransitionConfig } from '../machine-types.ts';

export type Category = 'start' | 'marketing' | 'sales' | 'logic' | 'lifecycle';

export interface OutcomeDef {
  id: string;
  label: string;
}

/**
 * What a step's settings decide beyond their own checks: which outcomes it has, only how they are worded,
 * where it sends leads without a connection, whether it waits.
 */
export type SettingUse = 'outcomes' | 'labels' | 'links' | 'waits';

/** A setting's name, of any form of a kind's settings (a wait's by duration or by date). */
type SettingName<S> = S extends unknown ? keyof S & string : never;

export interface KindIssue {
  path?: (string | number)[];
  code: string;
  message: string;
}

/** An event the machine understands, as the runtime or the simulator sends it. */
export interface FlowEvent {
  type: string;
  nodeId?: string;
  outcome?: string;
  reason?: string;
  data?: Record<string, unknown>;
}

/** How to make a step end with one outcome: send these events, then (optionally) let its timer fire. */
export interface SimChoice {
  outcome: string;
  events: FlowEvent[];
  fireTimer?: boolean;
  /**
   * The earliest moment (ISO) the events can come, when that is later than now: attendance is reported
   * once the webinar is over. The simulator's clock moves there first, other steps' timers falling due.
   */
  notBefore?: string;
}

export interface CompileContext<S> {
  nodeId: string;
  label: string;
  settings: S;
  /** A transition that leaves the node by `outcome`: records it and targets the connected node. */
  leave(outcome: string, extra?: { guard?: GuardRef; actions?: ActionRef[] }): TransitionConfig;
  /** `after` key for a fixed length of time. */
  fixedDelay(ms: number): string;
  /** `after` key for a calendar-based delay resolved against the clock at run time. */
  calendarDelay(name: string, spec: DelaySpec): string;
  /** State target for another node of this flow. */
  targetOf(nodeId: string): string;
  /** Where the lead's path ends at this node: the end of its track, or of the flow. */
  endTarget(): string;
}

export interface NodeKindDef<K extends string, S> {
  kind: K;
  title: string;
  description: string;
  category: Category;
  defaultOwner: Owner;
  settings: z.ZodType<S, unknown>;
  /** Settings of a newly added node, when parsing `{}` is not enough. */
  defaults?: S;
  outcomes(settings: S): OutcomeDef[];
  /** True when a lead stays on this step until an event or a timer: a loop must pass through one. */
  waits(settings: S): boolean;
  /**
   * Semantic checks beyond the settings' shape; an issue's path starts with the setting it is about. A step
   * some of whose settings do not parse is checked with its kind's defaults in their place, and only the
   * issues about its other settings are kept.
   */
  check?(settings: S): KindIssue[];
  /**
   * The settings `outcomes`, `links` and `waits` read, and what each decides. While one does not parse,
   * what it decides is unknown and the checks needing it are skipped; the step's other connection checks
   * still run. The registry's tests hold this to what the functions read.
   */
  decides?: { readonly [K in SettingName<S>]?: readonly SettingUse[] };
  /** Nodes this step sends leads to without an edge (a recycle target). */
  links?(settings: S): { nodeId: string; flowId?: string | undefined }[];
  /** The lead leaves the flow here (goal, exit). */
  final?: boolean;
  /** One line of key settings for the canvas. */
  summary(settings: S): string;
  simulate(settings: S, nodeId: string): SimChoice[];
  compile(ctx: CompileContext<S>): StateConfig;
}

export function defineKind<K extends string, S>(def: NodeKindDef<K, S>): NodeKindDef<K, S> {
  return def;
}

export function action(type: string, params?: Record<string, unknown>): ActionRef {
  return params ? { type, params } : { type };
}
