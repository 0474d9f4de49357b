import { type FlowDocument, type FlowIssue, parseFlow, validateFlow } from '@tandem/schema';
import { recoverFlow } from './recover.ts';

/**
 * Reads a flow from imported JSON text, never throwing. A flow that does not check but can be shown (one
 * value out of range, a connection to a missing step) comes in with its issues, to be fixed on the canvas
 * as an autosaved flow would; text that is not JSON, or not a flow at all, is refused with why.
 */
export function readFlowJson(
  text: string,
): { ok: true; flow: FlowDocument; issues: FlowIssue[] } | { ok: false; issues: FlowIssue[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      issues: [{ code: 'invalid_json', message: `This file is not JSON: ${(e as Error).message}` }],
    };
  }
  // Accept a bare flow or the runtime's `{ flow }` envelopes (draft, version).
  const candidate =
    data && typeof data === 'object' && 'flow' in data && !('nodes' in data)
      ? (data as { flow: unknown }).flow
      : data;
  const parsed = parseFlow(candidate);
  if (parsed.ok) return { ok: true, flow: parsed.value, issues: [] };
  // Every issue at once (validation lists what is wrong with the sound parts too).
  const all = validateFlow(candidate);
  const issues = all.ok ? parsed.issues : all.issues;
  const recovered = recoverFlow(candidate);
  return recovered && recovered.nodes.length > 0
    ? { ok: true, flow: recovered, issues }
    : { ok: false, issues };
}

export function flowJson(doc: FlowDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
