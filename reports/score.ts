import type { Thresholds, Verdict } from './report-types.ts';

/** part / whole as a share 0–1 rounded to 4 places; null when there is no whole. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** A share 0–1 as a score 0–100 with one decimal. */
export function toScore(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}

export function verdict(score: number | null, t: Thresholds): Verdict {
  if (score === null) return 'none';
  if (score < t.fail_below) return 'fail';
  if (score < t.warn_below) return 'warn';
  return 'pass';
}

/** The worst of several verdicts ('none' only when all are). */
export function worst(verdicts: Verdict[]): Verdict {
  for (const v of ['fail', 'warn', 'pass'] as const) if (verdicts.includes(v)) return v;
  return 'none';
}

export function mean(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
