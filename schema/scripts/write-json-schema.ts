import { writeFileSync } from 'node:fs';
import { flowJsonSchema } from '../src/index.ts';

writeFileSync(
  new URL('../flow.schema.json', import.meta.url),
  `${JSON.stringify(flowJsonSchema(), null, 2)}\n`,
);
console.log('wrote schema/flow.schema.json');
