/**
 * What holds back a missed target, from `node --cpu-prof` profiles taken on this machine while the
 * runtime was being optimised (self time of the busiest functions; better-sqlite3's native time is
 * charged to the repository method that ran the statement). Reproduce with the commands given.
 */
export const holdsBack = {
  ingestSingle:
    'Profile of the server process during the measured load only (inspector CPU profile, 10 keep-alive ' +
    'connections posting single events, after this round’s changes): of its busy time, SQLite 28% (the commit of ' +
    'each group ~12%, the three inserts per event — dedupe id, lead event, timeline line — ~7%, the lead read and ' +
    'counters ~9%), socket writes 11%, GC and V8 bookkeeping 7%; the remaining ~54% is spread thinly over Node’s ' +
    'HTTP parser and response path, Hono’s router and middleware (auth with its token cache, secure headers 3%), ' +
    'the zod validator and promise plumbing, none above 3%. Per event that is ≈240 µs of server CPU against ≈50 µs ' +
    'for the bare route, whose request does nothing but parse the JSON; the load generator holds the other core. ' +
    'Applied in process without sockets (`app.request`, 10 concurrent) an event still costs ≈190 µs, so a faster ' +
    'HTTP layer alone cannot reach 10,000/s: it needs both a leaner request path than Hono on the Node adapter ' +
    'and fewer rows per event (the event is stored as a lead-event row and as a timeline line, plus its dedupe ' +
    'id). Done this round (see “What changed”): ≈2,000 → 3,200–4,400 events/s (the spread of repetitions).',
  ingestBatch:
    'Batches of 100 pass 10,000 events/s. 45% of the bare route (which only parses the JSON, ≈2.5 µs an event) is ' +
    'out of reach for any design that writes each event durably with its indexes. Profile of the server under ' +
    'batches (inspector, load phase only): SQLite statements 38% self (three inserts per event and the commit), ' +
    'the lead read 22% (query and rows), GC 4%, zod validation of the batch ~3%.',
  timers:
    'Profile of 200,000 timer steps at 100,000 leads (`node --cpu-prof`, sampling 200 µs): of ≈21 µs a timer, ' +
    'SQLite ≈16 µs (the multi-row writes ≈10 µs: delete the fired timer, insert the next, the timeline row, the ' +
    'snapshot UPDATE; the joined read of due timers and enrollments ≈3.7 µs; the commit ≈2.7 µs) and JavaScript ' +
    '≈5 µs (building rows, GC). The raw baseline does the same statements one row at a time but writes no ' +
    'timeline row and reads no enrollment through a join: the timeline row is ≈40% of the gap. Meeting both ' +
    'targets with margin would need the timeline row for a plain wait to be cheaper still (one index instead of ' +
    'two) — it is the lead’s record of the step, so it stays.',
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
    'Chromium traces of 180 pan frames (tracing overhead included): fitted to the screen, the main thread takes ' +
    '≈6.7 ms a frame: ≈1.7 ms of script (zustand notifying React Flow’s ~1,000 node-wrapper subscriptions, which ' +
    'React Flow does for every mounted node), ≈2.3 ms of Chrome’s layerisation, paint near zero; off the main ' +
    'thread the compositor draws (≈1.3 ms) and the software renderer fills tiles without a GPU (≈2.5 ms). The ' +
    'remaining cost grows with the number of mounted cards. At the opening zoom the slowest frames are those in ' +
    'which 6–10 cards and 12–30 connections mount as they come into view (≈25 ms of main-thread work each).',
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

/**
 * What the latest optimisation round changed, from the profiles behind it; the figures are isolated runs on
 * this machine before and after, the tables above are the same-run measurements.
 */
export const changes: string[] = [
  'Timer drain. Before: ≈80–90 µs a timer (XState step, enrollment + lead read, six statements, a timeline ' +
    'row with an id subquery). Machine steps that read neither the lead nor the clock (the schema reports every ' +
    'rule, split, score/stage change and calendar wait that does) are cached per state and event; a batch reads ' +
    'its due timers with their enrollments in one joined query returning array rows (better-sqlite3 building ' +
    'row objects key by key cost twice the query); timers whose step is cached and only moves the lead to its ' +
    'next wait are written together in multi-row statements (the fired timers, the next timers, the timeline ' +
    'rows with ids taken from the AUTOINCREMENT counter once per write, one UPDATE per distinct snapshot). ' +
    'Everything else, and any lead with two timers in a batch, still takes the full step in order; a test runs ' +
    'the five playbooks both ways and compares every lead. 100,000 timers: 9.1 s → ≈2 s; 1,000,000: 118.9 s → ' +
    '≈27 s.',
  'Ids. Leads, enrollments, tasks and messages get time-ordered UUIDv7 ids instead of random v4 ids: rows ' +
    'created together (leads enrolled together fall due together) share index pages, so a batch dirties a few ' +
    'pages instead of one per lead. This sped up the raw baseline as much, since it reads the same database.',
  'Ingest. Hono’s bodyLimit touched the request body stream first, which made the Node adapter wrap every ' +
    'socket in a web Request and ReadableStream (a quarter of a small request’s CPU); a declared Content-Length ' +
    'is now checked from the header. Events arriving together commit once without a savepoint each (a failing ' +
    'event rolls the group back, which then runs with savepoints so it alone is refused). An event no current ' +
    'step listens for skips the machine. Single events ≈2,000 → 3,200–4,400/s, batches of 100 ≈9,300 → ' +
    '≈12,000–13,000/s.',
  'Designer. Traces showed every pan frame re-rasterising the whole canvas in software (≈15 ms) and, fitted ' +
    'to the screen, React Flow’s edge wrappers recomputing every connection (≈13.6 ms of script) plus Chrome’s ' +
    'layerisation (≈12.5 ms). The viewport now gets its own compositor layer while it moves; the dot grid and ' +
    'the minimap are drawn once and moved by transforms; edge boxes are sized so the flow stays one layer; ' +
    'edge labels no longer query the DOM per store update. Below zoom 0.35 on flows over 250 steps, cards ' +
    'become coloured rectangles with their label, connections are drawn as four SVG paths from the measured ' +
    'handles, and culling is off so panning mounts nothing. Pan p95 at the opening view ≈34 → 9–15 ms; fitted ' +
    '≈170 → 8–11 ms. The previous report compared the designer’s opening view (≈30 cards drawn) with the ' +
    'baseline fitted to 1,000 nodes; the fitted row now compares like with like.',
];
