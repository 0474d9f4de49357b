import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type App,
  type Clock,
  createApp,
  type LeadRecord,
  newLeadRecord,
  type SqliteStore,
} from '@tandem/runtime';
import { scoringFlow } from '@tandem/runtime/testing';
import type { FlowDocument } from '@tandem/schema';

/** A database file in the system's temp folder; `dropDatabase` removes it with its WAL files. */
export function tempDatabase(name: string): string {
  return join(tmpdir(), `tandem-bench-${name}-${process.pid}-${Date.now().toString(36)}.db`);
}

export function dropDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

export const DAY = 86_400_000;

/** Entry, two one-day waits and a goal: every enrolled lead waits on one timer, whose firing starts the next. */
export const waitFlow = {
  schemaVersion: 1,
  id: 'bench-waits',
  name: 'Bench: two waits',
  entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
  nodes: [
    { id: 'start', kind: 'entry', label: 'New lead' },
    {
      id: 'wait1',
      kind: 'wait',
      label: 'One day',
      settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
    },
    {
      id: 'wait2',
      kind: 'wait',
      label: 'Another day',
      settings: { mode: 'duration', duration: { amount: 1, unit: 'days' } },
    },
    { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Waited two days' } },
  ],
  edges: [
    { id: 'e1', source: 'start', outcome: 'next', target: 'wait1' },
    { id: 'e2', source: 'wait1', outcome: 'done', target: 'wait2' },
    { id: 'e3', source: 'wait2', outcome: 'done', target: 'done' },
  ],
} as unknown as FlowDocument;

/**
 * A lead listening for a demo request for 30 days. Every lead event reaches the enrollment; the waiting step
 * listens only for `demo.requested`, so the ingest suite's page visits are recorded without a transition.
 */
export const listenFlow = {
  schemaVersion: 1,
  id: 'bench-listen',
  name: 'Bench: wait for a demo request',
  entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
  nodes: [
    { id: 'start', kind: 'entry', label: 'New lead' },
    {
      id: 'listen',
      kind: 'waitForEvent',
      label: 'Demo requested?',
      settings: { eventType: 'demo.requested', timeout: { amount: 30, unit: 'days' } },
    },
    { id: 'won', kind: 'goal', label: 'Asked for a demo', settings: { reason: 'Demo requested' } },
    { id: 'lost', kind: 'exit', label: 'Went quiet', settings: { reason: 'No demo request' } },
  ],
  edges: [
    { id: 'e1', source: 'start', outcome: 'next', target: 'listen' },
    { id: 'e2', source: 'listen', outcome: 'received', target: 'won' },
    { id: 'e3', source: 'listen', outcome: 'timedOut', target: 'lost' },
  ],
} as unknown as FlowDocument;

/**
 * Behavioural scoring: every page visit adds 5 points and the lead listens again (re-arming the 30-day
 * timeout), so each of the ingest suite's events takes a full machine transition.
 */
export const scoreFlow = scoringFlow('bench-score') as unknown as FlowDocument;

export const leadId = (i: number) => `lead-${i}`;

export function leadRecord(i: number, now: number): LeadRecord {
  return {
    ...newLeadRecord(leadId(i), now),
    externalId: `crm-${i}`,
    email: `lead${i}@example.com`,
    name: `Lead ${i}`,
    attributes: { company: `Company ${i % 997}`, country: 'DE' },
  };
}

/** Creates `n` leads directly in the store, in one transaction: setup, not measured. */
export async function seedLeads(store: SqliteStore, n: number, now: number): Promise<void> {
  const chunk = 50_000;
  for (let start = 0; start < n; start += chunk) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(n, start + chunk); i++) await tx.saveLead(leadRecord(i, now));
    });
  }
}

/** Total bytes of the given tables and their indexes, from SQLite's dbstat. */
export function tableBytes(db: SqliteStore['db'], tables: string[]): number {
  const names = db
    .prepare(
      `SELECT name FROM sqlite_schema WHERE tbl_name IN (${tables.map(() => '?').join(',')}) AND type IN ('table','index')`,
    )
    .all(...tables) as { name: string }[];
  let bytes = 0;
  for (const { name } of names) {
    const row = db.prepare('SELECT SUM(pgsize) AS b FROM dbstat WHERE name = ?').get(name) as {
      b: number | null;
    };
    bytes += row.b ?? 0;
  }
  return bytes;
}

/** A real API token of the given role, issued through `POST /api/tokens` by an app with auth switched off. */
export async function issueToken(store: SqliteStore, role: string): Promise<string> {
  const setup = createApp({ store, auth: { enabled: false } });
  const res = await setup.request('/api/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, name: `bench ${role}` }),
  });
  if (res.status !== 201) throw new Error(`creating a token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The full app (auth on, every middleware) and a marketing token for it. */
export async function benchApp(
  store: SqliteStore,
  clock?: Clock,
  ingestThread = false,
): Promise<{ app: App; token: string }> {
  const token = await issueToken(store, 'marketing');
  return { app: createApp({ store, ingestThread, ...(clock ? { clock } : {}) }), token };
}

/** A JSON POST with the bearer token. */
export function post(app: App, token: string, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
  );
}

/** Publishes a flow through the API. */
export async function publish(app: App, token: string, doc: FlowDocument): Promise<void> {
  const res = await post(app, token, `/api/flows/${doc.id}/publish`, doc);
  if (res.status !== 201) throw new Error(`publishing ${doc.id} failed: ${res.status} ${await res.text()}`);
}

/** Most lead ids one bulk enrollment request takes. */
export const enrollChunk = 10_000;

/** Enrolls leads 0..n-1 through the bulk enrollment route, `enrollChunk` per request. */
export async function enrollAll(app: App, token: string, flowId: string, n: number, from = 0): Promise<void> {
  for (let start = from; start < from + n; start += enrollChunk) {
    const leadIds = Array.from({ length: Math.min(enrollChunk, from + n - start) }, (_, k) =>
      leadId(start + k),
    );
    const res = await post(app, token, `/api/flows/${flowId}/enrollments/batch`, { leadIds });
    const body = (await res.json()) as { enrolled: number };
    if (res.status !== 200 || body.enrolled !== leadIds.length) {
      throw new Error(`bulk enrollment failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
}
