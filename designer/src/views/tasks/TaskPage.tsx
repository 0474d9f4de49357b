import { useEffect, useRef, useState } from 'react';
import { work } from '../../api/work.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { leadTitle, queueName } from '../leads/format.ts';
import { LoadError } from '../leads/LoadError.tsx';
import { PlaceLink } from '../leads/PlaceLink.tsx';
import { Timeline } from '../leads/Timeline.tsx';
import { useArrivalFocus } from '../leads/useArrivalFocus.ts';
import { useFlowDocs } from '../leads/useFlowDocs.ts';
import { ActionNotice } from './ActionNotice.tsx';
import { TaskActions } from './TaskActions.tsx';
import { TaskBrief } from './TaskBrief.tsx';
import { TaskLead } from './TaskLead.tsx';
import { TaskState } from './TaskState.tsx';
import type { ActionNote } from './useAction.ts';

const kindNames = { call: 'Call', meeting: 'Meeting', handoff: 'Hand-off' } as const;
const none: { flowId: string; version: number }[] = [];

/**
 * One sales task: where it stands, what the step asks, the lead, and the lead's touch history (what
 * marketing sent and how the lead responded), with the actions to work it.
 */
export function TaskPage({ id }: { id: string }) {
  const task = useLoad(id, work.task);
  const docs = useFlowDocs(
    task.status === 'ready'
      ? [...task.data.lead.enrollments, { flowId: task.data.flowId, version: task.data.version }]
      : none,
  );
  const heading = useArrivalFocus<HTMLHeadingElement>();
  // What became of the last action; a new object each time, so the same words twice are said twice.
  const [note, setNote] = useState<ActionNote | null>(null);
  const noteRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The button just used may be gone (Claim became Hand back): focus goes to what happened instead.
    if (note) noteRef.current?.focus();
  }, [note]);
  const changed = async (next: ActionNote) => {
    await task.reload();
    setNote({ ...next });
  };
  const t = task.status === 'ready' ? task.data : null;
  return (
    <article className="work-page" aria-labelledby="task-title">
      <p className="work-back">
        <PlaceLink area="tasks">← All tasks</PlaceLink>
      </p>
      <div className="work-page__head">
        <h1 id="task-title" tabIndex={-1} ref={heading}>
          {t ? t.title : 'Task'}
        </h1>
        {t && (
          <button type="button" onClick={() => void task.reload()}>
            Refresh
          </button>
        )}
      </div>
      {task.status === 'loading' && (
        <p className="muted" role="status">
          Loading the task…
        </p>
      )}
      {task.status === 'error' && <LoadError error={task.error} onRetry={() => void task.reload()} />}
      {t && (
        <>
          <p className="work-page__sub">
            {kindNames[t.kind]} · {queueName(t.queue)} queue · for{' '}
            <PlaceLink area="leads" id={t.leadId}>
              {leadTitle(t.lead)}
            </PlaceLink>
          </p>
          {note && <ActionNotice note={note} className="work-note" focusRef={noteRef} />}
          <div className="work-columns">
            <div className="work-columns__side">
              <section className="work-card" aria-labelledby="task-state">
                <h2 id="task-state">Where it stands</h2>
                <TaskState task={t} />
              </section>
              <TaskActions task={t} onChanged={changed} />
              <TaskBrief task={t} />
              <TaskLead lead={t.lead} />
            </div>
            <div className="work-columns__main">
              <Timeline
                title="What marketing sent and how the lead responded"
                entries={t.history}
                docs={docs}
              />
            </div>
          </div>
        </>
      )}
    </article>
  );
}
