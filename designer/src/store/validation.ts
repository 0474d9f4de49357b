import { type FlowDocument, type FlowIssue, flowWarnings, validateFlow } from '@tandem/schema';
import { create } from 'zustand';

export interface ValidationState {
  issues: FlowIssue[];
  /** Advice that does not block publishing (see flowWarnings), for a flow without issues. */
  warnings: FlowIssue[];
  /** Issues per node id, so each canvas node subscribes to its own entry only. */
  byNode: Record<string, FlowIssue[]>;
  /** The document the issues were computed for. */
  doc: FlowDocument | null;
}

export const useValidation = create<ValidationState>(() => ({
  issues: [],
  warnings: [],
  byNode: {},
  doc: null,
}));

/** Settings paths of an issue, relative to the node's settings, e.g. `['subject']`. */
export function settingsPath(issue: FlowIssue): string | null {
  const path = issue.path ?? [];
  const at = path.indexOf('settings');
  return at >= 0 ? path.slice(at + 1).join('.') : null;
}

export function validate(doc: FlowDocument): void {
  const result = validateFlow(doc);
  const issues = result.ok ? [] : result.issues;
  // Warnings read the parsed document (defaults filled in); a flow with issues gets them once it is fixed.
  const warnings = result.ok ? flowWarnings(result.value) : [];
  const previous = useValidation.getState().byNode;
  const byNode: Record<string, FlowIssue[]> = {};
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    byNode[issue.nodeId] ??= [];
    byNode[issue.nodeId]?.push(issue);
  }
  // Keep the old array when a node's issues did not change, so its component does not re-render.
  for (const [id, list] of Object.entries(byNode)) {
    const old = previous[id];
    if (old && old.length === list.length && old.every((o, i) => o.message === list[i]?.message))
      byNode[id] = old;
  }
  // The same advice keeps its array, so the issues panel does not re-render on every edit.
  const old = useValidation.getState().warnings;
  const sameAdvice =
    old.length === warnings.length && old.every((w, i) => w.message === warnings[i]?.message);
  useValidation.setState({ issues, warnings: sameAdvice ? old : warnings, byNode, doc });
}
