import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ChannelMap } from './channels/channel.ts';
import { channelsFromEnv } from './channels/channel-config.ts';
import { type Clock, createClock } from './clock.ts';

export interface RuntimeConfig {
  port: number;
  databasePath: string;
  clock: Clock;
  channels: ChannelMap;
  staticDir: string;
  /** `TANDEM_ADMIN_TOKEN`: fixes the bootstrap admin token's value (automation). */
  adminToken: string | undefined;
  /** `CORS_ORIGINS`, comma-separated; none by default. */
  corsOrigins: string[];
  /** `WEBHOOK_INBOUND_SECRET`: verifies inbound provider webhooks; without it they are off. */
  webhookSecret: string | undefined;
  /** `INGEST_THREAD`: apply lead events on a thread of their own (`auto`: when there are two cores or more). */
  ingestThread: boolean;
  /** `INGEST_RATE_LIMIT`: requests a second per API token on the ingest routes; none by default. */
  ingestRateLimit: number | undefined;
}

/** The SQLite file named by `DATABASE_PATH`, relative to `cwd`. */
export function databasePathFrom(env: Record<string, string | undefined>, cwd = process.cwd()): string {
  return resolve(cwd, env.DATABASE_PATH ?? './data/tandem.db');
}

/** Reads the process configuration from environment variables (documented in runtime/README.md). */
export function loadConfig(
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
  cores = availableParallelism(),
): RuntimeConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  const start = env.CLOCK_START ? Date.parse(env.CLOCK_START) : undefined;
  if (start !== undefined && Number.isNaN(start))
    throw new Error(`CLOCK_START must be an ISO date, not "${env.CLOCK_START}".`);
  const ingestThread = env.INGEST_THREAD || 'auto';
  if (ingestThread !== 'on' && ingestThread !== 'off' && ingestThread !== 'auto')
    throw new Error(`INGEST_THREAD must be "auto", "on" or "off", not "${env.INGEST_THREAD}".`);
  const rate = env.INGEST_RATE_LIMIT ? Number(env.INGEST_RATE_LIMIT) : undefined;
  if (rate !== undefined && !(Number.isInteger(rate) && rate > 0))
    throw new Error(
      `INGEST_RATE_LIMIT must be a whole number of requests a second per token, e.g. 200, not "${env.INGEST_RATE_LIMIT}".`,
    );
  return {
    port,
    databasePath: databasePathFrom(env, cwd),
    clock: createClock(env.CLOCK, start),
    channels: channelsFromEnv(env),
    staticDir: resolve(cwd, env.STATIC_DIR ?? '../designer/dist'),
    adminToken: env.TANDEM_ADMIN_TOKEN || undefined,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    webhookSecret: env.WEBHOOK_INBOUND_SECRET || undefined,
    ingestThread: ingestThread === 'on' || (ingestThread === 'auto' && cores >= 2),
    ingestRateLimit: rate,
  };
}
