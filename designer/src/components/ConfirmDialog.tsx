import { useConfirm } from '../store/confirm.ts';
import { Dialog } from './Dialog.tsx';

/** The in-app “are you sure?” for actions that would lose work; Escape or ✕ mean no. */
export function ConfirmDialog() {
  const request = useConfirm((s) => s.request);
  if (!request) return null;
  const answer = useConfirm.getState().answer;
  return (
    <Dialog title={request.title} onClose={() => answer(false)} small>
      <p>{request.message}</p>
      <div className="row dialog__actions">
        <button type="button" className="danger" onClick={() => answer(true)}>
          {request.confirmLabel}
        </button>
        <button type="button" data-autofocus onClick={() => answer(false)}>
          {request.cancelLabel}
        </button>
      </div>
    </Dialog>
  );
}
