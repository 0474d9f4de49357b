/** The step a step line is about: its data's `nodeId` (the planner's rule), or none. */
export const stepOfLine = (data: Record<string, unknown>): string | null =>
  typeof data.nodeId === 'string' && data.nodeId !== '' ? data.nodeId : null;

/**
 * The type of the line a lead moved to another version of its flow gets (the engine's version move writes it,
 * per-version stats count it; migration 9 indexes it by this literal).
 */
export const versionMovedType = 'versionMoved';

/** The text of a lead's "entered a flow" timeline line, shared by the engine and the store that renders it. */
export function enteredText(flowName: string, version: number, via: string, startAt?: string): string {
  return `Entered “${flowName}” (v${version})${startAt ? ` at step “${startAt}”` : ''} via ${via}`;
}
