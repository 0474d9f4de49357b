import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { adminToken } from './e2e/token.ts';

/**
 * Browser tests against the product started the README way (designer build, then the runtime serving
 * it), isolated on its own port, a throwaway database and the manual clock. Chromium is Debian's.
 */
const port = Number(process.env.E2E_PORT ?? 3999);
const database = join(tmpdir(), `tandem-e2e-${port}.db`);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    // The designer keeps its API token in localStorage; tests start signed in as the admin the runtime
    // was started with. One test signs in through the token dialog from an empty browser instead.
    storageState: {
      cookies: [],
      origins: [
        { origin: `http://localhost:${port}`, localStorage: [{ name: 'tandem.token', value: adminToken }] },
      ],
    },
    viewport: { width: 1600, height: 950 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `cd .. && rm -f ${database} ${database}-wal ${database}-shm && pnpm --filter @tandem/designer build && PORT=${port} DATABASE_PATH=${database} CLOCK=manual TANDEM_ADMIN_TOKEN=${adminToken} pnpm --filter @tandem/runtime start`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
