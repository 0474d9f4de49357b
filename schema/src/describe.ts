import { formatDuration, type Queue, queueLabels, type Stage, stageLabels } from './common.ts';
import type { FlowDocument } from './flow.ts';
import { nodeIndex } from './node-index.ts';
import { kindDef } from './nodes/registry.ts';
import { noAnswerLabel } from './nodes/sales-call.ts';

export interface EffectRef {
  type: string;
  params?: Record<string, unknown> | undefined;
}

/** A length of time in the largest unit that says it exactly enough: “10 minutes”, “5 hours”, “2.5 days”. */
function hours(ms: unknown): string {
  const minutes = Math.round(Number(ms) / 60_000);
  if (minutes < 60) return formatDuration({ amount: minutes, unit: 'minutes' });
  const h = minutes / 60;
  if (h < 48) return formatDuration({ amount: Math.round(h * 10) / 10, unit: 'hours' });
  return formatDuration({ amount: Math.round((h / 24) * 10) / 10, unit: 'days' });
}

/** One line a marketer or a sales rep understands, for the timeline and the simulator's log. */
export function describeEffect(effect: EffectRef, doc?: FlowDocument): string | null {
  const p = effect.params ?? {};
  const node = doc ? nodeIndex(doc).get(p.nodeId as string) : undefined;
  const label = node?.label || (p.nodeId as string | undefined) || '';
  switch (effect.type) {
    case 'enterNode':
      return `Reached “${label}”`;
    case 'sendEmail':
      return `Email sent: “${p.subject}”`;
    case 'sendWebinarInvite':
      return `Webinar invitation sent: ${p.webinar}`;
    case 'webinarMissed':
      return `Webinar invitation not sent: ${p.webinar} had already started (${String(p.startsAt).slice(0, 16).replace('T', ' ')})`;
    case 'webinarRegistered':
      return `Registered for the webinar (“${label}”)`;
    case 'createTask': {
      const queue = node?.owner.queue ? queueLabels[node.owner.queue as Queue] : 'Sales';
      return `${queue} task created: ${p.title || label} (due in ${hours(p.deadlineMs)})`;
    }
    case 'closeTask':
      return null;
    case 'attemptLogged':
      return `Call attempt ${p.attempts} logged (“${label}”)`;
    case 'recordOutcome': {
      if (p.outcome === 'reentered') return `“${label}”: cooldown over, back in nurture`;
      if (p.outcome === 'cameBack')
        return `“${label}”: came back before the cooldown was over, back in nurture`;
      // A call left by "no answer" counts the attempts made when its line carries them (the runtime's
      // lines do); else the step's label, which counts its limit.
      if (p.outcome === 'noAnswer' && typeof p.attempts === 'number')
        return `“${label}”: ${noAnswerLabel(p.attempts)}`;
      const outcome = node
        ? kindDef(node.kind)
            ?.outcomes(node.settings)
            .find((o) => o.id === p.outcome)?.label
        : undefined;
      return `“${label}”: ${outcome ?? p.outcome}`;
    }
    case 'scoreChanged':
      return `Score ${Number(p.points) > 0 ? '+' : ''}${p.points} → ${p.score}${p.reason ? ` (${p.reason})` : ''}`;
    case 'stageChanged':
      return `Stage ${stageLabels[p.previous as Stage] ?? p.previous} → ${stageLabels[p.stage as Stage] ?? p.stage}${p.reason ? ` (${p.reason})` : ''}`;
    case 'stageKept':
      return `Stage stays ${stageLabels[p.previous as Stage] ?? p.previous}: ${p.previous === 'opportunity' || p.previous === 'customer' ? 'a flow does not move an opportunity or customer back' : 'a flow does not move a lead back up the waterfall'} (“${label}” would set ${stageLabels[p.stage as Stage] ?? p.stage})`;
    case 'recycled':
      return `Recycled: ${p.reason}${p.salesReason ? ` (sales said: ${p.salesReason})` : ''}; recycle #${p.recycleCount}, back in nurture in ${hours(p.cooldownMs)}`;
    case 'enrollInFlow':
      return `Sending to flow “${p.flowId}” at step “${p.startAt}”`;
    case 'exitFlow':
      return p.why === 'goal' ? `Goal reached: ${p.reason}` : `Left the flow: ${p.reason}`;
    case 'flowCompleted':
      return 'Finished the flow';
    default:
      return null;
  }
}
