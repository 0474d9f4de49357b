import type { FlowIssue, FlowNode, StateConfig } from '@tandem/schema';
import { HttpError } from '../http-error.ts';
import type { FlowVersionRecord } from '../store/records.ts';
import type { StoreTx } from '../store/store.ts';
import { whyNotPlaceable } from './place-at.ts';

/** "Leads on `version` kept at its step `from` go to step `to` of the version they move to." */
export interface MoveMapEntry {
  version: number;
  from: string;
  to: string;
}

/** What one map entry did (or, on a dry run, would do): `count` leads sent from one step to another. */
export interface MappedGroup {
  version: number;
  from: string;
  fromLabel: string;
  to: string;
  toLabel: string;
  count: number;
}

/** A step of the version leads move to that a map entry may send them to. */
export interface MoveTarget {
  nodeId: string;
  label: string;
}

/** A step as people see it: its label, else its id. */
export const labelOf = (node: FlowNode): string => node.label || node.id;

/** The steps of `target` leads can be sent to by a map entry (see `whyNotPlaceable`), in the flow's order. */
export function moveTargets(target: FlowVersionRecord): MoveTarget[] {
  return target.doc.nodes
    .filter((n) => whyNotPlaceable(target.machine, n.id) === null)
    .map((n) => ({ nodeId: n.id, label: labelOf(n) }));
}

/** The top-level step (a side-by-side fork) whose tracks hold `stepId`. */
function forkOf(config: FlowVersionRecord['machine'], stepId: string): string | undefined {
  const holds = (state: StateConfig): boolean =>
    Object.entries(state.states ?? {}).some(([key, child]) => key === stepId || holds(child));
  return Object.keys(config.states).find((key) => holds(config.states[key] as StateConfig));
}

/** A map entry's place: the version and step its leads are on. */
export const mapKey = (version: number, nodeId: string): string => `${version}\n${nodeId}`;

/**
 * Checks a move's map against the flow's versions and answers one group per entry, by `mapKey`, counting
 * nothing yet. Every problem is collected, then all are refused at once (400, the first in the message,
 * each in `issues` with its `path`): a version that is not the flow's, the target itself, or left out by
 * `from`; a step not in its version; a step leads cannot be sent to; a step mapped twice.
 */
export async function checkMap(
  tx: StoreTx,
  target: FlowVersionRecord,
  map: readonly MoveMapEntry[],
  from: readonly number[] | undefined,
): Promise<Map<string, MappedGroup>> {
  const issues: FlowIssue[] = [];
  const groups = new Map<string, MappedGroup>();
  const where = new Map<string, number>();
  const versions = new Map<number, FlowVersionRecord | null>();
  const problem = (i: number, field: string | null, code: string, message: string) => {
    const path = field ? ['map', i, field] : ['map', i];
    issues.push({ code, message: `${field ? `map[${i}].${field}` : `map[${i}]`}: ${message}`, path });
  };
  for (const [i, entry] of map.entries()) {
    if (entry.version === target.version) {
      problem(
        i,
        'version',
        'map_version_is_target',
        `the leads move to version ${target.version}, so none is on it to send elsewhere; name the version they are on now.`,
      );
      continue;
    }
    if (from && !from.includes(entry.version)) {
      problem(
        i,
        'version',
        'map_version_not_moved',
        `only the leads on version${from.length === 1 ? '' : 's'} ${from.join(', ')} move (\`from\`); add ${entry.version} to \`from\` or leave this entry out.`,
      );
      continue;
    }
    if (!versions.has(entry.version))
      versions.set(entry.version, await tx.getVersion(target.flowId, entry.version));
    const old = versions.get(entry.version);
    if (!old) {
      problem(i, 'version', 'unknown_version', `flow “${target.flowId}” has no version ${entry.version}.`);
      continue;
    }
    const fromNode = old.doc.nodes.find((n) => n.id === entry.from);
    if (!fromNode) {
      problem(
        i,
        'from',
        'unknown_step',
        `version ${entry.version} has no step “${entry.from}”; use the \`nodeId\` of a group in \`stayed\`.`,
      );
      continue;
    }
    const toNode = target.doc.nodes.find((n) => n.id === entry.to);
    if (!toNode) {
      problem(
        i,
        'to',
        'unknown_step',
        `version ${target.version} has no step “${entry.to}”; choose one of \`targets\` (a dry run lists them).`,
      );
      continue;
    }
    const why = whyNotPlaceable(target.machine, toNode.id);
    if (why === 'inTrack') {
      const fork = target.doc.nodes.find((n) => n.id === forkOf(target.machine, toNode.id));
      problem(
        i,
        'to',
        'step_not_enterable',
        `“${labelOf(toNode)}” is in a track of ${fork ? `side-by-side step “${labelOf(fork)}”` : 'a side-by-side step'}, and a lead cannot be on one track alone. Send the leads to that side-by-side step itself, which starts every track, or to a step outside it.`,
      );
      continue;
    }
    if (why === 'entry') {
      const first = target.doc.edges.find((e) => e.source === toNode.id);
      const next = target.doc.nodes.find((n) => n.id === first?.target);
      problem(
        i,
        'to',
        'step_not_enterable',
        `“${labelOf(toNode)}” is where leads enter the flow, and nothing leads back into it. To start the leads over, send them to ${next ? `the step it leads to, “${labelOf(next)}”` : 'the first step after it'}.`,
      );
      continue;
    }
    if (why === 'ends') {
      problem(
        i,
        'to',
        'step_not_enterable',
        `“${labelOf(toNode)}” ends the flow: the leads would leave at once, counted as having reached it. To take leads out of the flow, remove them instead.`,
      );
      continue;
    }
    const key = mapKey(entry.version, entry.from);
    const first = where.get(key);
    if (first !== undefined) {
      problem(
        i,
        null,
        'duplicate_mapping',
        `step “${labelOf(fromNode)}” of version ${entry.version} is already sent to a step by map[${first}]; give each step one destination.`,
      );
      continue;
    }
    where.set(key, i);
    groups.set(key, {
      version: entry.version,
      from: entry.from,
      fromLabel: labelOf(fromNode),
      to: entry.to,
      toLabel: labelOf(toNode),
      count: 0,
    });
  }
  const [first] = issues;
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more: see \`issues\`)` : '';
    throw new HttpError(400, first.code, `${first.message}${more}`, {
      issues,
      ...(first.path ? { path: first.path } : {}),
    });
  }
  return groups;
}
