import {
  compileFlow,
  effectActions,
  type FlowDocument,
  FlowSimulation,
  kindDef,
  type LeadFacts,
  validateFlow,
} from '@tandem/schema';
import { ManualClock } from '../clock.ts';
import { type Body, type TestApp, testApp } from '../testing.ts';

/** What both sides say about the lead at one moment, in the same words. */
export interface Observed {
  active: string[];
  done: boolean;
  score: number;
  stage: string;
  recycleCount: number;
  /** When each active step's timers fall due (ISO), by step. */
  timers: string[];
  /** The step lines (the simulator's log, the runtime's timeline), each `at type: text`. */
  lines: string[];
}

const effectTypes = new Set<string>(effectActions);

/**
 * A test lead walked through a flow twice with the same choices and times: in the designer's simulator
 * and in the runtime (in-process, manual clock). `observe()` reads both in the same shape, so a test can
 * check that what the simulator shows a marketer is what the runtime will do.
 */
export class Twin {
  private constructor(
    readonly doc: FlowDocument,
    readonly sim: FlowSimulation,
    readonly t: TestApp,
    readonly leadId: string,
  ) {}

  static async start(
    raw: Record<string, unknown>,
    options: {
      start?: string;
      lead?: Partial<LeadFacts> & { bant?: Record<string, unknown> };
      /** Flows published first (recycle targets). */
      others?: Record<string, unknown>[];
    } = {},
  ): Promise<Twin> {
    const start = Date.parse(options.start ?? '2026-01-05T09:00:00Z');
    // The runtime enrolls through the API: a manual entry, whatever the playbook's own trigger.
    const flow = { ...raw, entry: { trigger: { type: 'manual' }, reentry: { policy: 'always' } } };
    const v = validateFlow(flow);
    if (!v.ok) throw new Error(JSON.stringify(v.issues, null, 1));
    const c = compileFlow(flow);
    if (!c.ok) throw new Error('compile failed');
    const { lead = {} } = options;
    const t = testApp({ clock: new ManualClock(start) });
    for (const other of options.others ?? []) {
      const res = await t.call('POST', `/api/flows/${other.id}/publish`, other);
      if (res.status >= 300) throw new Error(JSON.stringify(res.body));
    }
    const res = await t.call('POST', `/api/flows/${v.value.id}/publish`, flow);
    if (res.status >= 300) throw new Error(JSON.stringify(res.body));
    const created = await t.lead({
      email: 'twin@example.com',
      ...(lead.score !== undefined ? { score: lead.score } : {}),
      ...(lead.stage ? { stage: lead.stage } : {}),
      ...(lead.attributes ? { attributes: lead.attributes } : {}),
      ...(lead.bant ? { bant: lead.bant } : {}),
    });
    const enrolled = await t.call('POST', `/api/flows/${v.value.id}/enrollments`, { leadId: created.id });
    if (enrolled.status >= 300) throw new Error(JSON.stringify(enrolled.body));
    const sim = new FlowSimulation(v.value, c.value, {
      start,
      lead: { ...lead, id: created.id, attributes: { email: 'twin@example.com', ...lead.attributes } },
    } as never);
    return new Twin(v.value, sim, t, created.id);
  }

  /** The simulator's choice for a step, carried out in the runtime as sales, the lead and the clock would. */
  async choose(nodeId: string, outcome: string): Promise<void> {
    const node = this.doc.nodes.find((n) => n.id === nodeId);
    const choice =
      node &&
      kindDef(node.kind)
        ?.simulate(node.settings, nodeId)
        .find((c) => c.outcome === outcome);
    if (!choice) throw new Error(`no choice ${nodeId}:${outcome}`);
    this.sim.choose(nodeId, outcome);
    // A webinar's attendance comes once it is over: the runtime's clock gets there first.
    const notBefore = choice.notBefore ? Date.parse(choice.notBefore) : Number.NaN;
    if (notBefore > this.t.clock.now()) await this.t.advance(notBefore - this.t.clock.now());
    for (const e of choice.events) {
      if (e.type === 'task.completed' || e.type === 'task.attempted') {
        const task = (await this.t.openTasks(this.leadId)).find((x: Body) => x.nodeId === nodeId);
        if (!task) throw new Error(`no open task at ${nodeId}`);
        const res =
          e.type === 'task.completed'
            ? await this.t.call('POST', `/api/tasks/${task.id}/complete`, {
                outcome: e.outcome,
                ...(e.reason ? { reason: e.reason } : {}),
              })
            : await this.t.call('POST', `/api/tasks/${task.id}/attempt`, {});
        if (res.status >= 300) throw new Error(JSON.stringify(res.body));
      } else {
        await this.t.emit(this.leadId, e.type, {
          ...(e.nodeId ? { nodeId: e.nodeId } : {}),
          ...(e.data ? { data: e.data } : {}),
        });
      }
    }
    // The simulator fast-forwarded to the step's timer: the runtime's clock moves as far.
    await this.t.advance(this.sim.state.now - this.t.clock.now());
  }

  /** A lead event (a form, a pricing visit) in both. */
  async event(type: string, data?: Record<string, unknown>): Promise<void> {
    this.sim.send({ type, ...(data ? { data } : {}) });
    await this.t.emit(this.leadId, type, data ? { data } : {});
  }

  /** Time passes in both, every timer due on the way firing. */
  async advance(ms: number): Promise<void> {
    this.sim.advance(ms);
    await this.t.advance(ms);
  }

  simObserved(): Observed {
    const s = this.sim;
    return {
      active: s.done
        ? []
        : s
            .activeNodes()
            .map((n) => n.id)
            .sort(),
      done: s.done,
      score: s.lead.score,
      stage: s.lead.stage,
      recycleCount: s.lead.recycleCount,
      timers: s.state.timers.map((x) => `${x.nodeId}@${new Date(x.dueAt).toISOString()}`).sort(),
      lines: s.state.log.map((l) => `${new Date(l.at).toISOString()} ${l.type}: ${l.text}`),
    };
  }

  async runtimeObserved(): Promise<Observed> {
    const lead = (await this.t.call('GET', `/api/leads/${this.leadId}`)).body;
    const enrollment = lead.enrollments.filter((e: Body) => e.flowId === this.doc.id).at(-1);
    const timers = await this.t.store.read((tx) => tx.timersOf(enrollment.id));
    const timeline = (await this.t.call('GET', `/api/leads/${this.leadId}/timeline`)).body as Body[];
    return {
      active: [...enrollment.activeNodes].sort(),
      done: enrollment.status !== 'active',
      score: lead.score,
      stage: lead.stage,
      recycleCount: lead.recycleCount,
      timers: timers.map((x) => `${x.nodeId}@${new Date(x.dueAt).toISOString()}`).sort(),
      lines: timeline
        .filter((l) => l.flowId === this.doc.id && effectTypes.has(l.type))
        .map((l) => `${l.at} ${l.type}: ${l.text}`),
    };
  }

  close(): Promise<void> {
    return this.t.close();
  }
}
