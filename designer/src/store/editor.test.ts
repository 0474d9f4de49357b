import { generateFlow } from '@tandem/examples/generate';
import { beforeEach, describe, expect, it } from 'vitest';
import { newStep } from '../flow/edits.ts';
import { permissionsFor } from '../flow/permissions.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { currentDocument, useEditor } from './editor.ts';
import { useSession } from './session.ts';

const s = () => useEditor.getState();

describe('editor store', () => {
  beforeEach(() => s().load(tinyFlow()));

  it('undoes and redoes edits', () => {
    s().dispatch({ type: 'addNode', node: newStep('wait', 'wait-1', { x: 0, y: 0 }) });
    expect(s().nodes).toHaveLength(4);
    s().undo();
    expect(s().nodes).toHaveLength(3);
    s().redo();
    expect(s().nodes.map((n) => n.id)).toContain('wait-1');
  });

  it('deletes the selection and brings it back with undo', () => {
    s().selectOnly(['mail']);
    s().removeSelected();
    expect(s().nodes.map((n) => n.id)).toEqual(['start', 'done']);
    expect(s().edges).toHaveLength(0);
    s().undo();
    expect(currentDocument(s()).edges).toHaveLength(4);
  });

  it('coalesces typing into one undo step', () => {
    for (const label of ['W', 'We', 'Wel'])
      s().dispatch({ type: 'updateStep', id: 'mail', patch: { label } }, 'mail:label');
    s().undo();
    expect(s().nodes.find((n) => n.id === 'mail')?.data.step.label).toBe('Welcome');
  });

  it('copies, pastes and duplicates', () => {
    s().selectOnly(['mail']);
    s().copy();
    s().paste();
    expect(s().nodes.map((n) => n.id)).toContain('email-1');
    s().duplicate();
    expect(s().nodes).toHaveLength(5);
  });

  it('keeps measured sizes on a large flow through undo and a reload', () => {
    const dimensions = { width: 264, height: 172 };
    const measured = () => s().nodes.find((n) => n.id === 'n1')?.measured;
    s().load(generateFlow(300));
    // Recorded for undo before the step was measured.
    s().dispatch({ type: 'addNode', node: newStep('wait', 'wait-1', { x: 0, y: 0 }) });
    s().onNodesChange([{ id: 'n1', type: 'dimensions', dimensions, setAttributes: false }]);
    s().undo();
    expect(s().nodes).toHaveLength(300);
    expect(measured()).toEqual(dimensions);
    s().load(generateFlow(300), { type: 'version', flowId: 'generated-300', version: 1 }, true);
    expect(measured()).toEqual(dimensions);
    expect(s().nodes.find((n) => n.id === 'n2')?.measured).toBeUndefined();
  });

  it('refuses edits on a read-only version', () => {
    s().load(tinyFlow(), { type: 'version', flowId: 'tiny', version: 1 }, true);
    s().selectOnly(['mail']);
    s().removeSelected();
    expect(s().nodes).toHaveLength(3);
  });

  it('deletes, duplicates and pastes only the steps a sales token may add', () => {
    useSession.setState({ permissions: permissionsFor('sales') });
    try {
      s().dispatch({ type: 'addNode', node: newStep('salesCall', 'call-1', { x: 0, y: 200 }) });
      s().selectOnly(['mail', 'call-1']);
      const clip = s().copy();
      s().duplicate();
      expect(s().nodes.map((n) => n.data.step.kind)).toEqual([
        'entry',
        'email',
        'goal',
        'salesCall',
        'salesCall',
      ]);
      s().selectOnly(['mail', 'call-1']);
      s().removeSelected();
      expect(s().nodes.map((n) => n.id)).toEqual(['start', 'mail', 'done', 'salesCall-1']);
      s().selectOnly(['mail']);
      const onlyMarketing = s().copy();
      const before = s().nodes.length;
      if (onlyMarketing) s().paste(onlyMarketing);
      expect(s().nodes).toHaveLength(before);
      if (clip) s().paste(clip);
      expect(
        s()
          .nodes.map((n) => n.data.step.kind)
          .filter((k) => k === 'email'),
      ).toHaveLength(1);
      expect(s().nodes).toHaveLength(before + 1);
    } finally {
      useSession.setState({ permissions: permissionsFor(null) });
    }
  });
});
