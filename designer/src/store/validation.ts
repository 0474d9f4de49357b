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
  for (const [id, list] of Object.entries(byNode)) byNode[id] = kept(previous[id], list);
  // The same advice keeps its array too, so the issues panel does not re-render on every edit.
  useValidation.setState({
    issues,
    warnings: kept(useValidation.getState().warnings, warnings),
    byNode,
    doc,
  });
}

/** `old` when it says the same as `next` (same messages, in order), else `next`. */
function kept(old: FlowIssue[] | undefined, next: FlowIssue[]): FlowIssue[] {
  return old && old.length === next.length && old.every((o, i) => o.message === next[i]?.message)
    ? old
    : next;
}
