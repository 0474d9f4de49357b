import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dropDatabase, tempDatabase } from './fixtures.ts';
import { generator, LEADS, load, pinLoadGenerator, type Server, startServer, stopServers } from './ingest.ts';
import { log } from './measure.ts';

/**
 * `pnpm --filter @tandem/tests exec tsx bench/profile-ingest.ts [seconds] [--batch] [--connections=10]
 * [--in-process] [--stepping]`: where a single event's
 * time goes on the server, the evidence behind the ingest analysis in BENCHMARKS.md. Runs the same load as
 * the ingest suite against both servers, measured from inside them: how busy each event loop was per event
 * (the server's one JavaScript thread is the limit when that nears 1), how many events shared a transaction,
 * and the time in each SQL statement; and from outside, the CPU each process used over all its threads, with
 * the most events a second all the cores could run at that CPU per event. The wrapper around every statement
 * adds its own cost, so throughput here is a little lower than in `pnpm bench`. With `BENCH_CPU_PROF=<dir>`
 * the server under test also writes a V8 CPU profile of each of its threads to that folder.
 */
interface Report {
  busyMs: number;
  utilisation: number;
  transactions: number;
  transactionMs: number;
  statements: [string, number][];
}

const seconds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 6);
const batch = process.argv.includes('--batch');
const connections = Number(process.argv.find((a) => a.startsWith('--connections='))?.slice(14) ?? 10);
// Without the ingest thread the statement timings below cover the events (they are taken on the main thread).
const inProcess = process.argv.includes('--in-process');
// The leads' flow scores every page visit and listens again: each event takes a full machine transition.
const stepping = process.argv.includes('--stepping');

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

/**
 * CPU time (user + system) in ms of the process or thread whose `stat` file this is, from /proc, with the
 * children it waited for (wrk) when asked.
 */
function statCpuMs(path: string, children = false): number {
  const fields = readFileSync(path, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks =
    Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1000) / 100;
}

/** CPU time (every thread, and the children it waited for) a process has used so far, in ms; null off Linux. */
function cpuMs(pid: number | undefined): number | null {
  try {
    return statCpuMs(`/proc/${pid}/stat`, true);
  } catch {
    return null;
  }
}

/** CPU time per thread of a process so far, in ms, by thread id (the main thread's id is the process id). */
function threadCpuMs(pid: number | undefined): Map<number, number> {
  const threads = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      threads.set(Number(tid), statCpuMs(`/proc/${pid}/task/${tid}/stat`));
    }
  } catch {
    // Not Linux: no per-thread figures.
  }
  return threads;
}

async function measured(server: Server, tag: string) {
  await load(server, batch, `${tag}-warm`, 2, connections);
  await ask(server.child, 'mark');
  const serverCpu = cpuMs(server.child.pid);
  const loaderCpu = cpuMs(process.pid);
  const threadsBefore = threadCpuMs(server.child.pid);
  const run = await load(server, batch, tag, seconds, connections);
  const threads = [...threadCpuMs(server.child.pid)]
    .map(([tid, ms]) => ({ main: tid === server.child.pid, ms: ms - (threadsBefore.get(tid) ?? 0) }))
    .filter((t) => t.ms > 0)
    .sort((a, b) => b.ms - a.ms);
  const cpu = {
    server: (cpuMs(server.child.pid) ?? Number.NaN) - (serverCpu ?? Number.NaN),
    loader: (cpuMs(process.pid) ?? Number.NaN) - (loaderCpu ?? Number.NaN),
    threads,
  };
  const report = await ask<Report>(server.child, 'report');
  return { run, report, cpu, events: run.eventsPerSec * seconds };
}

/** Whole-process CPU per event: the server (all its threads) and the load generator. */
function cpuLine(m: Awaited<ReturnType<typeof measured>>): string {
  const cores = (ms: number) => (ms / (seconds * 1000)).toFixed(2);
  const busiest = m.cpu.threads
    .slice(0, 3)
    .map((t) => `${t.main ? 'main' : 'worker'} ${us(t.ms, m.events)} (${cores(t.ms)} cores)`)
    .join(', ');
  return (
    `  CPU: server ${us(m.cpu.server, m.events)} an event (${cores(m.cpu.server)} cores; busiest threads: ${busiest}), ` +
    `load generator ${us(m.cpu.loader, m.events)} (${cores(m.cpu.loader)} cores)`
  );
}

const db = tempDatabase('profile-ingest');
const tandem = await startServer('tandem', db, [
  '--measure',
  ...(inProcess ? ['--in-process'] : []),
  ...(stepping ? ['--flow=score'] : []),
]);
const bare = await startServer('bare', '', ['--measure']);
const unpin = pinLoadGenerator();
const us = (ms: number, events: number) => `${((ms * 1000) / events).toFixed(1)} µs`;
try {
  const what = `${batch ? 'batches of 100' : 'single events'}${stepping ? ' that step the flow' : ''}`;
  log(
    `${what}, ${connections} connections, ${seconds} s each, ${LEADS.toLocaleString('en-US')} enrolled leads, ` +
      `events applied ${inProcess ? 'on the main thread' : 'on the ingest thread'}, load from ${generator}`,
  );
  const b = await measured(bare, 'pb');
  log(
    `bare route: ${Math.round(b.run.eventsPerSec).toLocaleString('en-US')} events/s, event loop busy ` +
      `${us(b.report.busyMs, b.events)} an event (utilisation ${b.report.utilisation.toFixed(2)})`,
  );
  log(cpuLine(b));
  const t = await measured(tandem, 'pt');
  const r = t.report;
  log(
    `ours: ${Math.round(t.run.eventsPerSec).toLocaleString('en-US')} events/s, event loop busy ` +
      `${us(r.busyMs, t.events)} an event (utilisation ${r.utilisation.toFixed(2)})`,
  );
  log(cpuLine(t));
  // However the server's work were spread over threads, all the machine's cores together run at most this
  // many events a second with this much CPU per event (server and load generator), against the 45% bar.
  const perEvent = (t.cpu.server + t.cpu.loader) / t.events;
  const bar = 0.45 * b.run.eventsPerSec;
  log(
    `  all ${cpus().length} cores at this CPU per event: at most ` +
      `${Math.round((cpus().length * 1000) / perEvent).toLocaleString('en-US')} events/s; 45% of bare is ` +
      `${Math.round(bar).toLocaleString('en-US')} events/s`,
  );
  log(
    `  transactions: ${r.transactions.toLocaleString('en-US')}, ${(t.events / Math.max(1, r.transactions)).toFixed(1)} ` +
      `events each, ${us(r.transactionMs, t.events)} an event inside them (queue waits included)`,
  );
  const sql = r.statements.reduce((sum, [, ms]) => sum + ms, 0);
  log(
    `  SQL statements${inProcess ? '' : ' on the main thread (the events are applied on the ingest thread: --in-process to time theirs)'}: ${us(sql, t.events)} an event; the largest:`,
  );
  for (const [text, ms] of r.statements.slice(0, 8)) log(`    ${us(ms, t.events).padStart(9)}  ${text}`);
} finally {
  unpin?.();
  await stopServers([tandem, bare]);
  dropDatabase(db);
}
