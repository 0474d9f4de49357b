import type { FlowDocument } from '@tandem/schema';

type N = FlowDocument['nodes'][number];
const mk = { team: 'marketing' } as const;
const days = (amount: number) => ({ amount, unit: 'days' }) as const;

const nodes = [
  { id: 'start', kind: 'entry', label: 'New inquiry', owner: mk, settings: {}, terminal: [] },
  {
    id: 'greet',
    kind: 'salesCall',
    label: 'Day-one greeting call',
    owner: { team: 'sales', queue: 'telequalifying' },
    settings: {
      purpose: 'Welcome the lead and ask whether we can help right away',
      talkingPoints: ['What prompted the inquiry?', 'Is there a project this quarter?'],
      deadline: days(1),
      maxAttempts: 3,
    },
    terminal: [],
  },
  {
    id: 'guide',
    kind: 'email',
    label: 'Pipeline guide',
    owner: mk,
    settings: {
      template: 'pipeline-guide',
      subject: '5 signs your pipeline is leaking leads',
      window: days(5),
    },
    terminal: [],
  },
  {
    id: 'pause',
    kind: 'wait',
    label: 'Give it a week',
    owner: mk,
    settings: { mode: 'duration', duration: days(7) },
    terminal: [],
  },
  {
    id: 'caseStudy',
    kind: 'email',
    label: 'Customer story',
    owner: mk,
    settings: {
      template: 'case-study',
      subject: 'How Northwind doubled qualified meetings',
      window: days(5),
    },
    terminal: [],
  },
  {
    id: 'mql',
    kind: 'stage',
    label: 'Marketing qualified',
    owner: mk,
    settings: { stage: 'mql' },
    terminal: [],
  },
  {
    id: 'checkin',
    kind: 'salesCall',
    label: 'Check-in call',
    owner: { team: 'sales', queue: 'insideSales' },
    settings: {
      purpose: 'Touch base: they read the guide and the customer story',
      talkingPoints: ['Refer to what they clicked', 'Offer an exploratory meeting, not a pitch'],
      deadline: days(2),
      maxAttempts: 3,
    },
    terminal: [],
  },
  {
    id: 'meeting',
    kind: 'salesMeeting',
    label: 'Exploratory meeting',
    owner: { team: 'sales', queue: 'fieldRep' },
    settings: {
      purpose: 'Map their funnel together; not a sales pitch',
      agenda: ['Where leads get lost today', 'What good looks like', 'Next steps, if any'],
      durationMinutes: 30,
      deadline: days(14),
    },
    terminal: [],
  },
  {
    id: 'recycleNoAnswer',
    kind: 'recycle',
    label: 'Recycle: unreachable',
    owner: mk,
    settings: { reason: 'Tried calling, no answer', cooldown: days(30), target: { nodeId: 'guide' } },
    terminal: [],
  },
  {
    id: 'recycleDq',
    kind: 'recycle',
    label: 'Recycle: disqualified',
    owner: mk,
    settings: { reason: 'Disqualified by sales', cooldown: days(90), target: { nodeId: 'guide' } },
    terminal: [],
  },
  {
    id: 'won',
    kind: 'goal',
    label: 'Opportunity',
    owner: mk,
    settings: { reason: 'Opportunity created' },
    terminal: [],
  },
] as unknown as N[];

const links: [string, string, string][] = [
  ['start', 'next', 'greet'],
  ['greet', 'connected', 'meeting'],
  ['greet', 'notNow', 'guide'],
  ['greet', 'noAnswer', 'recycleNoAnswer'],
  ['greet', 'disqualified', 'recycleDq'],
  ['greet', 'converted', 'won'],
  ['greet', 'expired', 'guide'],
  ['guide', 'clicked', 'mql'],
  ['guide', 'opened', 'pause'],
  ['guide', 'noEngagement', 'pause'],
  ['pause', 'done', 'caseStudy'],
  ['caseStudy', 'clicked', 'mql'],
  ['caseStudy', 'opened', 'checkin'],
  ['caseStudy', 'noEngagement', 'recycleNoAnswer'],
  ['mql', 'next', 'checkin'],
  ['checkin', 'connected', 'meeting'],
  ['checkin', 'notNow', 'pause'],
  ['checkin', 'noAnswer', 'recycleNoAnswer'],
  ['checkin', 'disqualified', 'recycleDq'],
  ['checkin', 'converted', 'won'],
  ['checkin', 'expired', 'recycleNoAnswer'],
  ['meeting', 'held', 'pause'],
  ['meeting', 'noShow', 'recycleNoAnswer'],
  ['meeting', 'declined', 'pause'],
  ['meeting', 'opportunity', 'won'],
  ['meeting', 'expired', 'pause'],
];

/** Shown to a first-time user when no example playbooks are available: greet on day one, nurture, recycle. */
export const starterFlow: FlowDocument = {
  schemaVersion: 1,
  id: 'greet-and-nurture',
  name: 'Greet on day one, nurture, recycle',
  description:
    'Sales greets each new lead; marketing nurtures; unreachable and disqualified leads are recycled.',
  entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
  nodes,
  edges: links.map(([source, outcome, target]) => ({ id: `${source}--${outcome}`, source, outcome, target })),
};
