import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { NewerSchemaError } from './migrations.ts';

/**
 * Why a database file cannot be used, in one sentence that names the file and what to do: printed
 * alone at start-up (no stack), since the fix is the operator's (a path, a permission, free space).
 */
export class StoreOpenError extends Error {}

/** What to do about an error from creating the folder, opening or migrating the database at `path`. */
export function storeOpenError(path: string, error: unknown): StoreOpenError {
  const code = (error as { code?: unknown })?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const name = basename(path);
  const why = (() => {
    if (error instanceof NewerSchemaError) return reason;
    if (typeof code !== 'string') return `it could not be opened (${reason}).`;
    if (code === 'SQLITE_CANTOPEN')
      return `the file or its folder is missing or not writable (the runtime also writes ${name}-wal and ${name}-shm beside it). Check the path and its permissions, or set DATABASE_PATH.`;
    if (code === 'SQLITE_NOTADB')
      return 'the file is not a SQLite database. Set DATABASE_PATH to a Tandem database, or to a new file to start empty.';
    if (code.startsWith('SQLITE_CORRUPT'))
      return `the file is damaged (${reason}). Restore it from a backup.`;
    if (code.startsWith('SQLITE_READONLY'))
      return `it is read-only (${reason}); the runtime writes the file and the ones beside it.`;
    if (code === 'SQLITE_FULL') return 'the disk is full. Free some space and start again.';
    if (code.startsWith('SQLITE_BUSY'))
      return `another program keeps it locked (${reason}). Stop it and start again.`;
    if (code.startsWith('E'))
      return `its folder ${dirname(path)} cannot be created (${reason}). Set DATABASE_PATH to a file in a writable folder.`;
    return `it could not be opened (${reason}).`;
  })();
  return new StoreOpenError(`Cannot use the database ${path}: ${why}`, { cause: error });
}

/** Creates the database's folder, turning a failure into a `StoreOpenError`. */
export function createFolderOf(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw storeOpenError(path, error);
  }
}

/**
 * One runtime process per database file: two would each fire the timers and deliver the outbox, so
 * every message went out twice (the SQLite store claims no work between processes). The lock is an
 * exclusive SQLite lock on `<database>.runtime-lock`, a file left empty and never deleted (deleting it
 * could let two processes lock two different files). The operating system drops the lock when the
 * process ends, SIGKILL included, so a crash never leaves a stale lock. Other programs on the same file
 * (the tokens CLI) do not take it.
 */
export class RuntimeLock {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  static acquire(databasePath: string): RuntimeLock {
    const lockPath = `${databasePath}.runtime-lock`;
    createFolderOf(databasePath);
    let db: Database.Database | undefined;
    try {
      // No busy timeout: a runtime that holds the lock holds it for its whole life.
      db = new Database(lockPath, { timeout: 0 });
      // It never holds data: with the journal in memory no `-journal` file is left behind by a process that ends.
      db.pragma('journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE');
      return new RuntimeLock(db);
    } catch (error) {
      db?.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        throw new StoreOpenError(
          `Another Tandem runtime is already using the database ${databasePath}; two would fire every timer and send every message twice. Stop it first, or give this one another DATABASE_PATH.`,
        );
      }
      // Named as the database: the lock file beside it is an implementation detail.
      throw storeOpenError(databasePath, error);
    }
  }

  /** Lets another runtime start on the file (the process ending does the same). */
  release(): void {
    if (this.#db.open) this.#db.close();
  }
}
