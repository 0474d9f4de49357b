import type { TaskDetail } from '../../api/work.ts';
import { useSession } from '../../store/session.ts';
import { AttemptForm } from './AttemptForm.tsx';
import { ClaimControls } from './ClaimControls.tsx';
import { CompleteForm } from './CompleteForm.tsx';
import { RepName } from './RepName.tsx';
import type { OnChanged } from './useAction.ts';

/**
 * Working an open task: who the rep is, claim or hand back, log a call attempt, complete with an outcome.
 * Marketing tokens read tasks but the runtime leaves the work to sales (and admins).
 */
export function TaskActions({ task, onChanged }: { task: TaskDetail; onChanged: OnChanged }) {
  const role = useSession((s) => s.me?.role);
  if (task.status !== 'open' && task.status !== 'claimed') return null;
  return (
    <section className="work-card" aria-labelledby="task-work">
      <h2 id="task-work">Work this task</h2>
      {role === 'marketing' ? (
        <p className="muted">
          A marketing token reads tasks; claiming and completing them takes a sales token.
        </p>
      ) : (
        <>
          <RepName />
          <ClaimControls task={task} onChanged={onChanged} />
          {task.kind === 'call' && <AttemptForm task={task} onChanged={onChanged} />}
          <CompleteForm task={task} onChanged={onChanged} />
        </>
      )}
    </section>
  );
}
