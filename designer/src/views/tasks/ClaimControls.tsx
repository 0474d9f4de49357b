import { type TaskDetail, work } from '../../api/work.ts';
import { queueName } from '../leads/format.ts';
import { useInbox } from './inbox.ts';
import { type OnChanged, useAction } from './useAction.ts';

/** Claiming an open task, or handing a claimed one back to its queue so someone else can take it. */
export function ClaimControls({ task, onChanged }: { task: TaskDetail; onChanged: OnChanged }) {
  const rep = useInbox((s) => s.rep);
  const { busy, run } = useAction(onChanged);
  const mineNow = task.status === 'claimed' && task.assignee === rep;
  return (
    <div className="work-action">
      <p>
        {task.status === 'open'
          ? `Open in the ${queueName(task.queue)} queue: nobody has claimed it.`
          : mineNow
            ? `Claimed by you (${rep}).`
            : `Claimed by ${task.assignee}.`}
      </p>
      <div className="row">
        {task.status === 'open' ? (
          <button
            type="button"
            className="primary"
            disabled={busy || !rep}
            onClick={() => void run(() => work.claim(task.id, rep), `Claimed by ${rep}.`)}
          >
            Claim{rep ? ` as ${rep}` : ''}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy || !rep}
            onClick={() => void run(() => work.release(task.id, rep), 'Handed back to the queue.')}
          >
            Hand back to the queue
          </button>
        )}
        {!rep && <span className="field__help">Enter your name above first.</span>}
      </div>
    </div>
  );
}
