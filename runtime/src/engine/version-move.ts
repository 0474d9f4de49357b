import type { AnyStateMachine } from 'xstate';
import type { EnrollmentRecord, FlowVersionRecord, TaskRecord } from '../store/records.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { versionMovedType } from '../store/timeline-text.ts';
import type { Engine } from './engine.ts';
import type { MachineCache } from './machines.ts';
import {
  checkMap,
  labelOf,
  type MappedGroup,
  type MoveMapEntry,
  type MoveTarget,
  mapKey,
  moveTargets,
} from './move-map.ts';
import { pendingMessage } from './outbox-message.ts';
import { planEffects } from './plan.ts';

/** Leads that stay where they are, for one reason at one step of one version. */
export interface StayedGroup {
  version: number;
  nodeId: string | null;
  label: string | null;
  reason: string;
  count: number;
}

/** What moving a flow's leads to one of its versions did (or, on a dry run, would do). */
export interface MoveReport {
  flowId: string;
  version: number;
  dryRun: boolean;
  /** Leads moved, in all: those sent to a step by the map included. */
  moved: number;
  /** Leads moved, per version they were on (the map's included). */
  movedFrom: Record<string, number>;
  /** Per map entry, in the order asked: the leads it sent to its step (0 when none needed it). */
  mapped: MappedGroup[];
  /** Leads that could not move and stay on their version, grouped by why. */
  stayed: StayedGroup[];
  /** The steps of this version a map entry may send leads to. */
  targets: MoveTarget[];
}

/** A timer of a moved step that the new version sets for another time (or under another event). */
interface Retime {
  sendId: string;
  /** Added to the timer's due time: the new wait less the old one (the time already waited counts). */
  delta: number;
  nodeId: string | null;
  /** The step is a sales task: its deadline moves with the timer. */
  task: boolean;
}

/** What the target version's sales step asks of its task: the queue that works it, its title and details. */
type TaskShape = Pick<TaskRecord, 'queue' | 'title' | 'details'>;

type Plan =
  | { ok: true; retimes: Map<string, Retime>; tasks: Map<string, TaskShape> }
  | { ok: false; nodeId: string | null; reason: string };

type Node = AnyStateMachine['root'];

const taskKinds = new Set(['salesCall', 'salesMeeting', 'handoff']);
/** Enrollments read, checked and moved per transaction. */
const pageSize = 500;

/**
 * Moves a flow's leads in progress from its other versions to one version, each at the step it is at:
 * publishing a fix (an email's subject, a wait made shorter) need not wait for the leads already inside
 * to finish. A lead moves when every step it is in exists in the target version as the same kind of
 * step in the same place; its snapshot (engagement, call attempts) and sales tasks stay, and its timers
 * keep the time already waited: a 7-day wait made 5 days fires 2 days earlier. A lead stays on its
 * version, counted with the reason, when its step was removed or changed kind, or when the step's
 * timers cannot be carried over (a timer added or removed, a calendar wait or webinar date changed).
 *
 * `map` says where leads that would stay go instead: the leads on a version kept at a step (the `nodeId`
 * of a `stayed` group) are placed at a step of the target version as if they had just arrived there
 * (see place-at.ts: the step's email, task and wait start afresh; what they did so far stays). An entry
 * only decides for leads that would otherwise stay: leads at its step that move by themselves still do,
 * keeping the time already waited, so asking again after a cut-short move needs no other map. A map
 * that names what the flow does not have is refused before anything moves (see move-map.ts).
 *
 * Leads are moved 500 to a transaction, each with its timers, tasks and a timeline line, so a lead is
 * never half-moved; a move cut short is finished by asking again. `dryRun` reports without writing.
 */
export async function moveLeads(
  store: Store,
  engine: Engine,
  target: FlowVersionRecord,
  options: {
    from?: readonly number[] | undefined;
    dryRun?: boolean | undefined;
    map?: readonly MoveMapEntry[] | undefined;
  } = {},
): Promise<MoveReport> {
  const map = options.map ?? [];
  const mapped: Map<string, MappedGroup> = map.length
    ? await store.read((tx) => checkMap(tx, target, map, options.from))
    : new Map();
  const report: MoveReport = {
    flowId: target.flowId,
    version: target.version,
    dryRun: options.dryRun === true,
    moved: 0,
    movedFrom: {},
    mapped: [],
    stayed: [],
    targets: moveTargets(target),
  };
  const stayed = new Map<string, StayedGroup>();
  const planner = new MovePlanner(engine.machines, target);
  let afterId = '';
  for (;;) {
    const work = async (tx: StoreTx) => {
      const page = await tx.activeEnrollmentsOf(target.flowId, {
        version: target.version,
        from: options.from,
        afterId,
        limit: pageSize,
      });
      for (const enrollment of page) {
        const from = await planner.version(tx, enrollment.version);
        const plan = planner.plan(from, enrollment.snapshot.value);
        if (plan.ok) {
          if (!report.dryRun) await moveOne(tx, enrollment, target, plan, engine.clock.now());
        } else {
          const sendTo = plan.nodeId === null ? undefined : mapped.get(mapKey(from.version, plan.nodeId));
          if (!sendTo) {
            stay(stayed, from, plan);
            continue;
          }
          if (!report.dryRun) await placeOne(tx, engine, enrollment, from, target, sendTo);
          sendTo.count++;
        }
        report.moved++;
        report.movedFrom[from.version] = (report.movedFrom[from.version] ?? 0) + 1;
      }
      return page;
    };
    const page = report.dryRun ? await store.read(work) : await store.transaction(work);
    if (page.length < pageSize) break;
    afterId = (page.at(-1) as EnrollmentRecord).id;
  }
  report.mapped = [...mapped.values()];
  report.stayed = [...stayed.values()].sort((a, b) => b.count - a.count || a.version - b.version);
  return report;
}

/** Counts a lead that stays on its version in the group of its version, step and reason. */
function stay(
  stayed: Map<string, StayedGroup>,
  from: FlowVersionRecord,
  plan: Extract<Plan, { ok: false }>,
): void {
  const key = `${from.version}\n${plan.nodeId}\n${plan.reason}`;
  const group = stayed.get(key);
  if (group) group.count++;
  else {
    const label = from.doc.nodes.find((n) => n.id === plan.nodeId)?.label ?? null;
    stayed.set(key, { version: from.version, nodeId: plan.nodeId, label, reason: plan.reason, count: 1 });
  }
}

/**
 * Sends a lead that would stay to the step its map entry names, as if it had just arrived there. Its move
 * line names every step it leaves: a lead on side-by-side tracks leaves all of them, not only the step
 * the entry names.
 */
async function placeOne(
  tx: StoreTx,
  engine: Engine,
  enrollment: EnrollmentRecord,
  from: FlowVersionRecord,
  target: FlowVersionRecord,
  sendTo: MappedGroup,
): Promise<void> {
  const now = engine.clock.now();
  const left = enrollment.activeNodes.length > 0 ? enrollment.activeNodes : [sendTo.from];
  const labels = left.map((id) => {
    const node = from.doc.nodes.find((n) => n.id === id);
    return `“${node ? labelOf(node) : id}”`;
  });
  const was = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}` : labels[0];
  await engine.placeAt(tx, {
    enrollment,
    version: target,
    stepId: sendTo.to,
    why: `the lead was moved to “${sendTo.toLabel}” of version ${target.version}`,
    line: {
      leadId: enrollment.leadId,
      at: now,
      flowId: target.flowId,
      version: target.version,
      nodeId: sendTo.to,
      type: versionMovedType,
      text: `Moved to version ${target.version} of “${target.doc.name}” at “${sendTo.toLabel}” (was at ${was} on version ${enrollment.version})`,
      data: {
        enrollmentId: enrollment.id,
        from: enrollment.version,
        to: target.version,
        // The steps it left, for the old version's per-step stats (it arrives at `toNodeId` by its own line).
        nodes: enrollment.activeNodes,
        fromNodeId: sendTo.from,
        toNodeId: sendTo.to,
      },
    },
  });
}

async function moveOne(
  tx: StoreTx,
  enrollment: EnrollmentRecord,
  target: FlowVersionRecord,
  { retimes, tasks }: { retimes: Map<string, Retime>; tasks: Map<string, TaskShape> },
  now: number,
): Promise<void> {
  const shifted = new Map<string, number>();
  if (retimes.size > 0) {
    for (const timer of await tx.timersOf(enrollment.id)) {
      const retime = retimes.get(timer.sendId);
      if (!retime) continue;
      await tx.cancelTimer(enrollment.id, timer.sendId);
      await tx.addTimer({
        enrollmentId: enrollment.id,
        sendId: retime.sendId,
        event: { type: retime.sendId },
        nodeId: timer.nodeId,
        dueAt: timer.dueAt + retime.delta,
      });
      if (retime.task && retime.nodeId) shifted.set(retime.nodeId, retime.delta);
    }
  }
  for (const task of await tx.openTasksOf(enrollment.id)) {
    const moved: TaskRecord = {
      ...task,
      ...reshaped(task, tasks.get(task.nodeId)),
      version: target.version,
      deadlineAt: task.deadlineAt + (shifted.get(task.nodeId) ?? 0),
    };
    await tx.saveTask(moved);
    if (moved.queue !== task.queue) await notifyQueue(tx, moved, task.queue, now);
  }
  await tx.setEnrollmentVersion(enrollment, target.version);
  await tx.addTimeline({
    leadId: enrollment.leadId,
    at: now,
    flowId: target.flowId,
    version: target.version,
    nodeId: null,
    type: versionMovedType,
    text: `Moved to version ${target.version} of “${target.doc.name}” (was on version ${enrollment.version})`,
    // The steps it is at: it leaves them in the old version and arrives at them in the new one (per-step stats).
    data: {
      enrollmentId: enrollment.id,
      from: enrollment.version,
      to: target.version,
      nodes: enrollment.activeNodes,
    },
  });
}

/**
 * Tells the queue a moved task now waits in, as the task channel tells a queue of a new task (a queue that
 * watches its notifications would otherwise never hear of it). The payload is a new task's, with `movedFrom`.
 */
async function notifyQueue(tx: StoreTx, task: TaskRecord, movedFrom: string, now: number): Promise<void> {
  const message = pendingMessage({
    lead: await tx.getLead(task.leadId),
    leadId: task.leadId,
    enrollmentId: task.enrollmentId,
    nodeId: task.nodeId,
    channel: 'task',
    payload: {
      nodeId: task.nodeId,
      kind: task.kind,
      queue: task.queue,
      title: task.title,
      deadlineAt: task.deadlineAt,
      details: task.details,
      flowId: task.flowId,
      version: task.version,
      taskId: task.id,
      movedFrom,
    },
    now,
  });
  await tx.saveMessage(message);
}

/**
 * A moved task shows what the target version's step asks (its title, purpose, talking points, agenda)
 * and waits in the queue that step names, as a task the lead got there would. A claimed task stays in
 * its queue: the rep working it keeps it, and a rep limited to that queue could not finish it elsewhere.
 */
function reshaped(task: TaskRecord, shape: TaskShape | undefined): Partial<TaskRecord> {
  if (!shape) return {};
  const { queue, ...rest } = shape;
  return task.status === 'claimed' ? rest : shape;
}

/** The task the target step's `createTask` would make, worked out as a step's effects are (plan.ts). */
function taskShape(node: Node, target: FlowVersionRecord): TaskShape | undefined {
  const entry = (node.config.entry ?? []) as { type?: string; params?: Record<string, unknown> }[];
  const create = [entry].flat().find((a) => a?.type === 'createTask');
  if (!create?.params) return undefined;
  const [task] = planEffects([{ type: 'createTask', params: create.params }], target.doc, 0).tasks;
  return task && { queue: task.queue, title: task.title, details: task.details };
}

/**
 * Decides, per version and state value, whether a lead can move to the target version and which of its
 * timers change: worked out once per distinct place in the flow, then applied to every lead there.
 */
class MovePlanner {
  readonly #plans = new Map<string, Plan>();
  readonly #versions = new Map<number, FlowVersionRecord>();
  readonly #machine: AnyStateMachine;
  readonly #delays: Map<string, string>;

  constructor(
    readonly machines: MachineCache,
    readonly target: FlowVersionRecord,
  ) {
    this.#machine = machines.get(target);
    this.#delays = delaySpecs(this.#machine);
  }

  async version(tx: StoreTx, version: number): Promise<FlowVersionRecord> {
    let found = this.#versions.get(version);
    if (!found) {
      const record = await tx.getVersion(this.target.flowId, version);
      if (!record)
        throw new Error(`Flow ${this.target.flowId} has leads on version ${version}, which is missing.`);
      found = record;
      this.#versions.set(version, found);
    }
    return found;
  }

  plan(from: FlowVersionRecord, value: unknown): Plan {
    const key = `${from.version}\n${JSON.stringify(value)}`;
    let plan = this.#plans.get(key);
    if (!plan) {
      plan = this.#decide(from, value);
      this.#plans.set(key, plan);
    }
    return plan;
  }

  #decide(from: FlowVersionRecord, value: unknown): Plan {
    const old = this.machines.get(from);
    const to = this.target.version;
    const pairs: [Node, Node][] = [];
    const missing = pairUp(old.root as Node, this.#machine.root as Node, value, pairs);
    // A step that became another kind is said to be so, even when its inner states (a webinar's phases)
    // have no counterpart in the new kind.
    for (const [a, b] of pairs) {
      if (metaOf(a)?.kind !== metaOf(b)?.kind) {
        return { ok: false, nodeId: stepOf(a), reason: `the step is another kind of step in version ${to}` };
      }
    }
    if (missing) return { ok: false, nodeId: stepOf(missing), reason: this.#whyMissing(missing) };
    const oldDelays = delaySpecs(old);
    const retimes = new Map<string, Retime>();
    const tasks = new Map<string, TaskShape>();
    for (const [a, b] of pairs) {
      const nodeId = stepOf(a);
      const kind = metaOf(a)?.kind;
      if (a.type === 'parallel' && Object.keys(b.states).some((k) => !Object.hasOwn(a.states, k))) {
        return { ok: false, nodeId, reason: `a track was added to the step in version ${to}` };
      }
      const problem = carryTimers(a, b, oldDelays, this.#delays, (oldType, retime) =>
        retimes.set(oldType, { ...retime, nodeId, task: taskKinds.has(String(kind)) }),
      );
      if (problem) return { ok: false, nodeId, reason: problem.replace('{v}', String(to)) };
      const shape = nodeId && taskKinds.has(String(kind)) ? taskShape(b, this.target) : undefined;
      if (nodeId && shape) tasks.set(nodeId, shape);
    }
    return { ok: true, retimes, tasks };
  }

  /** Why an old state has no counterpart in the target version. */
  #whyMissing(missing: Node): string {
    const to = this.target.version;
    const nodeId = stepOf(missing);
    if (!this.target.doc.nodes.some((n) => n.id === nodeId)) return `the step is not in version ${to}`;
    if (missing.key === nodeId) return `the step moved into or out of a side-by-side track in version ${to}`;
    // A fork's region: one of the tracks the lead is on side by side is gone.
    if (!metaOf(missing) && missing.parent?.type === 'parallel')
      return `a track was removed from the step in version ${to}`;
    return `the step has another shape in version ${to}`;
  }
}

/**
 * Walks a state value down both machines, pairing each active state node with the target's node at the
 * same place. Answers the first old node with no counterpart, or null when every one has one.
 */
function pairUp(a: Node, b: Node, value: unknown, out: [Node, Node][]): Node | null {
  const entries: [string, unknown][] =
    typeof value === 'string' ? [[value, null]] : Object.entries((value ?? {}) as Record<string, unknown>);
  for (const [key, sub] of entries) {
    const child = a.states[key];
    if (!child) continue;
    const counterpart = b.states[key];
    if (!counterpart) return child;
    out.push([child, counterpart]);
    if (sub !== null) {
      const missing = pairUp(child, counterpart, sub, out);
      if (missing) return missing;
    }
  }
  return null;
}

/**
 * Carries a step's timers from one version to the other: the same calendar waits (same settings), and as
 * many fixed waits, paired shortest with shortest. Answers why not, or null and the timers that change.
 */
function carryTimers(
  a: Node,
  b: Node,
  oldDelays: Map<string, string>,
  newDelays: Map<string, string>,
  retime: (oldType: string, to: { sendId: string; delta: number }) => void,
): string | null {
  const timersOf = (node: Node) => {
    const seen = new Map<string, number | string>();
    for (const t of node.after) seen.set(t.eventType, t.delay as number | string);
    return [...seen].map(([eventType, delay]) => ({ eventType, delay }));
  };
  const before = timersOf(a);
  const after = timersOf(b);
  const named = (list: typeof before, specs: Map<string, string>) =>
    list
      .filter((t) => typeof t.delay === 'string')
      .map((t) => ({ ...t, spec: specs.get(String(t.delay)) }))
      .sort((x, y) => String(x.delay).localeCompare(String(y.delay)));
  const namedBefore = named(before, oldDelays);
  const namedAfter = named(after, newDelays);
  const sameCalendar =
    namedBefore.length === namedAfter.length &&
    namedBefore.every((t, i) => t.delay === namedAfter[i]?.delay && t.spec === namedAfter[i]?.spec);
  if (!sameCalendar) return 'the step’s date or calendar wait changed in version {v}';
  const fixed = (list: typeof before) =>
    list.filter((t) => typeof t.delay === 'number').sort((x, y) => Number(x.delay) - Number(y.delay));
  const fixedBefore = fixed(before);
  const fixedAfter = fixed(after);
  if (fixedBefore.length !== fixedAfter.length)
    return 'the step’s timers were added or removed in version {v}';
  for (const [i, t] of fixedBefore.entries()) {
    const next = fixedAfter[i] as (typeof fixedAfter)[number];
    const delta = Number(next.delay) - Number(t.delay);
    if (delta !== 0 || next.eventType !== t.eventType) retime(t.eventType, { sendId: next.eventType, delta });
  }
  for (const [i, t] of namedBefore.entries()) {
    const next = namedAfter[i] as (typeof namedAfter)[number];
    if (next.eventType !== t.eventType) retime(t.eventType, { sendId: next.eventType, delta: 0 });
  }
  return null;
}

interface StepMeta {
  nodeId?: string;
  kind?: string;
  delays?: Record<string, unknown>;
}

const metaOf = (node: Node): StepMeta | undefined => node.config.meta as StepMeta | undefined;

/** The flow step a state node belongs to: its own, or the nearest enclosing step's (a webinar's phases). */
function stepOf(node: Node): string | null {
  for (let n: Node | undefined = node; n; n = n.parent as Node | undefined) {
    const id = metaOf(n)?.nodeId;
    if (id) return id;
  }
  return null;
}

/** Every named (calendar) delay of a machine with its settings, as the compiler recorded them. */
function delaySpecs(machine: AnyStateMachine): Map<string, string> {
  const specs = new Map<string, string>();
  const visit = (node: Node) => {
    for (const [name, spec] of Object.entries(metaOf(node)?.delays ?? {}))
      specs.set(name, JSON.stringify(spec));
    for (const child of Object.values(node.states)) visit(child as Node);
  };
  visit(machine.root as Node);
  return specs;
}
