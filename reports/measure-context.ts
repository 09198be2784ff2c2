import type { DuckDBConnection } from '@duckdb/node-api';

/** What every dimension's measurement gets: DuckDB holding the (filtered) catalogue copy. */
export interface MeasureContext {
  duck: DuckDBConnection;
  /** 'YYYY-MM-DD': the day expiry is judged against. */
  today: string;
  now: Date;
  /** Cron expression per pipeline, from the workspace's pipeline definitions. */
  schedules: Record<string, string | undefined>;
  /** Failing rows kept per kind of failure and pipeline. */
  sampleSize: number;
}

/** A certificate that can be used today: status valid and not past valid_until (long-term never expires). */
export function validNow(alias?: string): string {
  const c = alias ? `${alias}.` : '';
  return `(${c}status = 'valid' and (${c}valid_until is null or ${c}valid_until >= $today))`;
}
