import { useId, useState } from 'react';
import { api } from '../../api/client.ts';
import { type Lead, work } from '../../api/work.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { type OnChanged, useAction } from '../tasks/useAction.ts';

const publishedFlows = async () => (await api.listFlows()).filter((f) => f.latestVersion !== null);

/**
 * Puts the lead into a published flow by hand (marketing's "send this one through the nurture"): the flows
 * it is not in now, and the runtime's answer, its words when it refuses (a flow that lets a lead in once).
 */
export function LeadEnroll({ lead, onChanged }: { lead: Lead; onChanged: OnChanged }) {
  const flows = useLoad('published', publishedFlows);
  const [flowId, setFlowId] = useState('');
  const { busy, run } = useAction(onChanged);
  const id = useId();
  const inFlow = new Set(lead.enrollments.filter((e) => e.status === 'active').map((e) => e.flowId));
  const choices = flows.data?.filter((f) => !inFlow.has(f.id)) ?? [];
  const chosen = choices.find((f) => f.id === flowId);
  const enroll = async () => {
    if (!chosen) return;
    if (await run(() => work.enroll(chosen.id, lead.id), `Enrolled in “${chosen.name}”.`)) setFlowId('');
  };
  if (flows.status !== 'ready' || choices.length === 0) return null;
  return (
    <form
      className="work-enroll"
      onSubmit={(e) => {
        e.preventDefault();
        void enroll();
      }}
    >
      <label htmlFor={`${id}-flow`}>Enroll in</label>
      <select id={`${id}-flow`} value={flowId} onChange={(e) => setFlowId(e.target.value)}>
        <option value="">Choose a published flow…</option>
        {choices.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name} (v{f.latestVersion})
          </option>
        ))}
      </select>
      <button type="submit" disabled={!chosen || busy}>
        Enroll
      </button>
    </form>
  );
}
