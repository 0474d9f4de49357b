import { createFlowMachine } from '@tandem/schema';
import type { AnyStateMachine } from 'xstate';
import { HttpError } from '../http-error.ts';
import type { FlowVersionRecord } from '../store/records.ts';
import { placingConfig } from './place-at.ts';
import { markImpure, markScoreRead } from './step.ts';

/**
 * Bound machines per published version, built once: versions are immutable, so the cache never goes
 * stale. A lead sent to a step of another flow (a recycle target) starts from a variant whose initial
 * state is that step.
 */
export class MachineCache {
  readonly #machines = new Map<string, AnyStateMachine>();

  constructor(private readonly now: () => number) {}

  get(version: FlowVersionRecord, startAt?: string): AnyStateMachine {
    const key = `${version.flowId}@${version.version}${startAt ? `#${startAt}` : ''}`;
    const machine = this.#machines.get(key);
    if (machine) return machine;
    const config = version.machine;
    if (startAt && !startable(config, startAt)) {
      throw new HttpError(
        422,
        'unknown_start_step',
        `Flow “${version.flowId}” v${version.version} has no top-level step “${startAt}” to start a lead at.`,
      );
    }
    return this.#bind(key, startAt ? { ...config, initial: startAt } : config);
  }

  /** The variant of a version's machine that places a lead at `stepId` by hand (see place-at.ts). */
  placing(version: FlowVersionRecord, stepId: string): AnyStateMachine {
    const key = `${version.flowId}@${version.version}>${stepId}`;
    return this.#machines.get(key) ?? this.#bind(key, placingConfig(version.machine, stepId));
  }

  #bind(key: string, config: FlowVersionRecord['machine']): AnyStateMachine {
    const machine = createFlowMachine(config, {
      now: this.now,
      onImpure: markImpure,
      onScoreRead: markScoreRead,
    });
    this.#machines.set(key, machine);
    return machine;
  }

  get size(): number {
    return this.#machines.size;
  }
}

/** Whether a lead can be started at `startAt` of a compiled flow: its first step or a top-level one. */
export function startable(config: FlowVersionRecord['machine'], startAt: string): boolean {
  return startAt === config.initial || Object.hasOwn(config.states, startAt);
}
