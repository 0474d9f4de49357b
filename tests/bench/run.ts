import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileSuite } from './compile.ts';
import { designerSuite } from './designer.ts';
import { enrollSuite } from './enroll.ts';
import { changes, holdsBack } from './holds-back.ts';
import { ingestSuite } from './ingest.ts';
import { type Figure, log, machine } from './measure.ts';
import { renderReport } from './report.ts';
import { storageSuite } from './storage.ts';
import { timersSuite } from './timers.ts';

/**
 * `pnpm bench [--only=compile,designer,...] [--timers=1000000]`: runs the suites and writes
 * BENCHMARKS.md and benchmarks.json at the repository root.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const timers = Number(argv.find((a) => a.startsWith('--timers='))?.slice(9) ?? 100_000);

const suites: Record<string, () => Promise<Figure[]>> = {
  ingest: ingestSuite,
  timers: () => timersSuite(timers),
  enroll: () => enrollSuite(),
  storage: () => storageSuite(),
  compile: compileSuite,
  designer: designerSuite,
};

const figures: Figure[] = [];
const notes: string[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.includes(name)) continue;
  log(`▶ ${name}`);
  try {
    figures.push(...(await run()));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`✗ ${name} failed: ${message}`);
    notes.push(`The ${name} suite failed in this run: ${message}`);
  }
}

// Every missed target carries what holds it back; the suites without their own analysis get it here.
const analysis: Record<string, string> = {
  'Event ingest over HTTP': holdsBack.ingestSingle,
  'Timer drain': holdsBack.timers,
  Compile: holdsBack.compile,
  Designer: holdsBack.designer,
};
for (const f of figures) {
  const text = analysis[f.suite];
  if (f.target && !f.target.met && !f.holdsBack && text) f.holdsBack = text;
}

const meta = {
  machine: machine(),
  date: new Date().toISOString(),
  command: `pnpm bench ${argv.join(' ')}`.trim(),
  notes,
  changes,
};
writeFileSync(`${root}/benchmarks.json`, `${JSON.stringify({ ...meta, figures }, null, 2)}\n`);
writeFileSync(`${root}/BENCHMARKS.md`, renderReport(figures, meta));
// Tables aligned as the repository's formatter (and `pnpm lint`) wants them.
execFileSync(`${root}/node_modules/.bin/biome`, ['format', '--write', 'BENCHMARKS.md'], {
  cwd: root,
  stdio: 'ignore',
});
log(`wrote BENCHMARKS.md and benchmarks.json (${figures.length} figures)`);
if (notes.length) process.exitCode = 1;
