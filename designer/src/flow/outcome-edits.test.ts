import { validateFlow } from '@tandem/schema';
import { beforeEach, describe, expect, it } from 'vitest';
import { currentDocument, useEditor } from '../store/editor.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { newStep } from './edits.ts';

const s = () => useEditor.getState();
type Variant = { id: string; label: string; percent: number };

/** entry → split (a → mail, b → done); mail → done. */
function withSplit() {
  s().load(tinyFlow());
  s().dispatch({ type: 'remove', nodeIds: [], edgeIds: ['e1'] });
  s().dispatch({ type: 'addNode', node: newStep('split', 'split', { x: 150, y: 200 }) });
  s().dispatch({ type: 'connect', source: 'start', outcome: 'next', target: 'split' });
  s().dispatch({ type: 'connect', source: 'split', outcome: 'a', target: 'mail' });
  s().dispatch({ type: 'connect', source: 'split', outcome: 'b', target: 'done' });
}

const variants = (): Variant[] =>
  (s().nodes.find((n) => n.id === 'split')?.data.step.settings as { variants: Variant[] } | undefined)
    ?.variants ?? [];
const setVariants = (v: Variant[]) =>
  s().dispatch(
    { type: 'updateStep', id: 'split', patch: { settings: { variants: v } as never } },
    'split:settings',
  );
const fromSplit = () =>
  currentDocument(s())
    .edges.filter((e) => e.source === 'split')
    .map((e) => `${e.outcome}→${e.target}`)
    .sort();
const codes = () => {
  const r = validateFlow(currentDocument(s()));
  return r.ok ? [] : r.issues.map((i) => i.code);
};

describe('renaming or removing an outcome in a step’s settings', () => {
  beforeEach(withSplit);

  it('keeps the connection of a renamed split variant, typed a letter at a time', () => {
    expect(codes()).toEqual([]);
    for (const id of ['b', '', 'a', 'al', 'alt'])
      setVariants([variants()[0] as Variant, { ...(variants()[1] as Variant), id }]);
    expect(fromSplit()).toEqual(['alt→done', 'a→mail']);
    expect(codes()).not.toContain('edge_unknown_outcome');
    expect(codes()).toEqual([]);
    s().undo();
    expect(variants().map((v) => v.id)).toEqual(['a', 'b']);
    expect(fromSplit()).toEqual(['a→mail', 'b→done']);
  });

  it('removes the connection of a removed variant, and undo brings both back', () => {
    setVariants([...variants(), { id: 'c', label: 'C', percent: 0 }]);
    s().dispatch({ type: 'connect', source: 'split', outcome: 'c', target: 'done' });
    setVariants(variants().filter((v) => v.id !== 'a'));
    expect(fromSplit()).toEqual(['b→done', 'c→done']);
    expect(codes()).not.toContain('edge_unknown_outcome');
    s().undo();
    expect(variants().map((v) => v.id)).toEqual(['a', 'b', 'c']);
    expect(fromSplit()).toEqual(['a→mail', 'b→done', 'c→done']);
  });

  it('follows a branch condition renamed or removed, and its end', () => {
    s().dispatch({ type: 'addNode', node: newStep('branch', 'br', { x: 0, y: 400 }) });
    const rule = { match: 'all', rules: [{ fact: 'score', op: 'gte', value: 50 }] };
    const setConditions = (c: unknown[]) =>
      s().dispatch({ type: 'updateStep', id: 'br', patch: { settings: { conditions: c } as never } });
    setConditions([
      { id: 'hot', label: 'Hot', when: rule },
      { id: 'warm', label: 'Warm', when: rule },
    ]);
    s().dispatch({ type: 'connect', source: 'br', outcome: 'hot', target: 'mail' });
    s().dispatch({ type: 'setOutcome', source: 'br', outcome: 'warm', target: null, terminal: true });
    s().dispatch({ type: 'connect', source: 'br', outcome: 'else', target: 'done' });
    setConditions([
      { id: 'veryHot', label: 'Hot', when: rule },
      { id: 'lukewarm', label: 'Warm', when: rule },
    ]);
    const br = () => s().nodes.find((n) => n.id === 'br')?.data.step;
    const edges = () =>
      s()
        .edges.filter((e) => e.source === 'br')
        .map((e) => `${e.sourceHandle}→${e.target}`)
        .sort();
    expect(edges()).toEqual(['else→done', 'veryHot→mail']);
    expect(br()?.terminal).toEqual(['lukewarm']);
    setConditions([{ id: 'lukewarm', label: 'Warm', when: rule }]);
    expect(edges()).toEqual(['else→done']);
    expect(br()?.terminal).toEqual(['lukewarm']);
  });
});
