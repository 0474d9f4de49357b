import type { TaskListItem } from '../../api/work.ts';
import type { Loaded } from '../../hooks/useLoad.ts';
import { TaskDeadline } from '../tasks/TaskDeadline.tsx';
import { queueName } from './format.ts';
import { LoadError } from './LoadError.tsx';
import { PlaceLink } from './PlaceLink.tsx';

/** The lead's open sales tasks, each a link to work it. */
export function LeadTasks({ tasks }: { tasks: Loaded<TaskListItem[]> }) {
  const open =
    tasks.status === 'ready' ? tasks.data.filter((t) => t.status === 'open' || t.status === 'claimed') : [];
  return (
    <section className="work-card" aria-labelledby="lead-tasks">
      <h2 id="lead-tasks">Open tasks</h2>
      {tasks.status === 'loading' && <p className="muted">Loading tasks…</p>}
      {tasks.status === 'error' && <LoadError error={tasks.error} />}
      {tasks.status === 'ready' && open.length === 0 && <p className="muted">No open sales task.</p>}
      {open.length > 0 && (
        <ul className="work-list">
          {open.map((t) => (
            <li key={t.id}>
              <PlaceLink area="tasks" id={t.id}>
                {t.title}
              </PlaceLink>
              <span className="muted">
                {queueName(t.queue)} · {t.status === 'claimed' ? `claimed by ${t.assignee}` : 'open'} · due{' '}
              </span>
              <TaskDeadline task={t} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
