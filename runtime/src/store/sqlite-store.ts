import Database from 'better-sqlite3';
import { Checkpointer } from './checkpointer.ts';
import { migrate } from './migrations.ts';
import { createFolderOf, storeOpenError } from './open-database.ts';
import { sqliteAccessRepo } from './sqlite-access-repo.ts';
import { sqliteFlowRepo, VersionCache } from './sqlite-flow-repo.ts';
import { LeadCache, sqliteLeadRepo } from './sqlite-lead-repo.ts';
import { sqliteSettingsRepo } from './sqlite-settings-repo.ts';
import { sqliteTimelineRepo } from './sqlite-timeline-repo.ts';
import { sqliteWorkRepo } from './sqlite-work-repo.ts';
import type { Store, StoreTx } from './store.ts';
import { WriteHealth } from './write-health.ts';
import { WriteTurn } from './write-turn.ts';

/** How stale `externalChanges` may be: a token revoked by another process is refused within this. */
export const externalCheckMs = 20;

/** Write transactions between two requests for a background checkpoint. */
const checkpointEvery = 64;

/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so the async
 * repository methods never yield mid-statement; transactions are queued so that two requests never
 * interleave inside one BEGIN … COMMIT.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  readonly schemaVersion: number;
  readonly #tx: StoreTx;
  readonly #versions = new VersionCache();
  readonly #leads = new LeadCache();
  #queue: Promise<unknown> = Promise.resolve();
  // Prepared once: exec() parses its SQL on every call, which showed in the timer profile.
  readonly #control: Record<'begin' | 'commit' | 'savepoint' | 'release', Database.Statement>;
  #closed = false;
  readonly #dataVersion: Database.Statement;
  #seenVersion = -1;
  #checkedAt = Number.NEGATIVE_INFINITY;
  /** The background checkpointer, started once the store has seen some writes (file databases only). */
  #checkpointer: Checkpointer | null = null;
  #commits = 0;
  /** Counts write transactions begun: what a repository may key state kept within one transaction by. */
  #transactions = 0;

  /** Taken around every write transaction; shared with the ingest thread's connection when there is one. */
  readonly writeTurn: WriteTurn;
  /** Storage failures of this connection's writes (and the ingest thread's, reported to it). */
  readonly writeHealth = new WriteHealth();

  constructor(
    readonly path: string,
    options: { writeTurn?: WriteTurn } = {},
  ) {
    this.writeTurn = options.writeTurn ?? new WriteTurn();
    if (path !== ':memory:') createFolderOf(path);
    const { db, schemaVersion } = openSqlite(path);
    this.db = db;
    this.schemaVersion = schemaVersion;
    const flows = sqliteFlowRepo(this.db, this.#versions);
    this.#tx = {
      ...flows,
      ...sqliteLeadRepo(this.db, this.#leads),
      ...sqliteWorkRepo(this.db),
      ...sqliteTimelineRepo(
        this.db,
        (flowId, version) => flows.getVersion(flowId, version),
        () => this.#transactions,
      ),
      ...sqliteSettingsRepo(this.db),
      ...sqliteAccessRepo(this.db),
      savepoint: (work) => this.#savepoint(work),
    };
    this.#dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    this.#control = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      savepoint: this.db.prepare('SAVEPOINT step'),
      release: this.db.prepare('RELEASE step'),
    };
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.#closed) throw new Error('The store is closed.');
      this.writeTurn.acquire();
      try {
        this.#control.begin.run();
        this.#transactions++;
        this.#sync();
        const result = await work(this.#tx);
        this.#control.commit.run();
        this.writeHealth.succeeded();
        if (++this.#commits % checkpointEvery === 0) this.#checkpoint();
        return result;
      } catch (error) {
        this.writeHealth.failed(error);
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.#versions.clear();
        this.#leads.clear();
        throw error;
      } finally {
        this.writeTurn.release();
      }
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #savepoint<T>(work: () => Promise<T>): Promise<T> {
    this.#control.savepoint.run();
    try {
      const result = await work();
      this.#control.release.run();
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK TO step');
      this.db.exec('RELEASE step');
      this.#versions.clear();
      this.#leads.clear();
      throw error;
    }
  }

  /**
   * Notices commits by other connections (another runtime process, the tokens CLI): SQLite's
   * data_version moves only then. The caches of leads and flow versions, kept across transactions, are
   * emptied when it moved. Inside a transaction reading it is free; outside it takes a read lock.
   */
  #sync(): number {
    const version = this.#dataVersion.get() as number;
    this.#checkedAt = performance.now();
    if (version !== this.#seenVersion) {
      this.#seenVersion = version;
      this.#leads.clear();
      this.#versions.clear();
    }
    return version;
  }

  externalChanges(): number {
    // Read at most every `externalCheckMs` (each transaction reads it too): a request needs no lock of its
    // own. With the ingest thread committing all the time it moves at nearly every read.
    if (performance.now() - this.#checkedAt < externalCheckMs) return this.#seenVersion;
    return this.#sync();
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    // Reads wait for queued writes too, so a caller always sees its own committed changes.
    const run = () => {
      this.#sync();
      return work(this.#tx);
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Hands checkpoints to a worker thread once writes keep coming (a short-lived process, such as the
   * tokens CLI, never starts one). SQLite's own checkpoint (`wal_autocheckpoint`) stays on as a backstop
   * in case the worker falls behind or stops; when the worker keeps up it finds little left to copy.
   */
  #checkpoint(): void {
    if (this.path === ':memory:' || this.path === '') return;
    this.#checkpointer ??= new Checkpointer(this.path);
    this.#checkpointer.request();
  }

  /** Checkpoints the worker ran so far (0 until it started). */
  get backgroundCheckpoints(): number {
    return this.#checkpointer?.runs ?? 0;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#queue;
    this.#closed = true;
    await this.#checkpointer?.close();
    this.db.close();
  }
}

/**
 * Opens the file and brings its schema up to date. Any failure (missing folder, read-only file, full
 * disk, not a database, a newer schema) becomes a `StoreOpenError` naming the file and what to do.
 */
function openSqlite(path: string): { db: Database.Database; schemaVersion: number } {
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MB: with 100k+ leads every step missed it on several indexes.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    // Checkpoint the WAL every ~32 MB instead of every 4 MB: a busy page is then copied into the
    // database once instead of at nearly every other commit (commits were 14-18% of ingest CPU).
    db.pragma('wal_autocheckpoint = 8000');
    // A log that grew during a burst is cut back to 64 MB once it starts over.
    db.pragma('journal_size_limit = 67108864');
    return { db, schemaVersion: migrate(db) };
  } catch (error) {
    if (db?.open) db.close();
    throw storeOpenError(path, error);
  }
}
