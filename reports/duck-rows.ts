import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type Plain = string | number | boolean | null | Plain[];

function plain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  // Counts come back as BIGINT; every count here is far below 2^53.
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Runs a query on DuckDB and returns its rows as plain JSON-ready objects. */
export async function duckRows<T extends object>(duck: DuckDBConnection, query: string, params: Record<string, DuckDBValue> = {}): Promise<T[]> {
  const reader = await duck.runAndReadAll(query, params);
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])) as T);
}
