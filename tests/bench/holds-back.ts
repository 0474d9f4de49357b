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
    'Batches: profile of the server under 10 connections posting batches of 100: timeline insert 10–11% self, ' +
    'the commit (WAL writes) 10% after checkpointing less often (was 18%), `getLead` 7–8% (after a per-transaction ' +
    'lead cache; it was 14%: each event read its lead three times), the lead’s enrollments 6%, saving the snapshot ' +
    '5.5%, the lead event row 3.4%, GC 5%: ≈100 µs of SQL and machine work per event. The bare route only parses ' +
    'JSON (≈2.5 µs an event), so 45% of it (≈190,000 events/s) is out of reach for any design that writes each ' +
    'event durably with its indexes; ≥ 10,000 events/s is within reach of further per-event cuts (one query for ' +
    'the lead and its enrollments, no timeline row for events no one reads back).',
  timers:
    'Profile of the scheduler draining 20,000 due timers after this round (`node --cpu-prof`; shares of the drain): ' +
    'XState `transition` + `resolveState` ~20% inclusive, the timeline row ~17% (one row per timer now: the outcome ' +
    'line stored with the next step’s “reached” line folded in; it was two), reading the lead ~14% (each timer is a ' +
    'different lead, so the per-transaction lead cache cannot help here) and the enrollment ~11%, saving the ' +
    'snapshot ~10%, the commit ~12%, inserting the next timer ~7%, deleting the fired one ~5%, GC ~6%. Done: no ' +
    'savepoint per timer unless a step in the batch fails (the batch then reruns with savepoints), no redundant ' +
    'cancel of the timer that just fired, one multi-row timeline insert per step, a WAL checkpoint every ~32 MB. ' +
    'The raw baseline runs 4 statements per timer and no machine; the runtime runs 7 plus a machine step: ' +
    '≈100 µs a timer at 100,000 due (≈80 µs at 20,000) against the raw ≈30 µs. The baseline sped up in this ' +
    'round too (same database, now smaller, and the same pragmas: 4.2 s → 2.9 s for 100,000), so the ratio ' +
    'hides a ≈40% gain in our own throughput (6,900 → 9,600 timers/s). One drain of 1,000,000 due timers ' +
    '(measured once, outside this run): 118.9 s, 8,400 timers/s; 1M in < 30 s needs ≈33,000 timers/s, the raw ' +
    'baseline’s own speed. Next steps: read the enrollment and its ' +
    'lead in one query, and skip `resolveState` for snapshots without context.',
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
