import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One worker runs many files: tfjs, the solver's tables and the CLI are
    // imported once per worker, not once per file (about a third of the
    // suite's CPU time). Test files therefore keep no global state: the envs
    // they register live in the `test/` namespace, and spies are restored.
    isolate: false,
  },
});
