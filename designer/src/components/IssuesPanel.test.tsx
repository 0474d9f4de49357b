import { render, screen } from '@testing-library/react';
import { ReactFlowProvider } from '@xyflow/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { newStep } from '../flow/edits.ts';
import { currentDocument, useEditor } from '../store/editor.ts';
import { validate } from '../store/validation.ts';
import { tinyFlow } from '../test/fixtures.ts';
import { Inspector } from './Inspector.tsx';
import { IssuesPanel } from './IssuesPanel.tsx';

const s = () => useEditor.getState();

/** The tiny flow with a webinar whose late reports run too long and an email window in years. */
beforeEach(() => {
  s().load(tinyFlow());
  s().dispatch({ type: 'addNode', node: newStep('webinar', 'demo', { x: 600, y: 300 }) });
  const webinar = s().nodes.find((n) => n.id === 'demo')?.data.step.settings as object;
  s().dispatch({ type: 'updateStep', id: 'demo', patch: { label: 'Product demo' } });
  s().dispatch({
    type: 'updateStep',
    id: 'demo',
    patch: { settings: { ...webinar, attendanceReportHours: 500 } as never },
  });
  s().dispatch({
    type: 'updateStep',
    id: 'mail',
    patch: {
      settings: { template: 'welcome', subject: 'Hello', window: { amount: 3, unit: 'years' } } as never,
    },
  });
  validate(currentDocument(s()));
});

describe('the issues list', () => {
  it('names a malformed value’s field by its label in the inspector, not by its path in the document', () => {
    render(
      <ReactFlowProvider>
        <IssuesPanel />
      </ReactFlowProvider>,
    );
    const texts = screen.getAllByRole('button').map((b) => b.textContent);
    expect(texts).toContain('invalid document“Product demo”, Attendance report hours: should be at most 168');
    expect(texts).toContain(
      'invalid document“Welcome”, Window unit: should be one of: minutes, hours, days, weeks',
    );
    expect(texts.filter((t) => t?.includes('settings.'))).toEqual([]);
  });

  it('shows the error under the field without the step’s name or the field’s path', () => {
    s().selectOnly(['demo']);
    render(<Inspector />);
    const field = screen.getByLabelText('Attendance report hours');
    const error = document.getElementById(field.getAttribute('aria-describedby')?.split(' ').at(-1) ?? '');
    expect(error?.textContent).toBe('should be at most 168');
  });
});
