import { type FlowDocument, flowEventTypes } from '@tandem/schema';

/**
 * The lead event types a flow reacts to by name (see `flowEventTypes`: waits, branch rules, a recycle's
 * `comesBackOn`, the entry rule), sorted: offered to the test lead.
 */
export function leadEventTypes(doc: FlowDocument): string[] {
  return [...flowEventTypes([doc])].sort();
}
