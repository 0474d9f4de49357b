import { useEffect, useId, useRef, useState } from 'react';
import { useInbox } from './inbox.ts';

/**
 * The rep's name, typed once and kept in this browser: tasks are claimed, handed back and completed in it,
 * and "Mine" lists the tasks claimed by it.
 */
export function RepName() {
  const rep = useInbox((s) => s.rep);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(rep);
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  // Focus follows the user's own click on "Change name".
  useEffect(() => {
    if (editing) field.current?.focus();
  }, [editing]);
  if (rep && !editing) {
    return (
      <p className="rep">
        Working as <strong>{rep}</strong>{' '}
        <button
          type="button"
          className="link"
          onClick={() => {
            setDraft(rep);
            setEditing(true);
          }}
        >
          Change name
        </button>
      </p>
    );
  }
  return (
    <form
      className="rep rep--form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!draft.trim()) return;
        useInbox.getState().setRep(draft);
        setEditing(false);
      }}
    >
      <label htmlFor={`${id}-rep`}>Your name</label>
      <input
        id={`${id}-rep`}
        ref={field}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        autoComplete="name"
        maxLength={200}
        aria-describedby={`${id}-help`}
      />
      <button type="submit" disabled={!draft.trim()}>
        Save
      </button>
      {editing && (
        <button type="button" className="link" onClick={() => setEditing(false)}>
          Cancel
        </button>
      )}
      <span id={`${id}-help`} className="field__help">
        Tasks you claim and complete carry this name; kept in this browser.
      </span>
    </form>
  );
}
