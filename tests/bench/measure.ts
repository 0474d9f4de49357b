import os from 'node:os';

/** One figure of the report, always beside a baseline measured in the same run. */
export interface Figure {
  suite: string;
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** value / baseline.value, or the reverse when lower is better, so >1 means "better than baseline". */
  ratio: number;
  higherIsBetter: boolean;
  target?: { text: string; met: boolean };
  /** For a missed target: what holds it back, with the profile's evidence. */
  holdsBack?: string;
  note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

/** Median wall time of `fn` over `reps` runs after `warmup` runs, in ms. */
export async function timeMedian(fn: () => unknown, reps = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export function figure(f: Omit<Figure, 'ratio'>): Figure {
  const ratio = f.higherIsBetter ? f.value / f.baseline.value : f.baseline.value / f.value;
  return { ...f, ratio };
}

export function machine(): Record<string, string | number> {
  const cpu = os.cpus()[0];
  return {
    cpu: cpu?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    // Other work on the same 2 cores moves every figure: the load when the run started says how busy it was.
    'load average at start (1 min)': Number(os.loadavg()[0]?.toFixed(2) ?? 0),
  };
}

export function log(msg: string): void {
  process.stderr.write(`  ${msg}\n`);
}
