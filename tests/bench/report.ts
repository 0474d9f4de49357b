import type { Figure } from './measure.ts';

function fmt(n: number, unit: string): string {
  const digits = n >= 100 ? 0 : n >= 10 ? 1 : n >= 1 ? 2 : 3;
  return `${n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

/** BENCHMARKS.md: every figure beside its same-run baseline, with the ratio and the target. */
export function renderReport(
  figures: Figure[],
  meta: {
    machine: Record<string, string | number>;
    date: string;
    command: string;
    notes: string[];
    changes?: string[];
  },
): string {
  const lines = [
    '# Benchmarks',
    '',
    `Latest run: ${meta.date}, \`${meta.command}\`. Every figure is a median of several repetitions and`,
    'sits beside a baseline measured in the same run on the same machine. Ratio > 1 means better than the',
    'baseline for that row (faster, or more throughput).',
    '',
    `Machine: ${Object.entries(meta.machine)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    '',
  ];
  for (const suite of [...new Set(figures.map((f) => f.suite))]) {
    lines.push(`## ${suite}`, '', '| measure | ours | baseline | ratio | target |', '|---|---|---|---|---|');
    for (const f of figures.filter((x) => x.suite === suite)) {
      // A row with a target shows three decimals: a ratio on the bar (0.449 against 0.45) shows its side.
      const target = f.target ? `${f.target.text} ${f.target.met ? '✅ met' : '❌ not met'}` : '—';
      lines.push(
        `| ${f.name}${f.note ? ` (${f.note})` : ''} | ${fmt(f.value, f.unit)} | ${fmt(f.baseline.value, f.unit)} — ${f.baseline.name} | ${f.ratio.toFixed(f.target ? 3 : 2)}× | ${target} |`,
      );
    }
    lines.push('');
  }
  const missed = figures.filter((f) => f.target && !f.target.met);
  if (missed.length) {
    lines.push('## What holds back the missed targets', '');
    for (const f of missed) {
      lines.push(`- **${f.suite}, ${f.name}** (${f.target?.text}): ${f.holdsBack ?? 'not analysed yet.'}`);
    }
    lines.push('');
  }
  if (meta.changes?.length) {
    lines.push('## What changed in the optimisation rounds', '', ...meta.changes.map((c) => `- ${c}`), '');
  }
  if (meta.notes.length) lines.push('## Notes', '', ...meta.notes.map((n) => `- ${n}`), '');
  return `${lines.join('\n')}\n`;
}
