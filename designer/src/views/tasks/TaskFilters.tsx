import { Queue } from '@tandem/schema';
import { useSession } from '../../store/session.ts';
import { queueName, taskStatusNames } from '../leads/format.ts';
import { type StatusFilter, useInbox } from './inbox.ts';

const statuses: { id: StatusFilter; label: string }[] = [
  { id: 'active', label: 'Open or claimed' },
  ...(['open', 'claimed', 'done', 'expired', 'cancelled'] as const).map((id) => ({
    id,
    label: taskStatusNames[id],
  })),
  { id: 'all', label: 'Any status' },
];

/**
 * Which tasks the inbox lists: a queue (those the token is limited to, else every queue flows name, plus any
 * the listed tasks carry), a status, and the rep's own.
 */
export function TaskFilters({ seenQueues }: { seenQueues: readonly string[] }) {
  const queue = useInbox((s) => s.queue);
  const status = useInbox((s) => s.status);
  const mine = useInbox((s) => s.mine);
  const rep = useInbox((s) => s.rep);
  const limitedTo = useSession((s) => s.me?.queues ?? null);
  const queues = [...new Set([...(limitedTo ?? Queue.options), ...seenQueues, ...(queue ? [queue] : [])])];
  const set = useInbox.getState().setFilter;
  return (
    <form className="work-filters" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="task-queue">Queue</label>
        <select id="task-queue" value={queue} onChange={(e) => set({ queue: e.target.value })}>
          <option value="">{limitedTo ? 'All my queues' : 'Every queue'}</option>
          {queues.map((q) => (
            <option key={q} value={q}>
              {queueName(q)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="task-status">Status</label>
        <select
          id="task-status"
          value={status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
        >
          {statuses.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="task-assignee">Assigned to</label>
        <select
          id="task-assignee"
          value={mine && rep ? 'mine' : 'anyone'}
          onChange={(e) => set({ mine: e.target.value === 'mine' })}
          aria-describedby={rep ? undefined : 'task-assignee-help'}
        >
          <option value="anyone">Anyone</option>
          <option value="mine" disabled={!rep}>
            {rep ? `Me (${rep})` : 'Me'}
          </option>
        </select>
        {!rep && (
          <span id="task-assignee-help" className="field__help">
            Enter your name to list your own tasks.
          </span>
        )}
      </div>
    </form>
  );
}
