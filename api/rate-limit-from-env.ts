import { HubError } from '../core/errors.ts';
import { DEFAULT_RATE_LIMIT } from './build.ts';

/** ECERT_RATE_LIMIT: requests per minute per client; default 600. */
export function rateLimitFromEnv(env: NodeJS.ProcessEnv = process.env): { max: number; timeWindow: number } {
  const raw = env.ECERT_RATE_LIMIT?.trim();
  if (!raw) return DEFAULT_RATE_LIMIT;
  const max = Number(raw);
  if (!Number.isInteger(max) || max <= 0) {
    throw new HubError('HUB_ERR_CONFIG_INVALID', `ECERT_RATE_LIMIT must be a positive whole number of requests per minute, got "${raw}"`);
  }
  return { max, timeWindow: 60_000 };
}
