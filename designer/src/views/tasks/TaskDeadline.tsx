import type { Task } from '../../api/work.ts';
import { dateTime } from '../leads/format.ts';

/** A task's deadline in the browser's locale; past it (and still open) in red, and said in words too. */
export function TaskDeadline({ task }: { task: Pick<Task, 'deadlineAt' | 'overdue'> }) {
  return (
    <time dateTime={task.deadlineAt} className={task.overdue ? 'overdue' : undefined}>
      {dateTime(task.deadlineAt)}
      {task.overdue && ' · overdue'}
    </time>
  );
}
