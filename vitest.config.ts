import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    // Generous: a test that spawns the CLI from source or starts servers takes 10x longer on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real servers (sshd, PostgreSQL): keep the 2-core machine from thrashing.
    maxWorkers: 2,
  },
});
