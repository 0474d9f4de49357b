import type Database from 'better-sqlite3';

/**
 * One statement per chunk of rows instead of one per row: `build(n)` gives the SQL for n rows, each row
 * being its parameters in order, after `leading` parameters every chunk shares. Statements are prepared
 * once per chunk size. Returns the rows changed.
 */
export function batched(
  db: Database.Database,
  build: (n: number) => string,
  maxRows = 100,
): (rows: unknown[][], leading?: unknown[]) => number {
  const statements = new Map<number, Database.Statement>();
  return (rows, leading = []) => {
    let changes = 0;
    for (let start = 0; start < rows.length; start += maxRows) {
      const chunk = rows.length <= maxRows ? rows : rows.slice(start, start + maxRows);
      let stmt = statements.get(chunk.length);
      if (!stmt) {
        stmt = db.prepare(build(chunk.length));
        statements.set(chunk.length, stmt);
      }
      changes += stmt.run(...leading, ...chunk.flat()).changes;
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

/** An array row's values from `offset` on, as the row object of `columns` (queries run with `raw()`). */
export function rowOf<T>(columns: readonly string[], values: unknown[], offset = 0): T {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i] as string] = values[offset + i];
  return row as T;
}

/** `t.a, t.b, …` for a table alias and its columns. */
export const selectList = (alias: string, columns: readonly string[]): string =>
  columns.map((c) => `${alias}.${c}`).join(', ');
