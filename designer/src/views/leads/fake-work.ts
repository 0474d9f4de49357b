import { examples } from '@tandem/examples';
import { type FlowDocument, type Queue, queueLabels } from '@tandem/schema';
import { vi } from 'vitest';
import {
  type Lead,
  type Task,
  type TaskListItem,
  type TimelineEntry,
  taskListLimit,
} from '../../api/work.ts';
import type { Role } from '../../flow/permissions.ts';

/**
 * A runtime on `fetch` for the Leads and Tasks areas: two leads in “No hand-off: together from day one”,
 * their tasks and timelines in memory, answering as the real routes do (the order of the task list, queue
 * limits, claims, a reason for a disqualification…). Every call is recorded.
 */

export interface WorkCall {
  method: string;
  path: string;
  body: unknown;
}

function exampleFlow(id: string): FlowDocument {
  const found = examples.find((e) => e.id === id)?.flow;
  if (!found) throw new Error(`the ${id} example is missing`);
  return found;
}
export const dayOneFlow = exampleFlow('no-handoff-day-one');
const flow = dayOneFlow;

const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 0, 5 + day, hour)).toISOString();

function lead(id: string, name: string, email: string, extra: Partial<Lead> = {}): Lead {
  return {
    id,
    externalId: `crm-${id}`,
    email,
    name,
    attributes: {},
    bant: {},
    score: 0,
    stage: 'inquiry',
    stageReason: null,
    recycleCount: 0,
    owner: null,
    createdAt: at(0),
    updatedAt: at(0),
    enrollments: [
      {
        id: `enr-${id}`,
        leadId: id,
        flowId: flow.id,
        version: 1,
        status: 'active',
        activeNodes: ['greeting-call', 'welcome-email'],
        enteredAt: at(0),
        endedAt: null,
        endReason: null,
      },
    ],
    ...extra,
  };
}

export function task(id: string, leadId: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    leadId,
    flowId: flow.id,
    version: 1,
    nodeId: 'greeting-call',
    kind: 'call',
    queue: 'telequalifying',
    title: 'Day-one greeting call',
    details: {
      purpose: 'Welcome the new lead and ask whether we can help right away',
      talkingPoints: ['Ask plainly: is there anything we can help with this week?'],
      maxAttempts: 3,
    },
    status: 'open',
    assignee: null,
    outcome: null,
    reason: null,
    attempts: 0,
    deadlineAt: at(1),
    overdue: false,
    createdAt: at(0),
    closedAt: null,
    ...extra,
  };
}

const callOutcomes = [
  { id: 'connected', label: 'Connected' },
  { id: 'notNow', label: 'Not now' },
  { id: 'noAnswer', label: 'No answer after 3 attempts' },
  { id: 'disqualified', label: 'Disqualified (with reason)' },
  { id: 'converted', label: 'Converted' },
];

/** A queue as the runtime names it in its refusals. */
const label = (queue: string) => queueLabels[queue as Queue] ?? queue;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const refuse = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

export function fakeWork(opts: { role?: Role; name?: string; queues?: string[] | null } = {}) {
  const me = {
    role: opts.role ?? 'sales',
    name: opts.name ?? 'Inside sales team',
    queues: opts.queues ?? null,
  };
  const leads = new Map<string, Lead>([
    [
      'lee',
      lead('lee', 'Lee Park', 'lee@contoso.example', {
        attributes: { company: 'Contoso', title: 'CFO', employees: 1200, unsubscribed: false },
        bant: { budget: 'approved', need: 'forecasting' },
        score: 15,
        stage: 'mql',
        stageReason: 'Clicked through to the ROI calculator',
        owner: 'Mia Chen',
        updatedAt: at(3),
      }),
    ],
    ['ada', lead('ada', 'Ada Obi', 'ada@fabrikam.example', { updatedAt: at(2) })],
  ]);
  const tasks = new Map<string, Task>(
    [
      task('t-lee', 'lee'),
      task('t-ada', 'ada', {
        title: 'Sales pops in: check-in call',
        nodeId: 'checkin-call',
        queue: 'insideSales',
        deadlineAt: at(-1),
        overdue: true,
      }),
      task('t-old', 'lee', { status: 'done', outcome: 'notNow', deadlineAt: at(-3), closedAt: at(-3) }),
      task('t-field', 'ada', {
        kind: 'meeting',
        queue: 'fieldRep',
        nodeId: 'demo-meeting',
        title: 'Demo with the rep who greeted them',
        status: 'claimed',
        assignee: 'Sam Patel',
        deadlineAt: at(5),
      }),
    ].map((t) => [t.id, t]),
  );
  let lineId = 0;
  const line = (leadId: string, type: string, text: string, extra: Partial<TimelineEntry> = {}) => ({
    id: ++lineId,
    leadId,
    at: at(0),
    type,
    text,
    flowId: flow.id,
    version: 1,
    nodeId: null,
    data: {},
    ...extra,
  });
  const timelines = new Map<string, TimelineEntry[]>([
    [
      'lee',
      [
        line('lee', 'leadCreated', 'Lead created: Lee Park', { flowId: null, version: null }),
        line('lee', 'enterNode', 'Reached “Day-one greeting call”', { nodeId: 'greeting-call' }),
        line('lee', 'createTask', 'Telequalifying task created: Day-one greeting call (due in 24 hours)', {
          nodeId: 'greeting-call',
        }),
        line('lee', 'sendEmail', 'Email sent: “Welcome: here’s the 2026 planning benchmark”', {
          nodeId: 'welcome-email',
        }),
        line('lee', 'email.opened', 'Email opened', {
          at: at(1, 14),
          flowId: null,
          version: null,
        }),
      ],
    ],
    ['ada', [line('ada', 'leadCreated', 'Lead created: Ada Obi', { flowId: null, version: null })]],
  ]);

  const forbidden = (queue: string) =>
    me.queues && !me.queues.includes(queue)
      ? refuse(
          403,
          'queue_forbidden',
          `This token works the ${me.queues.map(label).join(' and ')} queues; ${label(queue)} is not one of them.`,
        )
      : null;
  const listItem = (t: Task): TaskListItem => ({
    ...t,
    leadName: leads.get(t.leadId)?.name ?? null,
    leadEmail: leads.get(t.leadId)?.email ?? null,
    leadExternalId: leads.get(t.leadId)?.externalId ?? null,
  });
  const taskLine = (t: Task, type: string, what: string) =>
    timelines.get(t.leadId)?.push(
      line(t.leadId, type, `Telequalifying task “${t.title}” ${what}`, {
        nodeId: t.nodeId,
        data: { taskId: t.id },
      }),
    );

  const calls: WorkCall[] = [];
  const handle = (path: string, body: Record<string, unknown>): Response => {
    const url = new URL(path, 'http://runtime');
    const p = url.pathname;
    const q = url.searchParams;
    if (p === '/me') return json(me);
    if (p === '/flows') return json([]);
    if (p === `/flows/${flow.id}/versions/1`)
      return json({ flowId: flow.id, version: 1, publishedAt: at(0), flow });
    if (p === '/admin/sample-leads') {
      if (me.role !== 'admin' && me.role !== 'marketing')
        return refuse(403, 'forbidden', 'This route needs a token with the role admin or marketing.');
      const added = Array.from({ length: Number(body.count) }, (_, i) =>
        lead(`sample-${i + 1}`, `Sample person ${i + 1}`, `person${i + 1}@northwind.example`, {
          attributes: { sample: true },
          updatedAt: at(0),
        }),
      );
      for (const l of added) leads.set(l.id, l);
      return json(
        {
          leads: added.map((l) => ({ id: l.id, externalId: l.externalId, name: l.name })),
          events: added.length,
          enrolled: { [flow.id]: added.length },
        },
        201,
      );
    }
    if (p === '/leads') {
      const s = (q.get('search') ?? '').toLowerCase();
      const found = [...leads.values()]
        .filter((l) => !s || l.id === s || `${l.name} ${l.email} ${l.externalId}`.toLowerCase().includes(s))
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      return json(found.slice(0, Number(q.get('limit') ?? 100)));
    }
    const leadPath = p.match(/^\/leads\/([^/]+)(\/timeline)?$/);
    if (leadPath) {
      const l = leads.get(decodeURIComponent(leadPath[1] ?? ''));
      if (!l) return refuse(404, 'not_found', `Unknown lead “${leadPath[1]}”.`);
      return json(leadPath[2] ? timelines.get(l.id) : l);
    }
    if (p === '/tasks') {
      const queue = q.get('queue');
      if (queue) {
        const no = forbidden(queue);
        if (no) return no;
      }
      const open = (t: Task) => (t.status === 'open' || t.status === 'claimed' ? 0 : 1);
      const list = [...tasks.values()]
        .filter(
          (t) =>
            (!queue || t.queue === queue) &&
            (queue || !me.queues || me.queues.includes(t.queue)) &&
            (!q.get('status') || t.status === q.get('status')) &&
            (!q.get('assignee') || t.assignee === q.get('assignee')) &&
            (!q.get('leadId') || t.leadId === q.get('leadId')),
        )
        .sort((a, b) => open(a) - open(b) || a.deadlineAt.localeCompare(b.deadlineAt))
        .slice(0, taskListLimit);
      return json(list.map(listItem));
    }
    const taskPath = p.match(/^\/tasks\/([^/]+)(?:\/(claim|release|attempt|complete))?$/);
    if (taskPath) {
      const t = tasks.get(decodeURIComponent(taskPath[1] ?? ''));
      if (!t) return refuse(404, 'not_found', `Unknown task “${taskPath[1]}”.`);
      const no = forbidden(t.queue);
      if (no) return no;
      const action = taskPath[2];
      if (!action) {
        const l = leads.get(t.leadId) as Lead;
        const history = (timelines.get(t.leadId) ?? []).filter((e) => e.type !== 'enterNode');
        return json({
          ...t,
          lead: l,
          history,
          agenda: null,
          outcomes: t.kind === 'call' ? callOutcomes : [],
        });
      }
      if (me.role === 'marketing')
        return refuse(403, 'forbidden', 'This route needs a token with the role admin or sales.');
      if (t.status !== 'open' && t.status !== 'claimed')
        return refuse(409, 'task_closed', `Task “${t.title}” is already ${t.status}.`);
      if (action === 'claim') {
        const assignee = String(body.assignee);
        if (t.status === 'claimed' && t.assignee !== assignee)
          return refuse(409, 'task_claimed', `Task “${t.title}” is already claimed by ${t.assignee}.`);
        Object.assign(t, { status: 'claimed', assignee });
        taskLine(t, 'taskClaimed', `claimed by ${assignee}`);
      } else if (action === 'release') {
        taskLine(t, 'taskReleased', `handed back to the queue by ${body.by} (was claimed by ${t.assignee})`);
        Object.assign(t, { status: 'open', assignee: null });
      } else if (action === 'attempt') {
        t.attempts += 1;
        if (body.note)
          timelines.get(t.leadId)?.push(line(t.leadId, 'callNote', `Call attempt note: ${body.note}`));
      } else {
        const outcome = callOutcomes.find((o) => o.id === body.outcome);
        if (!outcome)
          return refuse(400, 'unknown_outcome', `“${body.outcome}” is not an outcome of this task.`);
        if (outcome.id === 'disqualified' && !body.reason)
          return refuse(
            400,
            'missing_reason',
            'Say why the lead is disqualified: the reason goes back to marketing and into reports.',
          );
        if (t.status === 'claimed' && body.assignee !== t.assignee)
          return refuse(409, 'task_claimed', `Task “${t.title}” is claimed by ${t.assignee}.`);
        Object.assign(t, {
          status: 'done',
          outcome: outcome.id,
          reason: body.reason ?? null,
          assignee: t.assignee ?? body.assignee ?? null,
          closedAt: at(0, 10),
        });
        taskLine(t, 'taskCompleted', `completed: ${outcome.label}${body.reason ? ` (${body.reason})` : ''}`);
      }
      return json(t);
    }
    return refuse(404, 'not_found', 'Not here.');
  };

  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: { method?: string; body?: string }) => {
      const method = init?.method ?? 'GET';
      const path = url.replace(/^\/api/, '');
      const body = init?.body ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      calls.push({ method, path, body: init?.body ? body : undefined });
      return handle(path, body);
    }),
  );
  return { calls, leads, tasks, timelines };
}
