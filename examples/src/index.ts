import type { FlowDocument } from '@tandem/schema';
import agreedLeadDefinition from '../flows/agreed-lead-definition.json' with { type: 'json' };
import meetingAsNurtureStep from '../flows/meeting-as-nurture-step.json' with { type: 'json' };
import noHandoffDayOne from '../flows/no-handoff-day-one.json' with { type: 'json' };
import recycledLeadNurture from '../flows/recycled-lead-nurture.json' with { type: 'json' };
import salesPlusMarketingNurture from '../flows/sales-plus-marketing-nurture.json' with { type: 'json' };

/**
 * The five playbooks from how B2B marketing and sales share a lead, as ready-to-publish flows.
 * Each flow file is plain JSON in `examples/flows/`, valid against `schema/flow.schema.json`.
 */
export interface ExampleFlow {
  id: string;
  title: string;
  summary: string;
  flow: FlowDocument;
}

/**
 * The JSON files are complete documents (every default written out), so they are flow documents
 * as they stand; `examples.test.ts` checks that each one validates unchanged.
 */
const asFlow = (json: unknown): FlowDocument => json as FlowDocument;

export const examples: ExampleFlow[] = [
  {
    id: 'meeting-as-nurture-step',
    title: 'The meeting as a nurture step',
    summary:
      'After a report, a webinar and a case study, engaged leads are invited to an exploratory session that is not a sales pitch.',
    flow: asFlow(meetingAsNurtureStep),
  },
  {
    id: 'no-handoff-day-one',
    title: 'No hand-off: sales and marketing together from day one',
    summary:
      'Sales greets every new lead on day one and pops in again later while marketing follows up alongside.',
    flow: asFlow(noHandoffDayOne),
  },
  {
    id: 'agreed-lead-definition',
    title: 'A lead definition agreed with sales',
    summary:
      'Pre-qualification and ranked BANT thresholds route leads to telequalifying, inside sales or a field rep, with follow-up deadlines.',
    flow: asFlow(agreedLeadDefinition),
  },
  {
    id: 'sales-plus-marketing-nurture',
    title: 'Sales nurturing plus marketing nurturing',
    summary: 'Marketing content never stops while sales makes spaced, varied, purposeful calls alongside it.',
    flow: asFlow(salesPlusMarketingNurture),
  },
  {
    id: 'recycled-lead-nurture',
    title: 'Recycled lead nurture',
    summary:
      'Leads sales cannot reach or disqualifies are recycled with a reason and resubmitted when they re-engage.',
    flow: asFlow(recycledLeadNurture),
  },
];

/** The example with this id, or undefined. */
export function exampleById(id: string): ExampleFlow | undefined {
  return examples.find((e) => e.id === id);
}
