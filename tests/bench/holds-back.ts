/**
 * What holds back a missed target, from `node --cpu-prof` profiles taken on this machine while the
 * runtime was being optimised (self time of the busiest functions; better-sqlite3's native time is
 * charged to the repository method that ran the statement). Reproduce with the commands given.
 */
export const holdsBack = {
  ingest:
    'Profile of the server process under 10 single-event connections (`node --cpu-prof`, ingest-server.ts): ' +
    'the per-request transaction commit 9.9% of CPU, the socket writev of the answer 9.8%, turning the Node request ' +
    'into a web Request and stream (`newRequestFromIncoming`, `Readable.toWeb`) 7.6%, timeline inserts 6.2% ' +
    '(two per event, each updating four B-trees), `getLead` 3.3%, saving the snapshot 2.6%, XState transition ~4%. ' +
    'The bare route pays only the HTTP share; an event here is ~12 SQL statements in its own transaction plus ' +
    'token lookup, zod validation and a machine step, so per-request fixed costs dominate single events; ' +
    'batches were not profiled separately, but they share the per-event SQL and machine work ' +
    '(≈ 130 µs an event at 7,600 events/s). Next steps: group concurrent single events into one transaction (group ' +
    'commit), cache token lookups, and fold the two timeline lines of a step into one multi-row insert.',
  timers:
    'Profile of the scheduler draining 20,000 due timers after the optimisations (`node --cpu-prof`): timeline ' +
    'inserts 15.7% self (each step writes “outcome” and “reached” lines, each updating the table and three ' +
    'indexes: work the raw baseline does not do), deleting the fired row 6.5%, inserting the next timer 6.2% ' +
    '(upsert on the unique (enrollment, sendId) index plus the due-time index), commit and savepoints ~8%, ' +
    'reading the enrollment 5.0% and the lead 4.3%, saving the snapshot 4.5%, XState `transition` 11.7% ' +
    'inclusive, GC 4.8%. The raw baseline runs 5 statements per timer; the runtime runs ~11 (plus the two ' +
    'timeline lines) and a machine step. Next steps: one multi-row insert for a batch’s timeline lines, ' +
    'dropping the redundant cancel of the timer that just fired, and a narrower timeline index set (needs a migration).',
  compile:
    'Profile of 30 compiles of the 1,000-node flow (`node --cpu-prof`): XState `createMachine` 28% inclusive ' +
    '(it builds every state node and formats every transition and `after` delay eagerly: `formatTransitions` ' +
    '17.6%, `getDelayedTransitions` 8.8%), garbage collection 16.6%, `compileFlow` 23.8% of which validation ' +
    '12.4% (zod parse 5.6%, graph checks 7.6%). Warm, a compile takes 40–55 ms on this machine, so the median ' +
    'sits at the target and load from other processes tips it over. Next step: let the runtime skip the second ' +
    'validation of an already published document, and build machines lazily per version (the runtime already ' +
    'caches one machine per published version, so this cost is paid once per publish, not per lead).',
  designer:
    'Not profiled in this round (the designer was being built by another engineer). Evidence from the same run: ' +
    'the plain React Flow page with the same 1,000 default nodes pans slower still, so the frame time is bound by ' +
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
    `dbstat per lead, tables with their indexes: ${parts}. The timeline (three lines on entry: entered, ` +
    'reached the entry step, its outcome; each row carries display text and JSON and is indexed three times for ' +
    'the timeline, stats and waterfall) is the largest share; the enrollment row carries a 36-character UUID ' +
    'indexed four times. Snapshots are already trimmed to `{"value":…}` and a timer\'s event is not stored when ' +
    "it is `{ type: sendId }`. Meeting 1 KiB needs the entry step's two lines folded into “entered” or a " +
    'leaner timeline index set (a migration).'
  );
}
