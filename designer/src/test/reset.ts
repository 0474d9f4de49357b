import { permissionsFor } from '../flow/permissions.ts';
import { initialRuntimeState, useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';

/** Stores and the browser's storage as a first visit finds them: each test of the whole app starts here. */
export function resetApp(): void {
  localStorage.clear();
  useSession.setState({
    status: 'unknown',
    me: null,
    error: null,
    dismissed: false,
    permissions: permissionsFor(null),
  });
  useRuntime.setState(initialRuntimeState);
  useUi.setState({ panel: 'inspect', dialog: null, toast: null });
}
