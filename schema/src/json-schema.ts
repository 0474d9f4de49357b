import { z } from 'zod';
import { FlowDocumentSchema } from './flow.ts';

/** JSON Schema (draft 2020-12) of a flow document as written by hand or exported by the designer. */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://tandem.dev/schemas/flow.schema.json',
    title: 'Tandem nurture flow',
    ...z.toJSONSchema(FlowDocumentSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
