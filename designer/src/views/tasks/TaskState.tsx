import type { TaskDetail } from '../../api/work.ts';
import { humanize } from '../../flow/schema-form.ts';
import { dateTime } from '../leads/format.ts';
import { TaskDeadline } from './TaskDeadline.tsx';
import { statusText } from './TaskList.tsx';

/** Where the task stands: its status (and outcome), deadline, attempts, when it was created and closed. */
export function TaskState({ task }: { task: TaskDetail }) {
  const outcome = task.outcome
    ? (task.outcomes.find((o) => o.id === task.outcome)?.label ?? humanize(task.outcome))
    : null;
  const max = typeof task.details.maxAttempts === 'number' ? task.details.maxAttempts : null;
  return (
    <dl className="facts task-state">
      <div className="facts__pair">
        <dt>Status</dt>
        <dd>
          <span className={`task-status task-status--${task.status}`}>
            {task.status === 'done' && outcome ? `Done: ${outcome}` : statusText(task)}
          </span>
          {task.reason && ` · ${task.reason}`}
          {task.status === 'done' && task.assignee && <span className="muted"> · by {task.assignee}</span>}
        </dd>
      </div>
      <div className="facts__pair">
        <dt>Deadline</dt>
        <dd>
          <TaskDeadline task={task} />
        </dd>
      </div>
      {task.kind === 'call' && (
        <div className="facts__pair">
          <dt>Attempts</dt>
          <dd>
            {task.attempts}
            {max !== null && ` of ${max}`}
          </dd>
        </div>
      )}
      <div className="facts__pair">
        <dt>Created</dt>
        <dd>{dateTime(task.createdAt)}</dd>
      </div>
      {task.closedAt && (
        <div className="facts__pair">
          <dt>Closed</dt>
          <dd>{dateTime(task.closedAt)}</dd>
        </div>
      )}
    </dl>
  );
}
