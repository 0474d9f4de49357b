/** SQLite result codes that say the storage itself refuses writes, as opposed to a bad request. */
const storageCodes = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/;

/** The storage failure an error carries (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`…), or null for any other error. */
export function storageFailureCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && storageCodes.test(code) ? code : null;
}

/** What an operator should do about a storage failure, in one sentence. */
export function storageFailureMessage(code: string): string {
  if (code.startsWith('SQLITE_FULL'))
    return 'The disk holding the database is full: the change was not applied. Free some space, then send it again.';
  if (code.startsWith('SQLITE_READONLY'))
    return 'The database has become read-only: the change was not applied. Check its file and folder permissions, then send it again.';
  return `The database could not be written (${code}): the change was not applied. Check the disk, then send it again.`;
}

/**
 * Whether writes are failing for a reason of the storage (a full disk, an I/O error, a read-only file),
 * as the health check reports it: set by the failing write, cleared by the next write that commits. Each
 * connection (the main thread's, the ingest thread's) reports to the main thread's.
 */
export class WriteHealth {
  #failure: { code: string; at: number } | null = null;

  /** Records `error` if it is a storage failure; returns its code, or null. */
  failed(error: unknown, at = Date.now()): string | null {
    const code = storageFailureCode(error);
    if (code) this.#failure = { code, at };
    return code;
  }

  succeeded(): void {
    if (this.#failure) this.#failure = null;
  }

  /** The latest storage failure since the last successful write, if any. */
  get failure(): { code: string; at: number; message: string } | null {
    const f = this.#failure;
    return f ? { ...f, message: storageFailureMessage(f.code) } : null;
  }
}
