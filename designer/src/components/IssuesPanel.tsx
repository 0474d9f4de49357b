import type { FlowIssue } from '@tandem/schema';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../store/editor.ts';
import { useUi } from '../store/ui.ts';
import { issueText, useValidation } from '../store/validation.ts';

/**
 * Every problem in the flow; clicking one selects its step and brings it into view. A flow without
 * problems may still get advice (warnings), which never blocks publishing.
 */
export function IssuesPanel() {
  const issues = useValidation((s) => s.issues);
  const warnings = useValidation((s) => s.warnings);
  const doc = useValidation((s) => s.doc);
  /** The kind of an issue's step in the document checked, which words its fields. */
  const kindOf = (nodeId: string | undefined) => doc?.nodes.find((n) => n.id === nodeId)?.kind;
  const { fitView } = useReactFlow();
  const focus = (nodeId: string) => {
    useEditor.getState().selectOnly([nodeId]);
    void fitView({ nodes: [{ id: nodeId }], duration: 250, maxZoom: 1.2, padding: 0.6 });
    useUi.getState().set({ panel: 'inspect' });
  };
  if (issues.length === 0) {
    return (
      <section className="panel" aria-label="Issues">
        <p className="ok">✓ No issues: this flow is ready to publish.</p>
        {warnings.length > 0 && (
          <>
            <p className="muted">
              {warnings.length === 1 ? 'One thing' : `${warnings.length} things`} to consider (publishing is
              not blocked):
            </p>
            <IssueList issues={warnings} focus={focus} kindOf={kindOf} tone="warning" />
          </>
        )}
      </section>
    );
  }
  return (
    <section className="panel" aria-label="Issues">
      <p className="muted">
        {issues.length} issue{issues.length === 1 ? '' : 's'} to fix before publishing.
      </p>
      <IssueList issues={issues} focus={focus} kindOf={kindOf} tone="error" />
    </section>
  );
}

/** Issues or warnings, each a button that brings its step into view when it names one. */
function IssueList({
  issues,
  focus,
  kindOf,
  tone,
}: {
  issues: FlowIssue[];
  focus: (nodeId: string) => void;
  kindOf: (nodeId: string | undefined) => string | undefined;
  tone: 'error' | 'warning';
}) {
  return (
    <ul className={tone === 'warning' ? 'issues issues--warning' : 'issues'}>
      {issues.map((issue, i) => {
        const nodeId = issue.nodeId;
        const text = issueText(issue, kindOf(nodeId));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: issues are recomputed as a whole.
          <li key={i}>
            {nodeId ? (
              <button type="button" className="issue" onClick={() => focus(nodeId)}>
                <span className="issue__code">{issue.code.replaceAll('_', ' ')}</span>
                {text}
              </button>
            ) : (
              <div className="issue">
                <span className="issue__code">{issue.code.replaceAll('_', ' ')}</span>
                {text}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
