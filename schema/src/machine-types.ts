/** Plain-JSON shapes of the XState v5 config the compiler emits (a subset of XState's own types). */
export type JsonParams = Record<string, unknown>;

export interface ActionRef {
  type: string;
  params?: JsonParams;
}

export interface GuardRef {
  type: string;
  params?: JsonParams;
}

export interface TransitionConfig {
  target?: string;
  /** Leave and enter the target again when it is the source itself (a step connected back to itself). */
  reenter?: boolean;
  guard?: GuardRef;
  actions?: ActionRef[];
  description?: string;
}

export type Transitions = TransitionConfig | TransitionConfig[];

export interface StateConfig {
  id?: string;
  type?: 'parallel' | 'final';
  description?: string;
  initial?: string;
  entry?: ActionRef[];
  exit?: ActionRef[];
  on?: Record<string, Transitions>;
  after?: Record<string, Transitions>;
  always?: Transitions;
  onDone?: TransitionConfig;
  states?: Record<string, StateConfig>;
  meta?: StateMeta;
}

/** Calendar-based waits cannot be a fixed number of milliseconds; the binder resolves them against the clock. */
export type DelaySpec =
  | { type: 'untilDate'; date: string }
  | { type: 'untilWeekday'; weekdays: number[]; hour: number; timezone: string };

export interface StateMeta {
  nodeId: string;
  kind: string;
  label: string;
  delays?: Record<string, DelaySpec>;
}

export interface FlowMachineContext {
  recycleCount?: number;
  engagement: Record<string, 'opened' | 'clicked'>;
  attempts: Record<string, number>;
}

export interface MachineConfig extends StateConfig {
  id: string;
  initial: string;
  context: FlowMachineContext;
  states: Record<string, StateConfig>;
}
