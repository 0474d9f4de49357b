import { beforeEach, describe, expect, it } from 'vitest';
import { newStep } from '../flow/edits.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { currentDocument, useEditor } from './editor.ts';

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

  it('keeps the measured size of a step when undo brings back a version recorded before it was measured', () => {
    s().dispatch({ type: 'addNode', node: newStep('wait', 'wait-1', { x: 0, y: 0 }) });
    const dimensions = { width: 264, height: 132 };
    s().onNodesChange([{ id: 'mail', type: 'dimensions', dimensions, setAttributes: false }]);
    s().undo();
    expect(s().nodes).toHaveLength(3);
    expect(s().nodes.find((n) => n.id === 'mail')?.measured).toEqual(dimensions);
  });

  it('refuses edits on a read-only version', () => {
    s().load(tinyFlow(), { type: 'version', flowId: 'tiny', version: 1 }, true);
    s().selectOnly(['mail']);
    s().removeSelected();
    expect(s().nodes).toHaveLength(3);
  });
});
