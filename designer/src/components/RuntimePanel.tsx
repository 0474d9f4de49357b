import { useEffect } from 'react';
import { useEditor } from '../store/editor.ts';
import { useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** Drafts, versions and live counts on the runtime; says so plainly when the runtime is down. */
export function RuntimePanel() {
  const rt = useRuntime();
  const statsDenied = useSession((s) =>
    s.permissions.canViewStats ? null : (s.permissions.why.stats ?? null),
  );
  const meta = useEditor((s) => s.meta);
  const origin = useEditor((s) => s.origin);
  useEffect(() => {
    void useRuntime.getState().refresh();
  }, []);
  const viewing = origin.type === 'version' ? origin.version : null;
  const latest = rt.versions.at(-1)?.version ?? rt.versions[0]?.version ?? null;
  const countsVersion = viewing ?? rt.lastPublish?.version ?? latest;

  return (
    <section className="panel runtime" aria-label="Runtime">
      <p className={`status status--${rt.status}`} role="status">
        {rt.status === 'offline'
          ? 'Runtime not reachable. Editing, checking and simulating still work here; saving and publishing will be back when it is.'
          : rt.status === 'online'
            ? 'Connected to the runtime.'
            : 'Checking the runtime…'}
      </p>
      {rt.message && (
        <div
          className={`notice notice--${rt.message.tone}`}
          role={rt.message.tone === 'error' ? 'alert' : 'status'}
        >
          {rt.message.text}
          {rt.message.issues && (
            <ul>
              {rt.message.issues.map((i) => (
                <li key={`${i.code}-${i.nodeId}-${i.message}`}>{i.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>This flow: {meta.name}</h3>
      <p className="muted">
        Id <code>{meta.id}</code> ·{' '}
        {origin.type === 'version'
          ? `viewing version ${origin.version} (read-only)`
          : origin.type === 'draft'
            ? 'draft on the runtime'
            : 'not saved to the runtime yet'}
      </p>
      <div className="row">
        {origin.type === 'version' && (
          <button type="button" onClick={() => void rt.openDraft(origin.flowId)} disabled={rt.busy}>
            Back to the draft
          </button>
        )}
        <button type="button" onClick={() => void rt.refresh()} disabled={rt.busy}>
          Refresh
        </button>
      </div>
      {countsVersion !== null && statsDenied && <p className="muted">{statsDenied}</p>}
      {countsVersion !== null && !statsDenied && (
        <label className="check">
          <input
            type="checkbox"
            checked={rt.statsTarget !== null}
            onChange={(e) =>
              rt.showStats(e.target.checked ? { flowId: meta.id, version: countsVersion } : null)
            }
          />
          Show live counts for version {rt.statsTarget?.version ?? countsVersion}
          {rt.statsAt ? (
            <span className="muted"> · updated {new Date(rt.statsAt).toLocaleTimeString()}</span>
          ) : null}
        </label>
      )}
      <h3>Versions</h3>
      {rt.versions.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ul className="list">
          {[...rt.versions].reverse().map((v) => (
            <li key={v.version}>
              <span>
                <strong>v{v.version}</strong> {when(v.publishedAt)}
              </span>
              <button
                type="button"
                onClick={() => void rt.openVersion(meta.id, v.version)}
                disabled={rt.busy || viewing === v.version}
              >
                {viewing === v.version ? 'Open' : `Open v${v.version}`}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>All flows on the runtime</h3>
      {rt.flows.length === 0 ? (
        <p className="muted">{rt.status === 'online' ? 'None yet: save or publish this one.' : '—'}</p>
      ) : (
        <ul className="list">
          {rt.flows.map((f) => (
            <li key={f.id}>
              <span>
                {f.name} <span className="muted">({f.id})</span>
              </span>
              <span className="row">
                {f.hasDraft && (
                  <button
                    type="button"
                    onClick={() => void rt.openDraft(f.id)}
                    disabled={rt.busy}
                    aria-label={`Open the draft of ${f.name}`}
                  >
                    Draft
                  </button>
                )}
                {f.latestVersion !== null && (
                  <button
                    type="button"
                    onClick={() => void rt.openVersion(f.id, f.latestVersion as number)}
                    disabled={rt.busy}
                    aria-label={`Open version ${f.latestVersion} of ${f.name}`}
                  >
                    v{f.latestVersion}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
