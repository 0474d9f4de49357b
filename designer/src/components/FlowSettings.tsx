import { EntryRule } from '@tandem/schema';
import { useMemo } from 'react';
import { fieldHelp } from '../flow/field-help.ts';
import { fieldSpec, type ZodLike } from '../flow/schema-form.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { useValidation } from '../store/validation.ts';
import type { FieldContext } from './FieldShell.tsx';
import { SchemaField } from './SchemaField.tsx';

const entrySpec = fieldSpec(EntryRule as unknown as ZodLike);
const help = {
  ...fieldHelp,
  type: 'Manual: enrolled through the API. Event: when the lead does something. Attributes: when they match.',
  policy: 'Whether a lead who already went through may enter again.',
};

/** The flow's name, id and entry rule, shown when no step is selected. */
export function FlowSettings() {
  const meta = useEditor((s) => s.meta);
  const versionReadOnly = useEditor((s) => s.readOnly);
  // The flow's own settings are marketing's: a sales token changes its sales steps only, as the runtime checks.
  const lockedWhy = useSession((s) =>
    s.permissions.canEditFlow ? null : (s.permissions.why.edit ?? 'You cannot change this flow’s settings.'),
  );
  const readOnly = versionReadOnly || lockedWhy !== null;
  const setMeta = useEditor((s) => s.setMeta);
  const docIssues = useValidation((s) => s.issues);
  const ctx: FieldContext = useMemo(() => {
    const errors: Record<string, string[]> = {};
    for (const i of docIssues) {
      if (i.nodeId || !i.path || i.path[0] !== 'entry') continue;
      const key = i.path.slice(1).join('.');
      errors[key] = [...(errors[key] ?? []), i.message];
    }
    return { idPrefix: 'flow', errors, help, readOnly };
  }, [docIssues, readOnly]);
  const idIssue = docIssues.find((i) => i.path?.[0] === 'id');
  const nameIssue = docIssues.find((i) => i.path?.[0] === 'name');
  return (
    <section className="inspector" aria-label="Inspector">
      <h2>Flow</h2>
      <p className="muted">Select a step to edit it. Shift-click or drag a box to select several.</p>
      {!versionReadOnly && lockedWhy && <p className="notice">{lockedWhy}</p>}
      <div className={`field${nameIssue ? ' field--invalid' : ''}`}>
        <label htmlFor="flow-name">Name</label>
        <input
          id="flow-name"
          value={meta.name}
          readOnly={readOnly}
          onChange={(e) => setMeta({ name: e.target.value })}
        />
        {nameIssue && <div className="field__error">{nameIssue.message}</div>}
      </div>
      <div className={`field${idIssue ? ' field--invalid' : ''}`}>
        <label htmlFor="flow-id">Flow id</label>
        <input
          id="flow-id"
          value={meta.id}
          readOnly={readOnly}
          onChange={(e) => setMeta({ id: e.target.value })}
        />
        <div className="field__help">Saving and publishing use this id.</div>
        {idIssue && <div className="field__error">{idIssue.message}</div>}
      </div>
      <div className="field">
        <label htmlFor="flow-description">Description</label>
        <textarea
          id="flow-description"
          rows={2}
          value={meta.description ?? ''}
          readOnly={readOnly}
          onChange={(e) => setMeta({ description: e.target.value || undefined })}
        />
      </div>
      <fieldset className="group">
        <legend>Who enters</legend>
        <SchemaField
          spec={entrySpec}
          value={meta.entry}
          path=""
          label="Entry"
          helpKey=""
          ctx={ctx}
          onChange={(entry) => setMeta({ entry: entry as typeof meta.entry })}
        />
      </fieldset>
    </section>
  );
}
