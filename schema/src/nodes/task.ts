import type { Duration } from '../common.ts';
import { durationMs } from '../common.ts';
import type { StateConfig, TransitionConfig } from '../machine-types.ts';
import type { CompileContext } from './kind.ts';
import { action } from './kind.ts';

export type TaskKind = 'call' | 'meeting' | 'handoff';

/**
 * Sales steps share one shape: a task in the owner's queue with a deadline; completing it with an
 * outcome moves the lead on, a missed deadline leaves by `expired`, and leaving closes the task.
 */
export function compileTask<S>(
  ctx: CompileContext<S>,
  opts: {
    taskKind: TaskKind;
    deadline: Duration;
    completions: string[];
    details: Record<string, unknown>;
    extraOn?: Record<string, TransitionConfig | TransitionConfig[]>;
  },
): StateConfig {
  const { nodeId } = ctx;
  const deadlineMs = durationMs(opts.deadline);
  return {
    entry: [
      action('enterNode', { nodeId }),
      action('forgetNode', { nodeId }),
      action('createTask', {
        nodeId,
        taskKind: opts.taskKind,
        title: ctx.label,
        deadlineMs,
        ...opts.details,
      }),
    ],
    exit: [action('closeTask', { nodeId })],
    on: {
      'task.completed': opts.completions.map((outcome) =>
        ctx.leave(outcome, { guard: { type: 'taskOutcome', params: { nodeId, outcome } } }),
      ),
      ...opts.extraOn,
    },
    after: { [ctx.fixedDelay(deadlineMs)]: ctx.leave('expired') },
  };
}
