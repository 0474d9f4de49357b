import { useState } from 'react';
import { useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';
import { Dialog } from './Dialog.tsx';

/** Asks for an API token when the runtime requires one; the role decides what the designer offers. */
export function TokenDialog() {
  const status = useSession((s) => s.status);
  const dismissed = useSession((s) => s.dismissed);
  const error = useSession((s) => s.error);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  if (status !== 'needsToken' || dismissed) return null;
  const submit = async () => {
    setBusy(true);
    const ok = await useSession.getState().signIn(token);
    setBusy(false);
    if (ok) {
      setToken('');
      // An error from before connecting (“needs a token”) no longer applies.
      if (useRuntime.getState().message?.tone === 'error') useRuntime.setState({ message: null });
      void useRuntime.getState().refresh();
    }
  };
  return (
    <Dialog title="Connect to the runtime" onClose={() => useSession.getState().dismiss()}>
      <form
        className="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p>
          The runtime needs an API token to save, publish and show live counts. The first start of the runtime
          prints an admin token; an admin can create more with{' '}
          <code>pnpm --filter @tandem/runtime tokens create --role sales --name "Inside sales"</code>.
        </p>
        <label htmlFor="api-token">API token</label>
        <input
          id="api-token"
          data-autofocus
          type="password"
          autoComplete="off"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          placeholder="tdm_…"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'api-token-error' : undefined}
        />
        {error && (
          <p id="api-token-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="token-form__actions">
          <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
            Connect
          </button>
          <button type="button" onClick={() => useSession.getState().dismiss()}>
            Work locally
          </button>
        </div>
      </form>
    </Dialog>
  );
}
