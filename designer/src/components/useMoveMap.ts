import { useEffect, useMemo, useState } from 'react';
import { api, type MoveMapEntry, type MoveReport } from '../api/client.ts';
import { asApiError } from '../hooks/useLoad.ts';
import { useConfirm } from '../store/confirm.ts';
import { failure, leads, useRuntime } from '../store/runtime.ts';

/** Where the leads kept at each step go instead, by `version:nodeId`: a step of the target version. */
type Choices = Record<string, string>;
const none: Choices = {};

/** A stayed group's place, which a choice is made for: its version and step. */
export const placeKey = (version: number, nodeId: string): string => `${version}:${nodeId}`;

/** The runtime's counts of the move with one map (its JSON as `key`), or why it refused them. */
interface Counted {
  key: string;
  report: MoveReport | null;
  error: string | null;
}

/**
 * Where the user chose to send leads that would stay on their version, and the move with those choices:
 * each change asks the runtime for the counts again (a dry run), so what the panel says and what the
 * button moves stay true. Without a choice the store's count (`movable`) stands. Choices start over when
 * the store counts anew (after a move or a refresh): the groups they were made for may be gone.
 */
export function useMoveMap(movable: MoveReport) {
  const [picked, setPicked] = useState<{ for: MoveReport; to: Choices }>({ for: movable, to: none });
  const to = picked.for === movable ? picked.to : none;
  const map = useMemo(() => {
    const entries = new Map<string, MoveMapEntry>();
    for (const g of movable.stayed) {
      if (g.nodeId === null) continue;
      // Leads at one step kept for two reasons are two groups, and one map entry.
      const key = placeKey(g.version, g.nodeId);
      const dest = to[key];
      if (dest) entries.set(key, { version: g.version, from: g.nodeId, to: dest });
    }
    return [...entries.values()];
  }, [movable, to]);
  const key = JSON.stringify(map);

  const [counted, setCounted] = useState<Counted | null>(null);
  useEffect(() => {
    if (map.length === 0) return;
    let live = true;
    api.moveLeads(movable.flowId, movable.version, true, map).then(
      (report) => live && setCounted({ key: JSON.stringify(map), report, error: null }),
      (e) => live && setCounted({ key: JSON.stringify(map), report: null, error: asApiError(e).message }),
    );
    return () => {
      live = false;
    };
  }, [movable, map]);

  const fresh = map.length > 0 && counted?.key === key ? counted : null;
  const report = fresh?.report ?? movable;
  const counting = map.length > 0 && !fresh;
  const error = fresh?.error ?? null;

  /** Sends the leads at a step of a version to a step of the target version; '' leaves them where they are. */
  const choose = (version: number, nodeId: string, dest: string) =>
    setPicked({ for: movable, to: { ...to, [placeKey(version, nodeId)]: dest } });

  /** Asks, then moves the leads counted in `report` with the choices made, and says what became of them. */
  const move = async () => {
    if (report.moved === 0 || counting || error) return;
    const n = leads(report.moved);
    const go = await useConfirm.getState().ask({
      title: `Move ${n} to version ${report.version}?`,
      message: confirmText(report),
      confirmLabel: `Move ${n}`,
      cancelLabel: 'Cancel',
    });
    if (!go) return;
    useRuntime.setState({ busy: true });
    try {
      const done = await api.moveLeads(report.flowId, report.version, false, map);
      const sent = sentCount(done);
      const stay = done.stayed.reduce((sum, g) => sum + g.count, 0);
      useRuntime.setState({
        busy: false,
        status: 'online',
        message: {
          tone: 'success',
          text: `Moved ${leads(done.moved)} to version ${done.version}${sent ? ` (${sent} to the step${done.mapped.length === 1 ? '' : 's'} you chose)` : ''}.${stay ? ` ${leads(stay)} ${stay === 1 ? 'stays on its' : 'stay on their'} version (see why below).` : ''}`,
        },
      });
      await useRuntime.getState().refresh();
    } catch (e) {
      useRuntime.setState(failure(e));
    }
  };

  return {
    report,
    counting,
    error,
    chosen: (version: number, nodeId: string) => to[placeKey(version, nodeId)] ?? '',
    choose,
    move,
  };
}

/** Leads a report sends to steps chosen for them. */
export const sentCount = (report: MoveReport): number => report.mapped.reduce((sum, m) => sum + m.count, 0);

/** "1 lead goes", "3 leads go". */
const they = (n: number, one: string, many: string) => `${leads(n)} ${n === 1 ? one : many}`;

/** What moving does to the leads, said before they move: those sent to a chosen step start it afresh. */
function confirmText(report: MoveReport): string {
  const n = leads(report.moved);
  const sent = sentCount(report);
  const base = `${n[0]?.toUpperCase()}${n.slice(1)} on other versions of this flow go on`;
  if (sent === 0)
    return `${base} from the step they are at, with version ${report.version}’s emails, waits and connections. Time already waited counts. They keep their open sales tasks and what they did so far.`;
  const steps = report.mapped.filter((m) => m.count > 0).map((m) => `“${m.toLabel}”`);
  const atTheirStep = report.moved - sent;
  const kept = atTheirStep
    ? ` ${they(atTheirStep, 'goes on from the step it is at', 'go on from the step they are at')}: time already waited counts, and open sales tasks come along.`
    : '';
  return `${base} in version ${report.version}, with its emails, waits and connections.${kept} ${they(sent, 'starts', 'start')} afresh at the step you chose (${steps.join(', ')}): its email, task or wait starts from the beginning, and open sales tasks at the old step are cancelled. All keep what they did so far.`;
}
