import type Database from 'better-sqlite3';
import type { SettingsRepo } from './store.ts';

export function sqliteSettingsRepo(db: Database.Database): SettingsRepo {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const set = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    async getSetting(key) {
      return get.get(key)?.value ?? null;
    },
    async setSetting(key, value) {
      set.run(key, value);
    },
  };
}
