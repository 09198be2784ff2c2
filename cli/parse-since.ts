import { parseDuration } from '../core/parse-duration.ts';
import { EXIT_USAGE, ExitError } from './exit-error.ts';

/** A `--since` value: an ISO date (midnight in China Standard Time) or time, or a duration back from now such as 2h or 7d. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const ago = parseDuration(value);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(at.getTime())) throw new ExitError(EXIT_USAGE, `--since "${value}" is neither a date, a time nor a duration such as 2h or 7d`);
  return at;
}
