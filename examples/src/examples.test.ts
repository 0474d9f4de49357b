import { readFileSync } from 'node:fs';
import { compileFlow, FlowSimulation, type LeadFacts, type SimLogEntry, validateFlow } from '@tandem/schema';
import { describe, expect, it } from 'vitest';
import { generateFlow } from './generate.ts';
import { type ExampleFlow, exampleById, examples } from './index.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

function example(id: string): ExampleFlow {
  const found = exampleById(id);
  if (!found) throw new Error(`no example ${id}`);
  return found;
}

/** A test lead entering the example's flow at the simulator's start (Monday 5 January 2026, 09:00 UTC). */
function run(id: string, lead: Partial<LeadFacts> = {}, start?: string): FlowSimulation {
  const { flow } = example(id);
  const compiled = compileFlow(flow);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return new FlowSimulation(flow, compiled.value, { lead, ...(start ? { start: Date.parse(start) } : {}) });
}

const active = (sim: FlowSimulation) => sim.activeNodes().map((n) => n.id);
const entries = (sim: FlowSimulation, type: string) => sim.state.log.filter((e) => e.type === type);
const params = (e: SimLogEntry) => e.params ?? {};
const emailsSent = (sim: FlowSimulation) => entries(sim, 'sendEmail').map((e) => params(e).subject as string);
const started = (sim: FlowSimulation) => sim.state.log[0]?.at ?? 0;

/** Sales tasks created so far, with the queue that works each one. */
function tasks(sim: FlowSimulation) {
  return entries(sim, 'createTask').map((e) => {
    const node = sim.doc.nodes.find((n) => n.id === e.nodeId);
    const p = params(e);
    return {
      nodeId: e.nodeId,
      queue: node?.owner.queue,
      title: p.title as string,
      purpose: p.purpose as string | undefined,
      deadlineMs: p.deadlineMs as number,
      day: (e.at - started(sim)) / DAY,
    };
  });
}

function ownerOf(sim: FlowSimulation, nodeId: string) {
  return sim.doc.nodes.find((n) => n.id === nodeId)?.owner;
}

describe('the five playbook examples', () => {
  it('has one example per playbook, each found by id and stored under its own name', () => {
    expect(examples.map((e) => e.id)).toEqual([
      'meeting-as-nurture-step',
      'no-handoff-day-one',
      'agreed-lead-definition',
      'sales-plus-marketing-nurture',
      'recycled-lead-nurture',
    ]);
    for (const e of examples) {
      expect(exampleById(e.id)).toBe(e);
      expect(e.flow.id).toBe(e.id);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.summary.length).toBeGreaterThan(0);
      const file = JSON.parse(readFileSync(new URL(`../flows/${e.id}.json`, import.meta.url), 'utf8'));
      expect(file).toEqual(e.flow);
    }
    expect(exampleById('no-such-playbook')).toBeUndefined();
  });

  describe.each(examples.map((e) => [e.id, e] as const))('%s', (_id, { flow }) => {
    it('validates with no issues, and the file already holds every default', () => {
      const result = validateFlow(flow);
      expect(result.ok ? [] : result.issues).toEqual([]);
      if (result.ok) expect(result.value).toEqual(flow);
    });

    it('compiles to plain JSON, byte-identical across compilations', () => {
      const first = compileFlow(flow);
      const second = compileFlow(structuredClone(flow));
      expect(first.ok && second.ok).toBe(true);
      if (!first.ok || !second.ok) return;
      const bytes = JSON.stringify(first.value);
      expect(JSON.parse(bytes)).toEqual(first.value);
      expect(JSON.stringify(second.value)).toBe(bytes);
    });

    it('lays every step out on the canvas with a label, apart from every other step', () => {
      for (const node of flow.nodes) {
        expect(node.label.trim(), node.id).not.toBe('');
        expect(node.position, node.id).toBeDefined();
      }
      const crowded: string[] = [];
      for (const [i, a] of flow.nodes.entries()) {
        for (const b of flow.nodes.slice(i + 1)) {
          const dx = Math.abs((a.position?.x ?? 0) - (b.position?.x ?? 0));
          const dy = Math.abs((a.position?.y ?? 0) - (b.position?.y ?? 0));
          // The narrowest card and the shortest: the designer checks the cards' own sizes (flow/edits.test.ts).
          if (dx < 200 && dy < 80) crowded.push(`${a.id} / ${b.id}`);
        }
      }
      expect(crowded).toEqual([]);
    });

    it('names a queue on every sales step', () => {
      const salesSteps = flow.nodes.filter((n) => ['salesCall', 'salesMeeting', 'handoff'].includes(n.kind));
      expect(salesSteps.length).toBeGreaterThan(0);
      for (const step of salesSteps) {
        expect(step.owner.team).toBe('sales');
        expect(['telequalifying', 'insideSales', 'fieldRep']).toContain(step.owner.queue);
      }
    });
  });
});

describe('playbook 1: the meeting as a nurture step', () => {
  const id = 'meeting-as-nurture-step';

  /** Report read, panel attended, case study ignored: score 30, so the invitation goes out; the lead books. */
  function bookMeeting(): FlowSimulation {
    const sim = run(id);
    sim.choose('report-email', 'clicked');
    sim.choose('panel-wait', 'done');
    sim.choose('panel-webinar', 'attended');
    sim.choose('case-study', 'noEngagement');
    expect(active(sim)).toEqual(['meeting-invite']);
    expect(sim.lead.score).toBe(30);
    expect(sim.lead.stage).toBe('mql');
    sim.choose('meeting-invite', 'clicked');
    return sim;
  }

  it('invites engaged leads to a meeting that is plainly not a pitch, with a visual agenda for the field rep', () => {
    const sim = bookMeeting();
    expect(emailsSent(sim)).toEqual([
      'Your 2026 Supplier Risk Report (and 3 questions to ask your team)',
      'How Halvorsen Foods cut stock-outs by 31% in two quarters',
      '30 minutes on your supplier risk map (not a sales pitch)',
    ]);
    expect(entries(sim, 'sendWebinarInvite')).toHaveLength(1);
    expect(active(sim)).toEqual(['exploratory-meeting']);
    const [task] = entries(sim, 'createTask');
    expect(params(task as SimLogEntry)).toMatchObject({ taskKind: 'meeting', durationMinutes: 30 });
    expect(params(task as SimLogEntry).agenda).toHaveLength(4);
    expect(params(task as SimLogEntry).purpose).toMatch(/not a sales pitch/i);
    expect(tasks(sim).map((t) => t.queue)).toEqual(['fieldRep']);
  });

  it('"held, no immediate action" keeps the lead in marketing nurture', () => {
    const sim = bookMeeting();
    sim.choose('exploratory-meeting', 'held');
    expect(emailsSent(sim).at(-1)).toBe('Your supplier risk map from our session, plus the two benchmarks');
    sim.advance(5 * DAY);
    expect(active(sim)).toEqual(['post-meeting-wait']);
    expect(ownerOf(sim, 'post-meeting-wait')?.team).toBe('marketing');
    expect(sim.lead.stage).toBe('mql');
    expect(sim.done).toBe(false);
    expect(entries(sim, 'exitFlow')).toEqual([]);

    sim.advance(4 * WEEK);
    expect(emailsSent(sim).at(-1)).toBe(
      'This month in supply planning: lead times, promotions and one template',
    );
    expect(active(sim)).toEqual(['post-meeting-brief']);
    expect(tasks(sim)).toHaveLength(1);
  });

  it('a lead who asks for a proposal later still reaches the opportunity', () => {
    const sim = bookMeeting();
    sim.choose('exploratory-meeting', 'held');
    sim.advance(5 * DAY + 4 * WEEK + 5 * DAY);
    expect(active(sim)).toEqual(['proposal-wait']);
    sim.send({ type: 'proposal.requested' });
    expect(sim.lead.stage).toBe('opportunity');
    expect(sim.done).toBe(true);
  });

  it('"opportunity" moves the lead to sales and reaches the goal', () => {
    const sim = bookMeeting();
    sim.choose('exploratory-meeting', 'opportunity');
    expect(sim.lead.stage).toBe('opportunity');
    expect(sim.done).toBe(true);
    expect(active(sim)).toEqual(['goal-opportunity']);
    expect(entries(sim, 'exitFlow').map((e) => params(e).why)).toEqual(['goal']);
  });

  it.each(['noShow', 'declined'])(
    'a %s goes back to nurture and must earn the next invitation',
    (outcome) => {
      const sim = bookMeeting();
      sim.choose('exploratory-meeting', outcome);
      expect(active(sim)).toEqual(['nurture-wait']);
      expect(sim.lead.score).toBe(15);
      sim.advance(3 * WEEK + 4 * DAY);
      expect(emailsSent(sim).at(-1)).toBe('Three supplier signals worth watching this month');
      expect(active(sim)).toEqual(['nurture-wait']);
      expect(tasks(sim)).toHaveLength(1);
      expect(sim.done).toBe(false);
    },
  );

  it('a lead who never engages is nurtured without ever bothering sales', () => {
    const sim = run(id);
    sim.choose('report-email', 'noEngagement');
    sim.choose('panel-wait', 'done');
    sim.choose('panel-webinar', 'declined');
    sim.choose('case-study', 'noEngagement');
    expect(active(sim)).toEqual(['nurture-wait']);
    sim.advance(12 * WEEK);
    expect(tasks(sim)).toEqual([]);
    expect(sim.lead.stage).toBe('inquiry');
    expect(emailsSent(sim).filter((s) => s.includes('not a sales pitch'))).toEqual([]);
  });
});

describe('playbook 2: no hand-off, sales and marketing together from day one', () => {
  const id = 'no-handoff-day-one';

  it('runs the sales and marketing tracks at once: a greeting call and a welcome email on day one', () => {
    const sim = run(id);
    expect(active(sim).sort()).toEqual(['greeting-call', 'welcome-email']);
    expect(
      sim
        .activeNodes()
        .map((n) => n.owner.team)
        .sort(),
    ).toEqual(['marketing', 'sales']);
    expect(tasks(sim)).toMatchObject([
      { nodeId: 'greeting-call', queue: 'telequalifying', deadlineMs: DAY, day: 0 },
    ]);
    expect(emailsSent(sim)).toEqual(["Welcome: here's the 2026 planning benchmark"]);
  });

  it('sales pops in after three weeks of marketing, then the lead it knows becomes an opportunity', () => {
    const sim = run(id);
    sim.choose('greeting-call', 'notNow');
    expect(active(sim).sort()).toEqual(['let-marketing-work', 'welcome-email']);

    sim.advance(3 * WEEK);
    expect(active(sim).sort()).toEqual(['checkin-call', 'demo-wait']);
    const checkin = tasks(sim)[1];
    expect(checkin).toMatchObject({ nodeId: 'checkin-call', queue: 'insideSales', day: 21 });
    expect(checkin?.purpose).toMatch(/what marketing sent/);
    expect(emailsSent(sim)).toEqual([
      "Welcome: here's the 2026 planning benchmark",
      'What would two points of forecast accuracy be worth to you?',
    ]);

    sim.choose('checkin-call', 'converted');
    expect(sim.lead.stage).toBe('opportunity');
    expect(sim.done).toBe(true);
    expect(active(sim)).toEqual(['ready-to-buy']);
  });

  it('keeps popping in every six weeks while marketing sends its monthly follow-ups', () => {
    const sim = run(id);
    sim.choose('greeting-call', 'noAnswer');
    sim.advance(3 * WEEK);
    sim.choose('checkin-call', 'notNow');
    sim.advance(6 * WEEK);
    expect(tasks(sim).map((t) => t.nodeId)).toEqual(['greeting-call', 'checkin-call', 'checkin-call']);
    expect(emailsSent(sim)).toContain('This month in planning: one template, one number, one story');
    expect(active(sim)).toContain('checkin-call');
    expect(sim.done).toBe(false);
  });

  it('a demo request on the marketing track is closed by the rep the lead already knows', () => {
    const sim = run(id);
    sim.choose('greeting-call', 'connected');
    sim.advance(8 * DAY);
    expect(active(sim).sort()).toEqual(['demo-wait', 'let-marketing-work']);
    sim.send({ type: 'demo.requested' });
    expect(sim.lead.stage).toBe('sql');
    expect(active(sim).sort()).toEqual(['demo-meeting', 'let-marketing-work']);
    expect(tasks(sim).at(-1)).toMatchObject({ nodeId: 'demo-meeting', queue: 'insideSales' });
    sim.choose('demo-meeting', 'opportunity');
    expect(sim.lead.stage).toBe('opportunity');
    expect(sim.done).toBe(true);
    expect(active(sim)).toEqual(['ready-to-buy']);
  });

  it('a lead sales disqualifies on day one is still followed up by marketing', () => {
    const sim = run(id);
    sim.choose('greeting-call', 'disqualified');
    expect(active(sim)).toEqual(['welcome-email']);
    sim.advance(10 * WEEK);
    expect(emailsSent(sim).length).toBeGreaterThanOrEqual(3);
    expect(tasks(sim)).toHaveLength(1);
    expect(sim.done).toBe(false);
  });
});

describe('playbook 3: a lead definition agreed with sales', () => {
  const id = 'agreed-lead-definition';
  const aLead: Partial<LeadFacts> = {
    attributes: { email: 'ceo@bigco.example', employees: 2500, jobLevel: 'vp' },
    bant: { budget: 'approved', authority: 'decision-maker', need: 'confirmed', timeline: 'this-quarter' },
  };
  const bLead: Partial<LeadFacts> = {
    attributes: { email: 'planner@midco.example', employees: 300, jobLevel: 'manager' },
    bant: { need: 'confirmed', timeline: 'next-quarter' },
  };
  const cLead: Partial<LeadFacts> = {
    attributes: { email: 'dir@co.example', employees: 400, jobLevel: 'director' },
  };
  const notALead: Partial<LeadFacts> = { attributes: { email: 'student@uni.example', jobLevel: 'student' } };

  /** Runs pre-qualification: the two-question email, and the needs survey when `answersSurvey`. */
  function prequalify(lead: Partial<LeadFacts>, answersSurvey: boolean): FlowSimulation {
    const sim = run(id, lead);
    expect(active(sim)).toEqual(['prequal-email']);
    expect(emailsSent(sim)).toEqual(['Two quick questions so we send you the right material']);
    if (answersSurvey) {
      sim.choose('prequal-email', 'clicked');
      sim.send({ type: 'form.submitted', data: { formId: 'needs-survey' } });
    } else {
      sim.choose('prequal-email', 'noEngagement');
    }
    return sim;
  }

  it.each([
    [
      'an A-lead (enterprise, budget approved, decision maker)',
      aLead,
      true,
      'handoff-field',
      'fieldRep',
      DAY,
    ],
    ['a B-lead (need confirmed, buying next quarter)', bLead, true, 'handoff-inside', 'insideSales', 2 * DAY],
    ['a C-lead (director, BANT unknown)', cLead, false, 'tq-call', 'telequalifying', DAY],
  ] as const)(
    'escalates %s to the agreed queue with its follow-up deadline',
    (_who, lead, survey, step, queue, sla) => {
      const sim = prequalify(lead, survey);
      expect(active(sim)).toEqual([step]);
      expect(tasks(sim)).toMatchObject([{ nodeId: step, queue, deadlineMs: sla }]);
      expect(sim.lead.stage).toBe(step === 'tq-call' ? 'inquiry' : 'mql');
    },
  );

  it('keeps a lead that meets no threshold in marketing nurture, without a sales task', () => {
    const sim = prequalify(notALead, false);
    expect(active(sim)).toEqual(['nurture-wait']);
    sim.advance(2 * WEEK);
    expect(emailsSent(sim).at(-1)).toBe('Two charts every planner should see this fortnight');
    sim.advance(6 * WEEK);
    expect(tasks(sim)).toEqual([]);
    expect(sim.lead.stage).toBe('inquiry');
  });

  it('the survey answers decide: the same enterprise lead without them is only telequalified', () => {
    const sim = prequalify(aLead, false);
    expect(sim.lead.score).toBe(10);
    expect(tasks(sim).map((t) => t.queue)).toEqual(['telequalifying']);
  });

  it('a telequalified lead whose BANT is confirmed goes on to inside sales', () => {
    const sim = prequalify(cLead, false);
    sim.choose('tq-call', 'converted');
    expect(sim.lead.stage).toBe('mql');
    expect(tasks(sim).map((t) => t.queue)).toEqual(['telequalifying', 'insideSales']);
  });

  it('a rejected hand-off goes back to marketing with the reason, and is nurtured again', () => {
    const sim = prequalify(aLead, true);
    sim.choose('handoff-field', 'rejected');
    expect(active(sim)).toEqual(['recycle-rejected']);
    expect(sim.lead.stage).toBe('recycled');
    expect(sim.lead.stageReason).toBe('Not accepted by sales');
    expect(sim.lead.recycleCount).toBe(1);
    expect(params(entries(sim, 'recycled')[0] as SimLogEntry)).toMatchObject({
      reason: 'Not accepted by sales',
      salesReason: 'Not the decision maker',
      cooldownMs: 14 * DAY,
    });
    sim.advance(14 * DAY);
    expect(active(sim)).toEqual(['nurture-email']);
    expect(emailsSent(sim).at(-1)).toBe('Two charts every planner should see this fortnight');
  });

  it('a missed follow-up deadline passes the lead on instead of leaving it in a queue', () => {
    const sim = prequalify(aLead, true);
    sim.advance(DAY);
    expect(active(sim)).toEqual(['handoff-inside']);
    sim.advance(2 * DAY);
    expect(active(sim)).toEqual(['recycle-sla']);
    expect(sim.lead.stageReason).toBe('Not followed up within the agreed time');
    sim.advance(DAY);
    expect(active(sim)).toEqual(['handoff-field']);
    expect(tasks(sim).map((t) => t.queue)).toEqual(['fieldRep', 'insideSales', 'fieldRep']);
    // Twice more nobody picks it up: after the third resubmission it goes back to nurture.
    sim.advance(8 * DAY);
    expect(sim.lead.recycleCount).toBe(3);
    expect(active(sim)).toEqual(['nurture-wait']);
  });

  it('a SAL that is not yet an SQL is kept warm by its named owner until it qualifies', () => {
    const sim = prequalify(bLead, true);
    sim.choose('handoff-inside', 'accepted');
    expect(sim.lead.stage).toBe('sal');
    expect(active(sim)).toEqual(['discovery-inside']);
    sim.choose('discovery-inside', 'notNow');
    expect(active(sim)).toEqual(['owner-email']);
    expect(ownerOf(sim, 'owner-email')).toEqual({ team: 'sales', queue: 'insideSales' });
    expect(emailsSent(sim).at(-1)).toBe('Useful before your next planning cycle: our S&OP checklist');
    expect(sim.lead.stage).toBe('sal');

    sim.advance(5 * DAY + 3 * WEEK);
    expect(active(sim)).toEqual(['owner-call']);
    expect(tasks(sim).at(-1)).toMatchObject({ nodeId: 'owner-call', queue: 'insideSales' });
    sim.choose('owner-call', 'converted');
    expect(sim.lead.stage).toBe('sql');
    expect(sim.done).toBe(true);
  });
});

describe('playbook 4: sales nurturing plus marketing nurturing', () => {
  const id = 'sales-plus-marketing-nurture';
  const until = (sim: FlowSimulation, iso: string) => sim.advance(Date.parse(iso) - sim.state.now);

  it('keeps sending marketing content while the lead talks to sales', () => {
    const sim = run(id);
    expect(active(sim).sort()).toEqual(['guide-email', 'intro-call']);
    sim.choose('intro-call', 'connected');
    expect(active(sim).sort()).toEqual(['guide-email', 'space-2-weeks']);
    sim.advance(3 * DAY);
    expect(entries(sim, 'sendWebinarInvite').map((e) => params(e).webinar)).toEqual([
      'Forecasting in volatile markets: three practices that hold up',
    ]);
    sim.choose('webinar', 'declined');
    sim.advance(11 * DAY);
    expect(active(sim).sort()).toEqual(['benchmark-call', 'monthly-wait']);
    expect(emailsSent(sim)).toEqual([
      'Your demand-planning guide: start with chapter 3',
      'How Brightwater Beverages cut forecast error by a third',
    ]);
  });

  it('spaces personal touches and gives each its own purpose: never the same call twice', () => {
    // Enters on Monday 26 January, ten days before the webinar of 5 February.
    const sim = run(id, {}, '2026-01-26T09:00:00Z');
    sim.choose('intro-call', 'connected');
    sim.advance(3 * DAY);
    sim.send({ type: 'webinar.registered', nodeId: 'webinar' });
    until(sim, '2026-02-05T16:30:00Z');
    sim.send({ type: 'webinar.attended', nodeId: 'webinar' });
    expect(emailsSent(sim).at(-1)).toBe('The recording: three forecasting practices that hold up');
    until(sim, '2026-02-09T09:00:00Z');
    expect(active(sim)).toContain('webinar-followup-call');
    sim.choose('webinar-followup-call', 'notNow');
    sim.advance(3 * WEEK);
    sim.choose('health-check-offer-call', 'noAnswer');
    sim.advance(8 * WEEK);
    expect(active(sim)).toContain('quarterly-insight-call');

    const calls = tasks(sim);
    expect(calls.map((t) => [t.nodeId, t.day])).toEqual([
      ['intro-call', 0],
      ['webinar-followup-call', 14],
      ['health-check-offer-call', 35],
      ['quarterly-insight-call', 91],
    ]);
    expect(new Set(calls.map((t) => t.purpose)).size).toBe(calls.length);
    expect(calls.at(-1)?.purpose).toMatch(/never "any needs right now\?"/);
    // Marketing never stopped: the monthly brief went out while sales was calling.
    expect(emailsSent(sim).filter((s) => s.startsWith('This month:'))).toHaveLength(2);
    expect(sim.lead.score).toBe(15);
  });

  it('a lead who has not attended the webinar gets an educational peer benchmark call instead', () => {
    const sim = run(id);
    sim.choose('intro-call', 'noAnswer');
    sim.advance(3 * DAY);
    sim.send({ type: 'webinar.registered', nodeId: 'webinar' });
    sim.advance(11 * DAY);
    expect(active(sim).sort()).toEqual(['benchmark-call', 'webinar']);
    expect(tasks(sim).at(-1)?.purpose).toMatch(/^Educate/);
  });

  it('a lead who asks for the health check becomes an opportunity, ending both tracks', () => {
    const sim = run(id);
    sim.choose('intro-call', 'notNow');
    sim.advance(2 * WEEK);
    sim.choose('benchmark-call', 'converted');
    expect(sim.lead.stage).toBe('sql');
    expect(tasks(sim).at(-1)).toMatchObject({ nodeId: 'health-check-meeting', queue: 'fieldRep' });
    sim.choose('health-check-meeting', 'opportunity');
    expect(sim.lead.stage).toBe('opportunity');
    expect(sim.done).toBe(true);
    expect(active(sim)).toEqual(['goal']);
  });

  it('a lead disqualified by sales is not dropped from marketing content', () => {
    const sim = run(id);
    sim.choose('intro-call', 'disqualified');
    expect(active(sim)).toEqual(['guide-email']);
    sim.advance(16 * WEEK);
    expect(emailsSent(sim).filter((s) => s.startsWith('This month:'))).toHaveLength(2);
    expect(tasks(sim)).toHaveLength(1);
    expect(sim.done).toBe(false);
  });
});

describe('playbook 5: recycled lead nurture', () => {
  const id = 'recycled-lead-nurture';

  it('a lead disqualified as "no answer" is back in nurture after its 30-day cooldown, recycled once', () => {
    const sim = run(id, { stage: 'mql' });
    expect(tasks(sim)).toMatchObject([{ nodeId: 'tp-call', queue: 'telequalifying' }]);
    sim.choose('tp-call', 'noAnswer');
    expect(entries(sim, 'attemptLogged')).toHaveLength(4);
    expect(active(sim)).toEqual(['recycle-no-answer']);
    expect(sim.lead.stage).toBe('recycled');
    expect(sim.lead.stageReason).toBe('Tried calling, no answer');
    expect(sim.lead.recycleCount).toBe(1);

    sim.advance(30 * DAY - MINUTE);
    expect(active(sim)).toEqual(['recycle-no-answer']);
    expect(emailsSent(sim)).toEqual([]);
    sim.advance(MINUTE);
    expect(active(sim)).toEqual(['nurture-email']);
    expect(emailsSent(sim)).toEqual(['What changed for planners this quarter (a 3-minute read)']);
    expect(sim.lead.recycleCount).toBe(1);
    expect(tasks(sim)).toHaveLength(1);
  });

  it('resubmits a recycled lead to teleprospecting when it re-engages', () => {
    const sim = run(id, { stage: 'mql' });
    sim.choose('tp-call', 'noAnswer');
    sim.advance(30 * DAY);
    sim.choose('nurture-email', 'opened');
    expect(active(sim)).toEqual(['reengage-wait']);
    sim.send({ type: 'form.submitted', data: { formId: 'planning-template' } });
    expect(sim.lead.stage).toBe('mql');
    expect(sim.lead.stageReason).toBe('Re-engaged after recycling');
    expect(active(sim)).toEqual(['tp-call']);
    expect(tasks(sim).map((t) => t.nodeId)).toEqual(['tp-call', 'tp-call']);

    sim.choose('tp-call', 'converted');
    expect(sim.lead.stage).toBe('sql');
    expect(sim.lead.recycleCount).toBe(1);
    expect(sim.done).toBe(true);
  });

  it('touches a quiet recycled lead periodically and never resubmits it unasked', () => {
    const sim = run(id, { stage: 'mql' });
    sim.choose('tp-call', 'connected');
    expect(sim.lead.stageReason).toBe('Talked: not ready yet');
    sim.advance(60 * DAY);
    expect(active(sim)).toEqual(['nurture-email']);
    sim.advance(5 * DAY + 4 * WEEK);
    expect(active(sim)).toEqual(['nurture-email']);
    sim.advance(5 * DAY + 4 * WEEK);
    expect(emailsSent(sim)).toHaveLength(3);
    expect(tasks(sim)).toHaveLength(1);
    expect(sim.lead.stage).toBe('recycled');
  });

  it('a pricing-page visit while in nurture resubmits the lead', () => {
    const sim = run(id, { stage: 'mql' });
    sim.choose('tp-call', 'notNow');
    sim.advance(60 * DAY + 5 * DAY + 3 * WEEK);
    expect(active(sim)).toEqual(['reengage-wait']);
    sim.send({ type: 'pricing.visited' });
    sim.advance(WEEK);
    expect(active(sim)).toEqual(['tp-call']);
    expect(sim.lead.stage).toBe('mql');
    expect(tasks(sim)).toHaveLength(2);
  });

  it('keeps the reason sales gave for a disqualification, and rests the lead for 90 days', () => {
    const sim = run(id, { stage: 'mql' });
    sim.choose('tp-call', 'disqualified');
    expect(params(entries(sim, 'recycled')[0] as SimLogEntry)).toMatchObject({
      reason: 'Disqualified by teleprospecting',
      salesReason: 'No budget this year',
      recycleCount: 1,
      cooldownMs: 90 * DAY,
    });
    sim.advance(89 * DAY);
    expect(active(sim)).toEqual(['recycle-disqualified']);
    sim.advance(DAY);
    expect(active(sim)).toEqual(['nurture-email']);
  });

  it('slows the cadence for a lead recycled three times', () => {
    const sim = run(id, { stage: 'mql', recycleCount: 2 });
    sim.choose('tp-call', 'noAnswer');
    expect(sim.lead.recycleCount).toBe(3);
    sim.advance(30 * DAY);
    expect(active(sim)).toEqual(['slow-cadence']);
    expect(emailsSent(sim)).toEqual([]);
    sim.advance(8 * WEEK);
    expect(active(sim)).toEqual(['nurture-email']);
    expect(emailsSent(sim)).toHaveLength(1);
  });

  it('a lead teleprospecting did not call in time is resubmitted the next day', () => {
    const sim = run(id, { stage: 'mql' });
    sim.advance(3 * DAY);
    expect(active(sim)).toEqual(['recycle-not-called']);
    sim.advance(DAY);
    expect(active(sim)).toEqual(['tp-call']);
    expect(tasks(sim).map((t) => t.day)).toEqual([0, 4]);
  });
});

describe('generated flows for large-canvas checks', () => {
  it('are valid and put no two steps on one spot', () => {
    const doc = generateFlow(1000);
    expect(validateFlow(doc).ok).toBe(true);
    const spots = new Set(doc.nodes.map((n) => `${n.position?.x},${n.position?.y}`));
    expect(spots.size).toBe(doc.nodes.length);
  });
});
