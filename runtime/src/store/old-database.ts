import Database from 'better-sqlite3';
import { migrations } from './migrations.ts';

/**
 * For migration tests: a database as a runtime at schema `version` left it, migrations 1 to `version` applied
 * (at `appliedAt`) and recorded, ready for rows written the way that runtime wrote them.
 */
export function databaseAtVersion(path: string, version: number, appliedAt: number): Database.Database {
  const db = new Database(path);
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations.filter((m) => m.version <= version)) {
    db.exec(m.sql);
    record.run(m.version, m.name, appliedAt);
  }
  return db;
}
