import { parentPort } from 'node:worker_threads';
import { type IngestMessage, turnReplies } from '@tandem/runtime';

/**
 * An ingest thread that answers every single event at once, parsing its JSON as the bare route does but
 * neither checking nor applying it (`ingest-server.ts --answer-only=thread`): what handing events to a
 * thread and taking the answers back costs by itself, the ceiling of the real ingest thread at a given
 * concurrency. Its answers go back per turn through the real thread's `turnReplies`.
 */
const port = parentPort;
if (!port) throw new Error('hand-off-worker.ts runs as a worker thread.');
const answer = turnReplies(port);

port.on('message', (m: IngestMessage) => {
  if (m === 'close') {
    port.close();
    return;
  }
  for (const request of m) {
    const { id } = JSON.parse(request.body ?? '{}') as { id: string };
    answer(request.job, { ok: true, value: { id, status: 'applied', delivered: 0, enrolled: [] } });
  }
});
