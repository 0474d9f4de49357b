import { parentPort } from 'node:worker_threads';
import type { IngestMessage, IngestReply } from '@tandem/runtime';

/**
 * An ingest thread that answers every single event at once, parsing its JSON as the bare route does but neither checking nor applying it (`ingest-server.ts
 * --answer-only=thread`): what handing events to a thread and taking the answers back costs by itself, the
 * ceiling of the real ingest thread at a given concurrency. It batches its answers per turn as the real one does.
 */
const port = parentPort;
if (!port) throw new Error('hand-off-worker.ts runs as a worker thread.');
let reply: IngestReply | null = null;

port.on('message', (m: IngestMessage) => {
  if (m === 'close') {
    port.close();
    return;
  }
  if (!reply) {
    reply = { jobs: [], answers: [] };
    setImmediate(() => {
      const message = reply;
      reply = null;
      if (message) port.postMessage(message);
    });
  }
  for (const request of m) {
    reply.jobs.push(request.job);
    const { id } = JSON.parse(request.body ?? '{}') as { id: string };
    reply.answers.push({ ok: true, value: { id, status: 'applied', delivered: 0, enrolled: [] } });
  }
});
