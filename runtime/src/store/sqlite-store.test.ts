import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newLeadRecord } from '../engine/leads.ts';
import { tempDatabasePath } from '../testing.ts';
import { applyMigration, migrations } from './migrations.ts';
import type { EnrollmentRecord, LeadRecord } from './records.ts';
import { SqliteStore } from './sqlite-store.ts';

const leadRecord = (id: string): LeadRecord => ({
  ...newLeadRecord(id, 1),
  email: `${id}@example.com`,
  name: 'Ann',
  attributes: { country: 'DE' },
});

const enrollmentRecord = (id: string, leadId: string, enteredAt: number): EnrollmentRecord => ({
  id,
  leadId,
  flowId: 'f',
  version: 1,
  status: enteredAt === 1 ? 'completed' : 'active',
  snapshot: { value: 'wait', context: {} },
  activeNodes: ['wait'],
  enteredAt,
  endedAt: enteredAt === 1 ? 2 : null,
  endReason: enteredAt === 1 ? 'Goal' : null,
});

describe('the SQLite store', () => {
  it('migrates once, in WAL mode, and keeps data across reopening', async () => {
    const path = tempDatabasePath();
    const first = new SqliteStore(path);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await first.transaction((tx) => tx.saveDraft({ id: 'f', name: 'F', draft: null, at: 1 }));
    await first.close();
    const second = new SqliteStore(path);
    expect(second.schemaVersion).toBe(migrations.at(-1)?.version);
    expect((second.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      migrations.length,
    );
    expect((await second.read((tx) => tx.getFlow('f')))?.name).toBe('F');
    await second.close();
  });

  it('skips a migration another process applied after this one looked, instead of failing on its tables', async () => {
    const path = tempDatabasePath();
    const store = new SqliteStore(path);
    // This process read the applied versions before the other one applied the latest migration.
    const latest = migrations.at(-1) as (typeof migrations)[number];
    const other = new Database(path);
    try {
      expect(applyMigration(other, latest)).toBe(false);
      expect((other.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
        migrations.length,
      );
    } finally {
      other.close();
      await store.close();
    }
  });

  it('rolls a transaction back entirely when its work fails', async () => {
    const store = new SqliteStore(tempDatabasePath());
    await expect(
      store.transaction(async (tx) => {
        await tx.saveDraft({ id: 'a', name: 'A', draft: null, at: 1 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.read((tx) => tx.listFlows())).toEqual([]);
    // The queue keeps working after a failure.
    await store.transaction((tx) => tx.saveDraft({ id: 'b', name: 'B', draft: null, at: 1 }));
    expect((await store.read((tx) => tx.listFlows())).map((f) => f.id)).toEqual(['b']);
    await store.close();
  });

  it('copies committed pages into the database file on a worker thread once writes keep coming', async () => {
    const path = tempDatabasePath();
    const store = new SqliteStore(path);
    const fileSize = () => statSync(path).size;
    const before = fileSize();
    const body = 'x'.repeat(2_000);
    for (let i = 0; i < 200; i++) {
      await store.transaction((tx) => tx.saveDraft({ id: `f${i}`, name: body, draft: null, at: i }));
    }
    // The writer itself never checkpointed (its threshold is thousands of pages): the worker did.
    const deadline = Date.now() + 5_000;
    while (store.backgroundCheckpoints === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(store.backgroundCheckpoints).toBeGreaterThan(0);
    expect(fileSize()).toBeGreaterThan(before + 100 * 2_000);
    await store.close();
    const reopened = new SqliteStore(path);
    expect(await reopened.read((tx) => tx.listFlows())).toHaveLength(200);
    await reopened.close();
  });

  it('keeps leads read between transactions, and sees another process change them', async () => {
    const path = tempDatabasePath();
    const store = new SqliteStore(path);
    const lead = leadRecord('l1');
    await store.transaction((tx) => tx.saveLead(lead));
    expect((await store.read((tx) => tx.getLead('l1')))?.score).toBe(0);

    // A change that rolls back is not remembered.
    await expect(
      store.transaction(async (tx) => {
        await tx.saveLead({ ...lead, score: 50 });
        expect((await tx.getLead('l1'))?.score).toBe(50);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await store.read((tx) => tx.getLead('l1')))?.score).toBe(0);

    // Another connection (another runtime process, say) commits: the next transaction reads it.
    const other = new SqliteStore(path);
    await other.transaction((tx) => tx.saveLead({ ...lead, score: 70, attributes: { country: 'FR' } }));
    await other.close();
    const seen = await store.transaction((tx) => tx.getLead('l1'));
    expect(seen?.score).toBe(70);
    expect(seen?.attributes).toEqual({ country: 'FR' });

    // Cached records are frozen: changing one in place instead of saving a copy fails.
    expect(() => {
      (seen as LeadRecord).score = 1;
    }).toThrow(TypeError);
    await store.close();
  });

  it('saves a lead it holds by writing what changed, and gives it back as a fresh read would', async () => {
    const path = tempDatabasePath();
    const store = new SqliteStore(path);
    await store.transaction(async (tx) => {
      await tx.saveLead(leadRecord('l1'));
      await tx.saveLead(leadRecord('l2'));
    });
    const cached = await store.read((tx) => tx.getLead('l1'));
    if (!cached) throw new Error('l1 was not stored');
    const saved = await store.transaction(async (tx) => {
      await tx.saveLead({ ...cached, score: 15, updatedAt: 9 });
      await tx.saveLead({
        ...((await tx.getLead('l1')) as LeadRecord),
        stage: 'mql',
        attributes: { country: 'FR', size: undefined as unknown as string },
        createdAt: 123,
      });
      return tx.getLead('l1');
    });
    const other = new SqliteStore(path);
    const fresh = await other.read((tx) => tx.getLead('l1'));
    // Facts go through JSON as when read (an undefined fact is dropped); the creation time never changes.
    expect(fresh).toMatchObject({ score: 15, stage: 'mql', attributes: { country: 'FR' }, createdAt: 1 });
    expect(saved).toEqual(fresh);
    expect(Object.isFrozen(saved?.attributes)).toBe(true);
    // A changed email is still checked against the other leads'.
    await expect(
      store.transaction(async (tx) =>
        tx.saveLead({ ...((await tx.getLead('l1')) as LeadRecord), email: 'l2@example.com' }),
      ),
    ).rejects.toThrow(/UNIQUE/);
    expect((await other.read((tx) => tx.getLead('l1')))?.email).toBe('l1@example.com');
    await other.close();
    await store.close();
  });

  it('reads many leads with their enrollments at once, as reading them one by one would', async () => {
    const path = tempDatabasePath();
    const writer = new SqliteStore(path);
    await writer.transaction(async (tx) => {
      for (const id of ['l1', 'l2', 'l3']) await tx.saveLead(leadRecord(id));
      await tx.saveEnrollment(enrollmentRecord('e2', 'l1', 5));
      await tx.saveEnrollment(enrollmentRecord('e1', 'l1', 1));
      await tx.saveEnrollment(enrollmentRecord('e3', 'l3', 3));
    });
    await writer.close();
    const oneByOne = new SqliteStore(path);
    const expected = await oneByOne.read(async (tx) =>
      Promise.all(['l1', 'l2', 'l3'].map(async (id) => [await tx.getLead(id), await tx.leadEnrollments(id)])),
    );
    await oneByOne.close();

    const store = new SqliteStore(path);
    const loaded = await store.read(async (tx) => {
      await tx.loadLeads(['l3', 'nobody', 'l1', 'l2', 'l1']);
      return {
        leads: await Promise.all(
          ['l1', 'l2', 'l3'].map(async (id) => [await tx.getLead(id), await tx.leadEnrollments(id)]),
        ),
        nobody: await tx.getLead('nobody'),
      };
    });
    expect(loaded.leads).toEqual(expected);
    expect(loaded.leads[0]?.[1]).toHaveLength(2);
    expect(loaded.nobody).toBeNull();
    await store.close();
  });

  it('sets a timer again for later in place, and fires it once, at its new time', async () => {
    const store = new SqliteStore(tempDatabasePath());
    const timer = {
      enrollmentId: 'e1',
      sendId: 'xstate.after.100.listen',
      event: { type: 'xstate.after.100.listen' },
      nodeId: 'listen',
    };
    const pages = () =>
      store.db.prepare("SELECT due_at, later_due FROM timers WHERE enrollment_id = 'e1'").get();
    await store.transaction((tx) => tx.addTimer({ ...timer, dueAt: 100 }));
    await store.transaction((tx) => tx.addTimer({ ...timer, dueAt: 250 }, { rearm: true }));
    // Kept in its place in the due order, with its new time beside it; read as due at 250.
    expect(pages()).toEqual({ due_at: 100, later_due: 250 });
    expect((await store.read((tx) => tx.timersOf('e1'))).map((t) => t.dueAt)).toEqual([250]);
    expect(await store.read((tx) => tx.dueTimers(150, 10))).toEqual([]);
    // At its old time the scheduler finds nothing due, and the timer moves to its time.
    expect(await store.transaction((tx) => tx.dueTimers(150, 10))).toEqual([]);
    expect(pages()).toEqual({ due_at: 250, later_due: null });
    expect(await store.read((tx) => tx.nextTimerDue())).toBe(250);
    // Set again, earlier than its place: moved at once.
    await store.transaction((tx) => tx.addTimer({ ...timer, dueAt: 200 }, { rearm: true }));
    expect(pages()).toEqual({ due_at: 200, later_due: null });
    await store.transaction((tx) => tx.addTimer({ ...timer, dueAt: 300 }, { rearm: true }));
    // Its new time already passed when the scheduler looks: due, once, with that time.
    const due = await store.transaction((tx) => tx.dueTimers(400, 10));
    expect(due.map((t) => [t.sendId, t.dueAt])).toEqual([[timer.sendId, 300]]);
    expect(await store.transaction((tx) => tx.takeTimers(due.map((t) => t.id)))).toBe(1);
    expect(await store.transaction((tx) => tx.dueTimers(400, 10))).toEqual([]);
    await store.close();
  });

  it('lets a script that closes its store after many writes exit normally', () => {
    // The checkpoint worker must not keep the process alive, nor let it end while the close still waits.
    const path = tempDatabasePath();
    const script = join(dirname(path), 'close.mts');
    const store = fileURLToPath(new URL('./sqlite-store.ts', import.meta.url));
    writeFileSync(
      script,
      `import { SqliteStore } from ${JSON.stringify(store)};
const s = new SqliteStore(${JSON.stringify(path)});
for (let i = 0; i < 200; i++) await s.transaction((tx) => tx.saveDraft({ id: 'f' + i, name: 'x', draft: null, at: i }));
await s.close();
console.log('closed');`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.stdout.trim()).toBe('closed');
    expect(run.status).toBe(0);
  });
});
