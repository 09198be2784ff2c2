import { describe, expect, it } from 'vitest';
import { fuzzApi } from '../../bench/reliability/fuzz-api.ts';

describe('API abuse', () => {
  it('generated requests to every route get a 2xx or a 4xx in the error shape, and no identity number reaches the logs', async () => {
    const figures = await fuzzApi({ numRuns: 400 });
    // The seed replays a failing run: fuzzApi({ numRuns: 400, seed }).
    expect(figures.violations, `seed ${figures.seed}`).toEqual([]);
    expect(figures.fiveHundreds).toBe(0);
    expect(figures.idsInLogs, `seed ${figures.seed}`).toBe(0);
    expect(figures.requests).toBe(400);
    // The generator reaches answers, refusals of every kind and bad input alike.
    for (const status of ['200', '400', '401', '403', '404']) expect(figures.byStatus[status] ?? 0, status).toBeGreaterThan(0);
  }, 60_000);
});
