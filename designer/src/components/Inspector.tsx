import { type FlowIssue, type Queue, queueLabels } from '@tandem/schema';
import { useMemo } from 'react';
import type { Edit } from '../flow/edits.ts';
import { fieldHelp } from '../flow/field-help.ts';
import type { StepNode } from '../flow/graph.ts';
import { kindOf } from '../flow/kinds.ts';
import { fieldSpec, type ZodLike } from '../flow/schema-form.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { fieldErrorText, settingsPath, useValidation } from '../store/validation.ts';
import type { FieldContext } from './FieldShell.tsx';
import { FlowSettings } from './FlowSettings.tsx';
import { KindIcon } from './Icon.tsx';
import { OutcomeTargets } from './OutcomeTargets.tsx';
import { SchemaField } from './SchemaField.tsx';

const noIssues: FlowIssue[] = [];
type StepPatch = Extract<Edit, { type: 'updateStep' }>['patch'];

/** Edits the selected step; with nothing selected, the flow's own settings. */
export function Inspector() {
  const selected = useEditor((s) => {
    let found: StepNode | undefined;
    let count = 0;
    for (const n of s.nodes) {
      if (n.selected) {
        count++;
        found = n;
      }
    }
    return count === 1 ? (found as StepNode) : count;
  });
  if (typeof selected === 'number') {
    return selected === 0 ? <FlowSettings /> : <MultiSelection count={selected} />;
  }
  return <StepInspector key={selected.id} node={selected} />;
}

function MultiSelection({ count }: { count: number }) {
  const { duplicate, removeSelected } = useEditor.getState();
  const addable = useSession((s) => s.permissions.addableKinds);
  const readOnly = useEditor(
    (s) => s.readOnly || !s.nodes.some((n) => n.selected && addable.has(n.data.step.kind)),
  );
  return (
    <section className="inspector" aria-label="Inspector">
      <h2>{count} steps selected</h2>
      {!readOnly && (
        <div className="row">
          <button type="button" onClick={duplicate}>
            Duplicate
          </button>
          <button type="button" className="danger" onClick={removeSelected}>
            Delete
          </button>
        </div>
      )}
    </section>
  );
}

function StepInspector({ node }: { node: StepNode }) {
  const step = node.data.step;
  const def = kindOf(step.kind);
  const dispatch = useEditor((s) => s.dispatch);
  const versionReadOnly = useEditor((s) => s.readOnly);
  // A sales token changes sales calls and meetings only; other steps are shown but not editable.
  const lockedWhy = useSession((s) =>
    s.permissions.addableKinds.has(step.kind)
      ? null
      : (s.permissions.why.edit ?? 'You cannot change this step.'),
  );
  const readOnly = versionReadOnly || lockedWhy !== null;
  const issues = useValidation((s) => s.byNode[node.id] ?? noIssues);
  const spec = useMemo(() => fieldSpec(def.settings as unknown as ZodLike), [def]);
  const ctx: FieldContext = useMemo(() => {
    const errors: Record<string, string[]> = {};
    for (const i of issues) {
      const p = settingsPath(i);
      if (p !== null) errors[p] = [...(errors[p] ?? []), fieldErrorText(i)];
    }
    return { idPrefix: node.id, errors, help: fieldHelp, readOnly };
  }, [issues, node.id, readOnly]);
  const update = (patch: StepPatch, field: string) =>
    dispatch({ type: 'updateStep', id: node.id, patch }, `${node.id}:${field}`);
  const isSales = def.category === 'sales';
  const queueIssue = issues.find((i) => i.code === 'missing_queue');
  const general = issues.filter((i) => settingsPath(i) === null && i.code !== 'missing_queue');

  return (
    <section className={`inspector inspector--${step.owner.team}`} aria-label="Inspector">
      <header className="inspector__head">
        <KindIcon kind={step.kind} size={20} />
        <div>
          <h2>{def.title}</h2>
          <p className="muted">{def.description}</p>
        </div>
      </header>
      {versionReadOnly ? (
        <p className="notice">This published version is read-only.</p>
      ) : (
        lockedWhy && <p className="notice">{lockedWhy}</p>
      )}
      <div className="field">
        <label htmlFor={`f-${node.id}-label`}>Label</label>
        <input
          id={`f-${node.id}-label`}
          value={step.label}
          readOnly={readOnly}
          onChange={(e) => update({ label: e.target.value }, 'label')}
        />
        <div className="field__help">Id: {step.id}</div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`f-${node.id}-team`}>Owner</label>
          <select
            id={`f-${node.id}-team`}
            value={step.owner.team}
            disabled={readOnly || isSales}
            onChange={(e) =>
              update(
                {
                  owner:
                    e.target.value === 'sales'
                      ? { team: 'sales', queue: 'insideSales' }
                      : { team: 'marketing' },
                },
                'owner',
              )
            }
          >
            <option value="marketing">Marketing</option>
            <option value="sales">Sales</option>
          </select>
        </div>
        {step.owner.team === 'sales' && (
          <div className={`field${queueIssue ? ' field--invalid' : ''}`}>
            <label htmlFor={`f-${node.id}-queue`}>Sales queue</label>
            <select
              id={`f-${node.id}-queue`}
              value={step.owner.queue ?? ''}
              disabled={readOnly}
              aria-invalid={queueIssue ? true : undefined}
              onChange={(e) =>
                update(
                  {
                    owner: e.target.value
                      ? { team: 'sales', queue: e.target.value as Queue }
                      : { team: 'sales' },
                  },
                  'owner',
                )
              }
            >
              <option value="">Choose a queue…</option>
              {Object.entries(queueLabels).map(([q, l]) => (
                <option key={q} value={q}>
                  {l}
                </option>
              ))}
            </select>
            {queueIssue && (
              <div className="field__error" role="alert">
                Choose the queue that works this step.
              </div>
            )}
          </div>
        )}
      </div>
      <SchemaField
        spec={spec}
        value={step.settings}
        path=""
        label="Settings"
        helpKey=""
        ctx={ctx}
        onChange={(settings) => update({ settings } as never, 'settings')}
      />
      <OutcomeTargets node={node} readOnly={readOnly} />
      {general.length > 0 && (
        <ul className="inspector__issues" aria-label="Problems with this step">
          {general.map((i) => (
            <li key={`${i.code}-${i.message}`}>{i.message}</li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`f-${node.id}-notes`}>Notes</label>
        <textarea
          id={`f-${node.id}-notes`}
          rows={2}
          value={step.notes ?? ''}
          readOnly={readOnly}
          onChange={(e) => update({ notes: e.target.value || undefined }, 'notes')}
        />
      </div>
    </section>
  );
}
