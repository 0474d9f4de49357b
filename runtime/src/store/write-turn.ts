/**
 * Whose turn it is to write, shared between the threads that each hold a connection to one database
 * file (the main thread and the ingest thread). SQLite lets one writer in at a time and makes the others
 * sleep and retry (1, 2, 5, 10 ms … up to `busy_timeout`), so a thread that commits back to back could
 * keep the other out for seconds. Taking this turn before BEGIN makes them alternate instead: a waiting
 * thread is woken the moment the other commits. Transactions only run SQLite statements and microtasks,
 * so a turn is held for well under a millisecond.
 */
export class WriteTurn {
  /** `cell[0]`: 0 when free, otherwise the owner holding it. */
  constructor(
    readonly cell: Int32Array = new Int32Array(new SharedArrayBuffer(4)),
    readonly owner: number = mainOwner,
  ) {}

  acquire(): void {
    for (;;) {
      const held = Atomics.compareExchange(this.cell, 0, 0, this.owner);
      if (held === 0) return;
      // Woken by the release; the timeout only bounds a wait on a thread that died holding the turn.
      Atomics.wait(this.cell, 0, held, 100);
    }
  }

  release(): void {
    WriteTurn.free(this.cell, this.owner);
  }

  /** Frees the turn if `owner` holds it: after its thread stopped mid-transaction. */
  static free(cell: Int32Array, owner: number): void {
    if (Atomics.compareExchange(cell, 0, owner, 0) === owner) Atomics.notify(cell, 0);
  }
}

export const mainOwner = 1;
export const ingestOwner = 2;
