import { type ChildProcess, execFile, execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { dropDatabase, leadId, tempDatabase } from './fixtures.ts';
import { holdsBack } from './holds-back.ts';
import { ingestCeilings } from './ingest-ceilings.ts';
import { type Figure, figure, log, median } from './measure.ts';

export const LEADS = 10_000;
export const BATCH = 100;
export const SECONDS = 5;
const REPS = 7;

/**
 * What the suite measures: single events from 10 keep-alive connections and from 100 (an ingest
 * endpoint's callers are many: ESP webhooks, product analytics, CRM syncs), and batches from 10. The leads
 * wait in a flow whose step does not listen for page visits: each event is checked, recorded and offered
 * to the enrollment, which leaves it (most events a nurture receives move no journey). The `stepping` loads
 * post the same events to leads whose flow scores every page visit and listens again (`scoreFlow`): each
 * event takes a full machine transition, with its timeline lines, score and re-armed timeout.
 */
/**
 * The loads, each against the bare route and ours. Event ids count up per run (`<tag>-1`, `<tag>-2`, …),
 * as a sender numbering its events does; `randomIds` sends random UUIDs (version 4) instead, as senders
 * that make one up per event do, whose claims land all over the claims' index.
 */
const loads: { batch: boolean; connections: number; stepping: boolean; randomIds?: boolean }[] = [
  { batch: false, connections: 10, stepping: false },
  { batch: false, connections: 100, stepping: false },
  { batch: false, connections: 100, stepping: false, randomIds: true },
  { batch: true, connections: 10, stepping: false },
  { batch: false, connections: 100, stepping: true },
  { batch: true, connections: 10, stepping: true },
];

export interface Run {
  eventsPerSec: number;
  p50: number;
  p99: number;
}

/** The range of the repetitions behind two medians, in events/s: how far this machine's speed moved. */
export function spread(ours: Run[], base: Run[]): string {
  const range = (runs: Run[]) => {
    const eps = runs.map((r) => Math.round(r.eventsPerSec));
    return `${Math.min(...eps).toLocaleString('en-US')}–${Math.max(...eps).toLocaleString('en-US')}`;
  };
  return `repetitions ranged ${range(ours)} events/s, the bare route’s ${range(base)}`;
}

export interface Server {
  child: ChildProcess;
  port: number;
  token: string;
}

export async function startServer(
  mode: 'tandem' | 'bare',
  db: string,
  flags: string[] = [],
): Promise<Server> {
  const script = fileURLToPath(new URL('./ingest-server.ts', import.meta.url));
  const child = fork(script, [mode, db, String(LEADS), ...flags], {
    // BENCH_CPU_PROF=<dir>: the server under test writes a V8 CPU profile per thread there when it stops
    // (main thread, ingest thread, checkpointer), to see where an event's time goes.
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CPU_PROF && mode === 'tandem'
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
        : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; token: string }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { child, ...ready };
}

/** Stops the server processes and waits until each has exited. */
export async function stopServers(servers: Server[]): Promise<void> {
  for (const s of servers) s.child.send('stop');
  await Promise.all(
    servers.map(({ child }) => new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(0)))),
  );
}

/** The load generator: wrk (C, a few µs of CPU a request) where installed, else autocannon. */
export const generator: 'wrk' | 'autocannon' = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return 'wrk';
  } catch (error) {
    // wrk prints its version and exits with 1: being found is what counts.
    return (error as { code?: string }).code === 'ENOENT' ? 'autocannon' : 'wrk';
  }
})();

const luaScript = fileURLToPath(new URL('./events.lua', import.meta.url));

/** One keep-alive run posting unique events, single or `BATCH` per request. */
export async function load(
  server: Server,
  batch: boolean,
  tag: string,
  seconds = SECONDS,
  connections = 10,
  randomIds = false,
): Promise<Run> {
  const spec = {
    server,
    path: batch ? '/api/events/batch' : '/api/events',
    batch,
    tag,
    seconds,
    connections,
    randomIds,
  };
  return generator === 'wrk' ? loadWithWrk(spec) : loadWithAutocannon(spec);
}

/** One load run: where, what (single events or batches, ids prefixed with `tag`), how long and how wide. */
interface LoadSpec {
  server: Server;
  path: string;
  batch: boolean;
  tag: string;
  seconds: number;
  connections: number;
  /** Random UUIDs as event ids instead of a counter. */
  randomIds: boolean;
}

async function loadWithWrk({
  server,
  path,
  batch,
  tag,
  seconds,
  connections,
  randomIds,
}: LoadSpec): Promise<Run> {
  const args = [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--timeout',
    '10s',
    '-s',
    luaScript,
    // The bare route gets the same header, so both sides receive the same bytes.
    '-H',
    `authorization: Bearer ${server.token || 'none'}`,
    `http://127.0.0.1:${server.port}${path}`,
    '--',
    tag,
    String(batch ? BATCH : 0),
    String(LEADS),
    randomIds ? 'random' : 'counter',
  ];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile('wrk', args, (error, out) => (error ? reject(error) : resolve(out))),
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const r = JSON.parse(line) as {
    requests: number;
    durationUs: number;
    non2xx: number;
    socketErrors: number;
    p50Us: number;
    p99Us: number;
  };
  if (r.non2xx > 0 || r.socketErrors > 0) {
    throw new Error(`${path}: ${r.non2xx} non-2xx responses and ${r.socketErrors} socket errors`);
  }
  return {
    eventsPerSec: (r.requests * (batch ? BATCH : 1)) / (r.durationUs / 1e6),
    p50: r.p50Us / 1000,
    p99: r.p99Us / 1000,
  };
}

let seq = 0;
const event = (tag: string, randomIds: boolean) => ({
  id: randomIds ? randomUUID() : `${tag}-${seq++}`,
  leadId: leadId(Math.floor(Math.random() * LEADS)),
  type: 'page.visited',
  data: { url: '/pricing' },
});

async function loadWithAutocannon({
  server,
  path,
  batch,
  tag,
  seconds,
  connections,
  randomIds,
}: LoadSpec): Promise<Run> {
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${path}`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token || 'none'}` },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify(
            batch
              ? { events: Array.from({ length: BATCH }, () => event(tag, randomIds)) }
              : event(tag, randomIds),
          ),
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  }
  // autocannon records latency in whole milliseconds: a sub-millisecond answer counts as 1 ms.
  return {
    eventsPerSec: (result.requests.total * (batch ? BATCH : 1)) / seconds,
    p50: Math.max(1, result.latency.p50),
    p99: Math.max(1, result.latency.p99),
  };
}

/**
 * Keeps the load generator (this process, every thread) on the first core while it runs, so the
 * scheduler does not put it on the server's core: run to run, throughput moved by ±25% without it. The
 * servers, started before, may use every core; the bare route and ours are treated the same. Returns
 * the undo, or null where `taskset` is missing (the figures are then noisier).
 */
export function pinLoadGenerator(): (() => void) | null {
  const cores = availableParallelism();
  if (cores < 2) return null;
  const pin = (list: string) =>
    execFileSync('taskset', ['-a', '-p', '-c', list, String(process.pid)], { stdio: 'ignore' });
  try {
    pin('0');
  } catch {
    log('taskset is not available: the load generator shares the cores with the servers');
    return null;
  }
  return () => pin(`0-${cores - 1}`);
}

/** Events over HTTP against a bare Hono route on the same stack, both servers in their own process. */
export async function ingestSuite(): Promise<Figure[]> {
  const dbs = [tempDatabase('ingest'), tempDatabase('ingest-stepping')];
  const quiet = await startServer('tandem', dbs[0] as string);
  const scoring = await startServer('tandem', dbs[1] as string, ['--flow=score']);
  const bare = await startServer('bare', '');
  const figures: Figure[] = [];
  const unpin = pinLoadGenerator();
  // The throughput rows whose target was missed, and the bare route's medians for batches and for stepping
  // single events, for the ceilings and floors below.
  const missed: { figure: Figure; batch: boolean; stepping: boolean }[] = [];
  let bareBatch = 0;
  let bareStepping = 0;
  try {
    for (const { batch, connections, stepping, randomIds = false } of loads) {
      const tandem = stepping ? scoring : quiet;
      const kind = batch ? `batches of ${BATCH}` : 'single events';
      const label = `${kind}${stepping ? ' that step the flow' : ''}${randomIds ? ' with random ids' : ''}, ${connections} connections`;
      await load(tandem, batch, 'warm', 2, connections, randomIds);
      await load(bare, batch, 'warm', 2, connections, randomIds);
      const ours: Run[] = [];
      const base: Run[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        const tag = `${connections}${batch ? 'b' : 's'}${stepping ? 'x' : ''}${rep}`;
        base.push(await load(bare, batch, `b${tag}`, SECONDS, connections, randomIds));
        ours.push(await load(tandem, batch, `t${tag}`, SECONDS, connections, randomIds));
        log(
          `ingest ${label} rep ${rep + 1}: ${Math.round(ours.at(-1)?.eventsPerSec ?? 0)} events/s (bare ${Math.round(base.at(-1)?.eventsPerSec ?? 0)})`,
        );
      }
      const pick = (runs: Run[], k: keyof Run) => median(runs.map((r) => r[k]));
      const eps = pick(ours, 'eventsPerSec');
      const bareEps = pick(base, 'eventsPerSec');
      const share = eps / bareEps;
      const bareName = `bare Hono route, ${kind}`;
      const latencyNote =
        generator === 'wrk'
          ? 'wrk, microsecond resolution'
          : 'autocannon resolves 1 ms; under 1 ms counts as 1 ms';
      if (batch && !stepping) bareBatch = bareEps;
      if (stepping && !batch) bareStepping = bareEps;
      const throughput = figure({
        suite: 'Event ingest over HTTP',
        name: `${label}: throughput`,
        value: eps,
        unit: 'events/s',
        baseline: { name: bareName, value: bareEps },
        higherIsBetter: true,
        note: `${generator}, ${connections} keep-alive connections, ${SECONDS} s × ${REPS}, ${LEADS.toLocaleString('en-US')} enrolled leads; load generator on core 0${unpin ? '' : ' (not pinned: taskset missing)'}; ${spread(ours, base)}`,
        target: {
          text: '≥ 45% of bare and ≥ 10,000 events/s',
          met: share >= 0.45 && eps >= 10_000,
        },
        holdsBack: stepping
          ? holdsBack.ingestStepping
          : batch
            ? holdsBack.ingestBatch
            : connections < 50
              ? holdsBack.ingestFewConnections
              : randomIds
                ? `${holdsBack.ingestSingle} ${holdsBack.ingestRandomIds}`
                : holdsBack.ingestSingle,
      });
      if (throughput.target && !throughput.target.met && (stepping || batch || connections < 50))
        missed.push({ figure: throughput, batch, stepping });
      figures.push(
        throughput,
        figure({
          suite: 'Event ingest over HTTP',
          name: `${label}: p50 latency per request`,
          note: latencyNote,
          value: pick(ours, 'p50'),
          unit: 'ms',
          baseline: { name: bareName, value: pick(base, 'p50') },
          higherIsBetter: false,
        }),
        figure({
          suite: 'Event ingest over HTTP',
          name: `${label}: p99 latency per request`,
          value: pick(ours, 'p99'),
          unit: 'ms',
          baseline: { name: bareName, value: pick(base, 'p99') },
          higherIsBetter: false,
        }),
      );
    }
    if (missed.length > 0) {
      // The missed rows get what this machine allows any design at that load, measured now.
      const ceilings = await ingestCeilings(bare, bareBatch, bareStepping);
      figures.push(...ceilings.figures);
      for (const { figure: f, batch, stepping } of missed) {
        const why = stepping
          ? batch
            ? ceilings.steppingBatch
            : ceilings.stepping
          : batch
            ? ceilings.batch
            : ceilings.fewConnections;
        f.holdsBack = `${f.holdsBack} ${why}`;
      }
    }
  } finally {
    unpin?.();
    await stopServers([quiet, scoring, bare]);
    for (const db of dbs) dropDatabase(db);
  }
  return figures;
}
