import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../clock.ts';
import type { EventResult } from '../http/event-routes.ts';
import { HttpError } from '../http-error.ts';
import { storageFailureCode, type WriteHealth } from '../store/write-health.ts';
import { ingestOwner, WriteTurn } from '../store/write-turn.ts';
import type { EventSink } from './apply.ts';

/** An error as it crosses between threads: an HttpError keeps its status, code and path. */
export interface PackedError {
  message: string;
  http?: { status: HttpError['status']; code: string; extra: HttpError['extra'] };
  /** A storage failure's SQLite code (`SQLITE_FULL`…), so the main thread answers and reports it as one. */
  storage?: string;
}

export function packError(error: unknown): PackedError {
  if (error instanceof HttpError) {
    return { message: error.message, http: { status: error.status, code: error.code, extra: error.extra } };
  }
  const storage = storageFailureCode(error);
  return { message: error instanceof Error ? error.message : String(error), ...(storage ? { storage } : {}) };
}

export function unpackError(packed: PackedError): Error {
  if (packed.http)
    return new HttpError(packed.http.status, packed.http.code, packed.message, packed.http.extra);
  return Object.assign(new Error(packed.message), packed.storage ? { code: packed.storage } : {});
}

/** A request's answer as it crosses back: its value (an event's result, a batch's results) or its error. */
export type PackedAnswer =
  | { ok: true; value: EventResult | EventResult[] }
  | { ok: false; error: PackedError };

/** One request for the ingest thread: a single event's or a batch's body, and when it arrived. */
export interface IngestRequest {
  job: number;
  kind: 'event' | 'batch';
  body: string | null;
  at: number;
}

/** Main thread → ingest thread: requests, in arrival order, or the end. */
export type IngestMessage = IngestRequest[] | 'close';

/** Ingest thread → main thread: the answers of requests settled together (one message answers them all). */
export interface IngestReply {
  jobs: number[];
  answers: PackedAnswer[];
}

/**
 * The ingest thread's side of the answers: those settled in one turn of its event loop go back to the main
 * thread in one message (`IngestReply`), posted at the end of that turn.
 */
export function turnReplies(port: {
  postMessage(reply: IngestReply): void;
}): (job: number, packed: PackedAnswer) => void {
  let reply: IngestReply | null = null;
  return (job, packed) => {
    if (!reply) {
      const next: IngestReply = { jobs: [], answers: [] };
      reply = next;
      setImmediate(() => {
        reply = null;
        port.postMessage(next);
      });
    }
    reply.jobs.push(job);
    reply.answers.push(packed);
  };
}

interface Job {
  resolve: (value: EventResult | EventResult[]) => void;
  reject: (error: unknown) => void;
}

// The worker runs the runtime's TypeScript as the main thread does: tsx's loader is registered in the
// thread before its entry is imported, however the process was started (tsx, node --import tsx, vitest).
const tsxApi = new URL(
  'dist/esm/api/index.mjs',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
).href;
const workerEntry = new URL('./worker.ts', import.meta.url).href;
const bootstrap = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry); });
`;

/**
 * Applies lead events on a worker thread with its own connection and engine, so that on a machine with
 * two or more cores the main thread only reads, authenticates and answers requests while the other core
 * checks their bodies, steps enrollments and writes SQLite (each half was about half of an event's CPU).
 * Events keep their arrival order: the thread takes them in the order they were sent, and applies each
 * at the time this thread received it (read from the runtime's clock, manual or not). Both connections
 * take the store's write turn, so the main thread's own writes (timers, publishing) alternate with the
 * thread's instead of waiting on SQLite's retry sleeps.
 */
export class IngestThread implements EventSink {
  #worker: Worker | null = null;
  readonly #jobs = new Map<number, Job>();
  #nextJob = 0;
  #idle: (() => void) | null = null;

  /**
   * `entry` is the module the thread runs (`./worker.ts`); the benchmarks give one that answers without
   * applying, to measure what handing events to a thread and back costs by itself.
   */
  constructor(
    readonly path: string,
    readonly turn: WriteTurn,
    readonly clock: Clock,
    readonly entry: string = workerEntry,
    /** Told of the thread's storage failures and successful writes (the health check reads it). */
    readonly health: WriteHealth | null = null,
  ) {}

  /** Starts the thread ahead of the first event (it takes a moment to load the engine). */
  start(): void {
    this.#thread();
  }

  single(body: string | null): Promise<EventResult> {
    return this.#send('event', body) as Promise<EventResult>;
  }

  batch(body: string | null): Promise<EventResult[]> {
    return this.#send('batch', body) as Promise<EventResult[]>;
  }

  /** Whether the thread is up (it starts with the first event, or `start`). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** Ends the thread at once, as a crash would: events in flight are refused; the next event starts it again. */
  async terminate(): Promise<void> {
    await this.#worker?.terminate();
  }

  /** Waits for the events in flight, then closes the thread's connection and ends it. */
  async close(): Promise<void> {
    while (this.#jobs.size > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref();
    worker.postMessage('close' satisfies IngestMessage);
    await exited;
  }

  #send(kind: 'event' | 'batch', body: string | null): Promise<EventResult | EventResult[]> {
    const worker = this.#thread();
    const request: IngestRequest = { job: this.#nextJob++, kind, body, at: this.clock.now() };
    return new Promise((resolve, reject) => {
      // Held while events are in flight, so the process does not end with requests unanswered.
      if (this.#jobs.size === 0) worker.ref();
      this.#jobs.set(request.job, { resolve, reject });
      // Sent at once, not gathered over the turn: gathered, the two threads took turns with large groups
      // instead of working side by side (≈25% fewer events a second at 100 connections).
      worker.postMessage([request] satisfies IngestMessage);
    });
  }

  #thread(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: {
        tsxApi,
        entry: this.entry,
        path: this.path,
        turn: this.turn.cell,
        clockMode: this.clock.mode,
      },
    });
    worker.unref();
    worker.on('message', (reply: IngestReply) => {
      for (const [i, id] of reply.jobs.entries()) {
        const packed = reply.answers[i] as PackedAnswer;
        if (packed.ok) this.health?.succeeded();
        else if (packed.error.storage) this.health?.failed({ code: packed.error.storage });
        const job = this.#jobs.get(id);
        if (!job) continue;
        this.#jobs.delete(id);
        if (packed.ok) job.resolve(packed.value);
        else job.reject(unpackError(packed.error));
      }
      this.#settled();
    });
    let failure: Error | null = null;
    worker.on('error', (error) => {
      failure = error;
      console.error(`The ingest thread failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null;
      // A thread that died mid-transaction must not keep the main thread from writing.
      WriteTurn.free(this.turn.cell, ingestOwner);
      // It may have stopped after a commit and before answering: whether the events were applied is not
      // known here. Sending them again is safe (a repeated id is applied once), so that is what it says.
      const reason = new HttpError(
        503,
        'ingest_interrupted',
        `The ingest thread stopped (${failure ? failure.message : `exit code ${code}`}) before answering: the event may not have been applied. Send it again; a repeated id is applied once.`,
      );
      for (const job of this.#jobs.values()) job.reject(reason);
      this.#jobs.clear();
      this.#settled();
    });
    this.#worker = worker;
    return worker;
  }

  #settled(): void {
    if (this.#jobs.size > 0) return;
    this.#worker?.unref();
    this.#idle?.();
    this.#idle = null;
  }
}
