import { type Queue, queueLabels } from '@tandem/schema';
import type { NewTimelineEntry, TaskRecord } from '../store/records.ts';

/** A task queue as people call it ("Inside sales"). */
export const queueName = (q: string): string => queueLabels[q as Queue] ?? q;

/**
 * A timeline line about a sales task, on its lead, flow version and step: "<Queue> task “<title>” <what>",
 * its data carrying the task's id.
 */
export function taskLine(
  task: TaskRecord,
  at: number,
  type: string,
  what: string,
  data: Record<string, unknown>,
): NewTimelineEntry {
  return {
    leadId: task.leadId,
    at,
    flowId: task.flowId,
    version: task.version,
    nodeId: task.nodeId,
    type,
    text: `${queueName(task.queue)} task “${task.title}” ${what}`,
    data: { taskId: task.id, ...data },
  };
}
