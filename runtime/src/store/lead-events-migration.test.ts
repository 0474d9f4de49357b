import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDatabasePath } from '../testing.ts';
import { databaseAtVersion } from './old-database.ts';
import { SqliteStore } from './sqlite-store.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Writes what version 4 wrote: a `lead_events` row and, unless told otherwise, the event's timeline line. */
function v4Writer(db: Database.Database) {
  const line = db.prepare(
    `INSERT INTO timeline (lead_id, at, type, text, flow_id, version, node_id, data)
     VALUES (@leadId, @at, @type, @text, @flowId, @version, @nodeId, @data)`,
  );
  const event = db.prepare('INSERT INTO lead_events (lead_id, type, at, data) VALUES (?, ?, ?, ?)');
  const addLine = (l: {
    leadId: string;
    at: number;
    type: string;
    text: string;
    flowId?: string;
    version?: number;
    nodeId?: string;
    data: Record<string, unknown>;
  }) => line.run({ flowId: null, version: null, nodeId: null, ...l, data: JSON.stringify(l.data) });
  return {
    addLine,
    createLead(id: string, at: number, recordEvent = true) {
      db.prepare(
        `INSERT INTO leads (id, external_id, email, name, attributes, bant, score, stage, stage_reason, recycle_count, owner, created_at, updated_at)
         VALUES (?, ?, NULL, NULL, '{}', '{}', 0, 'inquiry', NULL, 0, NULL, ?, ?)`,
      ).run(id, id, at, at);
      addLine({ leadId: id, at, type: 'leadCreated', text: `Lead created: ${id}`, data: { externalId: id } });
      if (recordEvent) event.run(id, 'lead.created', at, '{}');
    },
    /** An event applied at `now` that happened at `eventAt`; `withLine: false` leaves its line out. */
    event(
      leadId: string,
      type: string,
      now: number,
      eventAt: number,
      data: Record<string, unknown>,
      text: string,
      withLine = true,
    ) {
      event.run(leadId, type, eventAt, JSON.stringify(data));
      if (withLine) addLine({ leadId, at: now, type, text, data: { ...data, eventAt } });
    },
  };
}

/** recentLeadEvents as version 4 answered it. */
const v4Recent = (db: Database.Database, leadId: string, limit: number) =>
  db
    .prepare(
      'SELECT type, at FROM (SELECT seq, type, at FROM lead_events WHERE lead_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq',
    )
    .all(leadId, limit) as { type: string; at: number }[];

const storedLines = (db: Database.Database) =>
  db
    .prepare('SELECT id, lead_id, at, type, text, flow_id, version, node_id, data FROM timeline ORDER BY id')
    .all();

describe('migration 5: lead events stored once, in the timeline', () => {
  it('keeps every event fact of a version 4 database and the timeline as it read', async () => {
    const path = tempDatabasePath();
    const db = databaseAtVersion(path, 4, T0);
    const w = v4Writer(db);
    w.createLead('ada', T0);
    w.createLead('bob', T0 + HOUR);
    // Ada: a visit posted an hour after it happened, two opens at the same instant, a flow's lines between.
    w.event('ada', 'page.visited', T0 + 2 * HOUR, T0 + HOUR, { url: '/pricing' }, 'Page visited: /pricing');
    w.addLine({
      leadId: 'ada',
      at: T0 + 2 * HOUR,
      type: 'flowEntered',
      text: 'Entered Nurture v1',
      flowId: 'nurture',
      version: 1,
      data: { via: 'api' },
    });
    w.addLine({
      leadId: 'ada',
      at: T0 + 2 * HOUR,
      type: 'recordOutcome',
      text: '',
      flowId: 'nurture',
      version: 1,
      nodeId: 'welcome',
      data: { nodeId: 'welcome', outcome: 'opened', _next: 'pause' },
    });
    w.event('bob', 'email.opened', T0 + 3 * HOUR, T0 + 3 * HOUR, {}, 'Email opened');
    w.event('ada', 'email.opened', T0 + 4 * HOUR, T0 + 3 * HOUR, {}, 'Email opened');
    w.event('ada', 'email.opened', T0 + 4 * HOUR, T0 + 3 * HOUR, {}, 'Email opened');
    // A flow's line of the same type and time as the event that follows it, but no event: it stays plain.
    w.addLine({
      leadId: 'ada',
      at: T0 + 5 * HOUR,
      type: 'demo.requested',
      text: 'Waiting for a demo request',
      flowId: 'nurture',
      version: 1,
      nodeId: 'listen',
      data: { eventAt: T0 + 6 * HOUR },
    });
    w.event(
      'ada',
      'demo.requested',
      T0 + 6 * HOUR,
      T0 + 6 * HOUR,
      { source: 'web' },
      'Event “demo.requested”',
    );
    w.event(
      'ada',
      'attributes.changed',
      T0 + 7 * HOUR,
      T0 + 7 * HOUR,
      { attributes: { plan: 'pro' } },
      'Lead details changed',
    );
    // Carol's creation was never recorded as an event: her `leadCreated` line must not become one.
    w.createLead('carol', T0 + 8 * HOUR, false);
    w.event('carol', 'page.visited', T0 + 9 * HOUR, T0 + 9 * HOUR, { url: '/' }, 'Page visited: /');

    const leads = ['ada', 'bob', 'carol'];
    const before = Object.fromEntries(leads.map((id) => [id, v4Recent(db, id, 500)]));
    const beforeLimited = v4Recent(db, 'ada', 3);
    const linesBefore = storedLines(db);
    db.close();

    const store = new SqliteStore(path);
    // Migrated through 5 (and any later migration).
    expect(store.schemaVersion).toBeGreaterThanOrEqual(5);
    for (const id of leads)
      expect(await store.read((tx) => tx.recentLeadEvents(id, 500))).toEqual(before[id]);
    expect(await store.read((tx) => tx.recentLeadEvents('ada', 3))).toEqual(beforeLimited);
    expect(before.ada).toHaveLength(6);
    expect(before.carol).toEqual([{ type: 'page.visited', at: T0 + 9 * HOUR }]);
    const marked = store.db
      .prepare("SELECT type, event_type, event_at FROM timeline WHERE lead_id = 'ada' ORDER BY id")
      .all();
    expect(marked).toEqual([
      { type: 'leadCreated', event_type: 'lead.created', event_at: T0 },
      { type: 'page.visited', event_type: 'page.visited', event_at: T0 + HOUR },
      { type: 'flowEntered', event_type: null, event_at: null },
      { type: 'recordOutcome', event_type: null, event_at: null },
      { type: 'email.opened', event_type: 'email.opened', event_at: T0 + 3 * HOUR },
      { type: 'email.opened', event_type: 'email.opened', event_at: T0 + 3 * HOUR },
      { type: 'demo.requested', event_type: null, event_at: null },
      { type: 'demo.requested', event_type: 'demo.requested', event_at: T0 + 6 * HOUR },
      { type: 'attributes.changed', event_type: 'attributes.changed', event_at: T0 + 7 * HOUR },
    ]);
    // Every line as it was (no line added: every event had its line); the event table and its index gone.
    expect(storedLines(store.db)).toEqual(linesBefore);
    expect(
      store.db
        .prepare("SELECT name FROM sqlite_schema WHERE name IN ('lead_events', 'lead_events_lead')")
        .all(),
    ).toEqual([]);
    expect(
      store.db.prepare("SELECT COUNT(*) AS n FROM sqlite_temp_schema WHERE type = 'table'").get(),
    ).toEqual({ n: 0 });
    await store.close();
  });

  it('gives an event that had lost its timeline line a new line that reads like the others', async () => {
    const path = tempDatabasePath();
    const db = databaseAtVersion(path, 4, T0);
    const w = v4Writer(db);
    w.createLead('dan', T0);
    w.event('dan', 'page.visited', T0 + HOUR, T0 + HOUR, { url: '/a' }, 'Page visited: /a');
    // Two events whose lines are missing (say, deleted by hand), the second older than the lines around it.
    w.event(
      'dan',
      'form.submitted',
      T0 + 2 * HOUR,
      T0 + 2 * HOUR,
      { formId: 'demo', note: 'asap' },
      '',
      false,
    );
    w.event('dan', 'pricing.visited', T0 + 3 * HOUR, T0 - DAY, {}, '', false);
    w.event('dan', 'page.visited', T0 + 4 * HOUR, T0 + 4 * HOUR, { url: '/b' }, 'Page visited: /b');
    const before = v4Recent(db, 'dan', 500);
    const linesBefore = storedLines(db);
    db.close();

    const store = new SqliteStore(path);
    const after = await store.read((tx) => tx.recentLeadEvents('dan', 500));
    // The same facts; the recovered ones come last (they are the lead's newest lines).
    const byTime = (a: { at: number }, b: { at: number }) => a.at - b.at;
    expect([...after].sort(byTime)).toEqual([...before].sort(byTime));
    expect(after.slice(-2)).toEqual([
      { type: 'form.submitted', at: T0 + 2 * HOUR },
      { type: 'pricing.visited', at: T0 - DAY },
    ]);
    expect(storedLines(store.db).slice(0, linesBefore.length)).toEqual(linesBefore);
    // The new lines sit in the timeline at the time the event happened, worded as the runtime words them.
    const timeline = await store.read((tx) => tx.timeline('dan'));
    expect(timeline.map((l) => [l.type, l.text])).toEqual([
      ['pricing.visited', 'Event “pricing.visited”'],
      ['leadCreated', 'Lead created: dan'],
      ['page.visited', 'Page visited: /a'],
      ['form.submitted', 'Form submitted: demo · asap'],
      ['page.visited', 'Page visited: /b'],
    ]);
    expect(timeline.find((l) => l.type === 'form.submitted')).toMatchObject({
      at: T0 + 2 * HOUR,
      flowId: null,
      version: null,
      nodeId: null,
      data: { formId: 'demo', note: 'asap', eventAt: T0 + 2 * HOUR },
    });
    // The line ids go on from the new lines: the next event is the newest.
    await store.transaction((tx) =>
      tx.addTimeline({
        leadId: 'dan',
        at: T0 + 5 * HOUR,
        type: 'email.opened',
        text: 'Email opened',
        flowId: null,
        version: null,
        nodeId: null,
        data: { eventAt: T0 + 5 * HOUR },
        event: { type: 'email.opened', at: T0 + 5 * HOUR },
      }),
    );
    expect((await store.read((tx) => tx.recentLeadEvents('dan', 1)))[0]).toEqual({
      type: 'email.opened',
      at: T0 + 5 * HOUR,
    });
    await store.close();
  });
});
