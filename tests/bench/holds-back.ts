/**
 * What holds back a missed target, from `node --cpu-prof` profiles taken on this machine while the
 * runtime was being optimised (self time of the busiest functions; better-sqlite3's native time is
 * charged to the repository method that ran the statement). Reproduce with the commands given.
 */
export const holdsBack = {
  ingest:
    'Single events. Concurrent single events are now applied in one transaction per event-loop turn (group commit, ' +
    'a savepoint per event) and tokens are cached, so the commit no longer shows in the profile. What remains is ' +
    'the fixed cost of a request in the framework: profiled in process (`app.request`, 10 concurrent, no sockets, ' +
    '`node --cpu-prof`) a single event costs 230–320 µs, of which building and reading the web Request/Response ' +
    'and their body streams (undici `_Request`, `extractBody`, `ReadableStream`) ~25%, Hono dispatch and ' +
    'middleware (secureHeaders 6%, bodyLimit, auth, zod validator) ~15%, GC 6%, and the event itself ' +
    '(`applyLeadEvent`: lead event row, timeline row, machine step, snapshot save) ~10%. Over HTTP the server ' +
    'profile adds the socket `writev` (8.6% self). The bare route pays only Node’s HTTP parsing, and the load ' +
    'generator takes the second core, so 10,000 events/s for single events needs a request path under ~100 µs: ' +
    'not reachable through the web-standard Request adapter and this middleware stack on 2 cores. ' +
    'Batches: profile of the server under 10 connections posting batches of 100 (before this round): timeline ' +
    'insert 10–11% self, the commit (WAL writes) 10%, `getLead` 7–8%, the lead’s enrollments 6%, saving the ' +
    'snapshot 5.5%, the lead event row 3.4%, GC 5%. This round: the lead and its enrollments are read in one ' +
    'query (a LEFT JOIN, kept in the per-transaction cache until an enrollment of the lead is saved), and a step ' +
    'that leaves the snapshot and active steps as they were (an event the lead’s current steps ignore) no longer ' +
    'rewrites the enrollment row. Server profile after the second change, before the first (`--cpu-prof`, busy ' +
    'time only): the commit ~18%, timeline insert ~10%, `getLead` ~9% and the enrollments ~8% (the two reads ' +
    'the join then merged; not re-profiled after it), lead event row ~5%, machine step ~7%, snapshot save <1%. Measured in isolation on this machine: 8,900 → 9,900 events/s ' +
    'after skipping the unchanged save, → 10,300 after the joined read, i.e. only just over 10,000 (a rerun: 9,800); the full `pnpm bench` runs that followed gave 7,100 (a run where the bare route was depressed too) and 9,300, so ≥ 10,000 is not met reliably. The bare route only parses JSON (≈2.5 µs an event), so 45% of it (≈190,000 ' +
    'events/s) is out of reach for any design that writes each event durably with its indexes; a clear margin ' +
    'over 10,000 needs fewer rows per event (no timeline row for events no one reads back) or fewer dirty pages ' +
    'per commit.',
  timers:
    'Profile of the scheduler draining 20,000 due timers before this round (`node --cpu-prof`; shares of the ' +
    'drain): XState `transition` + `resolveState` ~20% inclusive, the timeline row ~17%, reading the lead ~14% and ' +
    'the enrollment ~11%, saving the snapshot ~10%, the commit ~12%, inserting the next timer ~7%, deleting the ' +
    'fired one ~5%, GC ~6%. This round: the enrollment is read with its lead’s columns in one query (LEFT JOIN), ' +
    'which fills the per-transaction lead cache, so a timer runs 6 statements instead of 7. Profile after it ' +
    '(self time in the whole bench process, setup and raw baseline included): enrollment + lead read 10%, ' +
    'timeline row 10%, XState step 11% inclusive (`resolveState` only ~1.6%, so caching resolved snapshots was ' +
    'not worth its risk), saving the snapshot 6%, inserting the next timer 5%, deleting the fired one 3%, GC 5%. ' +
    'In isolated 20,000-timer runs the median went from ≈10,100 to ≈11,500–12,300 timers/s (noisy: reps vary ±20% on this 2-core machine); the full `pnpm bench` runs at 100,000 gave 10,200 and 11,000 timers/s (0.29×, 0.32×) against 9,600 (0.28×) before. The raw baseline runs 4 statements per timer and no machine; the runtime ' +
    'runs 6 plus a machine step and a timeline row (a folded outcome + next-step line, with an `sqlite_sequence` ' +
    'subquery for its id): ≈80–90 µs a timer against the raw ≈25–30 µs, so ≥ 0.5× needs roughly halving the ' +
    'runtime’s own work, not shaving statements. Earlier: one drain of 1,000,000 due timers (measured once, ' +
    'before this round): 118.9 s, 8,400 timers/s; 1M in < 30 s needs ≈33,000 timers/s, the raw baseline’s own ' +
    'speed. Next steps: a cheaper timeline row for timer steps (no subquery for its id), inserting the next ' +
    'timer with a plain INSERT when no row can conflict, fewer objects per step (GC).',
  compile:
    'Profile of 40 compiles of the 1,000-node flow (`node --cpu-prof`): XState `createMachine` 28% inclusive (it ' +
    'builds every state node and formats every transition and `after` delay eagerly: `formatTransitions` 17.7%, ' +
    '`getDelayedTransitions` 9.1%), garbage collection ~20%, `compileFlow` 22% of which the zod shape check 5.6% ' +
    'and the graph checks 7.4%. This round: validation and compilation share one graph and one region analysis, ' +
    'node contexts are a class instead of five closures per node, and the runtime compiles a published document ' +
    'without repeating the zod shape check (`compileParsedFlow`). Warm medians on this machine are 40–47 ms, but ' +
    'the spread is wide (min 29 ms, max > 60 ms) when other processes share the 2 cores; the machine is built ' +
    'once per published version, not per lead.',
  designer:
    'Not profiled in this round (the designer was being built by another engineer). Evidence from the same run: ' +
    'the plain React Flow page with the same 1,000 default nodes pans about as slowly (p95 within a few per cent of ours, slower in earlier runs), so the frame time is bound by ' +
    'laying out and painting 1,000 DOM nodes in software rendering (headless Chromium, `--disable-gpu`, 2 cores), ' +
    'not by the designer’s own code; meeting 16.7 ms needs fewer DOM nodes on screen (React Flow’s ' +
    '`onlyRenderVisibleElements`) or GPU rasterisation.',
} as const;

/** Storage: which tables the bytes per lead go to, measured by dbstat in the same run. */
export function storageHoldsBack(perTable: Record<string, number>): string {
  const parts = Object.entries(perTable)
    .sort((a, b) => b[1] - a[1])
    .map(([t, b]) => `${t} ${Math.round(b)} B`)
    .join(', ');
  return (
    `dbstat per lead, tables with their indexes: ${parts}. Entering the flow writes four timeline lines ` +
    '(entered, reached the entry step, its outcome, reached the first wait); they are stored as one row (the ' +
    'outcome line, with the others folded in and given back identically when read), and only step lines are ' +
    'indexed for stats (partial indexes, migration 4). The enrollment row carries a 36-character UUID indexed ' +
    'four times and the timer row another copy of it in its unique (enrollment, sendId) index: shorter ids would ' +
    'be the next saving.'
  );
}
