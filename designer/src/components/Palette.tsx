import { type NodeKind, nodeKinds } from '@tandem/schema';
import { memo } from 'react';
import { DRAG_MIME, paletteGroups } from '../flow/kinds.ts';
import { useAddStep } from '../hooks/useAddStep.ts';
import { useEditor } from '../store/editor.ts';
import { useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { KindIcon } from './Icon.tsx';

/** Every step kind, grouped; drag one onto the canvas or a connection, or press Enter to add it. */
function PaletteView() {
  const { addFromPalette } = useAddStep();
  const readOnly = useEditor((s) => s.readOnly);
  const addable = useSession((s) => s.permissions.addableKinds);
  const why = useSession((s) => s.permissions.why.edit);
  return (
    <nav className="palette" aria-label="Step palette">
      {paletteGroups.map((g) => (
        <section key={g.id} className={`palette__group palette__group--${g.id}`}>
          <h3>{g.title}</h3>
          <ul>
            {g.kinds.map((kind) => (
              <PaletteItem
                key={kind}
                kind={kind}
                disabled={readOnly || !addable.has(kind)}
                onAdd={addFromPalette}
              />
            ))}
          </ul>
        </section>
      ))}
      {why && addable.size < 16 && <p className="palette__tip muted">{why}</p>}
      <p className="palette__tip muted">Drop on a connection to insert a step between two others.</p>
    </nav>
  );
}

function PaletteItem({
  kind,
  disabled,
  onAdd,
}: {
  kind: NodeKind;
  disabled: boolean;
  onAdd: (k: NodeKind) => void;
}) {
  const def = nodeKinds[kind];
  return (
    <li>
      <button
        type="button"
        className={`palette__item palette__item--${def.category}`}
        draggable={!disabled}
        disabled={disabled}
        data-kind={kind}
        aria-label={`Add ${def.title}: ${def.description}`}
        title={def.description}
        onClick={() => onAdd(kind)}
        onDragStart={(e) => {
          e.dataTransfer.setData(DRAG_MIME, kind);
          e.dataTransfer.setData('text/plain', def.title);
          e.dataTransfer.effectAllowed = 'copy';
          useUi.getState().set({ dragging: kind });
        }}
        onDragEnd={() => useUi.getState().set({ dragging: null })}
      >
        <span className="palette__icon">
          <KindIcon kind={kind} size={18} />
        </span>
        <span className="palette__text">
          <span className="palette__title">{def.title}</span>
          <span className="palette__desc">{def.description}</span>
        </span>
      </button>
    </li>
  );
}

export const Palette = memo(PaletteView);
