import { useReactFlow } from '@xyflow/react';
import { type ChangeEvent, useRef } from 'react';
import { flowJson, readFlowJson } from '../flow/io.ts';
import { usePublishState } from '../hooks/usePublishState.ts';
import { confirmReplace } from '../store/confirm.ts';
import { currentDocument, useEditor } from '../store/editor.ts';
import { usePlace } from '../store/place.ts';
import { replaceFlow, useRuntime } from '../store/runtime.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { AreaNav } from './AreaNav.tsx';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves the draft and says how it went wherever the user is; a failure opens the Runtime tab with the details. */
async function saveDraft(): Promise<void> {
  const before = useRuntime.getState().message;
  const saved = await useRuntime.getState().save();
  const message = useRuntime.getState().message;
  if (saved && message) useUi.getState().set({ toast: message.text });
  else if (!saved && message !== before && message?.tone === 'error') {
    useUi.getState().set({ toast: `Draft not saved: ${message.text}`, panel: 'runtime' });
  }
}

/** The areas, and in the journey area the file, edit and runtime commands. */
export function Toolbar() {
  const area = usePlace((s) => s.area);
  if (area !== 'journeys') {
    return (
      <header className="toolbar">
        <div className="toolbar__brand">
          <span className="logo" aria-hidden="true" />
          <strong>Tandem</strong>
        </div>
        <AreaNav />
        <div className="toolbar__group toolbar__group--end">
          <SessionBadge />
        </div>
      </header>
    );
  }
  return <JourneyToolbar />;
}

/** File, edit and runtime commands for the flow on the canvas. */
function JourneyToolbar() {
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const readOnly = useEditor((s) => s.readOnly);
  // Only what the role may change counts: a sales token cannot delete or duplicate marketing's steps.
  const addable = useSession((s) => s.permissions.addableKinds);
  const hasSelection = useEditor(
    (s) =>
      s.nodes.some((n) => n.selected && addable.has(n.data.step.kind)) ||
      s.edges.some(
        (e) =>
          e.selected &&
          s.nodes.some((n) => (n.id === e.source || n.id === e.target) && addable.has(n.data.step.kind)),
      ),
  );
  const name = useEditor((s) => s.meta.name);
  const busy = useRuntime((s) => s.busy);
  const { canPublish, reason } = usePublishState();
  const canSave = useSession((s) => s.permissions.canSaveDraft);
  const saveDenied = useSession((s) =>
    s.permissions.canSaveDraft ? null : (s.permissions.why.save ?? null),
  );
  const { fitView } = useReactFlow();
  const fileInput = useRef<HTMLInputElement>(null);
  const e = useEditor.getState;
  const setUi = useUi.getState().set;

  const onImport = async (ev: ChangeEvent<HTMLInputElement>) => {
    const file = ev.target.files?.[0];
    ev.target.value = '';
    if (!file) return;
    const result = readFlowJson(await file.text());
    if (result.ok) {
      if (!(await confirmReplace(`Importing “${file.name}”`))) return;
      replaceFlow(result.flow, { type: 'local' });
      const n = result.issues.length;
      setUi({
        toast:
          n === 0
            ? `Imported “${result.flow.name}”.`
            : `Imported “${result.flow.name || file.name}” with ${n} issue${n === 1 ? '' : 's'} to fix: see Issues.`,
      });
    } else {
      setUi({
        toast: `Could not import ${file.name}: ${result.issues
          .slice(0, 3)
          .map((i) => i.message)
          .join('; ')}`,
      });
    }
  };

  return (
    <header className="toolbar">
      <div className="toolbar__brand">
        <span className="logo" aria-hidden="true" />
        <strong>Tandem</strong>
        <AreaNav />
        <span className="toolbar__name" title={name}>
          {name}
          {readOnly && <span className="tag">read-only</span>}
        </span>
      </div>
      <fieldset className="toolbar__group">
        <legend className="sr-only">File</legend>
        <button type="button" onClick={() => setUi({ dialog: 'examples' })}>
          New from playbook…
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Import flow JSON file"
          onChange={(ev) => void onImport(ev)}
        />
        <button type="button" onClick={() => download(`${e().meta.id}.json`, flowJson(currentDocument(e())))}>
          Export
        </button>
      </fieldset>
      <fieldset className="toolbar__group">
        <legend className="sr-only">Edit</legend>
        <button type="button" onClick={() => e().undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={() => e().redo()} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button
          type="button"
          onClick={() => e().duplicate()}
          disabled={readOnly || !hasSelection}
          title="Duplicate (Ctrl+D)"
        >
          Duplicate
        </button>
        <button
          type="button"
          onClick={() => e().removeSelected()}
          disabled={readOnly || !hasSelection}
          title="Delete (Delete)"
        >
          Delete
        </button>
        <button type="button" onClick={() => e().layout()} disabled={readOnly} title="Auto-layout (Shift+L)">
          Auto-layout
        </button>
        <button
          type="button"
          onClick={() => void fitView({ padding: 0.15, duration: 200, maxZoom: 1 })}
          title="Zoom to fit (Shift+1)"
        >
          Fit
        </button>
        <button type="button" onClick={() => setUi({ dialog: 'machine' })}>
          XState
        </button>
      </fieldset>
      <fieldset className="toolbar__group toolbar__group--end">
        <legend className="sr-only">Runtime</legend>
        <SessionBadge />
        <button
          type="button"
          onClick={() => void saveDraft()}
          disabled={readOnly || busy || !canSave}
          aria-describedby={
            saveDenied ? (saveDenied === reason ? 'publish-reason' : 'save-reason') : undefined
          }
        >
          Save draft
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setUi({ panel: 'runtime' });
            void useRuntime.getState().publish();
          }}
          disabled={!canPublish}
          aria-describedby={reason ? 'publish-reason' : undefined}
        >
          Publish
        </button>
        {reason && (
          <span id="publish-reason" className="toolbar__reason">
            {reason}
          </span>
        )}
        {saveDenied && saveDenied !== reason && (
          <span id="save-reason" className="toolbar__reason">
            {saveDenied}
          </span>
        )}
      </fieldset>
    </header>
  );
}

/** Who the designer is acting as, with a way to switch tokens. */
function SessionBadge() {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.status);
  if (status === 'signedIn' && me) {
    return (
      <span className="session">
        <span className={`session__role session__role--${me.role}`} title={`Signed in as ${me.name}`}>
          {me.name} · {me.role}
        </span>
        <button type="button" className="link" onClick={() => useSession.getState().signOut()}>
          Sign out
        </button>
      </span>
    );
  }
  if (status === 'needsToken') {
    return (
      <button type="button" onClick={() => useSession.setState({ dismissed: false })}>
        Connect…
      </button>
    );
  }
  return null;
}
