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
}

/** Reads the process configuration from environment variables (documented in runtime/README.md). */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): RuntimeConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  const start = env.CLOCK_START ? Date.parse(env.CLOCK_START) : undefined;
  if (start !== undefined && Number.isNaN(start))
    throw new Error(`CLOCK_START must be an ISO date, not "${env.CLOCK_START}".`);
  return {
    port,
    databasePath: resolve(cwd, env.DATABASE_PATH ?? './data/tandem.db'),
    clock: createClock(env.CLOCK, start),
    channels: channelsFromEnv(env),
    staticDir: resolve(cwd, env.STATIC_DIR ?? '../designer/dist'),
  };
}
