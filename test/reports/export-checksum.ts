import { createHash } from 'node:crypto';

/** A value as text the same way from every reader: dates as 'YYYY-MM-DD', numbers and bigints as digits. */
export function canonical(value: unknown, kind: 'date' | 'other' = 'other'): string {
  if (value === null || value === undefined) return '∅';
  if (kind === 'date') return typeof value === 'string' ? value.slice(0, 10) : (value instanceof Date ? value : new Date(Number(value))).toISOString().slice(0, 10);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Order-independent checksum of rows: the sum of a hash of each row. */
export function checksum(rows: string[][]): string {
  let sum = 0n;
  for (const row of rows) sum += BigInt(`0x${createHash('sha256').update(row.join('\u0001')).digest('hex').slice(0, 16)}`);
  return sum.toString(16);
}
