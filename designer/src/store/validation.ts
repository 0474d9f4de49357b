import { type FlowDocument, type FlowIssue, flowWarnings, kindDef, validateFlow } from '@tandem/schema';
import { create } from 'zustand';
import { type FieldSpec, fieldSpec, labelAt, type ZodLike } from '../flow/schema-form.ts';

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

/** The settings form of each step kind, read once. */
const forms = new Map<string, FieldSpec | null>();
function formOf(kind: string): FieldSpec | null {
  if (!forms.has(kind)) {
    const def = kindDef(kind);
    forms.set(kind, def ? fieldSpec(def.settings as unknown as ZodLike) : null);
  }
  return forms.get(kind) ?? null;
}

/**
 * An issue's message as the designer shows it. A value the document cannot hold (out of range, of the
 * wrong type) is reported with its path in the document, "“Product demo”, settings.attendanceReportHours:
 * should be at most 168"; the user knows the field by its label in the inspector, "Attendance report
 * hours", so that is named instead. `kind` is the kind of the issue's step.
 */
export function issueText(issue: FlowIssue, kind: string | undefined): string {
  const written = writtenPath(issue);
  const path = issue.path ?? [];
  const at = path.indexOf('settings');
  const form = kind === undefined || written === null ? null : formOf(kind);
  const label = form && labelAt(form, path.slice(at + 1));
  return label && written ? issue.message.replace(written, `, ${label}: `) : issue.message;
}

/**
 * An issue's message under the field it is about: without the step's name, and without the field's,
 * which is the field's label just above it.
 */
export function fieldErrorText(issue: FlowIssue): string {
  const written = writtenPath(issue);
  if (written) return issue.message.slice(issue.message.indexOf(written) + written.length);
  return issue.message.replace(/^“[^”]*”: |^step [^:]+: /, '');
}

/** How the validator writes a malformed value's settings path after the step's name, when the message has it. */
function writtenPath(issue: FlowIssue): string | null {
  const path = issue.path ?? [];
  const at = path.indexOf('settings');
  const written = `, ${path.slice(at).join('.')}: `;
  return at >= 0 && issue.message.includes(written) ? written : null;
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
