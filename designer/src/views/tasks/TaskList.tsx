import type { TaskListItem } from '../../api/work.ts';
import { humanize } from '../../flow/schema-form.ts';
import { leadTitle, queueName, taskStatusNames } from '../leads/format.ts';
import { PlaceLink } from '../leads/PlaceLink.tsx';
import { TaskDeadline } from './TaskDeadline.tsx';

/** "Claimed by Jo", "Done: Not now": a task's status as a rep reads it. */
export function statusText(t: Pick<TaskListItem, 'status' | 'assignee' | 'outcome'>): string {
  if (t.status === 'claimed') return `Claimed by ${t.assignee}`;
  if (t.status === 'done' && t.outcome) return `Done: ${humanize(t.outcome)}`;
  return taskStatusNames[t.status];
}

/** The inbox's tasks in the runtime's order: open and claimed first, each by deadline. */
export function TaskList({ tasks }: { tasks: TaskListItem[] }) {
  return (
    <table className="work-table">
      <caption className="sr-only">Tasks, open first, earliest deadline first</caption>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Lead</th>
          <th scope="col">Queue</th>
          <th scope="col">Deadline</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} className={t.overdue ? 'row--overdue' : undefined}>
            <th scope="row">
              <PlaceLink area="tasks" id={t.id}>
                {t.title}
              </PlaceLink>
            </th>
            <td>
              <PlaceLink area="leads" id={t.leadId}>
                {leadTitle({
                  name: t.leadName,
                  email: t.leadEmail,
                  externalId: t.leadExternalId,
                  id: t.leadId,
                })}
              </PlaceLink>
            </td>
            <td>{queueName(t.queue)}</td>
            <td>
              <TaskDeadline task={t} />
            </td>
            <td>
              <span className={`task-status task-status--${t.status}`}>{statusText(t)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
