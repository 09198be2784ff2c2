import { defineConfig } from 'vitest/config';

// .ci/run sets ECERT_VITEST_JSON so that it can print the "N passed, N failed" line from the results.
const jsonOut = process.env.ECERT_VITEST_JSON;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/each-file.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share a worker's loaded modules instead of importing fastify, PGlite, exceljs and
    // the rest again for each file: on 2 cores the suite took 520 s isolated, 359 s shared. Helpers
    // keep no state between files; per-file temp folders go through test/each-file.ts.
    isolate: false,
    // Vitest's default is one worker fewer than the cores, a single one on a 2-core machine; most
    // suites wait on child processes, servers and timers rather than compute, so more overlap.
    maxWorkers: 3,
    env: { ECERT_LOG_LEVEL: 'silent', TZ: 'Asia/Shanghai' },
    reporters: jsonOut ? ['default', ['json', { outputFile: jsonOut }]] : ['default'],
  },
});
