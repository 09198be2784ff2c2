import type { SourceRecord } from '../connectors/define-connector.ts';
import { parseDuration } from '../core/parse-duration.ts';

export function cursorOf(data: Record<string, unknown>, columns: string[]): unknown[] {
  return columns.map((c) => data[c] ?? null);
}

function compareValue(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const na = Number(a);
  const nb = Number(b);
  if (typeof a !== 'boolean' && String(a).trim() !== '' && String(b).trim() !== '' && !Number.isNaN(na) && !Number.isNaN(nb)) {
    return na - nb;
  }
  const da = Date.parse(String(a));
  const db = Date.parse(String(b));
  if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  return String(a) < String(b) ? -1 : 1;
}

/** Tuples compare element by element, like SQL row comparison `(a, b) > (x, y)`. */
export function compareTuple(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareValue(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Whether a record is at or behind the stored cursor. With a `lag`, the window behind the
 * cursor's first (time) column is read again; dedupe and content hashes absorb the overlap.
 */
export function isBehindCursor(tuple: unknown[], cursor: unknown[], lag: string | undefined): boolean {
  const lagMs = lag ? parseDuration(lag) : undefined;
  if (lagMs !== undefined) {
    const first = Date.parse(String(cursor[0]));
    if (!Number.isNaN(first)) return compareValue(tuple[0], new Date(first - lagMs).toISOString()) < 0;
  }
  return compareTuple(tuple, cursor) <= 0;
}

export function maxCursor(current: unknown[] | null, records: SourceRecord[], columns: string[]): unknown[] | null {
  let best = current;
  for (const r of records) {
    if (!r.data) continue;
    const t = cursorOf(r.data, columns);
    if (!best || compareTuple(t, best) > 0) best = t;
  }
  return best;
}
