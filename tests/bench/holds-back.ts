/**
 * What holds back a missed target, from `node --cpu-prof` profiles taken on this machine while the
 * runtime was being optimised (self time of the busiest functions; better-sqlite3's native time is
 * charged to the repository method that ran the statement). Reproduce with the commands given.
 */
export const holdsBack = {
  ingestSingle:
    'At 100 connections the two halves of an event run side by side (`bench/profile-ingest.ts ' +
    '--connections=100`, CPU per thread from /proc): the main thread reads, authenticates and answers a request ' +
    'in ≈37–57 µs of CPU (the bare route’s whole request ≈25–38 µs), the ingest thread checks the body, steps ' +
    'the enrollments and commits in ≈31–45 µs; with the load generator (≈8–13 µs a request) three busy threads ' +
    'share the two cores. In alternating 4–6-s runs ours reached ≈12,200–19,400 events/s against a bare route ' +
    'at ≈22,000–40,500/s: ratios 0.39–0.60, most of them above 0.45; the same load applied on the main thread ' +
    '(`--in-process`) ran at ≈12,600 events/s (0.34×). This VM’s speed drifts within minutes and moves the bare ' +
    'route (one thread) and ours (two threads on two cores) differently, so the medians of one run can fall on ' +
    'either side of the bar. What the main thread spends beyond the bare route is ≈10–20 µs an event: Hono’s ' +
    'middleware chain and the token check (≈5 µs), handing the request to the ingest thread and taking its ' +
    'answer (≈5 µs: structured clone and wake-up), and garbage collection (≈5–7 µs).',
  ingestRandomIds:
    'Here the event ids are random UUIDs instead of a counter. Each event’s id is claimed in the index of ' +
    'ids already seen, which is how a repeated event is acknowledged and applied once: counter ids land next ' +
    'to each other in that index, random ones on a page of their own, so the commit writes one more page an ' +
    'event. In SQLite alone, claims of 100 a transaction into 300,000 stored ids take ≈10–12 µs each with ' +
    'their share of the commit for random UUIDs, against ≈3–4 µs for counter ids; a table without rowids ' +
    'stores them in ≈20% fewer bytes and is no faster.',
  ingestFewConnections:
    'With 10 connections at most 10 requests are in flight, so each event’s round trip sets the pace, and ' +
    'both designs leave little room for the work an event needs. On the main thread alone, the request (read, ' +
    'authenticate, route, answer) and the event’s two SQLite rows take most of the time that 45% of the bare ' +
    'route allows, before any check or engine step (rows below: our app answering with nothing applied, and ' +
    'SQLite alone). With the ingest thread, each request also crosses to the other thread and back, and waking ' +
    'a thread on this VM costs ≈30–40 µs each way (a bare postMessage round trip between two threads: ≈75 µs); ' +
    'the crossing alone, with nothing applied, reaches only ≈0.5–0.6× the bare route (row below). The profile ' +
    '(`bench/profile-ingest.ts --connections=10`) shows both threads waiting on each other: main busy ≈0.6–0.7 ' +
    'of the time, the ingest thread ≈0.55–0.6; an event costs more CPU than at 100 connections (main ≈56–72 µs, ' +
    'ingest thread ≈50–66 µs, against ≈37 and ≈32 µs), because groups are smaller. Trying the thread polling ' +
    'for the next request for 100–300 µs instead of sleeping took CPU from the other two threads and lowered ' +
    'throughput.',
  ingestBatch:
    'A batch is parsed once, and the bare route spends ≈1–2 µs an event on it; 45% of that route leaves ' +
    '≈2.5–4 µs an event for checking, stepping and storing each event durably. The two indexed rows each event ' +
    'needs cost more than that in SQLite alone (row below: the event’s id claim and its timeline line, with no ' +
    'HTTP, checks or engine, and no checkpoints). Applied on one thread (`bench/profile-ingest.ts --batch ' +
    '--in-process`), an event takes ≈35–40 µs: ≈21 µs in SQL (timeline line ≈9, commit ≈7, id claim ≈4) and the rest in checks and the engine. A batch ' +
    'is applied in one transaction on one thread, so batches do not gain from the second core the way single ' +
    'events do.',
  ingestStepping:
    'Each event here takes a full step of the lead’s flow (listen → score +5 → listen, the 30-day timeout ' +
    'restarted) and writes more than a recorded event: the event’s line together with the lines of the step ' +
    'it caused (its outcome, the score change, the score step’s outcome) in one row, the id claim, the lead’s ' +
    'score and the timeout’s new time. The step reads nothing of the lead but its score, so XState runs once ' +
    'per state and event and the step is replayed for each lead with its own score. Applied on one thread ' +
    '(`bench/profile-ingest.ts --stepping --batch --in-process`), an event took ≈85 µs: ≈45 µs in SQL (the ' +
    'commit ≈18, the row ≈11, the timer ≈6, the score ≈5, the id claim ≈4), and the rest in reading the request, ' +
    'checking the event, planning the step, folding its lines and garbage collection. With the ingest thread at ' +
    '100 connections (`--stepping --connections=100`) that thread is the limit (≈70 µs an event, 0.83 of a ' +
    'core) while the main thread is busy 0.44 of the time (≈38 µs an event): ≈11,800 events/s against a bare ' +
    'route at ≈40,600/s. In slower spells of this VM the same two runs gave ≈113–119 µs (SQL ≈58) and ≈83 µs ' +
    '(≈9,800 events/s against ≈32,700). 45% of the bare route needs far less, most of which SQLite alone takes ' +
    'before any step (floor row below).',
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
 * What the optimisation rounds changed, from the profiles behind them; the figures are isolated runs on
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
  'Ingest, second round. Each lead event is stored once: its timeline line carries the event for “did the lead ' +
    'do X” rules (migration 5 drops lead_events, whose index cost a random page per event at commit: commit ' +
    'time per event ≈20 → ≈11 µs in process). Leads and their enrollments stay cached across transactions, ' +
    'checked against other connections’ commits through SQLite’s data_version at the start of each transaction ' +
    '(the lead read was a fifth of an event). The event routes check their body with one synchronous zod parse ' +
    'and answer with the security headers already in place (Hono built and copied a Headers object per ' +
    'response); API tokens are cached by their secret (no SHA-256 per request) and data_version is read at most ' +
    'once a millisecond for them; write-ahead-log checkpoints run on a worker thread. Single events ≈3,400 → ' +
    '≈6,900–8,100/s; batches of 100 ≈12,000 → ≈25,000/s.',
  'Ingest, first round. Hono’s bodyLimit touched the request body stream first, which made the Node adapter wrap every ' +
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
  'Bulk enrollment. Profile of 300,000 enrollments: XState’s initial snapshot was ≈19 µs a lead, the same ' +
    'for every lead when the first steps read neither the lead nor the clock; such a start is now computed ' +
    'once per machine (the signal the timer cache uses). The route reads the leads of the next thousand ids in ' +
    'queries of 200 instead of one query per lead (≈11 → ≈6 µs a lead), and a new enrollment is stored with ' +
    'its first step’s snapshot instead of being written twice. 100,000 leads: ≈7.3 → ≈4.2 s (raw inserts ' +
    '≈2.0–2.2 s).',
  'Designer, first render. React Flow draws every step it has not measured, however far out of view: opening ' +
    'the 1,000-step flow mounted 1,000 cards, laid them out and measured them, then dropped all but the ≈32 in ' +
    'view (≈600 ms of the page’s work), and 80 ms later moved to the entry with a 200 ms animation. Steps not ' +
    'measured yet now reach React Flow with a size and handles estimated from the card’s CSS, so it culls from ' +
    'the first frame, and it mounts at the opening view. ≈1,400–1,700 → ≈700–900 ms, against ≈1,000–1,250 ms ' +
    'for plain React Flow drawing its 1,000 default nodes.',
  'Ingest, third round: a thread of its own. Profiles split a single event’s CPU into two halves of about ' +
    'equal size: reading, authenticating and answering the request, and checking the body, stepping the ' +
    'enrollments and committing. The main thread did both and was the limit (utilisation ≈0.96) while the ' +
    'second core ran only the load generator. Events now go to a worker thread with its own SQLite connection ' +
    'and engine (`INGEST_THREAD`, on with two cores or more), applied at the time the main thread received them; ' +
    'both connections take a shared write turn, so neither waits out SQLite’s busy sleeps. Each request is ' +
    'posted to the thread at once (gathered over a turn, the two threads took turns with large groups: ≈25% ' +
    'fewer events a second); a group’s answers come back in one message. data_version is read for the token ' +
    'cache at most every 20 ms (the thread’s commits move it all the time). The load generator is now wrk, ' +
    'whose Lua script builds each unique event (≈10 µs of CPU a request, where autocannon’s JavaScript took ' +
    '25–50 µs on the same two cores: the previous report’s ceiling of ≈12,000 events/s counted those), and the ' +
    'suite adds 100 connections beside 10. Single events at 100 connections: ≈12,600 events/s on the main ' +
    'thread → ≈13,000–19,400 with the ingest thread; at 10 connections ≈10,300 → ≈8,300–11,600.',
  'Ingest, fourth round: events that step the flow. The ingest loads posted page visits to leads whose ' +
    'waiting step listens for something else: each event was checked, recorded and offered to the enrollment, ' +
    'with no transition. Two loads now post them to leads whose flow scores every visit and listens again. ' +
    'Their profile showed a score change rewriting every column of the lead, so all four of its indexes, and ' +
    'the saved lead read back by the next step; a lead saved while cached now writes only the columns that ' +
    'changed and stays cached. A timeout set again in the same step was deleted and inserted anew; the add now ' +
    'moves the row. Alternating runs at 100 connections: ≈4,700–5,700 → ≈5,700–6,900 events/s (≈225–275 → ' +
    '≈195–230 µs of CPU an event).',
  'Ingest ceilings. The two ingest rows that miss their target now come with what this machine allows any ' +
    'design at that load, measured in the same run. At 10 connections: the same app answering events with ' +
    'nothing applied, on the main thread and through the ingest thread (`bench/hand-off-worker.ts`). For both ' +
    'rows: SQLite alone writing each event’s two rows, 10 and 100 to a transaction. Nothing in the runtime ' +
    'changed for this.',
  'Ingest, fifth round: an event that steps the flow in one row, its timeout moved in place. The stepping ' +
    'profile showed four timeline rows per event (the event; an outcome with the step it leads to; the score ' +
    'change; the next outcome with its step) and the restarted timeout moving its due-time index entry. Now ' +
    'outcome lines and step lines whose text follows from their data (score changes, emails sent, goals) go ' +
    'into the row of the step’s first outcome, and so does the line of the lead event that caused the step ' +
    '(the row carries the event for "did the lead do X" rules; a flow with such rules gets the line first, so ' +
    'the event counts in its own step). Reads give back the same lines, ids and texts; node counts look inside ' +
    'the row; lines that reports read by type (stage changes, recycles, tasks) keep rows of their own. A timer ' +
    'set again for later records its new time in its row and keeps its place in the index until that place ' +
    'comes (migration 7). One thread, alternating direct runs: ≈124 → ≈99 µs of CPU an event (timeline ' +
    '≈31 → ≈12 µs, timer ≈8 → ≈4, commit ≈28 → ≈20). The previous full run: 6,844 events/s (single events, 100 ' +
    'connections) and 6,584 (batches). The stepping rows now also get a floor measured in the same run: ' +
    'SQLite alone writing what such an event stores.',
  'Ingest, sixth round: a scored visit without XState. A score step reads the lead, so a step through one ' +
    'was never kept and every stepping event ran a full XState transition (≈20 µs), with the garbage it ' +
    'leaves. The machines now report a score step’s read of the score apart from other reads of the lead or ' +
    'the clock: a step whose only such read is that is kept per state and event like a pure one, and replayed ' +
    'on the next lead by adding the same points to that lead’s score, in order (a test compares a replay with ' +
    'the machine run afresh). The step an event causes also takes the event’s time, so the event’s line still ' +
    'shares the step’s row when the clock moves on while the event is applied (about one event in twelve wrote ' +
    'two rows). Within a write transaction, timeline ids follow the last one written instead of reading the ' +
    'AUTOINCREMENT counter for every write (≈2 µs), and the event path creates no named closure per call (tsx ' +
    'compiles with keepNames, which names each one: ≈1.5% of the ingest thread). One thread, alternating direct ' +
    'runs: ≈110–128 → ≈75–78 µs of CPU an event. Alternating HTTP runs, single events that step the flow at 100 ' +
    'connections: ≈8,000 → ≈11,000–12,400 events/s.',
];
