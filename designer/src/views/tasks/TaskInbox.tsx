import { type TaskListItem, taskListLimit, work } from '../../api/work.ts';
import { useEvery } from '../../hooks/useEvery.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../store/session.ts';
import { LoadError } from '../leads/LoadError.tsx';
import { useArrivalFocus } from '../leads/useArrivalFocus.ts';
import { type StatusFilter, useInbox } from './inbox.ts';
import { RepName } from './RepName.tsx';
import { TaskFilters } from './TaskFilters.tsx';
import { TaskList } from './TaskList.tsx';

/** How often an open inbox reads its tasks again. */
export const inboxRefreshMs = 30_000;

interface Wanted {
  queue: string;
  status: StatusFilter;
  assignee: string;
}

interface Listed {
  tasks: TaskListItem[];
  /** The runtime stopped at its limit: more tasks match than are listed. */
  cut: boolean;
}

/**
 * The tasks wanted, in the runtime's order. "Open or claimed" asks for every status and keeps those: the
 * runtime lists them first, so the result is theirs in the runtime's order, in one request. When the
 * runtime's answer is full and every task in it is kept, more may match than it listed.
 */
async function loadTasks(key: string): Promise<Listed> {
  const w = JSON.parse(key) as Wanted;
  const status = w.status === 'active' || w.status === 'all' ? undefined : w.status;
  const all = await work.tasks({ queue: w.queue || undefined, status, assignee: w.assignee || undefined });
  const tasks =
    w.status === 'active' ? all.filter((t) => t.status === 'open' || t.status === 'claimed') : all;
  return { tasks, cut: all.length >= taskListLimit && tasks.length === all.length };
}

function summary({ tasks, cut }: Listed, w: Wanted): string {
  if (tasks.length === 0) {
    if (w.status === 'active')
      return w.assignee ? 'Nothing claimed by you is open.' : 'No open task: the queue is clear.';
    return 'No task matches these filters.';
  }
  const overdue = tasks.filter((t) => t.overdue).length;
  const counted = `${tasks.length === 1 ? '1 task' : `${tasks.length} tasks`}${overdue ? `, ${overdue} overdue` : ''}`;
  // "500 tasks." would read as all of them: the rep would take the rest of the queue for done.
  if (cut)
    return `The first ${counted}: the runtime lists no more at once. Narrow them by queue, status or “Me” to see the others.`;
  return `${counted}.`;
}

/** The sales task inbox: filters, then the tasks, each opening its page. */
export function TaskInbox() {
  const queue = useInbox((s) => s.queue);
  const status = useInbox((s) => s.status);
  const mine = useInbox((s) => s.mine);
  const rep = useInbox((s) => s.rep);
  const role = useSession((s) => s.me?.role);
  const wanted: Wanted = { queue, status, assignee: mine && rep ? rep : '' };
  const result = useLoad(JSON.stringify(wanted), loadTasks);
  // New tasks arrive as leads move through their flows: the inbox reads the queue again on its own.
  useEvery(inboxRefreshMs, () => void result.reload());
  const heading = useArrivalFocus<HTMLHeadingElement>();
  const seenQueues = result.status === 'ready' ? result.data.tasks.map((t) => t.queue) : [];
  return (
    <section className="work-page" aria-labelledby="tasks-title">
      <div className="work-page__head">
        <h1 id="tasks-title" tabIndex={-1} ref={heading}>
          Tasks
        </h1>
        <button type="button" onClick={() => void result.reload()}>
          Refresh
        </button>
      </div>
      {/* Marketing reads the queues but does not work them: no name to work under. */}
      {role !== 'marketing' && <RepName />}
      <TaskFilters seenQueues={seenQueues} />
      <p className="muted" role="status">
        {result.status === 'loading'
          ? 'Loading tasks…'
          : result.status === 'ready'
            ? summary(result.data, wanted)
            : ''}
      </p>
      {result.status === 'error' && <LoadError error={result.error} onRetry={() => void result.reload()} />}
      {result.status === 'ready' && result.data.tasks.length > 0 && <TaskList tasks={result.data.tasks} />}
    </section>
  );
}
