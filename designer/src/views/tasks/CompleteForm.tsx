import { useId, useRef, useState } from 'react';
import { type TaskDetail, work } from '../../api/work.ts';
import { useInbox } from './inbox.ts';
import { type OnChanged, useAction } from './useAction.ts';

/** Outcomes that must say why, as the runtime requires: the reason goes back to marketing and into reports. */
const needReason = new Set(['disqualified', 'rejected']);

/** Completing the task with one of its step's outcomes (and why, for a disqualification or rejection). */
export function CompleteForm({ task, onChanged }: { task: TaskDetail; onChanged: OnChanged }) {
  const rep = useInbox((s) => s.rep);
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const { busy, run } = useAction(onChanged);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const outcomeList = useRef<HTMLFieldSetElement>(null);
  const id = useId();
  const chosen = task.outcomes.find((o) => o.id === outcome);
  const reasonNeeded = needReason.has(outcome);
  const someoneElse = task.status === 'claimed' && task.assignee !== rep ? task.assignee : null;

  const submit = async () => {
    if (!chosen) {
      setMissing('Pick the outcome of the task.');
      outcomeList.current?.querySelector('input')?.focus();
      return;
    }
    if (reasonNeeded && !reason.trim()) {
      setMissing(`Say why the lead is ${chosen.id}: the reason goes back to marketing and into reports.`);
      reasonField.current?.focus();
      return;
    }
    setMissing(null);
    await run(
      () =>
        work.complete(task.id, {
          outcome: chosen.id,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          assignee: rep,
        }),
      `Completed: ${chosen.label}. The lead moves on in its flow.`,
    );
  };

  return (
    <form
      className="work-action"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>Complete</h3>
      {task.outcomes.length === 0 ? (
        <p className="muted">The runtime names no outcome for this task’s step.</p>
      ) : (
        <fieldset className="outcomes" ref={outcomeList}>
          <legend>Outcome</legend>
          {task.outcomes.map((o) => (
            <label key={o.id} className="check">
              <input
                type="radio"
                name={`${id}-outcome`}
                value={o.id}
                checked={outcome === o.id}
                onChange={() => {
                  setOutcome(o.id);
                  setMissing(null);
                }}
              />
              {o.label}
            </label>
          ))}
        </fieldset>
      )}
      <div className={missing && reasonNeeded ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-reason`}>Reason {reasonNeeded ? '(required)' : '(optional)'}</label>
        <textarea
          id={`${id}-reason`}
          ref={reasonField}
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-required={reasonNeeded}
          aria-invalid={missing && reasonNeeded ? true : undefined}
          aria-describedby={missing ? `${id}-missing` : undefined}
        />
      </div>
      {missing && (
        <p id={`${id}-missing`} className="field__error" role="alert">
          {missing}
        </p>
      )}
      {someoneElse && (
        <p className="field__help">
          Claimed by {someoneElse}: the runtime lets only them complete it, unless it is handed back first.
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || task.outcomes.length === 0 || !rep}>
        Complete task
      </button>
      {!rep && <span className="field__help"> Enter your name above first.</span>}
    </form>
  );
}
