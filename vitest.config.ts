import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// vitest's default is one worker fewer than the cores, which on a 2-core
// machine is one: every file in turn. Most integration files spend their time
// waiting on child processes and Redis, so two files at a time fit 2 cores.
// At most four: test/helpers/redis.ts gives each worker 4 of Redis's 16 databases.
const workers = Math.min(4, Math.max(2, availableParallelism()));

export default defineConfig({
  test: {
    maxWorkers: workers,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/setup/redis.ts'],
          testTimeout: 240_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
