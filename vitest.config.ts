import { defineConfig } from 'vitest/config';

/**
 * Two groups, one after the other. First every file that only needs CPU, two at a time (CI's
 * machine has two cores, and vitest's default of "cores minus one" would run them one by one).
 * Then, alone and one at a time, the files whose outcome depends on wall-clock time under load:
 * real Chromium pages (autosave, countdowns, deadlines) and the fault tests (kill -9, full disk,
 * a store restarted while students submit). `--project unit` runs the first group only.
 */
const SEQUENTIAL = ['tests/browser/**/*.test.ts', 'tests/fault/**/*.test.ts', '**/*.browser.test.ts'];

const shared = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'templates/**/*.test.ts',
            'tests/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', ...SEQUENTIAL],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'timing',
          include: SEQUENTIAL,
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
