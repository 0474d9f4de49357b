import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { systemClock } from '../clock.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { IngestThread } from './thread.ts';

// The benchmarks replace the thread's module with one that answers without applying (the hand-off alone).
it('runs the module it is given, which answers in the thread’s own messages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-thread-entry-'));
  const entry = join(dir, 'answer.mjs');
  writeFileSync(
    entry,
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => {
  if (m === 'close') return parentPort.close();
  parentPort.postMessage({
    jobs: m.map((r) => r.job),
    answers: m.map((r) => ({ ok: true, value: { id: JSON.parse(r.body).id, status: 'duplicate', delivered: 0, enrolled: [] } })),
  });
});`,
  );
  const store = new SqliteStore(join(dir, 'tandem.db'));
  const events = new IngestThread(store.path, store.writeTurn, systemClock, pathToFileURL(entry).href);
  try {
    const answers = await Promise.all(['a', 'b'].map((id) => events.single(JSON.stringify({ id }))));
    expect(answers).toEqual([
      { id: 'a', status: 'duplicate', delivered: 0, enrolled: [] },
      { id: 'b', status: 'duplicate', delivered: 0, enrolled: [] },
    ]);
  } finally {
    await events.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
