import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Copies the write-ahead log back into the database file on a worker thread, with its own connection.
 * SQLite otherwise runs that checkpoint inside whichever commit crosses `wal_autocheckpoint`: under a
 * steady stream of events about half of all commit time went to those few checkpointing commits, on the
 * thread that also answers requests. A PASSIVE checkpoint never blocks the writer; once it has copied
 * every frame, the writer's next transaction starts the log over from its beginning.
 */
export class Checkpointer {
  readonly #worker: Worker;
  /** [busy, checkpoints run], shared with the worker: a busy writer thread need not read messages. */
  readonly #state = new Int32Array(new SharedArrayBuffer(8));
  #exited = false;
  readonly #done: Promise<void>;
  #lastError: string | null = null;

  constructor(path: string) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(workerSource, { eval: true, workerData: { path, driver, state: this.#state } });
    // Never keeps the process alive: a process that only forgot to close its store still exits.
    this.#worker.unref();
    // SQLite's own checkpoint on the writer's thread still runs as a backstop: a failure is logged, once
    // per distinct message, and writing goes on.
    this.#worker.on('message', (m: { error: string }) => this.#failed(m.error));
    this.#done = new Promise((resolve) => {
      this.#worker.once('exit', () => {
        this.#exited = true;
        resolve();
      });
    });
    this.#worker.on('error', (error) => this.#failed(error.message));
  }

  #failed(message: string): void {
    if (message === this.#lastError) return;
    this.#lastError = message;
    console.error(`Background checkpoint failed (SQLite's own checkpoint continues): ${message}`);
  }

  /** Asks for a checkpoint unless one is running; the commit that asks never waits for it. */
  request(): void {
    if (this.#exited || Atomics.compareExchange(this.#state, 0, 0, 1) !== 0) return;
    this.#worker.postMessage('checkpoint');
  }

  /** Checkpoints the worker has finished. */
  get runs(): number {
    return Atomics.load(this.#state, 1);
  }

  /** Closes the worker's connection and waits for the thread to end. */
  async close(): Promise<void> {
    if (!this.#exited) {
      // Held by the thread until it has exited: an unreferenced worker alone would let the process end
      // with the close still pending.
      this.#worker.ref();
      this.#worker.postMessage('close');
    }
    await this.#done;
  }
}

// Plain CommonJS run with `eval`: the worker needs no TypeScript loader in any way the runtime is started.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = workerData.state;
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
parentPort.on('message', (m) => {
  if (m === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    checkpoint.run();
  } catch (error) {
    parentPort.postMessage({ error: String((error && error.message) || error) });
  }
  Atomics.add(state, 1, 1);
  Atomics.store(state, 0, 0);
});
`;
