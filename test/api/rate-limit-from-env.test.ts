import { describe, expect, it } from 'vitest';
import { rateLimitFromEnv } from '../../api/rate-limit-from-env.ts';

describe('rateLimitFromEnv', () => {
  it('is 600 requests a minute unless ECERT_RATE_LIMIT says otherwise', () => {
    expect(rateLimitFromEnv({})).toEqual({ max: 600, timeWindow: 60_000 });
    expect(rateLimitFromEnv({ ECERT_RATE_LIMIT: ' 1200 ' })).toEqual({ max: 1200, timeWindow: 60_000 });
  });

  it.each(['0', '-5', '1.5', 'lots'])('refuses %s as a configuration error', (value) => {
    expect(() => rateLimitFromEnv({ ECERT_RATE_LIMIT: value })).toThrow(expect.objectContaining({ code: 'HUB_ERR_CONFIG_INVALID' }));
  });
});
