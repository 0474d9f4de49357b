import { examples } from '@tandem/examples';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from '../testing.ts';
import { Twin } from './twin.ts';

let twin: Twin | undefined;
afterEach(async () => {
  await twin?.close();
  twin = undefined;
});

const example = (id: string) =>
  JSON.parse(JSON.stringify(examples.find((e) => e.id === id)?.flow)) as Record<string, unknown>;

/** Both sides agree on everything a marketer sees: steps, times, score, stage, the log's lines. */
async function agree(tw: Twin): Promise<void> {
  expect(await tw.runtimeObserved()).toEqual(tw.simObserved());
}

type Move = [string, string] | ['advance', number] | ['event', string, Record<string, unknown>?];

async function walk(tw: Twin, moves: Move[]): Promise<void> {
  await agree(tw);
  for (const m of moves) {
    if (m[0] === 'advance') await tw.advance(m[1] as number);
    else if (m[0] === 'event') await tw.event(m[1] as string, m[2] as Record<string, unknown> | undefined);
    else await tw.choose(m[0], m[1] as string);
    await agree(tw);
  }
}

describe('the simulator tells the truth about the runtime: playbooks', () => {
  it('recycled lead nurture', async () => {
    twin = await Twin.start(example('recycled-lead-nurture'));
    await walk(twin, [
      ['tp-call', 'noAnswer'],
      ['recycle-no-answer', 'reentered'],
      ['nurture-email', 'clicked'],
      ['reengage-wait', 'timedOut'],
      ['nurture-email', 'opened'],
      ['reengage-wait', 'received'],
      ['tp-call', 'expired'],
      ['recycle-not-called', 'reentered'],
      ['tp-call', 'disqualified'],
      ['recycle-disqualified', 'reentered'],
      ['slow-cadence', 'done'],
      ['nurture-email', 'noEngagement'],
      ['advance', 20 * DAY],
      ['event', 'pricing.visited'],
      ['reengage-wait', 'timedOut'],
      ['tp-call', 'converted'],
    ]);
  });

  it('recycled lead nurture: recycled three times, the slow cadence', async () => {
    twin = await Twin.start(example('recycled-lead-nurture'), { lead: { score: 5 } });
    await walk(twin, [
      ['tp-call', 'connected'],
      ['recycle-not-ready', 'reentered'],
      ['nurture-email', 'noEngagement'],
      ['reengage-wait', 'received'],
      ['tp-call', 'notNow'],
      ['recycle-not-ready', 'reentered'],
      ['nurture-email', 'noEngagement'],
      ['reengage-wait', 'received'],
      ['tp-call', 'noAnswer'],
      ['recycle-no-answer', 'reentered'],
      ['slow-cadence', 'done'],
    ]);
  });

  it('meeting as a nurture step', async () => {
    twin = await Twin.start(example('meeting-as-nurture-step'), { start: '2026-02-02T09:00:00Z' });
    await walk(twin, [
      ['report-email', 'clicked'],
      ['panel-wait', 'done'],
      ['panel-webinar', 'attended'],
      ['case-study', 'clicked'],
      ['meeting-invite', 'clicked'],
      ['exploratory-meeting', 'held'],
      ['recap-email', 'opened'],
      ['post-meeting-wait', 'done'],
      ['post-meeting-brief', 'noEngagement'],
      ['proposal-wait', 'timedOut'],
      ['post-meeting-wait', 'done'],
      ['post-meeting-brief', 'clicked'],
      ['proposal-wait', 'received'],
    ]);
  });

  it('meeting as a nurture step: no-show at the panel, declines the meeting', async () => {
    twin = await Twin.start(example('meeting-as-nurture-step'), { start: '2026-02-02T09:00:00Z' });
    await walk(twin, [
      ['report-email', 'noEngagement'],
      ['panel-wait', 'done'],
      ['panel-webinar', 'noShow'],
      ['recording-email', 'opened'],
      ['case-study', 'opened'],
      ['nurture-wait', 'done'],
      ['event', 'pricing.visited'],
      ['nurture-email', 'clicked'],
      ['meeting-invite', 'clicked'],
      ['exploratory-meeting', 'declined'],
      ['nurture-wait', 'done'],
      ['nurture-email', 'noEngagement'],
    ]);
  });

  it('meeting as a nurture step: reaches the panel after it started', async () => {
    twin = await Twin.start(example('meeting-as-nurture-step'), { start: '2026-02-16T09:00:00Z' });
    await walk(twin, [
      ['report-email', 'noEngagement'],
      ['panel-wait', 'done'],
      ['case-study', 'noEngagement'],
    ]);
  });

  it('no hand-off: together from day one', async () => {
    twin = await Twin.start(example('no-handoff-day-one'));
    await walk(twin, [
      ['greeting-call', 'notNow'],
      ['welcome-email', 'opened'],
      ['roi-email', 'clicked'],
      ['let-marketing-work', 'done'],
      ['checkin-call', 'noAnswer'],
      ['demo-wait', 'timedOut'],
      ['monthly-email', 'noEngagement'],
      ['demo-wait', 'received'],
      ['demo-meeting', 'held'],
      ['next-checkin-wait', 'done'],
      ['checkin-call', 'expired'],
      ['demo-wait', 'received'],
      ['demo-meeting', 'opportunity'],
    ]);
  });

  it('no hand-off: sales converts on day one', async () => {
    twin = await Twin.start(example('no-handoff-day-one'));
    await walk(twin, [
      ['welcome-email', 'clicked'],
      ['greeting-call', 'converted'],
    ]);
  });

  it('sales plus marketing nurture', async () => {
    twin = await Twin.start(example('sales-plus-marketing-nurture'));
    await walk(twin, [
      ['guide-email', 'clicked'],
      ['intro-call', 'connected'],
      ['space-2-weeks', 'done'],
      ['benchmark-call', 'connected'],
      ['webinar', 'attended'],
      ['recording-email', 'noEngagement'],
      ['space-3-weeks', 'done'],
      ['health-check-offer-call', 'converted'],
      ['case-study-email', 'opened'],
      ['health-check-meeting', 'held'],
      ['space-8-weeks', 'done'],
      ['quarterly-insight-call', 'converted'],
      ['health-check-meeting', 'opportunity'],
    ]);
  });

  it('sales plus marketing nurture: the follow-up call asks about the webinar the lead attended', async () => {
    twin = await Twin.start(example('sales-plus-marketing-nurture'), { start: '2026-01-26T09:00:00Z' });
    await walk(twin, [
      ['intro-call', 'notNow'],
      ['guide-email', 'opened'],
      ['webinar', 'attended'],
      ['space-2-weeks', 'done'],
      ['webinar-followup-call', 'noAnswer'],
    ]);
  });

  it('sales plus marketing nurture: webinar declined, benchmark call', async () => {
    twin = await Twin.start(example('sales-plus-marketing-nurture'));
    await walk(twin, [
      ['intro-call', 'expired'],
      ['guide-email', 'noEngagement'],
      ['webinar', 'declined'],
      ['space-2-weeks', 'done'],
      ['benchmark-call', 'disqualified'],
      ['monthly-wait', 'done'],
    ]);
  });

  it('a lead definition agreed with sales: the A-lead', async () => {
    twin = await Twin.start(example('agreed-lead-definition'), {
      lead: {
        attributes: { employees: 2400, jobLevel: 'vp' },
        bant: { budget: 'approved', authority: 'decision-maker' },
      },
    });
    await walk(twin, [
      ['prequal-email', 'clicked'],
      ['event', 'form.submitted', { formId: 'newsletter' }],
      ['survey-wait', 'received'],
      ['handoff-field', 'expired'],
      ['handoff-inside', 'rejected'],
      ['recycle-rejected', 'reentered'],
      ['nurture-email', 'clicked'],
      ['handoff-field', 'accepted'],
      ['discovery-field', 'notNow'],
      ['owner-email', 'noEngagement'],
      ['owner-wait', 'done'],
      ['owner-call', 'converted'],
    ]);
  });

  it('a lead definition agreed with sales: B and C leads, missed SLAs', async () => {
    twin = await Twin.start(example('agreed-lead-definition'), {
      lead: { attributes: { employees: 300 }, bant: { need: 'confirmed', timeline: 'this-quarter' } },
    });
    await walk(twin, [
      ['prequal-email', 'clicked'],
      ['survey-wait', 'received'],
      ['handoff-inside', 'expired'],
      ['recycle-sla', 'reentered'],
      ['handoff-inside', 'expired'],
      ['recycle-sla', 'reentered'],
      ['handoff-inside', 'expired'],
      ['recycle-sla', 'reentered'],
      ['nurture-wait', 'done'],
    ]);
  });
});

/** A flow from steps and `source:outcome>target` connections, entry first. */
function flow(id: string, nodes: Record<string, unknown>[], links: string[]): Record<string, unknown> {
  return {
    id,
    name: id,
    nodes: [{ id: 'start', kind: 'entry', label: 'Start' }, ...nodes],
    edges: links.map((l, i) => {
      const [from, target] = l.split('>') as [string, string];
      const [source, outcome] = from.split(':') as [string, string];
      return { id: `e${i}`, source, outcome, target };
    }),
  };
}

const call = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'salesCall',
  label: id,
  owner: { team: 'sales', queue: 'insideSales' },
  settings: { purpose: 'Talk', deadline: { amount: 2, unit: 'days' }, maxAttempts: 2 },
  ...extra,
});
const done = (id = 'done') => ({ id, kind: 'goal', label: id, settings: { reason: 'Done' } });
const left = (id = 'out') => ({ id, kind: 'exit', label: id, settings: { reason: 'Left' } });

describe('the simulator tells the truth about the runtime: each kind of step', () => {
  it('waits for an email open that no email step of the flow sent', async () => {
    twin = await Twin.start(
      flow(
        'listen-open',
        [
          {
            id: 'listen',
            kind: 'waitForEvent',
            label: 'Opens any email?',
            settings: { eventType: 'email.opened', timeout: { amount: 5, unit: 'days' } },
          },
          done(),
          left(),
        ],
        ['start:next>listen', 'listen:received>done', 'listen:timedOut>out'],
      ),
    );
    await walk(twin, [['listen', 'received']]);
  });

  it('waits for a filtered form, ignoring other forms, and times out', async () => {
    const doc = flow(
      'forms',
      [
        {
          id: 'survey',
          kind: 'waitForEvent',
          label: 'Fills in the survey?',
          settings: {
            eventType: 'form.submitted',
            filter: { formId: 'needs-survey', step: 2 },
            timeout: { amount: 36, unit: 'hours' },
          },
        },
        { id: 'bonus', kind: 'score', label: 'Survey', settings: { points: 20, reason: 'Survey' } },
        left(),
      ],
      ['start:next>survey', 'survey:received>bonus', 'bonus:next>survey', 'survey:timedOut>out'],
    );
    twin = await Twin.start(doc);
    await walk(twin, [
      ['event', 'form.submitted', { formId: 'newsletter' }],
      ['event', 'form.submitted', { formId: 'needs-survey', step: '2' }],
      ['advance', 20 * 3_600_000],
      ['survey', 'received'],
      ['advance', 35 * 3_600_000],
      ['event', 'form.submitted', { formId: 'needs-survey', step: 2, extra: true }],
      ['survey', 'timedOut'],
    ]);
  });

  it('waits by length, until a date and until a weekday in time zones', async () => {
    const doc = flow(
      'waits',
      [
        {
          id: 'w1',
          kind: 'wait',
          label: 'Ninety minutes',
          settings: { mode: 'duration', duration: { amount: 90, unit: 'minutes' } },
        },
        {
          id: 'w2',
          kind: 'wait',
          label: 'Until launch',
          settings: { mode: 'untilDate', date: '2026-03-27T08:30:00+01:00' },
        },
        {
          id: 'w3',
          kind: 'wait',
          label: 'Tue/Thu 9:00 Berlin',
          settings: { mode: 'untilWeekday', weekdays: [2, 4], hour: 9, timezone: 'Europe/Berlin' },
        },
        {
          id: 'w4',
          kind: 'wait',
          label: 'Sunday 1:00 London',
          settings: { mode: 'untilWeekday', weekdays: [0], hour: 1, timezone: 'Europe/London' },
        },
        {
          id: 'w5',
          kind: 'wait',
          label: 'Monday 8:00 New York',
          settings: { mode: 'untilWeekday', weekdays: [1], hour: 8, timezone: 'America/New_York' },
        },
        {
          id: 'w6',
          kind: 'wait',
          label: 'Already past',
          settings: { mode: 'untilDate', date: '2026-01-01T00:00:00Z' },
        },
        {
          id: 'w7',
          kind: 'wait',
          label: 'Fri 23:00 Tokyo',
          settings: { mode: 'untilWeekday', weekdays: [5], hour: 23, timezone: 'Asia/Tokyo' },
        },
        done(),
      ],
      [
        'start:next>w1',
        'w1:done>w2',
        'w2:done>w3',
        'w3:done>w4',
        'w4:done>w5',
        'w5:done>w6',
        'w6:done>w7',
        'w7:done>done',
      ],
    );
    twin = await Twin.start(doc, { start: '2026-03-06T22:15:00Z' });
    await walk(twin, [
      ['w1', 'done'],
      ['w2', 'done'],
      ['w3', 'done'],
      ['w4', 'done'],
      ['w5', 'done'],
      ['w7', 'done'],
    ]);
    expect(
      twin.sim.state.log.filter((l) => l.type === 'recordOutcome').map((l) => new Date(l.at).toISOString()),
    ).toEqual([
      '2026-03-06T22:15:00.000Z',
      '2026-03-06T23:45:00.000Z',
      '2026-03-27T07:30:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-05T00:00:00.000Z',
      '2026-04-06T12:00:00.000Z',
      '2026-04-06T12:00:00.000Z',
      '2026-04-10T14:00:00.000Z',
    ]);
  });

  it('branches on attributes, BANT, score, recycles, stage and past events', async () => {
    const rule = (id: string, r: Record<string, unknown>) => ({
      id,
      label: id,
      when: { match: 'all', rules: [r] },
    });
    const doc = flow(
      'branches',
      [
        {
          id: 'b',
          kind: 'branch',
          label: 'Who?',
          settings: {
            conditions: [
              rule('attr', { fact: 'attribute', key: 'industry', op: 'contains', value: 'SOFT' }),
              rule('bant', { fact: 'bant', key: 'budget', op: 'in', value: ['approved', 'planned'] }),
              rule('score', { fact: 'score', op: 'gte', value: 50 }),
              rule('recycled', { fact: 'recycleCount', op: 'gte', value: 1 }),
              rule('stage', { fact: 'stage', op: 'in', value: ['sal'] }),
              rule('visited', {
                fact: 'event',
                eventType: 'pricing.visited',
                op: 'occurred',
                within: { amount: 2, unit: 'days' },
              }),
            ],
          },
        },
        {
          id: 'listen',
          kind: 'waitForEvent',
          label: 'Anything?',
          settings: { eventType: 'page.visited', timeout: { amount: 3, unit: 'days' } },
        },
        {
          id: 'again',
          kind: 'recycle',
          label: 'Again',
          settings: { reason: 'Loop', cooldown: { amount: 1, unit: 'days' }, target: { nodeId: 'b' } },
        },
        { id: 'up', kind: 'score', label: 'Up', settings: { points: 60, reason: 'Up' } },
        { id: 'sal', kind: 'stage', label: 'SAL', settings: { stage: 'sal' } },
        done('d-attr'),
        done('d-bant'),
        done('d-score'),
        done('d-stage'),
        done('d-visited'),
      ],
      [
        'start:next>b',
        'b:attr>d-attr',
        'b:bant>d-bant',
        'b:score>d-score',
        'b:recycled>listen',
        'b:stage>d-stage',
        'b:visited>d-visited',
        'b:else>listen',
        'listen:received>up',
        'up:next>sal',
        'sal:next>b',
        'listen:timedOut>again',
      ],
    );
    twin = await Twin.start(doc);
    await walk(twin, [
      ['event', 'pricing.visited'],
      ['listen', 'timedOut'],
      ['again', 'reentered'],
      ['advance', 1 * DAY],
      ['listen', 'received'],
    ]);
    for (const lead of [
      { attributes: { industry: 'Software' } },
      { bant: { budget: 'planned' } },
      { score: 50 },
      { stage: 'sal' as const },
    ]) {
      await twin.close();
      twin = await Twin.start(doc, { lead });
      await walk(twin, []);
    }
  });

  it('splits a lead the same way in both', async () => {
    const doc = flow(
      'split',
      [
        {
          id: 'ab',
          kind: 'split',
          label: 'A/B',
          settings: {
            variants: [
              { id: 'a', label: 'A', percent: 30 },
              { id: 'b', label: 'B', percent: 70 },
            ],
          },
        },
        done('da'),
        left('db'),
      ],
      ['start:next>ab', 'ab:a>da', 'ab:b>db'],
    );
    for (let i = 0; i < 4; i++) {
      twin = await Twin.start(doc);
      await walk(twin, []);
      await twin.close();
    }
    twin = undefined;
  });

  it('sales calls, meetings and hand-offs with every outcome, stages and recycles with reasons', async () => {
    const doc = flow(
      'sales',
      [
        { ...call('c1'), terminal: [] },
        {
          id: 'h',
          kind: 'handoff',
          label: 'Hand-off',
          owner: { team: 'sales', queue: 'fieldRep' },
          settings: { note: 'Hot', acceptanceDeadline: { amount: 1, unit: 'days' } },
        },
        {
          id: 'm',
          kind: 'salesMeeting',
          label: 'Meeting',
          owner: { team: 'sales', queue: 'fieldRep' },
          settings: { purpose: 'Meet', agenda: ['Hello'], deadline: { amount: 5, unit: 'days' } },
        },
        {
          id: 'dq',
          kind: 'stage',
          label: 'DQ',
          settings: { stage: 'disqualified', reason: 'Sales said no' },
        },
        {
          id: 'rec',
          kind: 'recycle',
          label: 'Recycle',
          settings: {
            reason: 'Back to nurture',
            cooldown: { amount: 2, unit: 'days' },
            target: { nodeId: 'c1' },
          },
        },
        {
          id: 'opp',
          kind: 'stage',
          label: 'Opportunity',
          settings: { stage: 'opportunity', reason: 'Project' },
        },
        { id: 'mql', kind: 'stage', label: 'MQL again', settings: { stage: 'mql' } },
        { id: 'minus', kind: 'score', label: 'Minus', settings: { points: -5 } },
        done(),
        left(),
      ],
      [
        'start:next>c1',
        'c1:connected>h',
        'c1:notNow>rec',
        'c1:noAnswer>rec',
        'c1:disqualified>dq',
        'dq:next>rec',
        'c1:converted>opp',
        'c1:expired>minus',
        'minus:next>c1',
        'h:accepted>m',
        'h:rejected>rec',
        'h:expired>out',
        'm:held>c1',
        'm:noShow>rec',
        'm:declined>out',
        'm:expired>out',
        'm:opportunity>opp',
        'opp:next>mql',
        'mql:next>done',
      ],
    );
    twin = await Twin.start(doc);
    await walk(twin, [
      ['c1', 'expired'],
      ['c1', 'disqualified'],
      ['rec', 'reentered'],
      ['c1', 'noAnswer'],
      ['rec', 'reentered'],
      ['c1', 'connected'],
      ['h', 'rejected'],
      ['rec', 'reentered'],
      ['c1', 'connected'],
      ['h', 'accepted'],
      ['m', 'noShow'],
      ['rec', 'reentered'],
      ['c1', 'connected'],
      ['h', 'accepted'],
      ['m', 'held'],
      ['c1', 'converted'],
    ]);
    await twin.close();
    twin = await Twin.start(doc, { lead: { stage: 'customer' } });
    await walk(twin, [
      ['c1', 'disqualified'],
      ['rec', 'reentered'],
      ['c1', 'connected'],
      ['h', 'expired'],
    ]);
  });

  it('emails and webinars, a step that sends itself again, registration-only webinars', async () => {
    const doc = flow(
      'mail',
      [
        {
          id: 'e1',
          kind: 'email',
          label: 'Hello',
          settings: { template: 't', subject: 'Hello', window: { amount: 2, unit: 'days' } },
        },
        {
          id: 'wr',
          kind: 'webinar',
          label: 'Register',
          settings: { webinar: 'Live', startsAt: '2026-01-20T16:00:00Z', continueAfter: 'registration' },
        },
        {
          id: 'wa',
          kind: 'webinar',
          label: 'Attend',
          settings: {
            webinar: 'Later',
            startsAt: '2026-02-10T16:00:00Z',
            durationMinutes: 30,
            attendanceReportHours: 2,
          },
        },
        done(),
        left(),
      ],
      [
        'start:next>e1',
        'e1:clicked>wr',
        'e1:opened>e1',
        'e1:noEngagement>out',
        'wr:registered>wa',
        'wr:declined>out',
        'wa:attended>done',
        'wa:noShow>e1',
        'wa:declined>out',
      ],
    );
    twin = await Twin.start(doc);
    await walk(twin, [
      ['e1', 'opened'],
      ['e1', 'clicked'],
      ['wr', 'registered'],
      ['wa', 'noShow'],
      ['e1', 'noEngagement'],
    ]);
  });

  it('side-by-side tracks: one ends, a goal in the other ends both', async () => {
    const doc = flow(
      'tracks',
      [
        {
          id: 'fork',
          kind: 'fork',
          label: 'Together',
          settings: {
            tracks: [
              { id: 'mkt', label: 'Marketing' },
              { id: 'sales', label: 'Sales' },
            ],
          },
        },
        {
          id: 'e1',
          kind: 'email',
          label: 'Tips',
          settings: { template: 't', subject: 'Tips', window: { amount: 3, unit: 'days' } },
          terminal: ['opened', 'noEngagement'],
        },
        {
          id: 'w',
          kind: 'wait',
          label: 'Pause',
          settings: { mode: 'duration', duration: { amount: 1, unit: 'weeks' } },
        },
        { ...call('c1'), terminal: ['notNow', 'noAnswer', 'disqualified', 'expired'] },
        { id: 'sc', kind: 'score', label: 'Clicked', settings: { points: 5 } },
        done(),
      ],
      [
        'start:next>fork',
        'fork:mkt>e1',
        'fork:sales>c1',
        'e1:clicked>sc',
        'sc:next>w',
        'w:done>done',
        'c1:connected>done',
        'c1:converted>done',
      ],
    );
    twin = await Twin.start(doc);
    await walk(twin, [
      ['e1', 'clicked'],
      ['c1', 'expired'],
      ['w', 'done'],
    ]);
    await twin.close();
    twin = await Twin.start(doc);
    await walk(twin, [
      ['c1', 'noAnswer'],
      ['e1', 'noEngagement'],
    ]);
  });

  it('recycles into another flow', async () => {
    const doc = flow(
      'cross',
      [
        { ...call('c1'), terminal: ['connected', 'notNow', 'converted', 'expired', 'disqualified'] },
        {
          id: 'away',
          kind: 'recycle',
          label: 'To partners',
          settings: {
            reason: 'Unreached',
            cooldown: { amount: 3, unit: 'days' },
            target: { flowId: 'partners', nodeId: 'intro' },
          },
        },
      ],
      ['start:next>c1', 'c1:noAnswer>away'],
    );
    const partners = flow(
      'partners',
      [
        {
          id: 'intro',
          kind: 'email',
          label: 'Partner intro',
          settings: { template: 'p', subject: 'Partners' },
          terminal: ['clicked', 'opened', 'noEngagement'],
        },
      ],
      ['start:next>intro'],
    );
    twin = await Twin.start(doc, { others: [partners] });
    await walk(twin, [
      ['c1', 'noAnswer'],
      ['away', 'reentered'],
    ]);
    const lead = (await twin.t.call('GET', `/api/leads/${twin.leadId}`)).body;
    const where = lead.enrollments.map((e: { flowId: string; activeNodes: string[] }) => [
      e.flowId,
      e.activeNodes,
    ]);
    expect(where).toEqual([
      ['cross', []],
      ['partners', ['intro']],
    ]);
  });
});
