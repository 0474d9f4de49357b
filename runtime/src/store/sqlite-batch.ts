import type Database from 'better-sqlite3';

/**
 * One statement per chunk of rows instead of one per row: `build(n)` gives the SQL for n rows, each row
 * being its parameters in order. Statements are prepared once per chunk size. Returns the rows changed.
 */
export function batched(
  db: Database.Database,
  build: (n: number) => string,
  maxRows = 100,
): (rows: unknown[][]) => number {
  const statements = new Map<number, Database.Statement>();
  return (rows) => {
    let changes = 0;
    for (let start = 0; start < rows.length; start += maxRows) {
      const chunk = rows.length <= maxRows ? rows : rows.slice(start, start + maxRows);
      let stmt = statements.get(chunk.length);
      if (!stmt) {
        stmt = db.prepare(build(chunk.length));
        statements.set(chunk.length, stmt);
      }
      changes += stmt.run(chunk.flat()).changes;
    }
    return changes;
  };
}

/** `(?, ?, …)` for one row of `columns` parameters, repeated `n` times. */
export const valuesList = (n: number, columns: number): string => {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: n }, () => row).join(', ');
};

/** `?, ?, …` n times, for `IN (…)`. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
