import type { Ref } from 'react';
import type { ActionNote } from './useAction.ts';

/**
 * What became of an action, said where it happened: an alert when it was refused, a status line when it went
 * through. `focusRef` makes it focusable, for a page whose button just used may be gone.
 */
export function ActionNotice({
  note,
  className,
  focusRef,
}: {
  note: ActionNote;
  className?: string;
  focusRef?: Ref<HTMLParagraphElement>;
}) {
  return (
    <p
      ref={focusRef}
      tabIndex={focusRef ? -1 : undefined}
      className={`notice notice--${note.tone}${className ? ` ${className}` : ''}`}
      role={note.tone === 'error' ? 'alert' : 'status'}
    >
      {note.text}
    </p>
  );
}
