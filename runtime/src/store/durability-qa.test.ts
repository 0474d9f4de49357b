import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../channels/channel.ts';
import { sampleFlow, type TestApp, testApp } from '../testing.ts';
import { migrations } from './migrations.ts';
import { RuntimeLock, StoreOpenError } from './open-database.ts';
import { SqliteStore } from './sqlite-store.ts';

/** Durability as an operator meets it: start-up on a bad file, two runtimes on one file, shutdown. */

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-durability-'));
  dirs.push(dir);
  return dir;
};
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const latest = Math.max(...migrations.map((m) => m.version));

function openError(path: string): StoreOpenError {
  try {
    new SqliteStore(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreOpenError);
    return error as StoreOpenError;
  }
  throw new Error(`${path} opened`);
}

describe('opening a database the runtime cannot use', () => {
  it('refuses a database migrated by a newer runtime instead of writing it without knowing its tables', async () => {
    const path = join(tempDir(), 'newer.db');
    await new SqliteStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)').run(
      latest + 1,
      'from the future',
    );
    db.close();
    expect(openError(path).message).toBe(
      `Cannot use the database ${path}: This database was written by a newer Tandem runtime (schema version ${latest + 1}; this one knows up to ${latest}). Start the newer runtime, or restore a backup made with this version.`,
    );
  });

  it('names the file and the fix: not a database, a folder that cannot be made, a path that is a folder', () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'these are notes, not a database '.repeat(40));
    expect(openError(notDb).message).toBe(
      `Cannot use the database ${notDb}: the file is not a SQLite database. Set DATABASE_PATH to a Tandem database, or to a new file to start empty.`,
    );
    const underFile = join(notDb, 'tandem.db');
    expect(openError(underFile).message).toMatch(
      new RegExp(
        `^Cannot use the database ${underFile}: its folder ${notDb} cannot be created \\(EEXIST.*\\)\\. Set DATABASE_PATH to a file in a writable folder\\.$`,
      ),
    );
    expect(openError(dir).message).toBe(
      `Cannot use the database ${dir}: the file or its folder is missing or not writable (the runtime also writes ${dir.split('/').pop()}-wal and ${dir.split('/').pop()}-shm beside it). Check the path and its permissions, or set DATABASE_PATH.`,
    );
  });

  it('the process says so in one line (no stack) and exits 1', () => {
    const dir = tempDir();
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'these are notes, not a database '.repeat(40));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: runtimeDir,
      env: { ...process.env, PORT: '0', DATABASE_PATH: notDb, STATIC_DIR: '/nonexistent' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `Cannot use the database ${notDb}: the file is not a SQLite database. Set DATABASE_PATH to a Tandem database, or to a new file to start empty.`,
    );
  });
});

describe('one runtime per database file', () => {
  it('refuses a second lock on the same file until the first is released', () => {
    const path = join(tempDir(), 'tandem.db');
    const first = RuntimeLock.acquire(path);
    expect(() => RuntimeLock.acquire(path)).toThrow(
      `Another Tandem runtime is already using the database ${path}; two would fire every timer and send every message twice. Stop it first, or give this one another DATABASE_PATH.`,
    );
    // The store itself (the tokens CLI, the ingest thread) still opens the file beside the runtime.
    return new SqliteStore(path).close().then(() => {
      first.release();
      RuntimeLock.acquire(path).release();
    });
  });

  it('a second runtime process on the same file refuses to start; after a SIGKILL of the first it starts', async () => {
    const path = join(tempDir(), 'tandem.db');
    const first = await startRuntime(path);
    const second = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: runtimeDir,
      env: runtimeEnv(path),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr.trim()).toBe(
      `Another Tandem runtime is already using the database ${path}; two would fire every timer and send every message twice. Stop it first, or give this one another DATABASE_PATH.`,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    // The lock died with the process: no stale lock to remove by hand.
    const third = await startRuntime(path);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 60_000);
});

describe('shutdown while a channel provider does not answer', () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it('stop() lets the hanging send go unrecorded: the message stays pending and the loop ends at once', async () => {
    const sends: string[] = [];
    const hanging: ChannelAdapter = {
      name: 'hanging',
      send: (m) => {
        sends.push(m.idempotencyKey);
        return new Promise(() => {});
      },
    };
    t = testApp({ channels: { email: hanging } });
    await t.call('POST', '/api/flows/sample/publish', sampleFlow());
    const lead = await t.lead({ email: 'ada@example.com' });
    await t.call('POST', '/api/flows/sample/enrollments', { leadId: lead.id });
    const run = t.app.runtime.dispatcher.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sends).toHaveLength(1);
    const started = performance.now();
    await t.app.runtime.dispatcher.stop();
    await run;
    expect(performance.now() - started).toBeLessThan(1_000);
    // Not marked sent nor failed: after the restart it goes out again with the same key.
    const [email] = (await t.call('GET', '/api/outbox?channel=email')).body;
    expect(email).toMatchObject({ status: 'pending', attempts: 0, idempotencyKey: sends[0] });
    // Nothing more is taken once stopped.
    expect(await t.app.runtime.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(sends).toHaveLength(1);
  });

  it('the process closes cleanly on SIGTERM (exit 0) instead of being cut off after 10 s', async () => {
    const hang = await hangingReceiver();
    try {
      const path = join(tempDir(), 'tandem.db');
      const rt = await startRuntime(path, {
        CHANNELS: 'email=webhook,webinar=webhook,task=webhook',
        WEBHOOK_URL: hang.url,
        WEBHOOK_SECRET: 'a-secret-for-the-test',
      });
      // The examples that enter on lead.created queue messages; the background tick starts sending them.
      for (const i of [1, 2, 3])
        expect((await rt.call('POST', '/api/leads', { email: `l${i}@x.example` })).status).toBe(201);
      await waitFor(() => hang.requests() > 0);
      const signalled = performance.now();
      rt.child.kill('SIGTERM');
      expect(await rt.exited).toBe(0);
      expect(performance.now() - signalled).toBeLessThan(5_000);
      expect(rt.output()).toContain('Closed cleanly.');
      const db = new Database(path, { readonly: true });
      const pending = db
        .prepare("SELECT count(*) FROM outbox WHERE status = 'pending' AND attempts = 0")
        .pluck()
        .get();
      db.close();
      expect(pending).toBeGreaterThan(0);
    } finally {
      hang.close();
    }
  }, 60_000);
});

const adminToken = 'tdm_durability-admin-token-for-tests';

function runtimeEnv(path: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: '0',
    DATABASE_PATH: path,
    CLOCK: 'manual',
    TANDEM_ADMIN_TOKEN: adminToken,
    STATIC_DIR: '/nonexistent',
    ...env,
  };
}

/** The runtime as a real process, started as the README says, on a free port. */
async function startRuntime(path: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: runtimeDir,
    env: runtimeEnv(path, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(
    () => /Tandem runtime on http:\/\/localhost:\d+/.test(out),
    exited,
    () => out,
  );
  const base = `http://127.0.0.1:${/localhost:(\d+)/.exec(out)?.[1]}`;
  return {
    child,
    exited,
    output: () => out,
    async call(method: string, url: string, body: unknown) {
      const res = await fetch(base + url, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}

async function waitFor(
  ready: () => boolean,
  failed?: Promise<unknown>,
  output: () => string = () => '',
): Promise<void> {
  let gone = false;
  void failed?.then(() => {
    gone = true;
  });
  const until = Date.now() + 20_000;
  while (!ready()) {
    if (gone || Date.now() > until) throw new Error(`not ready:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A webhook receiver that takes requests and never answers them. */
async function hangingReceiver(): Promise<{ url: string; requests: () => number; close: () => void }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
