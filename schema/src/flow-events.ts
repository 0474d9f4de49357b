import type { FlowDocument } from './flow.ts';

/**
 * The lead event types flows react to by name: what they enter on or test in entry rules, what their
 * wait-for-event steps wait for, what their branch rules ask about ("visited pricing in the last 30 days")
 * and what brings a recycled lead back early (`comesBackOn`). The runtime accepts these custom types; the
 * designer offers them to the test lead.
 */
export function flowEventTypes(docs: readonly FlowDocument[]): Set<string> {
  const types = new Set<string>();
  for (const doc of docs) {
    const trigger = doc.entry.trigger;
    if (trigger.type === 'event') types.add(trigger.eventType);
    if (trigger.type === 'attributes')
      for (const r of trigger.condition.rules) if (r.fact === 'event') types.add(r.eventType);
    for (const node of doc.nodes) {
      if (node.kind === 'waitForEvent') types.add(node.settings.eventType);
      if (node.kind === 'recycle' && node.settings.comesBackOn) types.add(node.settings.comesBackOn);
      if (node.kind === 'branch') {
        for (const c of node.settings.conditions)
          for (const r of c.when.rules) if (r.fact === 'event') types.add(r.eventType);
      }
    }
  }
  types.delete('');
  return types;
}
