import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../testing.ts';
import { databaseAtVersion } from './old-database.ts';
import { SqliteStore } from './sqlite-store.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

/** Writes what version 7 wrote: outbox rows, and the "not delivered" line of each time one went dead. */
function v7Writer(db: Database.Database) {
  const message = db.prepare(
    `INSERT INTO outbox (id, idempotency_key, lead_id, enrollment_id, channel, payload, status, attempts,
       next_attempt_at, last_error, created_at, sent_at)
     VALUES (@id, @id, @leadId, NULL, 'email', '{}', @status, @attempts, @createdAt, @lastError, @createdAt, @sentAt)`,
  );
  const line = db.prepare(
    `INSERT INTO timeline (lead_id, at, type, text, flow_id, version, node_id, data)
     VALUES (?, ?, 'messageUndelivered', ?, 'nurture', 1, 'welcome', ?)`,
  );
  return {
    message(id: string, leadId: string, status: 'pending' | 'sent' | 'dead', createdAt: number) {
      message.run({
        id,
        leadId,
        status,
        attempts: status === 'sent' ? 1 : 5,
        lastError: status === 'sent' ? null : 'provider down',
        createdAt,
        sentAt: status === 'sent' ? createdAt : null,
      });
    },
    undelivered(id: string, leadId: string, at: number) {
      const data = { messageId: id, channel: 'email', attempts: 5, error: 'provider down' };
      line.run(leadId, at, 'Email not delivered after 5 attempts (provider down)', JSON.stringify(data));
    },
  };
}

describe('migration 8: when a message was dead-lettered', () => {
  it('dates an older dead letter by its latest “not delivered” line, and leaves one without a line undated', async () => {
    const path = tempDatabasePath();
    const db = databaseAtVersion(path, 7, T0);
    const w = v7Writer(db);
    // Ada's email died, was replayed and died again: it is dead since the second time.
    w.message('ada-welcome', 'ada', 'dead', T0);
    w.undelivered('ada-welcome', 'ada', T0 + HOUR);
    w.undelivered('ada-welcome', 'ada', T0 + 5 * HOUR);
    // Bob's died later than Ada's first death; his other email went out after a failure of its own.
    w.message('bob-welcome', 'bob', 'dead', T0 + HOUR);
    w.undelivered('bob-welcome', 'bob', T0 + 3 * HOUR);
    w.message('bob-followup', 'bob', 'sent', T0 + 2 * HOUR);
    w.undelivered('bob-followup', 'bob', T0 + 4 * HOUR);
    // Cy's died before the runtime wrote "not delivered" lines; Di's is still being tried.
    w.message('cy-welcome', 'cy', 'dead', T0 - HOUR);
    w.message('di-welcome', 'di', 'pending', T0 + 2 * HOUR);
    db.close();

    const store = new SqliteStore(path);
    expect(store.schemaVersion).toBeGreaterThanOrEqual(8);
    const dead = await store.read((tx) => tx.listOutbox({ status: 'dead' }));
    expect(dead.map((m) => [m.id, m.deadAt])).toEqual([
      ['ada-welcome', T0 + 5 * HOUR],
      ['bob-welcome', T0 + 3 * HOUR],
      ['cy-welcome', null],
    ]);
    const others = await store.read((tx) =>
      Promise.all([tx.getMessage('bob-followup'), tx.getMessage('di-welcome')]),
    );
    expect(others.map((m) => m?.deadAt)).toEqual([null, null]);
    // A replay takes the time away again.
    expect(await store.transaction((tx) => tx.requeueDead({ id: 'ada-welcome' }, T0 + 6 * HOUR))).toEqual([
      'ada-welcome',
    ]);
    expect(await store.read((tx) => tx.getMessage('ada-welcome'))).toMatchObject({
      status: 'pending',
      deadAt: null,
    });
    await store.close();
  });
});
