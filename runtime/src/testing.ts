import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examples } from '@tandem/examples';
import type { FlowDocument } from '@tandem/schema';
import { type App, createApp } from './app.ts';
import { createToken, newTokenSecret } from './auth/tokens.ts';
import { CaptureAdapter } from './channels/capture-adapter.ts';
import type { ChannelMap } from './channels/channel.ts';
import type { DispatcherOptions } from './channels/dispatcher.ts';
import { ManualClock } from './clock.ts';
import type { Role } from './store/records.ts';
import { SqliteStore } from './store/sqlite-store.ts';

/** A fresh database file in a temporary folder: tests run against real SQLite files. */
export function tempDatabasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'tandem-runtime-')), 'tandem.db');
}

/** Response bodies in tests are asserted on, not typed. */
// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field.
export type Body = any;

export interface TestApp {
  app: App;
  clock: ManualClock;
  store: SqliteStore;
  capture: CaptureAdapter;
  path: string;
  /** The secret of the token `call` sends (admin unless the `role` option says otherwise). */
  token: string;
  /** Headers carrying that token, for raw `app.request` calls. */
  headers: Record<string, string>;
  call<T = Body>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** A `call` with a new token of another role (sales tokens may be limited to queues); null token: none. */
  as(role: Role | null, queues?: string[]): Promise<TestApp['call']>;
  /** Publishes one of the example playbooks through the API. */
  publishExample(id: string): Promise<number>;
  /** Creates (or updates) a lead and returns it. */
  lead(input: Record<string, unknown>): Promise<Body>;
  /** Posts a lead event with a fresh id; returns the response body. */
  emit(leadId: string, type: string, extra?: Record<string, unknown>): Promise<Body>;
  /** Advances the manual clock through the API (firing timers and delivering messages). */
  advance(ms: number): Promise<Body>;
  /** The lead's enrollment in a flow, as `GET /api/leads/:id` shows it. */
  enrollment(leadId: string, flowId: string): Promise<Body>;
  /** The lead's tasks that are open or claimed. */
  openTasks(leadId: string): Promise<Body[]>;
  /** The lead's timeline texts, in order. */
  timeline(leadId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Milliseconds in a day, for readable `advance` calls. */
export const DAY = 86_400_000;

/** An app on a real SQLite file with a manual clock and a capture adapter on every channel. */
export function testApp(
  options: {
    path?: string;
    clock?: ManualClock;
    channels?: ChannelMap;
    dispatcher?: DispatcherOptions;
    examples?: App['runtime']['examples'];
    /** The role of the token `call` sends; admin by default. */
    role?: Role;
    webhookSecret?: string;
    corsOrigins?: string[];
    /** Apply lead events on the ingest thread, as the server does. */
    ingestThread?: boolean;
    /** `INGEST_RATE_LIMIT`: requests a second per token on the ingest routes. */
    ingestRateLimit?: number;
  } = {},
): TestApp {
  const path = options.path ?? tempDatabasePath();
  const clock = options.clock ?? new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
  const store = new SqliteStore(path);
  const capture = new CaptureAdapter();
  const app = createApp({
    store,
    clock,
    channels: { email: capture, webinar: capture, task: capture, ...options.channels },
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.examples ? { examples: options.examples } : {}),
    ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    ...(options.ingestThread ? { ingestThread: true } : {}),
    ...(options.ingestRateLimit ? { ingestRateLimit: options.ingestRateLimit } : {}),
  });
  const issue = (role: Role, queues?: string[]) => {
    const secret = newTokenSecret();
    const stored = store.transaction((tx) =>
      createToken(tx, { role, name: `test ${role}`, queues }, 0, secret),
    );
    return { secret, stored };
  };
  const main = issue(options.role ?? 'admin');
  const caller =
    (secret: string | null): TestApp['call'] =>
    async (method, url, body) => {
      await main.stored;
      const headers: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
      const init: RequestInit = { method, headers };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
      const res = await app.request(url, init);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
  const call = caller(main.secret);
  let eventSeq = 0;
  const ok = async (method: string, url: string, body?: unknown) => {
    const res = await call(method, url, body);
    if (res.status >= 300)
      throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    app,
    clock,
    store,
    capture,
    path,
    token: main.secret,
    headers: { authorization: `Bearer ${main.secret}` },
    call,
    async as(role, queues) {
      if (role === null) return caller(null);
      const other = issue(role, queues);
      await other.stored;
      return caller(other.secret);
    },
    async publishExample(id) {
      const example = examples.find((e) => e.id === id);
      if (!example) throw new Error(`No example flow ${id}`);
      return (await ok('POST', `/api/flows/${example.flow.id}/publish`, example.flow)).version;
    },
    lead: (input) => ok('POST', '/api/leads', input),
    emit: (leadId, type, extra = {}) =>
      ok('POST', '/api/events', { id: `ev-${++eventSeq}`, leadId, type, ...extra }),
    advance: (ms) => ok('POST', '/api/admin/clock/advance', { ms }),
    async enrollment(leadId, flowId) {
      const lead = await ok('GET', `/api/leads/${leadId}`);
      return [...lead.enrollments].reverse().find((e: { flowId: string }) => e.flowId === flowId);
    },
    async openTasks(leadId) {
      const tasks = (await ok('GET', `/api/tasks?leadId=${leadId}`)) as { status: string }[];
      return tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
    },
    async timeline(leadId) {
      return ((await ok('GET', `/api/leads/${leadId}/timeline`)) as { text: string }[]).map((e) => e.text);
    },
    async close() {
      await app.runtime.stop();
      await store.close();
    },
  };
}

/** A small valid flow: entry → email → (clicked) call / (else) wait 7 days → goal. */
export function sampleFlow(id = 'sample', overrides: Partial<FlowDocument> = {}): Record<string, unknown> {
  return {
    id,
    name: 'Sample nurture',
    nodes: [
      { id: 'start', kind: 'entry', label: 'New lead' },
      {
        id: 'welcome',
        kind: 'email',
        label: 'Welcome email',
        settings: { template: 'welcome', subject: 'Welcome aboard', window: { amount: 3, unit: 'days' } },
      },
      {
        id: 'call',
        kind: 'salesCall',
        label: 'Greeting call',
        owner: { team: 'sales', queue: 'telequalifying' },
        settings: {
          purpose: 'Say hello',
          talkingPoints: ['Who are you'],
          deadline: { amount: 2, unit: 'days' },
          maxAttempts: 2,
        },
        terminal: ['connected', 'notNow', 'noAnswer', 'converted', 'expired'],
      },
      {
        id: 'stage-dq',
        kind: 'stage',
        label: 'Disqualify',
        settings: { stage: 'disqualified', reason: 'Sales disqualified' },
        terminal: [],
      },
      {
        id: 'pause',
        kind: 'wait',
        label: 'Wait a week',
        settings: { mode: 'duration', duration: { amount: 7, unit: 'days' } },
      },
      { id: 'done', kind: 'goal', label: 'Done', settings: { reason: 'Nurtured' } },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'welcome' },
      { id: 'e2', source: 'welcome', outcome: 'clicked', target: 'call' },
      { id: 'e3', source: 'welcome', outcome: 'opened', target: 'pause' },
      { id: 'e4', source: 'welcome', outcome: 'noEngagement', target: 'pause' },
      { id: 'e5', source: 'call', outcome: 'disqualified', target: 'stage-dq' },
      { id: 'e6', source: 'stage-dq', outcome: 'next', target: 'done' },
      { id: 'e7', source: 'pause', outcome: 'done', target: 'done' },
    ],
    ...overrides,
  };
}

/**
 * Behavioural scoring: every page visit adds 5 points and the lead listens again, which restarts the step's
 * 30-day timeout; a lead with no visit for 30 days leaves.
 */
export function scoringFlow(id = 'visits'): Record<string, unknown> {
  return {
    schemaVersion: 1,
    id,
    name: 'Score page visits',
    entry: { trigger: { type: 'manual' }, reentry: { policy: 'never' } },
    nodes: [
      { id: 'start', kind: 'entry', label: 'New lead' },
      {
        id: 'listen',
        kind: 'waitForEvent',
        label: 'Visited a page?',
        settings: { eventType: 'page.visited', timeout: { amount: 30, unit: 'days' } },
      },
      { id: 'score', kind: 'score', label: 'Page visit', settings: { points: 5 } },
      { id: 'quiet', kind: 'exit', label: 'Went quiet', settings: { reason: 'No visit in 30 days' } },
    ],
    edges: [
      { id: 'e1', source: 'start', outcome: 'next', target: 'listen' },
      { id: 'e2', source: 'listen', outcome: 'received', target: 'score' },
      { id: 'e3', source: 'score', outcome: 'next', target: 'listen' },
      { id: 'e4', source: 'listen', outcome: 'timedOut', target: 'quiet' },
    ],
  };
}
