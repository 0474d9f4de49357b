import { type FlowDocument, type FlowIssue, parseFlow } from '@tandem/schema';

/** Reads a flow from imported JSON text; shape problems come back as issues, never thrown. */
export function readFlowJson(
  text: string,
): { ok: true; flow: FlowDocument } | { ok: false; issues: FlowIssue[] } {
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
  return parsed.ok ? { ok: true, flow: parsed.value } : { ok: false, issues: parsed.issues };
}

export function flowJson(doc: FlowDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
