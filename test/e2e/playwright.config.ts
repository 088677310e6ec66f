import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../setup/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two at once: most of an e2e test is waiting on servers (sshd, PostgreSQL, serve mode), and one worker took
  // 20 min for the 60 tests on the 2-core CI machine, too near CI's 30 min for everything.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1366, height: 820 },
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
