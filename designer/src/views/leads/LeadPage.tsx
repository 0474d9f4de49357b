import { useState } from 'react';
import { type Enrollment, type TaskListItem, work } from '../../api/work.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useConfirm } from '../../store/confirm.ts';
import { useSession } from '../../store/session.ts';
import { ActionNotice } from '../tasks/ActionNotice.tsx';
import { type ActionNote, useAction } from '../tasks/useAction.ts';
import { leadTitle } from './format.ts';
import { LeadEnroll } from './LeadEnroll.tsx';
import { LeadFacts } from './LeadFacts.tsx';
import { LeadFlows } from './LeadFlows.tsx';
import { LeadTasks } from './LeadTasks.tsx';
import { LoadError } from './LoadError.tsx';
import { PlaceLink } from './PlaceLink.tsx';
import { Timeline } from './Timeline.tsx';
import { useArrivalFocus } from './useArrivalFocus.ts';
import { flowName, useFlowDocs } from './useFlowDocs.ts';

const noEnrollments: Enrollment[] = [];
const tasksOf = (leadId: string): Promise<TaskListItem[]> => work.tasks({ leadId });

/** One lead: its facts, the flows it is in, its open sales tasks and its whole timeline. */
export function LeadPage({ id }: { id: string }) {
  const lead = useLoad(id, work.lead);
  const timeline = useLoad(id, work.timeline);
  const tasks = useLoad(id, tasksOf);
  const docs = useFlowDocs(lead.status === 'ready' ? lead.data.enrollments : noEnrollments);
  const heading = useArrivalFocus<HTMLHeadingElement>();
  const refresh = () => {
    void lead.reload();
    void timeline.reload();
    void tasks.reload();
  };
  // Marketing and admins put leads into flows and take them out; sales reads.
  const manages = useSession((s) => s.permissions.canPublish && s.status === 'signedIn');
  const [note, setNote] = useState<ActionNote | null>(null);
  const changed = async (next: ActionNote) => {
    setNote(next);
    await Promise.all([lead.reload(), timeline.reload(), tasks.reload()]);
  };
  const { run } = useAction(changed);
  const takeOut = async (e: Enrollment) => {
    const name = flowName(docs, e.flowId, e.version);
    const go = await useConfirm.getState().ask({
      title: `Take this lead out of “${name}”?`,
      message:
        'Its waits stop and its open sales tasks are cancelled. Its timeline keeps everything that happened; the flow’s re-entry rule decides whether it may enter again.',
      confirmLabel: 'Take out',
      cancelLabel: 'Cancel',
    });
    if (!go || lead.status !== 'ready') return;
    const leadId = lead.data.id;
    await run(() => work.unenroll(e.flowId, leadId), `Taken out of “${name}”.`);
  };
  return (
    <article className="work-page" aria-labelledby="lead-title">
      <p className="work-back">
        <PlaceLink area="leads">← All leads</PlaceLink>
      </p>
      <div className="work-page__head">
        <h1 id="lead-title" tabIndex={-1} ref={heading}>
          {lead.status === 'ready' ? leadTitle(lead.data) : 'Lead'}
        </h1>
        {lead.status === 'ready' && (
          <button type="button" onClick={refresh}>
            Refresh
          </button>
        )}
      </div>
      {lead.status === 'loading' && (
        <p className="muted" role="status">
          Loading the lead…
        </p>
      )}
      {lead.status === 'error' && <LoadError error={lead.error} onRetry={refresh} />}
      {lead.status === 'ready' && (
        <div className="work-columns">
          <div className="work-columns__side">
            <LeadFacts lead={lead.data} />
            <LeadTasks tasks={tasks} />
          </div>
          <div className="work-columns__main">
            {note && <ActionNotice note={note} />}
            <LeadFlows
              enrollments={lead.data.enrollments}
              docs={docs}
              onTakeOut={manages ? (e) => void takeOut(e) : undefined}
            >
              {manages && <LeadEnroll lead={lead.data} onChanged={changed} />}
            </LeadFlows>
            {timeline.status === 'loading' && (
              <p className="muted" role="status">
                Loading the timeline…
              </p>
            )}
            {timeline.status === 'error' && <LoadError error={timeline.error} onRetry={refresh} />}
            {timeline.status === 'ready' && <Timeline title="Timeline" entries={timeline.data} docs={docs} />}
          </div>
        </div>
      )}
    </article>
  );
}
