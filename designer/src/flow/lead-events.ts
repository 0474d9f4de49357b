import type { FlowDocument } from '@tandem/schema';

/**
 * The lead event types a flow reacts to by name: what its wait-for-event steps wait for, what its branch
 * rules ask about ("visited pricing in the last 30 days"), what brings a recycled lead back early (`comesBackOn`),
 * and its entry trigger. Offered to the test lead.
 */
export function leadEventTypes(doc: FlowDocument): string[] {
  const types = new Set<string>();
  const trigger = doc.entry.trigger;
  if (trigger.type === 'event') types.add(trigger.eventType);
  for (const node of doc.nodes) {
    if (node.kind === 'waitForEvent') types.add(node.settings.eventType);
    if (node.kind === 'recycle' && node.settings.comesBackOn) types.add(node.settings.comesBackOn);
    if (node.kind !== 'branch') continue;
    for (const condition of node.settings.conditions)
      for (const rule of condition.when.rules) if (rule.fact === 'event') types.add(rule.eventType);
  }
  types.delete('');
  return [...types].sort();
}
