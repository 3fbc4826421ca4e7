import { defineConfig } from 'vitest/config';

// `npm test -w embedded-mongo`: the package's own tests. The root config runs them too.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
