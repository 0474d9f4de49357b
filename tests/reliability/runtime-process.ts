import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'runtime');

/** The admin token the spawned runtimes use (`TANDEM_ADMIN_TOKEN`). */
export const adminToken = 'tdm_reliability-admin-token-for-tests';

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'tandem-reliability-'));

export interface RuntimeProcess {
  child: ChildProcess;
  base: string;
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field.
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** Starts the runtime as a real process, the way the README does, on a free port. */
export async function startRuntime(
  databasePath: string,
  env: Record<string, string> = {},
): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: runtimeDir,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_PATH: databasePath,
      CLOCK: 'manual',
      CLOCK_START: '2026-03-02T09:00:00Z',
      TANDEM_ADMIN_TOKEN: adminToken,
      STATIC_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Tandem runtime on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 20);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`runtime exited before listening:\n${out}`));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    child,
    base,
    output: () => out,
    exited,
    async call(method, path, body) {
      const res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}
