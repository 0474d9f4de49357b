import { useEffect, useRef } from 'react';
import type { VersionSummary } from '../api/client.ts';
import { useEditor } from '../store/editor.ts';
import { useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';
import { MoveLeads } from './MoveLeads.tsx';

const noVersions: VersionSummary[] = [];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** Drafts, versions and live counts on the runtime; says so plainly when the runtime is down. */
export function RuntimePanel() {
  const rt = useRuntime();
  const statsDenied = useSession((s) =>
    s.permissions.canViewStats ? null : (s.permissions.why.stats ?? null),
  );
  const signedOut = useSession((s) => s.status === 'needsToken');
  const flowsDenied = useSession((s) =>
    s.permissions.canReadFlows ? null : (s.permissions.why.flows ?? 'This token cannot open flows.'),
  );
  const meta = useEditor((s) => s.meta);
  const origin = useEditor((s) => s.origin);
  // The versions shown are the current flow's: asked again when another flow is loaded or the id is edited
  // (after a pause in typing).
  const flowId = meta.id;
  const openedWith = useRef(flowId);
  useEffect(() => {
    const delay = flowId === openedWith.current ? 0 : 400;
    const t = setTimeout(() => void useRuntime.getState().refresh(), delay);
    return () => clearTimeout(t);
  }, [flowId]);
  const versions = rt.versionsFor === flowId ? rt.versions : noVersions;
  const viewing = origin.type === 'version' ? origin.version : null;
  const latest = versions.at(-1)?.version ?? versions[0]?.version ?? null;
  const lastPublished = rt.lastPublish?.flowId === flowId ? rt.lastPublish.version : null;
  const countsVersion = viewing ?? lastPublished ?? latest;

  if (flowsDenied && !signedOut) {
    return (
      <section className="panel runtime" aria-label="Runtime">
        <p className="status status--unknown" role="status">
          {flowsDenied}
        </p>
      </section>
    );
  }
  return (
    <section className="panel runtime" aria-label="Runtime">
      <p className={`status status--${signedOut ? 'unknown' : rt.status}`} role="status">
        {rt.status === 'offline'
          ? 'Runtime not reachable. Editing, checking and simulating still work here; saving and publishing will be back when it is.'
          : signedOut
            ? 'Not connected: the runtime needs an API token to save, publish and show live counts. Editing, checking and simulating still work here.'
            : rt.status === 'online'
              ? 'Connected to the runtime.'
              : 'Checking the runtime…'}
      </p>
      {signedOut && rt.status !== 'offline' && (
        <div className="row">
          <button type="button" onClick={() => useSession.setState({ dismissed: false })}>
            Connect with a token…
          </button>
        </div>
      )}
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
      <MoveLeads flowId={meta.id} />
      <h3>Versions</h3>
      {versions.length === 0 ? (
        <p className="muted">Not published yet.</p>
      ) : (
        <ul className="list">
          {[...versions].reverse().map((v) => (
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
