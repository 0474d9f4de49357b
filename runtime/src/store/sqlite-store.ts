import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations.ts';
import { sqliteAccessRepo } from './sqlite-access-repo.ts';
import { sqliteFlowRepo, VersionCache } from './sqlite-flow-repo.ts';
import { LeadCache, sqliteLeadRepo } from './sqlite-lead-repo.ts';
import { sqliteSettingsRepo } from './sqlite-settings-repo.ts';
import { sqliteTimelineRepo } from './sqlite-timeline-repo.ts';
import { sqliteWorkRepo } from './sqlite-work-repo.ts';
import type { Store, StoreTx } from './store.ts';

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

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MB: with 100k+ leads every step missed it on several indexes.
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    // Checkpoint the WAL every ~32 MB instead of every 4 MB: a busy page is then copied into the
    // database once instead of at nearly every other commit (commits were 14-18% of ingest CPU).
    this.db.pragma('wal_autocheckpoint = 8000');
    this.schemaVersion = migrate(this.db);
    const flows = sqliteFlowRepo(this.db, this.#versions);
    this.#tx = {
      ...flows,
      ...sqliteLeadRepo(this.db, this.#leads),
      ...sqliteWorkRepo(this.db),
      ...sqliteTimelineRepo(this.db, (flowId, version) => flows.getVersion(flowId, version)),
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
      this.#control.begin.run();
      this.#leads.clear();
      try {
        const result = await work(this.#tx);
        this.#control.commit.run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        this.#versions.clear();
        this.#leads.clear();
        throw error;
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

  externalChanges(): number {
    // SQLite's data_version moves only when another connection commits, and costs no table read.
    return this.#dataVersion.get() as number;
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    // Reads wait for queued writes too, so a caller always sees its own committed changes.
    const run = () => {
      this.#leads.clear();
      return work(this.#tx);
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#queue;
    this.#closed = true;
    this.db.close();
  }
}
