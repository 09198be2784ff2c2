import { createHash } from 'node:crypto';

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

/**
 * JSON with the keys of every object in one fixed order, so that the same data always
 * hashes the same whatever the key order of the source or of jsonb. The order is
 * JavaScript's own for a fresh object with sorted insertions: integer-like keys
 * ascending, then the others sorted. Undefined members are dropped and Dates become ISO
 * strings, as with JSON.stringify (which does the writing, for speed).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of one link of a chain: the previous link's hash followed by the canonical data. */
export function chainHash(prevHash: string, data: unknown): string {
  return sha256Hex(prevHash + canonicalJson(data));
}
