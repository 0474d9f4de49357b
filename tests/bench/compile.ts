import { generateFlow } from '@tandem/examples/generate';
import { compileFlow, createFlowMachine } from '@tandem/schema';
import { type Figure, figure, log, timeMedian } from './measure.ts';

/** Compile plus machine creation of generated flows, against JSON.parse of the same document. */
export async function compileSuite(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const size of [10, 100, 1000]) {
    const json = JSON.stringify(generateFlow(size));
    const compile = () => {
      const r = compileFlow(JSON.parse(json));
      if (!r.ok) throw new Error(`generated flow of ${size} is invalid`);
      createFlowMachine(r.value);
    };
    const ms = await timeMedian(compile, size >= 1000 ? 21 : 25, 3);
    const parse = await timeMedian(() => JSON.parse(json), 25, 3);
    log(`compile ${size} nodes: ${ms.toFixed(2)} ms (JSON.parse ${parse.toFixed(3)} ms)`);
    figures.push(
      figure({
        suite: 'Compile',
        name: `${size}-node flow: validate + compile + machine`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'JSON.parse of the same document', value: parse },
        higherIsBetter: false,
        ...(size === 1000 ? { target: { text: '< 50 ms', met: ms < 50 } } : {}),
      }),
    );
  }
  return figures;
}
