/**
 * One scheduler loop in its own process, for the two-schedulers test: opens the database, waits for
 * "go" on stdin, fires everything due at the given time and prints how many timers it fired and tried.
 */
import { Engine, ManualClock, Scheduler, SqliteStore } from '@tandem/runtime';

const [path, at] = process.argv.slice(2);
const store = new SqliteStore(path as string);
const clock = new ManualClock(Number(at));
const scheduler = new Scheduler(store, new Engine(clock), clock, 5);
// Counts the firing transactions this loop tried, to show both loops competed for the same timers.
let attempts = 0;
const transaction = store.transaction.bind(store);
store.transaction = (work) => {
  attempts++;
  return transaction(work);
};
console.log('ready');
process.stdin.once('data', async () => {
  const fired = await scheduler.fireDue();
  await store.close();
  console.log(JSON.stringify({ fired, attempts }));
  process.exit(0);
});
