import { defineConfig } from 'vitest/config';

// .ci/run sets ECERT_VITEST_JSON so that it can print the "N passed, N failed" line from the results.
const jsonOut = process.env.ECERT_VITEST_JSON;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { ECERT_LOG_LEVEL: 'silent', TZ: 'Asia/Shanghai' },
    reporters: jsonOut ? ['default', ['json', { outputFile: jsonOut }]] : ['default'],
  },
});
