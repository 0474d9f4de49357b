import { useId, useState } from 'react';
import { type TaskDetail, work } from '../../api/work.ts';
import { type OnChanged, useAction } from './useAction.ts';

/** Logging a call attempt without an answer, with an optional note that goes on the timeline. */
export function AttemptForm({ task, onChanged }: { task: TaskDetail; onChanged: OnChanged }) {
  const [note, setNote] = useState('');
  const { busy, run } = useAction(onChanged);
  const id = useId();
  const max = typeof task.details.maxAttempts === 'number' ? task.details.maxAttempts : null;
  return (
    <form
      className="work-action"
      aria-labelledby={`${id}-title`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run(() => work.attempt(task.id, note), `Call attempt ${task.attempts + 1} logged.`))
          setNote('');
      }}
    >
      <h3 id={`${id}-title`}>No answer?</h3>
      <p className="muted">
        {task.attempts === 0 ? 'No attempt logged yet.' : `${task.attempts} logged so far.`}
        {max !== null &&
          ` The call ends as “no answer” once ${max} ${max === 1 ? 'attempt is' : 'attempts are'} logged.`}
      </p>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note (optional)</label>
        <input
          id={`${id}-note`}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
          placeholder="Left a voicemail, wrong number…"
        />
      </div>
      <button type="submit" disabled={busy}>
        Log a call attempt
      </button>
    </form>
  );
}
