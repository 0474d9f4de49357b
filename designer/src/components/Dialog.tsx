import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A modal dialog on the native <dialog> element: focus trapping and Escape come for free. Focus starts on
 * the element marked `data-autofocus` (the field to fill in, the safe button), else on the first control.
 */
export function Dialog({
  title,
  onClose,
  children,
  small = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  small?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
  }, []);
  return (
    <dialog
      ref={ref}
      className={small ? 'dialog dialog--small' : 'dialog'}
      aria-label={title}
      onClose={onClose}
      onCancel={onClose}
    >
      <header className="dialog__head">
        <h2>{title}</h2>
        <button type="button" className="link" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}
