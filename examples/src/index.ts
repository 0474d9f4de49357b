import type { FlowDocument } from '@tandem/schema';

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

export const examples: ExampleFlow[] = [];
